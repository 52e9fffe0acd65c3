// "Compare across the split": the flow or namespace file open on one side, read on both sides'
// servers and shown as a diff. It starts from what the focused side shows; any other flow, file or
// KV key can be typed in.
import { useState } from 'react';
import type { ServerView } from '../../../../main/contract/servers';
import { Button } from '../../../components/button';
import { Dialog } from '../../../components/dialog';
import { ItemCompare, type CompareTarget } from './item-compare';

type Kind = CompareTarget['kind'];

function nameOf(target: CompareTarget | undefined): string {
  if (!target) return '';
  return target.kind === 'flow' ? target.id : target.kind === 'file' ? target.path : target.key;
}

function build(kind: Kind, namespace: string, name: string): CompareTarget | undefined {
  if (!namespace.trim() || !name.trim()) return undefined;
  if (kind === 'flow') return { kind, namespace: namespace.trim(), id: name.trim() };
  if (kind === 'file') return { kind, namespace: namespace.trim(), path: name.trim().startsWith('/') ? name.trim() : `/${name.trim()}` };
  return { kind, namespace: namespace.trim(), key: name.trim() };
}

export function SplitCompareDialog({ left, right, initial, onClose }: { left: ServerView; right: ServerView; initial?: CompareTarget; onClose(): void }) {
  const [kind, setKind] = useState<Kind>(initial?.kind ?? 'flow');
  const [namespace, setNamespace] = useState(initial?.namespace ?? '');
  const [name, setName] = useState(nameOf(initial));
  const [shown, setShown] = useState<CompareTarget | undefined>(initial);
  return (
    <Dialog title={`Compare across the split: ${left.name} ↔ ${right.name}`} size="full" onClose={onClose}>
      <form
        className="fleet-toolbar"
        aria-label="What to compare"
        onSubmit={(event) => {
          event.preventDefault();
          setShown(build(kind, namespace, name));
        }}
      >
        <select aria-label="Kind" value={kind} onChange={(event) => setKind(event.target.value as Kind)}>
          <option value="flow">Flow</option>
          <option value="file">Namespace file</option>
          <option value="kv">KV key</option>
        </select>
        <input aria-label="Namespace" placeholder="Namespace" value={namespace} onChange={(event) => setNamespace(event.target.value)} />
        <input aria-label={kind === 'flow' ? 'Flow id' : kind === 'file' ? 'File path' : 'KV key'} placeholder={kind === 'flow' ? 'Flow id' : kind === 'file' ? '/path/to/file' : 'Key'} value={name} onChange={(event) => setName(event.target.value)} />
        <Button type="submit" icon="diff" disabled={!build(kind, namespace, name)}>
          Compare
        </Button>
      </form>
      {shown ? <ItemCompare key={JSON.stringify(shown)} target={shown} left={left} right={right} /> : <p className="fleet-muted">Choose a flow, a file or a KV key to compare on both sides.</p>}
    </Dialog>
  );
}
