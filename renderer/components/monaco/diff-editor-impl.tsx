// Monaco's diff editor (lazy chunk; use ../code-editor.tsx): side by side or inline.
import { DiffEditor } from '@monaco-editor/react';
import { useEffect, useRef } from 'react';
import type { editor as MonacoEditor } from 'monaco-editor';
import { currentMonacoTheme } from './setup';
import type { DiffViewProps } from '../code-editor-types';

export default function DiffEditorImpl({ original, modified, language, sideBySide = true, ariaLabel, onModifiedChange, modifiedEditable }: DiffViewProps & { language: string }) {
  // @monaco-editor/react disposes the models before the widget lets go of them, which Monaco 0.5x
  // reports as an uncaught "TextModel got disposed before DiffEditorWidget model got reset". So the
  // library keeps the models and this cleanup (which runs before the child's) detaches, then
  // disposes them.
  const editorRef = useRef<MonacoEditor.IStandaloneDiffEditor | null>(null);
  useEffect(
    () => () => {
      const editor = editorRef.current;
      const model = editor?.getModel();
      editor?.setModel(null);
      model?.original.dispose();
      model?.modified.dispose();
    },
    [],
  );
  return (
    <DiffEditor
      keepCurrentOriginalModel
      keepCurrentModifiedModel
      className="code-editor__monaco"
      original={original}
      modified={modified}
      language={language}
      theme={currentMonacoTheme()}
      loading={<div className="code-editor__loading">Loading diff…</div>}
      onMount={(editor) => {
        editorRef.current = editor;
        if (!onModifiedChange) return;
        const model = editor.getModifiedEditor();
        model.onDidChangeModelContent(() => onModifiedChange(model.getValue()));
      }}
      options={{
        readOnly: !modifiedEditable,
        originalEditable: false,
        renderSideBySide: sideBySide,
        ariaLabel,
        minimap: { enabled: false },
        automaticLayout: true,
        scrollBeyondLastLine: false,
        fontSize: 13,
        renderOverviewRuler: true,
        fontFamily: "'JetBrains Mono', 'Fira Code', ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
      }}
    />
  );
}
