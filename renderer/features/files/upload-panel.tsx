// The upload queue on screen: total progress, one line per file with its own progress, cancel and
// retry, and the conflict question for files that already exist.
import { useState } from 'react';
import { Button, IconButton } from '../../components/button';
import { Dialog } from '../../components/dialog';
import { DiffView } from '../../components/code-editor';
import { ProgressBar } from '../../components/progress-bar';
import { VirtualList } from '../../components/virtual-table';
import { formatBytes } from '../../lib/format';
import { call } from '../../lib/call';
import type { ConflictChoice, QueueSnapshot, UploadItem, UploadQueue } from './lib/upload-queue';

const STATUS_TEXT: Record<UploadItem['status'], string> = {
  queued: 'Waiting',
  checking: 'Checking',
  conflict: 'Already exists',
  uploading: 'Uploading',
  done: 'Uploaded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  skipped: 'Skipped',
};

export function UploadPanel({ queue, snapshot, onClose }: { queue: UploadQueue; snapshot: QueueSnapshot; onClose(): void }) {
  const { totals, items } = snapshot;
  const running = totals.active > 0;
  return (
    <section className="files-uploads" aria-label="Uploads">
      <header className="files-uploads__header">
        <strong>
          Uploads: {totals.done} of {totals.files - totals.skipped - totals.cancelled} done
          {totals.failed ? `, ${totals.failed} failed` : ''}
          {totals.conflicts ? `, ${totals.conflicts} waiting for you` : ''}
        </strong>
        <ProgressBar label="Total upload progress" value={totals.sentBytes} max={totals.bytes} bytes onCancel={running ? () => queue.cancelAll() : undefined} />
        {totals.failed > 0 && (
          <Button size="sm" icon="refresh" onClick={() => queue.retryFailed()}>
            Retry failed
          </Button>
        )}
        {!running && totals.conflicts === 0 && (
          <>
            <Button size="sm" onClick={() => queue.clearFinished()}>
              Clear finished
            </Button>
            <IconButton size="sm" icon="close" label="Close uploads" onClick={onClose} />
          </>
        )}
      </header>
      <VirtualList
        label="Upload queue"
        className="files-uploads__list"
        items={items as UploadItem[]}
        getKey={(item) => item.id}
        itemHeight={30}
        renderItem={(item) => <UploadLine item={item} queue={queue} />}
      />
    </section>
  );
}

function UploadLine({ item, queue }: { item: UploadItem; queue: UploadQueue }) {
  const active = item.status === 'queued' || item.status === 'checking' || item.status === 'uploading' || item.status === 'conflict';
  return (
    <div className={`files-upload files-upload--${item.status}`} aria-label={`${item.targetPath}: ${STATUS_TEXT[item.status]}`}>
      <span className="files-upload__path" title={item.renamedFrom ? `Kept both: ${item.renamedFrom} was already there` : item.targetPath}>
        {item.extract ? `${item.relativePath} (extract)` : item.targetPath}
      </span>
      {item.status === 'uploading' ? (
        <ProgressBar label={`Uploading ${item.targetPath}`} value={item.sent} max={item.size} bytes />
      ) : (
        <span className="files-upload__status" title={item.error}>
          {STATUS_TEXT[item.status]}
          {item.status === 'done' ? ` · ${formatBytes(item.size)}` : ''}
          {item.error ? `: ${item.error}` : ''}
        </span>
      )}
      {active && <IconButton size="sm" icon="close" label={`Cancel ${item.targetPath}`} onClick={() => queue.cancel(item.id)} />}
      {(item.status === 'failed' || item.status === 'cancelled') && <IconButton size="sm" icon="refresh" label={`Retry ${item.targetPath}`} onClick={() => queue.retry(item.id)} />}
    </div>
  );
}

const COMPARE_LIMIT = 2 * 1024 * 1024;

