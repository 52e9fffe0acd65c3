// The one place the engine renders Pebble templates: Kestra's expression language from
// `main/sandbox/pebble/`. Host services (kv(), read(), secret()) come in through `RenderOptions`.
import { PebbleError, render, renderValue as pebbleRenderValue, type RenderOptions } from '../pebble';

export { PebbleError as RenderError, type RenderOptions };

/** Renders one template; throws RenderError (with Kestra's message) for an unknown variable. */
export function renderTemplate(template: string, context: Record<string, unknown>, options?: RenderOptions): string {
  return render(template, context, options);
}

/** Renders strings inside any value (objects and arrays recursively). */
export function renderValue(value: unknown, context: Record<string, unknown>, options?: RenderOptions): unknown {
  return pebbleRenderValue(value, context, options);
}
