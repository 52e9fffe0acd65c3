// The order in which servers stay loaded (app/server-residency.ts): most recently used first, at
// most the user's limit. Pure, so the rule is tested apart from the stores that apply it.

/** `recent` with `serverId` moved to the front (most recently used first). */
export function touchServer(recent: readonly string[], serverId: string): string[] {
  if (recent[0] === serverId) return recent as string[];
  return [serverId, ...recent.filter((id) => id !== serverId)];
}

/**
 * The servers that stay loaded: the `limit` most recently used (at least one), counting `activeId`
 * (shown now) as the most recent and, when `existing` is given, only servers that still exist.
 */
export function loadedServerIds(recent: readonly string[], limit: number, activeId?: string, existing?: readonly string[]): string[] {
  const ordered = activeId ? touchServer(recent, activeId) : recent;
  const known = existing && new Set(existing);
  return (known ? ordered.filter((id) => known.has(id)) : ordered).slice(0, Math.max(1, Math.floor(limit)));
}
