// The type and value columns of one row, fetched only when the row is on screen. Values are shown
// as they are (Kestra's KV store has no secret type); the pane can hide them all (kv-display.ts).
import { useQuery } from '@tanstack/react-query';
import { KV_TYPE_LABELS, previewKvValue } from './lib/kv-value';
import { MASK, useKvDisplay } from './kv-display';
import { kvValueOptions } from './kv-queries';

export function KvTypeCell({ serverId, namespace, kvKey }: { serverId: string; namespace: string; kvKey: string }) {
  const value = useQuery(kvValueOptions(serverId, namespace, kvKey));
  if (value.isPending) return <span className="kv-muted">…</span>;
  if (value.isError) return <span className="kv-muted">—</span>;
  return <span className={`kv-type kv-type--${value.data.type.toLowerCase()}`}>{KV_TYPE_LABELS[value.data.type]}</span>;
}

export function KvValueCell({ serverId, namespace, kvKey }: { serverId: string; namespace: string; kvKey: string }) {
  const value = useQuery(kvValueOptions(serverId, namespace, kvKey));
  const hidden = useKvDisplay((state) => state.hideValues);
  if (value.isPending) return <span className="kv-muted">Loading…</span>;
  if (value.isError) {
    const status = (value.error as { status?: number }).status;
    return <span className="kv-muted">{status === 410 ? 'Expired' : status === 404 ? 'Gone' : 'Could not read'}</span>;
  }
  if (hidden) return <span className="kv-masked" aria-label="Value hidden">{MASK}</span>;
  return (
    <span className="kv-value" title={previewKvValue(value.data.type, value.data.value, 2000)}>
      {previewKvValue(value.data.type, value.data.value)}
    </span>
  );
}
