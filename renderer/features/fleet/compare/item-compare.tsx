// One flow, namespace file or KV key on two servers, side by side: the drift matrix's diffs and
// the split's "compare across". Each side is read on its own; missing is an answer, not an error.
import { useQuery } from '@tanstack/react-query';
import type { ServerView } from '../../../../main/contract/servers';
import { DiffView } from '../../../components/code-editor';
import { ErrorView } from '../../../components/error-view';
import { Loading } from '../../../components/misc';
import { call, KestraError } from '../../../lib/call';
import { formatBytes } from '../../../lib/format';
import { kestraKeys } from '../../../lib/query-keys';

export type CompareTarget = { kind: 'flow'; namespace: string; id: string } | { kind: 'file'; namespace: string; path: string } | { kind: 'kv'; namespace: string; key: string };

/** A side's text, or why there is none. */
interface Side {
  text?: string;
  note?: string;
  label?: string;
}

const TEXT_LIMIT = 2 * 1024 * 1024;

async function missingIs404<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof KestraError && error.status === 404) return undefined;
    throw error;
  }
}

async function readSide(serverId: string, target: CompareTarget, signal: AbortSignal): Promise<Side> {
  if (target.kind === 'flow') {
    const flow = await missingIs404(call('flows.get', { serverId, namespace: target.namespace, id: target.id }, { signal }));
    return flow ? { text: flow.source, label: `revision ${flow.revision}` } : { note: 'not on this server' };
  }
  if (target.kind === 'kv') {
    const value = await missingIs404(call('kv.get', { serverId, namespace: target.namespace, key: target.key }, { signal }));
    return value ? { text: `${JSON.stringify({ type: value.type, value: value.value }, null, 2)}\n`, label: value.type } : { note: 'not on this server' };
  }
  const stats = await missingIs404(call('files.stats', { serverId, namespace: target.namespace, path: target.path }, { signal }));
  if (!stats) return { note: 'not on this server' };
  if (stats.size > TEXT_LIMIT) return { note: `${formatBytes(stats.size)}: too large to compare here`, label: formatBytes(stats.size) };
  try {
    const { text } = await call('files.readText', { serverId, namespace: target.namespace, path: target.path, maxBytes: TEXT_LIMIT }, { signal });
    return { text, label: formatBytes(stats.size) };
  } catch (error) {
    if (error instanceof KestraError && error.kind === 'validation') return { note: `${formatBytes(stats.size)}, not text`, label: formatBytes(stats.size) };
    throw error;
  }
}

function targetKey(target: CompareTarget): string {
  return target.kind === 'flow' ? `flow:${target.namespace}/${target.id}` : target.kind === 'file' ? `file:${target.namespace}:${target.path}` : `kv:${target.namespace}/${target.key}`;
}

export function targetLabel(target: CompareTarget): string {
  return target.kind === 'flow' ? `${target.namespace}.${target.id}` : target.kind === 'file' ? `${target.path} in ${target.namespace}` : `KV ${target.key} in ${target.namespace}`;
}

function useSide(server: ServerView, target: CompareTarget) {
  return useQuery({
    queryKey: [...kestraKeys.server(server.id), 'fleet', 'compare', targetKey(target)],
    queryFn: ({ signal }) => readSide(server.id, target, signal),
    staleTime: 0,
    retry: false,
  });
}

export function ItemCompare({ target, left, right }: { target: CompareTarget; left: ServerView; right: ServerView }) {
  const a = useSide(left, target);
  const b = useSide(right, target);
  if (a.error) return <ErrorView error={a.error} title={`Could not read it on ${left.name}`} onRetry={() => void a.refetch()} />;
  if (b.error) return <ErrorView error={b.error} title={`Could not read it on ${right.name}`} onRetry={() => void b.refetch()} />;
  if (!a.data || !b.data) return <Loading label={`Reading ${targetLabel(target)} on both servers…`} />;
  const label = (server: ServerView, side: Side): string => `${server.name}${side.label ? ` · ${side.label}` : ''}${side.note ? ` · ${side.note}` : ''}`;
  if (a.data.text === undefined && b.data.text === undefined) {
    return (
      <p className="fleet-muted" role="status">
        {left.name}: {a.data.note}. {right.name}: {b.data.note}.
      </p>
    );
  }
  const same = a.data.text === b.data.text;
  return (
    <div className="fleet-compare">
      <p className="fleet-compare__verdict" role="status">
        {same ? `Identical on ${left.name} and ${right.name}.` : `${targetLabel(target)} differs between ${left.name} and ${right.name}.`}
      </p>
      <DiffView
        original={a.data.text ?? ''}
        modified={b.data.text ?? ''}
        language={target.kind === 'flow' ? 'yaml' : target.kind === 'kv' ? 'json' : undefined}
        path={target.kind === 'file' ? target.path : undefined}
        ariaLabel={`Differences of ${targetLabel(target)} between ${left.name} and ${right.name}`}
        originalLabel={label(left, a.data)}
        modifiedLabel={label(right, b.data)}
      />
    </div>
  );
}
