// Monaco's diff editor (lazy chunk; use ../code-editor.tsx): side by side or inline. Created by
// an effect and disposed by its cleanup, like the code editor, so it survives being hidden and
// shown again (a loaded server's workspace inside a hidden <Activity>).
import { useEffect, useRef } from 'react';
import { monaco, currentMonacoTheme } from './setup';
import type { DiffViewProps } from '../code-editor-types';

export default function DiffEditorImpl({ original, modified, language, sideBySide = true, ariaLabel, onModifiedChange, modifiedEditable }: DiffViewProps & { language: string }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);
  const latest = useRef({ original, modified, language, onModifiedChange, modifiedEditable, sideBySide, ariaLabel });
  useEffect(() => {
    latest.current = { original, modified, language, onModifiedChange, modifiedEditable, sideBySide, ariaLabel };
  });

  useEffect(() => {
    const props = latest.current;
    const editor = monaco.editor.createDiffEditor(containerRef.current!, {
      ...diffOptions(props),
      originalEditable: false,
      theme: currentMonacoTheme(),
      minimap: { enabled: false },
      automaticLayout: true,
      scrollBeyondLastLine: false,
      fontSize: 13,
      renderOverviewRuler: true,
      fontFamily: "'JetBrains Mono', 'Fira Code', ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
    });
    const model = { original: monaco.editor.createModel(props.original, props.language), modified: monaco.editor.createModel(props.modified, props.language) };
    editor.setModel(model);
    editorRef.current = editor;
    const listener = model.modified.onDidChangeContent(() => latest.current.onModifiedChange?.(model.modified.getValue()));
    return () => {
      listener.dispose();
      editorRef.current = null;
      // The widget lets go of its models before they are disposed (Monaco reports the other order).
      editor.setModel(null);
      editor.dispose();
      model.original.dispose();
      model.modified.dispose();
    };
  }, []);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model && model.original.getValue() !== original) model.original.setValue(original);
  }, [original]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model && model.modified.getValue() !== modified) model.modified.setValue(modified);
  }, [modified]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    for (const side of [model.original, model.modified]) if (side.getLanguageId() !== language) monaco.editor.setModelLanguage(side, language);
  }, [language]);

  useEffect(() => {
    editorRef.current?.updateOptions(diffOptions({ modifiedEditable, sideBySide, ariaLabel }));
  }, [modifiedEditable, sideBySide, ariaLabel]);

  return <div className="code-editor__monaco" ref={containerRef} />;
}

function diffOptions(props: { modifiedEditable?: boolean; sideBySide: boolean; ariaLabel: string }): monaco.editor.IDiffEditorOptions {
  return { readOnly: !props.modifiedEditable, renderSideBySide: props.sideBySide, ariaLabel: props.ariaLabel };
}
