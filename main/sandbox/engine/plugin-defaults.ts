// A flow's `pluginDefaults` (and the deprecated `taskDefaults`), applied as Kestra's
// PluginDefaultService does: a default whose `type` equals the plugin's type or is a prefix of it
// (`io.kestra.plugin.core.log` covers every Log task) adds its `values` under what the task sets;
// a `forced: true` default wins over the task. Maps merge deeply, lists and scalars are replaced.

export interface PluginDefault {
  type: string;
  forced: boolean;
  values: Record<string, unknown>;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Deep merge: `over` wins, maps are merged key by key. */
export function deepMerge(under: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...under };
  for (const [key, value] of Object.entries(over)) {
    const base = result[key];
    result[key] = isMap(base) && isMap(value) ? deepMerge(base, value) : value;
  }
  return result;
}

/** The defaults declared on a flow document. */
export function flowPluginDefaults(document: Record<string, unknown>): PluginDefault[] {
  const declared = [document.pluginDefaults, document.taskDefaults].filter(Array.isArray).flat() as unknown[];
  return declared.filter(isMap).flatMap((entry) =>
    typeof entry.type === 'string' && isMap(entry.values)
      ? [{ type: entry.type, forced: entry.forced === true || entry.forced === 'true', values: entry.values }]
      : [],
  );
}

function matches(defaultType: string, types: string[]): boolean {
  return types.some((type) => type === defaultType || type.startsWith(defaultType.endsWith('.') ? defaultType : `${defaultType}.`));
}

/**
 * The task (or trigger) with the matching defaults applied. `types` are the names the plugin goes
 * by (as written, and its current class name when the YAML uses an alias).
 */
export function withPluginDefaults<T extends Record<string, unknown>>(task: T, defaults: readonly PluginDefault[], types: string[]): T {
  if (defaults.length === 0) return task;
  const applicable = defaults.filter((d) => matches(d.type, types));
  if (applicable.length === 0) return task;
  let result: Record<string, unknown> = { ...task };
  for (const d of applicable.filter((x) => !x.forced)) result = deepMerge(d.values, result);
  for (const d of applicable.filter((x) => x.forced)) result = deepMerge(result, d.values);
  // `id` and `type` are never taken from defaults.
  result.id = task.id;
  result.type = task.type;
  return result as T;
}
