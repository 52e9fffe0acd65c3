// Import a KV export file, or copy keys to another namespace or server: choose the target, preview
// the change (add / update / unchanged), then write with progress and a cancel button.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { ServerView } from '../../../main/contract/servers';
import { Button } from '../../components/button';
import { Dialog } from '../../components/dialog';
import { ErrorView } from '../../components/error-view';
import { Field } from '../../components/field';
import { ProgressBar } from '../../components/progress-bar';
import { notify } from '../../components/toasts';
import { serversQueryOptions } from '../../lib/servers';
import { writePolicy } from '../../lib/servers';
import { planKvChanges, summarizeKvPlan, type InvalidKvRecord, type KvChange, type KvRecord } from './lib/kv-transfer';
import { kvWriteMany } from './kv-actions';
import { readNamespaceRecords } from './kv-queries';
import { KvPlanView } from './kv-plan-view';

export interface KvTransferSource {
  mode: 'import' | 'copy';
  records: KvRecord[];
  invalid?: InvalidKvRecord[];
  /** Where the records came from (file's namespace, or the namespace being copied). */
  fromNamespace?: string;
  fileName?: string;
}

type Phase = { step: 'target' } | { step: 'planning'; done: number; total: number } | { step: 'preview'; changes: KvChange[] } | { step: 'writing'; done: number; total: number } | { step: 'done'; written: number; failed: { key: string; message: string }[] };

