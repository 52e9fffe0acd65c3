// Kestra's KV key rule (core/.../storages/kv/KVStore.java). Checked before any request so the user
// sees the same sentence the server would answer with, without a round trip.

export const KV_KEY_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/;

/** Kestra's own wording of the rule (the 422 message, without "Illegal argument: "). */
export const KV_KEY_RULE =
  'Key must start with an alphanumeric character (uppercase or lowercase) and can contain alphanumeric characters (uppercase or lowercase), dots (.), underscores (_), and hyphens (-) only.';

/** Returns the rule when the key breaks it, undefined when the key is valid. */
export function kvKeyError(key: string): string | undefined {
  if (key.length === 0) return 'A key is required. ' + KV_KEY_RULE;
  if (!KV_KEY_PATTERN.test(key)) return KV_KEY_RULE;
  return undefined;
}

/** The Pebble expression that reads a key from a flow. Other namespaces need the namespace argument. */
export function kvExpression(key: string, namespace?: string): string {
  return namespace ? `{{ kv('${key}', '${namespace}') }}` : `{{ kv('${key}') }}`;
}
