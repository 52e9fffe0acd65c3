// Monaco, loaded lazily (this module is only ever imported dynamically): workers, the bundled
// instance handed to @monaco-editor/react (else it would fetch Monaco from a CDN, which the CSP
// forbids), themes that follow the console's, and monaco-yaml with per-server flow schemas.
import './environment';
import * as monaco from 'monaco-editor';
import { loader } from '@monaco-editor/react';
import { configureMonacoYaml, type SchemasSettings } from 'monaco-yaml';

loader.config({ monaco });

// Monaco cancels its pending work (diff computation, hover, validation) when an editor or model
// is disposed, rejecting with a CancellationError nobody awaits. That is normal shutdown, not a
// failure: keep it out of the console's error reporting.
window.addEventListener('unhandledrejection', (event) => {
  const reason: unknown = event.reason;
  if (reason instanceof Error && reason.name === 'Canceled' && reason.message === 'Canceled') event.preventDefault();
});

monaco.editor.defineTheme('kestra-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [],
  colors: { 'editor.background': '#14151b', 'editorGutter.background': '#14151b', 'editor.lineHighlightBackground': '#1f2029' },
});
monaco.editor.defineTheme('kestra-light', {
  base: 'vs',
  inherit: true,
  rules: [],
  colors: { 'editor.background': '#ffffff' },
});

export function currentMonacoTheme(): string {
  return document.documentElement.dataset.theme === 'light' ? 'kestra-light' : 'kestra-dark';
}

// Follow the console's theme switch.
new MutationObserver(() => monaco.editor.setTheme(currentMonacoTheme())).observe(document.documentElement, {
  attributes: true,
  attributeFilter: ['data-theme'],
});
monaco.editor.setTheme(currentMonacoTheme());

const yamlSchemas = new Map<string, SchemasSettings>();
const monacoYaml = configureMonacoYaml(monaco, {
  enableSchemaRequest: false,
  completion: true,
  hover: true,
  validate: true,
  format: { singleQuote: false },
  schemas: [],
});

/**
 * Associates a JSON schema with YAML models whose URI matches `fileMatch` (globs, matched against
 * the URI with a leading '**' + '/'). `undefined` removes it. Several schemas may be active, one
 * per server.
 */
export function setYamlSchema(id: string, settings: SchemasSettings | undefined): void {
  const existing = yamlSchemas.get(id);
  if (existing === settings) return;
  if (settings) yamlSchemas.set(id, settings);
  else if (existing) yamlSchemas.delete(id);
  else return;
  void monacoYaml.update({ schemas: [...yamlSchemas.values()] });
}

export { monaco };
export type Monaco = typeof monaco;
