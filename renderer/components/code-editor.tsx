// Monaco wrappers that load Monaco only when first rendered (its chunk is several MB; the shell
// must start without it). <CodeEditor> edits one document; <DiffView> compares two.
import { lazy, Suspense } from 'react';
import type { CodeEditorProps, DiffViewProps } from './code-editor-types';
import type * as MonacoSetup from './monaco/setup';
import './code-editor.css';

export type { CodeEditorApi, CodeEditorProps, DiffViewProps, EditorMarker, MarkerSeverity } from './code-editor-types';

const CodeEditorImpl = lazy(() => import('./monaco/code-editor-impl'));
const DiffEditorImpl = lazy(() => import('./monaco/diff-editor-impl'));

/** Loads Monaco (and monaco-yaml) and returns the setup module, for direct API use. */
export function loadMonaco(): Promise<typeof MonacoSetup> {
  return import('./monaco/setup');
}

const EXTENSION_LANGUAGES: Record<string, string> = {
  yml: 'yaml',
  yaml: 'yaml',
  json: 'json',
  jsonc: 'json',
  ion: 'plaintext',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  ts: 'typescript',
  py: 'python',
  sql: 'sql',
  sh: 'shell',
  bash: 'shell',
  md: 'markdown',
  html: 'html',
  htm: 'html',
  css: 'css',
  scss: 'scss',
  xml: 'xml',
  java: 'java',
  kt: 'kotlin',
  go: 'go',
  rs: 'rust',
  rb: 'ruby',
  r: 'r',
  ps1: 'powershell',
  dockerfile: 'dockerfile',
  tf: 'hcl',
  hcl: 'hcl',
  ini: 'ini',
  toml: 'ini',
  properties: 'ini',
  csv: 'plaintext',
  txt: 'plaintext',
  peb: 'twig',
  j2: 'twig',
  jinja: 'twig',
};

/** Monaco language id for a file name or path, by extension ('plaintext' when unknown). */
export function languageForPath(path: string): string {
  const name = path.split(/[\\/]/).pop()?.toLowerCase() ?? '';
  if (name === 'dockerfile') return 'dockerfile';
  const extension = name.includes('.') ? name.split('.').pop()! : '';
  return EXTENSION_LANGUAGES[extension] ?? 'plaintext';
}

function EditorFallback({ label }: { label: string }) {
  return (
    <div className="code-editor__loading" role="status">
      {label}
    </div>
  );
}

export function CodeEditor(props: CodeEditorProps) {
  const language = props.language ?? languageForPath(props.path);
  return (
    <div className={['code-editor', props.className ?? ''].join(' ')}>
      <Suspense fallback={<EditorFallback label="Loading editor…" />}>
        <CodeEditorImpl {...props} language={language} />
      </Suspense>
    </div>
  );
}

export function DiffView(props: DiffViewProps) {
  const language = props.language ?? (props.path ? languageForPath(props.path) : 'plaintext');
  return (
    <div className={['code-editor', 'diff-view', props.className ?? ''].join(' ')}>
      {(props.originalLabel || props.modifiedLabel) && (
        <div className="diff-view__labels" aria-hidden={props.sideBySide === false ? undefined : true}>
          <span>{props.originalLabel}</span>
          <span>{props.modifiedLabel}</span>
        </div>
      )}
      <Suspense fallback={<EditorFallback label="Loading diff…" />}>
        <DiffEditorImpl {...props} language={language} />
      </Suspense>
    </div>
  );
}
