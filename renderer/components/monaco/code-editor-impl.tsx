// The Monaco editor itself (lazy chunk; use ../code-editor.tsx). One model per `path`, kept while
// the editor is mounted elsewhere if asked to, so tabs keep their undo history.
//
// The editor is created by an effect and disposed by that effect's cleanup, so it also survives
// being hidden and shown again without unmounting (a loaded server's workspace inside a hidden
// <Activity>, StrictMode's double effects): the cleanup saves the view state and disposes the
// editor, the effect creates a new one on the same model where the old one was. (@monaco-editor/
// react disposes its editor in that cleanup and never creates it again.)
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
  rewordMarker,
  onMount,
  keepModel,
  viewState,
  onViewStateChange,
  minimap = false,
  wordWrap = false,
  fontSize = 13,
}: CodeEditorProps & { language: string }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const markersCallback = useRef(onMarkersChange);
  const rewordCallback = useRef(rewordMarker);
  const mountCallback = useRef(onMount);
  const viewCallback = useRef(onViewStateChange);
  const changeCallback = useRef(onChange);
  // What the editor is created with; read by the creating effect, which runs again only per path.
  const initial = useRef({ value, language, keepModel, readOnly, ariaLabel, minimap, wordWrap, fontSize });
  useEffect(() => {
    markersCallback.current = onMarkersChange;
    rewordCallback.current = rewordMarker;
    mountCallback.current = onMount;
    viewCallback.current = onViewStateChange;
    changeCallback.current = onChange;
    initial.current = { value, language, keepModel, readOnly, ariaLabel, minimap, wordWrap, fontSize };
  });
  /** True while the text is set from `value` (not typed): no onChange for it. */
  const applyingValue = useRef(false);

  // The view state (cursor, selection, scroll) goes out shortly after it changes and once more
  // when the editor goes away, so a document shown again (or after a restart) opens where it was.
  const lastView = useRef<monaco.editor.ICodeEditorViewState | null>((viewState as monaco.editor.ICodeEditorViewState | undefined) ?? null);
  const viewTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const uri = monaco.Uri.parse(path);

  useEffect(() => {
    const options = initial.current;
    const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(options.value, options.language, uri);
    if (model.getLanguageId() !== options.language) monaco.editor.setModelLanguage(model, options.language);
    if (model.getValue() !== options.value) setText(model, options.value, applyingValue);
    const editor = monaco.editor.create(containerRef.current!, {
      ...editorOptions(options),
      model,
      theme: currentMonacoTheme(),
      fontFamily: "'JetBrains Mono', 'Fira Code', ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
      scrollBeyondLastLine: false,
      automaticLayout: true,
      tabSize: 2,
      insertSpaces: true,
      renderWhitespace: 'selection',
      fixedOverflowWidgets: true,
      quickSuggestions: { other: true, comments: false, strings: true },
      'semanticHighlighting.enabled': false,
    });
    editorRef.current = editor;
    if (lastView.current) {
      try {
        editor.restoreViewState(lastView.current);
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
    const listeners = [
      editor.onDidChangeModelContent(() => {
        if (!applyingValue.current) changeCallback.current?.(editor.getValue());
      }),
      editor.onDidChangeCursorPosition(noteView),
      editor.onDidScrollChange(noteView),
    ];
    mountCallback.current?.({
      focus: () => editor.focus(),
      revealPosition: (lineNumber, column = 1) => {
        editor.revealPositionInCenter({ lineNumber, column });
        editor.setPosition({ lineNumber, column });
        editor.focus();
      },
      getValue: () => editor.getValue(),
      replaceAll: (text) => {
        const current = editor.getModel();
        if (!current) return;
        editor.pushUndoStop();
        editor.executeEdits('console', [{ range: current.getFullModelRange(), text }]);
        editor.pushUndoStop();
      },
      layout: () => editor.layout(),
    });
    return () => {
      if (viewTimer.current) clearTimeout(viewTimer.current);
      viewTimer.current = undefined;
      lastView.current = editor.saveViewState();
      if (lastView.current) viewCallback.current?.(lastView.current);
      for (const listener of listeners) listener.dispose();
      editorRef.current = null;
      editor.dispose();
      if (!initial.current.keepModel) model.dispose();
    };
    // One editor per path; the other props are applied by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path]);

  // The text follows `value` when it changes from outside (a reload, a restore); one undo step.
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model && model.getValue() !== value) setText(model, value, applyingValue);
  }, [value]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model && model.getLanguageId() !== language) monaco.editor.setModelLanguage(model, language);
  }, [language]);

  useEffect(() => {
    editorRef.current?.updateOptions(editorOptions({ readOnly, ariaLabel, minimap, wordWrap, fontSize }));
  }, [readOnly, ariaLabel, minimap, wordWrap, fontSize]);

  // Report every marker of this model (schema validation, our own owners) as it changes.
  useEffect(() => {
    const report = (): void => {
      const all = monaco.editor.getModelMarkers({ resource: uri });
      const reword = rewordCallback.current;
      const model = monaco.editor.getModel(uri);
      if (reword && model) {
        // Another owner's markers said in our words: set again under that owner (it sets them anew
        // on its next pass, and the rewording runs again; an already reworded message stays).
        const byOwner = new Map<string, { changed: boolean; markers: monaco.editor.IMarkerData[] }>();
        const text = model.getValue();
        for (const marker of all) {
          if (marker.owner === markers?.owner) continue;
          const entry = byOwner.get(marker.owner) ?? { changed: false, markers: [] };
          const message = reword(toEditorMarker(marker), text);
          entry.changed ||= message !== undefined && message !== marker.message;
          entry.markers.push({ ...marker, message: message ?? marker.message });
          byOwner.set(marker.owner, entry);
        }
        let rewrote = false;
        for (const [owner, entry] of byOwner) {
          if (!entry.changed) continue;
          rewrote = true;
          monaco.editor.setModelMarkers(model, owner, entry.markers);
        }
        // Setting them fires this listener again, with the reworded markers to report.
        if (rewrote) return;
      }
      markersCallback.current?.(all.map(toEditorMarker));
    };
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

  return <div className="code-editor__monaco" ref={containerRef} />;
}

function editorOptions(options: { readOnly?: boolean; ariaLabel: string; minimap: boolean; wordWrap: boolean; fontSize: number }): monaco.editor.IEditorOptions {
  return {
    readOnly: options.readOnly,
    ariaLabel: options.ariaLabel,
    minimap: { enabled: options.minimap },
    wordWrap: options.wordWrap ? 'on' : 'off',
    fontSize: options.fontSize,
  };
}

/** Sets a model's text without reporting it as typed: one undo step (read-only models just take it). */
function setText(model: monaco.editor.ITextModel, text: string, applying: { current: boolean }): void {
  applying.current = true;
  try {
    model.pushStackElement();
    model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null);
    model.pushStackElement();
  } finally {
    applying.current = false;
  }
}
