// A promotion plan before, during and after its apply: per item new / changed (with its diff) /
// identical, why it is there, the KV keys (copied only when ticked) and the secrets the target
// must have, the problems found while planning; then the progress with Cancel; then each item's
// outcome, the diffs of stale targets, and the rollback of the flows that were overwritten.
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { FlowPlanItem, PlanItem, PromotionPlan } from '../../../../main/contract/fleet';
import type { ServerView } from '../../../../main/contract/servers';
import { Button } from '../../../components/button';
import { DiffView } from '../../../components/code-editor';
import { Dialog } from '../../../components/dialog';
import { ProgressBar } from '../../../components/progress-bar';
import { formatBytes, plural } from '../../../lib/format';
import { writePolicy } from '../../../lib/servers';
import { applyPromotion, exportPlan, rollbackPromotion, type PromotionProgress } from '../fleet-actions';
import { useFleetUi } from '../fleet-ui-store';
import type { RunResult } from '../lib/promotion-run';

const OUTCOME_WORDS: Record<RunResult['outcome'], string> = {
  written: 'written',
  unchanged: 'already there',
  skipped: 'not copied',
  stale: 'stopped: target changed',
  'source-changed': 'stopped: source changed',
  failed: 'failed',
  unknown: 'unknown',
  'not-run': 'not run',
  blocked: 'held back',
};

function itemName(item: PlanItem): string {
  if (item.kind === 'flow') return `${item.namespace}.${item.id}`;
  if (item.kind === 'file') return `${item.path} (${item.namespace})`;
  return `${item.kvKey} (${item.namespace})`;
}

function itemStatus(item: PlanItem): string {
  if (item.kind === 'kv') {
    return {
      present: item.target?.inheritedFrom ? `present on the target (from ${item.target.inheritedFrom})` : `present on the target${item.target?.type ? ` (${item.target.type})` : ''}`,
      missing: 'missing on the target',
      'type-differs': `type differs: ${item.source?.type} here, ${item.target?.type} on the target`,
      'missing-on-both': 'missing on both servers',
    }[item.status];
  }
  return item.status;
}

interface DiffRequest {
  title: string;
  original: string;
  modified: string;
  originalLabel: string;
  modifiedLabel: string;
}

function DiffDialog({ diff, onClose }: { diff: DiffRequest; onClose(): void }) {
  return (
    <Dialog title={diff.title} size="full" onClose={onClose}>
      <div className="fleet-compare">
        <DiffView original={diff.original} modified={diff.modified} language="yaml" ariaLabel={diff.title} originalLabel={diff.originalLabel} modifiedLabel={diff.modifiedLabel} />
      </div>
    </Dialog>
  );
}

