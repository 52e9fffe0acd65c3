// The change preview shared by import and copy: what will be added, updated (which fields) and left
// alone, before anything is written.
import type { KvChange } from './lib/kv-transfer';
import { previewKvValue } from './lib/kv-value';
import { MASK, useKvDisplay } from './kv-display';

const KIND_LABEL: Record<KvChange['kind'], string> = { add: 'Add', update: 'Update', unchanged: 'Unchanged', expired: 'Skip (expired)' };

export function KvPlanView({ changes, label }: { changes: KvChange[]; label: string }) {
  const hidden = useKvDisplay((state) => state.hideValues);
  if (changes.length === 0) return <p>Nothing to write.</p>;
  return (
    <div className="kv-plan" role="region" aria-label={label}>
      <table className="kv-plan__table">
        <thead>
          <tr>
            <th scope="col">Change</th>
            <th scope="col">Key</th>
            <th scope="col">Type</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((change) => (
            <tr key={change.record.key} className={`kv-plan__row kv-plan__row--${change.kind}`} aria-label={`${KIND_LABEL[change.kind]} ${change.record.key}`}>
              <td>
                {KIND_LABEL[change.kind]}
                {change.fields && <span className="kv-muted"> ({change.fields.join(', ')})</span>}
              </td>
              <td className="kv-mono">{change.record.key}</td>
              <td>{change.current && change.current.type !== change.record.type ? `${change.current.type} → ${change.record.type}` : change.record.type}</td>
              <td className="kv-mono">
                {hidden ? (
                  <span aria-label="Value hidden">{MASK}</span>
                ) : change.kind === 'update' && change.fields?.includes('value') && change.current ? (
                  <>
                    <del>{previewKvValue(change.current.type, change.current.value, 40)}</del> → {previewKvValue(change.record.type, change.record.value, 40)}
                  </>
                ) : (
                  previewKvValue(change.record.type, change.record.value, 60)
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
