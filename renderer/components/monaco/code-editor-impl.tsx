// The Monaco editor itself (lazy chunk; use ../code-editor.tsx). One model per `path`, kept while
// the editor is mounted elsewhere if asked to, so tabs keep their undo history.
import Editor, { type OnMount } from '@monaco-editor/react';
import { useEffect, useRef } from 'react';
import { monaco, currentMonacoTheme } from './setup';
import type { CodeEditorProps, EditorMarker, MarkerSeverity } from '../code-editor-types';

const SEVERITY_TO_MONACO: Record<MarkerSeverity, monaco.MarkerSeverity> = {
  error: monaco.MarkerSeverity.Error,
  warning: monaco.MarkerSeverity.Warning,
  info: monaco.MarkerSeverity.Info,
  hint: monaco.MarkerSeverity.Hint,
};

function fromMonacoSeverity(severity: monaco.MarkerSeverity): MarkerSeverity {
  if (severity >= monaco.MarkerSeverity.Error) return 'error';
  if (severity >= monaco.MarkerSeverity.Warning) return 'warning';
  if (severity >= monaco.MarkerSeverity.Info) return 'info';
  return 'hint';
}

function toEditorMarker(marker: monaco.editor.IMarker): EditorMarker {
  return {
    severity: fromMonacoSeverity(marker.severity),
    message: marker.message,
    startLineNumber: marker.startLineNumber,
    startColumn: marker.startColumn,
    endLineNumber: marker.endLineNumber,
    endColumn: marker.endColumn,
    source: marker.source,
    owner: marker.owner,
  };
}

export default function CodeEditorImpl({
  value,
  onChange,
  path,
  language,
  readOnly,
  ariaLabel,
  markers,
  onMarkersChange,
  onMount,
  keepModel,
  viewState,
  onViewStateChange,
  minimap = false,
  wordWrap = false,
  fontSize = 13,
}: CodeEditorProps & { language: string }) {
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const markersCallback = useRef(onMarkersChange);
  const mountCallback = useRef(onMount);
  const viewCallback = useRef(onViewStateChange);
  const initialView = useRef(viewState);
  useEffect(() => {
    markersCallback.current = onMarkersChange;
    mountCallback.current = onMount;
    viewCallback.current = onViewStateChange;
  });

  // The view state (cursor, selection, scroll) goes out shortly after it changes and once more
  // when the editor goes away, so a document shown again (or after a restart) opens where it was.
  const lastView = useRef<monaco.editor.ICodeEditorViewState | null>(null);
  const viewTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(
    () => () => {
      if (viewTimer.current) clearTimeout(viewTimer.current);
      if (lastView.current) viewCallback.current?.(lastView.current);
    },
    [],
  );

  const uri = monaco.Uri.parse(path);

  // Report every marker of this model (schema validation, our own owners) as it changes.
  useEffect(() => {
    const report = (): void => markersCallback.current?.(monaco.editor.getModelMarkers({ resource: uri }).map(toEditorMarker));
    const listener = monaco.editor.onDidChangeMarkers((uris) => {
      if (uris.some((changed) => changed.toString() === uri.toString())) report();
    });
    report();
    return () => listener.dispose();
    // uri is derived from path.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path]);

  // External markers (e.g. the server's validation) under their own owner.
  useEffect(() => {
    const model = monaco.editor.getModel(uri);
    if (!model || !markers) return;
    monaco.editor.setModelMarkers(
      model,
      markers.owner,
      markers.markers.map((marker) => ({
        severity: SEVERITY_TO_MONACO[marker.severity],
        message: marker.message,
        startLineNumber: marker.startLineNumber,
        startColumn: marker.startColumn,
        endLineNumber: marker.endLineNumber,
        endColumn: marker.endColumn,
        source: marker.source,
      })),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [markers, path]);

  const handleMount: OnMount = (editor) => {
    editorRef.current = editor;
    if (initialView.current) {
      try {
        editor.restoreViewState(initialView.current as monaco.editor.ICodeEditorViewState);
      } catch {
        // A view state from another text: the editor starts at the top.
      }
    }
    const noteView = (): void => {
      lastView.current = editor.saveViewState();
      if (viewTimer.current) clearTimeout(viewTimer.current);
      viewTimer.current = setTimeout(() => {
        viewTimer.current = undefined;
        if (lastView.current) viewCallback.current?.(lastView.current);
      }, 250);
    };
    editor.onDidChangeCursorPosition(noteView);
    editor.onDidScrollChange(noteView);
    mountCallback.current?.({
      focus: () => editor.focus(),
      revealPosition: (lineNumber, column = 1) => {
        editor.revealPositionInCenter({ lineNumber, column });
        editor.setPosition({ lineNumber, column });
        editor.focus();
      },
      getValue: () => editor.getValue(),
      replaceAll: (text) => {
        const model = editor.getModel();
        if (!model) return;
        editor.pushUndoStop();
        editor.executeEdits('console', [{ range: model.getFullModelRange(), text }]);
        editor.pushUndoStop();
      },
      layout: () => editor.layout(),
    });
  };

  return (
    <Editor
      className="code-editor__monaco"
      path={uri.toString()}
      language={language}
      value={value}
      theme={currentMonacoTheme()}
      keepCurrentModel={keepModel}
      onChange={(next) => onChange?.(next ?? '')}
      onMount={handleMount}
      loading={<div className="code-editor__loading">Loading editor…</div>}
      options={{
        readOnly,
        ariaLabel,
        minimap: { enabled: minimap },
        wordWrap: wordWrap ? 'on' : 'off',
        fontSize,
        fontFamily: "'JetBrains Mono', 'Fira Code', ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
        scrollBeyondLastLine: false,
        automaticLayout: true,
        tabSize: 2,
        insertSpaces: true,
        renderWhitespace: 'selection',
        fixedOverflowWidgets: true,
        quickSuggestions: { other: true, comments: false, strings: true },
        'semanticHighlighting.enabled': false,
      }}
    />
  );
}
