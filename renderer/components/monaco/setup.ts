// Monaco, loaded lazily (this module is only ever imported dynamically): workers, the bundled
// instance (never fetched from a CDN, which the CSP forbids), themes that follow the console's,
// and monaco-yaml with per-server flow schemas.
import './environment';
import * as monaco from 'monaco-editor';
import { configureMonacoYaml, type SchemasSettings } from 'monaco-yaml';

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
  // Every flow editor that mounts sets its server's schema again, as a new object. Updating
  // monaco-yaml restarts its worker and sends it every schema (megabytes each): only on a change.
  if (existing === settings || (existing && settings && sameSchema(existing, settings))) return;
  if (settings) yamlSchemas.set(id, settings);
  else if (existing) yamlSchemas.delete(id);
  else return;
  void monacoYaml.update({ schemas: [...yamlSchemas.values()] });
}

function sameSchema(a: SchemasSettings, b: SchemasSettings): boolean {
  return a.uri === b.uri && a.schema === b.schema && a.fileMatch.join('\u0000') === b.fileMatch.join('\u0000');
}

export { monaco };
export type Monaco = typeof monaco;