export function PlanView({ plan, servers, onStartOver }: { plan: PromotionPlan; servers: readonly ServerView[]; onStartOver(): void }) {
  const queryClient = useQueryClient();
  const promotion = useFleetUi((state) => state.promotion);
  const setPromotion = useFleetUi((state) => state.setPromotion);
  const copy = new Set(promotion.copy);
  const target = servers.find((server) => server.id === plan.target.serverId);
  const [progress, setProgress] = useState<PromotionProgress | undefined>();
  const [diff, setDiff] = useState<DiffRequest | undefined>();
  const [rollingBack, setRollingBack] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const controller = useRef<AbortController | undefined>(undefined);
  const results = promotion.results;
  const resultOf = new Map((results ?? []).map((result) => [result.key, result]));
  const rollbackOf = new Map((promotion.rollback ?? []).map((result) => [result.key, result]));
  const policy = writePolicy(target);
  const blocked = !target ? `${plan.target.name} is no longer in the console.` : policy.canWrite ? undefined : policy.reason;

  const apply = async (): Promise<void> => {
    if (!target) return;
    const abort = new AbortController();
    controller.current = abort;
    setProgress({ done: 0, total: plan.items.length, results: [] });
    setCancelling(false);
    try {
      const outcome = await applyPromotion(queryClient, plan, target, { copy, signal: abort.signal, onProgress: setProgress });
      if (outcome) setPromotion({ results: outcome, rollback: undefined });
    } finally {
      setProgress(undefined);
      controller.current = undefined;
    }
  };

  const rollbackKeys = (results ?? []).filter((result) => result.outcome === 'written' && result.key.startsWith('flow:') && !rollbackOf.has(result.key)).map((result) => result.key);
  const rollback = async (): Promise<void> => {
    if (!target) return;
    setRollingBack(true);
    try {
      const done = await rollbackPromotion(queryClient, plan, target, rollbackKeys);
      if (done) setPromotion({ rollback: [...(promotion.rollback ?? []), ...done.map((result) => ({ key: result.key, outcome: result.outcome, message: result.message, result }))] });
    } finally {
      setRollingBack(false);
    }
  };

  const counts = (kind: PlanItem['kind']) => plan.items.filter((item) => item.kind === kind).length;
  const tally = results ? Object.entries(results.reduce<Record<string, number>>((sum, r) => ({ ...sum, [r.outcome]: (sum[r.outcome] ?? 0) + 1 }), {})) : [];

  return (
    <div className="fleet-plan" aria-label="Promotion plan" role="region">
      <div className="fleet-plan__head">
        <h2>
          {plan.source.name} → {plan.target.name}: {plan.selection.kind === 'namespace' ? `namespace ${plan.selection.namespace}` : plural(plan.selection.flowIds.length, `flow of ${plan.selection.namespace}`, `flows of ${plan.selection.namespace}`)}
        </h2>
        <span className="fleet-muted">
          {plural(counts('flow'), 'flow')}, {plural(counts('file'), 'file')}, {plural(counts('kv'), 'KV key')} · planned {new Date(plan.createdAt).toLocaleString()}
        </span>
      </div>
      {plan.problems.length > 0 && (
        <section className="fleet-plan__problems" aria-label="Problems found while planning">
          <h3>Found while planning</h3>
          <ul>
            {plan.problems.map((problem, index) => (
              <li key={index} className={`fleet-problem fleet-problem--${problem.kind}`}>
                {problem.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      {plan.secrets.length > 0 && (
        <section className="fleet-plan__secrets" aria-label="Secrets the flows use">
          <h3>Secrets: never copied, must exist on {plan.target.name}</h3>
          <ul>
            {plan.secrets.map((secret) => (
              <li key={secret.name}>
                <code>{secret.name}</code> <span className="fleet-muted">used by {secret.usedBy.map((key) => key.slice('flow:'.length).replace('/', '.')).join(', ')}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="fleet-plan__scroll">
        <table className="fleet-items" aria-label="Plan items">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Plan</th>
              <th scope="col">Why</th>
              <th scope="col">{results ? 'Outcome' : 'Copy / diff'}</th>
            </tr>
          </thead>
          <tbody>
            {plan.items.map((item) => {
              const result = resultOf.get(item.key);
              const back = rollbackOf.get(item.key);
              return (
                <tr key={item.key} className={`fleet-item fleet-item--${item.kind}`} data-key={item.key} aria-label={`${item.kind} ${itemName(item)}`}>
                  <th scope="row">
                    <span className="fleet-item__kind">{item.kind === 'kv' ? 'KV' : item.kind}</span> {itemName(item)}
                    {item.kind === 'file' && <span className="fleet-muted"> {formatBytes(item.size)}</span>}
                  </th>
                  <td>
                    <span className={`fleet-status fleet-status--${item.status}`}>{itemStatus(item)}</span>
                  </td>
                  <td className="fleet-muted">{item.kind === 'kv' && item.usedBy.length ? `named by ${item.usedBy.map((key) => key.slice('flow:'.length).replace('/', '.')).join(', ')}` : item.reasons.join('; ')}</td>
                  <td>
                    {!results && item.kind === 'kv' && item.source && (
                      <label className="fleet-tick">
                        <input
                          type="checkbox"
                          checked={copy.has(item.key)}
                          onChange={(event) => setPromotion({ copy: event.target.checked ? [...promotion.copy, item.key] : promotion.copy.filter((key) => key !== item.key) })}
                          aria-label={`Copy the value of ${item.kvKey}`}
                        />{' '}
                        copy the value
                      </label>
                    )}
                    {!results && item.kind === 'flow' && item.status === 'changed' && item.target && (
                      <Button size="sm" variant="ghost" icon="diff" onClick={() => setDiff(flowDiff(plan, item))} aria-label={`Show the diff of ${itemName(item)}`}>
                        Diff
                      </Button>
                    )}
                    {result && (
                      <span className={`fleet-outcome fleet-outcome--${result.outcome}`} title={result.message}>
                        {OUTCOME_WORDS[result.outcome]}
                        {result.result?.written === true ? ' (landed whole)' : result.result?.written === false ? ' (untouched)' : ''}
                        {result.result?.previousRevision !== undefined && result.outcome === 'written' ? ` · was revision ${result.result.previousRevision}` : ''}
                      </span>
                    )}
                    {result?.message && result.outcome !== 'written' && <span className="fleet-outcome__message">{result.message}</span>}
                    {result?.outcome === 'stale' && item.kind === 'flow' && result.result?.currentSource !== undefined && (
                      <Button
                        size="sm"
                        variant="ghost"
                        icon="diff"
                        aria-label={`Show what changed on the target for ${itemName(item)}`}
                        onClick={() =>
                          setDiff({
                            title: `${itemName(item)}: ${plan.target.name} now vs the promoted version`,
                            original: result.result!.currentSource!,
                            modified: item.source,
                            originalLabel: `${plan.target.name} now`,
                            modifiedLabel: `${plan.source.name} (planned)`,
                          })
                        }
                      >
                        Diff
                      </Button>
                    )}
                    {back && <span className={`fleet-outcome fleet-outcome--${back.outcome}`}> · rollback: {back.outcome === 'written' ? 'done' : OUTCOME_WORDS[back.outcome]}</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {progress && (
        <div className="fleet-plan__progress" role="status" aria-live="polite">
          <ProgressBar
            label={`Promoting to ${plan.target.name}`}
            value={progress.done}
            max={progress.total}
            onCancel={() => {
              controller.current?.abort();
              setCancelling(true);
            }}
          />
          <span className="fleet-muted">
            {progress.done} of {progress.total}
            {progress.current ? ` · ${itemName(progress.current)}` : ''}
            {cancelling ? ' · cancelling after the items in progress…' : ''}
          </span>
        </div>
      )}
      {results && (
        <p className="fleet-plan__tally" role="status">
          Result: {tally.map(([outcome, n]) => `${n} ${OUTCOME_WORDS[outcome as RunResult['outcome']]}`).join(', ')}.
          {results.some((r) => r.outcome === 'unknown' || r.outcome === 'failed' || r.outcome === 'not-run') ? ' Apply again to finish: items already in place are recognised and left alone.' : ''}
        </p>
      )}
      <div className="fleet-plan__actions">
        <Button variant="primary" icon="upload" onClick={() => void apply()} busy={!!progress} disabledReason={blocked} disabled={!!progress}>
          {results ? 'Apply again' : `Apply to ${plan.target.name}`}
        </Button>
        {rollbackKeys.length > 0 && (
          <Button icon="history" onClick={() => void rollback()} busy={rollingBack} disabledReason={blocked}>
            Roll back {plural(rollbackKeys.length, 'flow')}
          </Button>
        )}
        <Button icon="download" onClick={() => void exportPlan(plan)}>
          Export plan…
        </Button>
        <Button variant="ghost" onClick={onStartOver} disabled={!!progress}>
          New plan
        </Button>
      </div>
      {diff && <DiffDialog diff={diff} onClose={() => setDiff(undefined)} />}
    </div>
  );
}

function flowDiff(plan: PromotionPlan, item: FlowPlanItem): DiffRequest {
  return {
    title: `${item.namespace}.${item.id}: ${plan.target.name} vs ${plan.source.name}`,
    original: item.target?.source ?? '',
    modified: item.source,
    originalLabel: `${plan.target.name} · revision ${item.target?.revision}`,
    modifiedLabel: `${plan.source.name} (to promote)`,
  };
}