export function KvTransferDialog({ server, namespace, source, onClose }: { server: ServerView; namespace?: string; source: KvTransferSource; onClose(): void }) {
  const writeMany = useMutation(kvWriteMany);
  const servers = useQuery(serversQueryOptions());
  const [targetServerId, setTargetServerId] = useState(server.id);
  const [targetNamespace, setTargetNamespace] = useState(source.mode === 'import' ? (namespace ?? source.fromNamespace ?? '') : (namespace ?? ''));
  const [phase, setPhase] = useState<Phase>({ step: 'target' });
  const [error, setError] = useState<unknown>(undefined);
  const abort = useRef<AbortController | null>(null);
  const targetServer = servers.data?.find((s) => s.id === targetServerId) ?? server;
  const policy = writePolicy(targetServer);
  const sameTarget = source.mode === 'copy' && targetServerId === server.id && targetNamespace.trim() === source.fromNamespace;

  const preview = async (): Promise<void> => {
    setError(undefined);
    const controller = new AbortController();
    abort.current = controller;
    setPhase({ step: 'planning', done: 0, total: 0 });
    try {
      const current = await readNamespaceRecords(targetServerId, targetNamespace.trim(), {
        signal: controller.signal,
        onProgress: (done, total) => setPhase({ step: 'planning', done, total }),
      });
      if (current.failed.length) throw new Error(`Could not read ${current.failed.length} key(s) of the target: ${current.failed[0]!.key}: ${current.failed[0]!.message}`);
      const changes = planKvChanges(source.records, new Map(current.records.map((r) => [r.key, r])));
      setPhase({ step: 'preview', changes });
    } catch (e) {
      setPhase({ step: 'target' });
      if (!controller.signal.aborted) setError(e);
    }
  };

  const apply = async (changes: KvChange[]): Promise<void> => {
    const writes = changes.filter((c) => c.kind === 'add' || c.kind === 'update').map((change) => ({ record: change.record, ttl: change.ttl }));
    const controller = new AbortController();
    abort.current = controller;
    setPhase({ step: 'writing', done: 0, total: writes.length });
    const { written, failed, stopped } = await writeMany.mutateAsync({
      serverId: targetServerId,
      namespace: targetNamespace.trim(),
      writes,
      signal: controller.signal,
      onProgress: (done) => setPhase({ step: 'writing', done, total: writes.length }),
    });
    setPhase({ step: 'done', written, failed });
    notify({
      kind: failed.length ? 'warning' : 'success',
      title: `${source.mode === 'import' ? 'Imported' : 'Copied'} ${written} key(s) to ${targetNamespace.trim()}`,
      message: stopped ? 'Stopped before the end.' : failed.length ? `${failed.length} failed.` : undefined,
    });
  };

  const busy = phase.step === 'planning' || phase.step === 'writing';
  const title = source.mode === 'import' ? `Import KV pairs${source.fileName ? ` from ${source.fileName}` : ''}` : `Copy ${source.records.length} key(s)`;
  const counts = phase.step === 'preview' ? summarizeKvPlan(phase.changes) : undefined;
  const writesCount = counts ? counts.add + counts.update : 0;

  return (
    <Dialog
      title={title}
      size="lg"
      onClose={() => {
        abort.current?.abort();
        onClose();
      }}
      footer={
        <>
          {busy ? (
            <Button onClick={() => abort.current?.abort()}>Stop</Button>
          ) : (
            <Button onClick={onClose}>{phase.step === 'done' ? 'Close' : 'Cancel'}</Button>
          )}
          {phase.step === 'target' && (
            <Button variant="primary" onClick={() => void preview()} disabled={!targetNamespace.trim() || source.records.length === 0 || sameTarget} disabledReason={policy.canWrite ? undefined : policy.reason}>
              Preview changes
            </Button>
          )}
          {phase.step === 'preview' && (
            <Button variant="primary" onClick={() => void apply(phase.changes)} disabled={writesCount === 0} disabledReason={policy.canWrite ? undefined : policy.reason}>
              {`Write ${writesCount} change(s)`}
            </Button>
          )}
        </>
      }
    >
      <div className="kv-transfer">
        {source.invalid && source.invalid.length > 0 && (
          <div className="kv-transfer__invalid" role="alert">
            <strong>{source.invalid.length} entr{source.invalid.length === 1 ? 'y' : 'ies'} of the file will be left out:</strong>
            <ul>
              {source.invalid.slice(0, 20).map((i) => (
                <li key={i.index}>
                  #{i.index + 1}
                  {i.key ? ` (${i.key})` : ''}: {i.reason}
                </li>
              ))}
            </ul>
          </div>
        )}
        <div className="kv-transfer__target">
          <Field label="Target server">
            {(p) => (
              <select {...p} value={targetServerId} onChange={(e) => setTargetServerId(e.target.value)} disabled={phase.step !== 'target'}>
                {(servers.data ?? [server]).map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Target namespace" required error={sameTarget ? 'That is where the keys already are.' : undefined}>
            {(p) => <input {...p} type="text" value={targetNamespace} onChange={(e) => setTargetNamespace(e.target.value)} disabled={phase.step !== 'target'} spellCheck={false} />}
          </Field>
        </div>
        {phase.step === 'planning' && <ProgressBar label="Reading the target's keys" value={phase.done} max={phase.total || undefined} />}
        {phase.step === 'preview' && counts && (
          <>
            <p role="status">
              {counts.add} to add, {counts.update} to update, {counts.unchanged} unchanged{counts.expired ? `, ${counts.expired} expired (skipped)` : ''}.
            </p>
            <KvPlanView changes={phase.changes} label="Changes to write" />
          </>
        )}
        {phase.step === 'writing' && <ProgressBar label="Writing keys" value={phase.done} max={phase.total} />}
        {phase.step === 'done' && (
          <div role="status">
            <p>
              Wrote {phase.written} key(s) to {targetNamespace} on {targetServer.name}.
            </p>
            {phase.failed.length > 0 && (
              <ul className="kv-transfer__failed">
                {phase.failed.map((f) => (
                  <li key={f.key}>
                    {f.key}: {f.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        {error !== undefined && <ErrorView error={error} compact />}
        {source.mode === 'import' && phase.step === 'target' && <p className="kv-muted">{source.records.length} valid pair(s) in the file{source.fromNamespace ? `, exported from ${source.fromNamespace}` : ''}.</p>}
      </div>
    </Dialog>
  );
}
