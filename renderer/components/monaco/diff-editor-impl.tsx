// Monaco's diff editor (lazy chunk; use ../code-editor.tsx): side by side or inline.
import { DiffEditor } from '@monaco-editor/react';
import { currentMonacoTheme } from './setup';
import type { DiffViewProps } from '../code-editor-types';

export default function DiffEditorImpl({ original, modified, language, sideBySide = true, ariaLabel, onModifiedChange, modifiedEditable }: DiffViewProps & { language: string }) {
  return (
    <DiffEditor
      className="code-editor__monaco"
      original={original}
      modified={modified}
      language={language}
      theme={currentMonacoTheme()}
      loading={<div className="code-editor__loading">Loading diff…</div>}
      onMount={(editor) => {
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
