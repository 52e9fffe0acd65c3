// The one place the engine renders Pebble templates. Until the full Pebble engine
// (`main/sandbox/pebble/`) lands this is a minimal `{{ a.b[0] }}` variable renderer; switching is a
// change of the two functions below.

export class RenderError extends Error {}

const EXPRESSION = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;
const PATH = /^[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*|\[\d+\]|\['[^']*'\]|\["[^"]*"\])*$/;

function lookup(expression: string, context: Record<string, unknown>, template: string): unknown {
  if (!PATH.test(expression)) throw new RenderError(`Unable to render '${template}': unsupported expression '${expression}'`);
  const parts = [...expression.matchAll(/([A-Za-z_][\w]*)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]!);
  let current: unknown = context;
  for (const part of parts) {
    if (current === null || current === undefined || typeof current !== 'object' || !(part in (current as Record<string, unknown>))) {
      throw new RenderError(`Unable to render '${template}': Missing variable: '${expression}' on '${template}' at line 1`);
    }
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function print(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Renders every `{{ … }}` in `template`; throws RenderError for an unknown variable. */
export function renderTemplate(template: string, context: Record<string, unknown>): string {
  if (!template.includes('{{')) return template;
  return template.replace(EXPRESSION, (_match, expression: string) => print(lookup(expression.trim(), context, template)));
}

/** Renders strings inside any value (objects and arrays recursively). */
export function renderValue(value: unknown, context: Record<string, unknown>): unknown {
  if (typeof value === 'string') return renderTemplate(value, context);
  if (Array.isArray(value)) return value.map((v) => renderValue(v, context));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renderValue(v, context)]));
  }
  return value;
}