/** Asks about the first file that already exists; the rest of the queue keeps going meanwhile. */
export function ConflictDialog({
  item,
  file,
  remaining,
  serverId,
  namespace,
  onChoose,
}: {
  item: UploadItem;
  file: File | undefined;
  remaining: number;
  serverId: string;
  namespace: string;
  onChoose(choice: ConflictChoice, applyToAll: boolean): void;
}) {
  const [applyToAll, setApplyToAll] = useState(false);
  const [compare, setCompare] = useState<{ remote: string; local: string } | { error: string } | 'loading' | undefined>(undefined);
  const canCompare = !!file && item.size <= COMPARE_LIMIT && (item.existingSize ?? 0) <= COMPARE_LIMIT;

  const loadCompare = async (): Promise<void> => {
    if (!file) return;
    setCompare('loading');
    try {
      const [remote, local] = await Promise.all([call('files.readText', { serverId, namespace, path: item.targetPath, maxBytes: COMPARE_LIMIT }), file.text()]);
      setCompare({ remote: remote.text, local });
    } catch (error) {
      setCompare({ error: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <Dialog
      title={`${item.targetPath} already exists`}
      description={`The namespace has ${formatBytes(item.existingSize ?? 0)}; you are uploading ${formatBytes(item.size)}.`}
      size={compare && compare !== 'loading' && !('error' in compare) ? 'full' : 'md'}
      onClose={() => onChoose('skip', false)}
      footer={
        <>
          {remaining > 1 && (
            <label className="files-conflict__all">
              <input type="checkbox" checked={applyToAll} onChange={(e) => setApplyToAll(e.target.checked)} /> Do this for all {remaining} conflicts
            </label>
          )}
          <Button onClick={() => onChoose('skip', applyToAll)}>Skip</Button>
          <Button onClick={() => onChoose('keep-both', applyToAll)}>Keep both</Button>
          <Button variant="danger" onClick={() => onChoose('overwrite', applyToAll)}>
            Overwrite
          </Button>
        </>
      }
    >
      <div className="files-conflict">
        {!compare && (
          <Button icon="diff" onClick={() => void loadCompare()} disabledReason={canCompare ? undefined : 'Only files up to 2 MB can be compared'}>
            Compare
          </Button>
        )}
        {compare === 'loading' && <p role="status">Loading both versions…</p>}
        {compare && compare !== 'loading' && 'error' in compare && <p role="alert">Could not compare: {compare.error}</p>}
        {compare && compare !== 'loading' && !('error' in compare) && (
          <div className="files-conflict__diff">
            <DiffView original={compare.remote} modified={compare.local} path={item.targetPath} ariaLabel={`Differences in ${item.targetPath}`} originalLabel="In the namespace" modifiedLabel="Your file" />
          </div>
        )}
        <p className="files-muted">Keep both keeps the file already in the namespace and uploads yours beside it under a new name, such as “name (1).ext”.</p>
      </div>
    </Dialog>
  );
}

/** Kestra extracts uploaded .zip files at the namespace root; ask what the user meant. */
export function ZipDialog({ names, onChoose }: { names: string[]; onChoose(choice: 'file' | 'extract' | 'skip'): void }) {
  return (
    <Dialog
      title={names.length === 1 ? `Upload ${names[0]}` : `Upload ${names.length} zip archives`}
      onClose={() => onChoose('skip')}
      footer={
        <>
          <Button onClick={() => onChoose('skip')}>Leave out</Button>
          <Button onClick={() => onChoose('file')}>Upload as a file</Button>
          <Button variant="primary" onClick={() => onChoose('extract')}>
            Extract
          </Button>
        </>
      }
    >
      <p>Store the archive as it is, or let the server extract its files?</p>
      <p className="files-muted">Kestra extracts an archive at the namespace root, whichever folder it was dropped on, and overwrites files with the same names.</p>
      {names.length > 1 && (
        <ul>
          {names.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}
