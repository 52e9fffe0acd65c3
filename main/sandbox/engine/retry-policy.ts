// Task retry policies (io.kestra.core.models.tasks.retrys.*): when a failed attempt may be retried
// and when. `maxAttempts` counts every attempt, the first included (TaskRun.nextRetryDate), and
// `maxDuration` is measured from the first attempt's start.
import { parseDuration } from '../../../shared/iso-duration';

export type RetryBehavior = 'RETRY_FAILED_TASK' | 'CREATE_NEW_EXECUTION';

export interface RetryPolicy {
  type: 'constant' | 'exponential' | 'random';
  behavior: RetryBehavior;
  maxAttempts?: number;
  maxDurationMs?: number;
  warningOnRetry: boolean;
  intervalMs: number;
  maxIntervalMs?: number;
  minIntervalMs?: number;
  delayFactor: number;
}

function durationOf(value: unknown, render: (text: string) => string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = parseDuration(render(String(value)));
  if (ms === undefined) throw new Error(`Invalid retry duration '${String(value)}'`);
  return ms;
}

/** Reads a `retry:` block (its strings may be expressions); undefined when there is none. */
export function readRetryPolicy(raw: unknown, render: (text: string) => string): RetryPolicy | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const retry = raw as Record<string, unknown>;
  const type = String(retry.type ?? '').toLowerCase();
  if (type !== 'constant' && type !== 'exponential' && type !== 'random') return undefined;
  const maxAttempts = retry.maxAttempts ?? retry.maxAttempt;
  const behavior = String(retry.behavior ?? 'RETRY_FAILED_TASK').toUpperCase() === 'CREATE_NEW_EXECUTION' ? 'CREATE_NEW_EXECUTION' : 'RETRY_FAILED_TASK';
  return {
    type,
    behavior,
    maxAttempts: maxAttempts === undefined || maxAttempts === null ? undefined : Number(render(String(maxAttempts))),
    maxDurationMs: durationOf(retry.maxDuration, render),
    warningOnRetry: retry.warningOnRetry === true || retry.warningOnRetry === 'true',
    intervalMs: durationOf(retry.interval, render) ?? 0,
    maxIntervalMs: durationOf(retry.maxInterval, render),
    minIntervalMs: durationOf(retry.minInterval, render),
    delayFactor: retry.delayFactor === undefined || retry.delayFactor === null ? 2 : Number(retry.delayFactor),
  };
}

/** The wait before attempt number `attemptsDone + 1`. */
export function retryDelayMs(policy: RetryPolicy, attemptsDone: number, random: () => number = Math.random): number {
  switch (policy.type) {
    case 'constant':
      return policy.intervalMs;
    case 'exponential': {
      const grown = policy.intervalMs * policy.delayFactor ** Math.max(0, attemptsDone - 1);
      return policy.maxIntervalMs !== undefined ? Math.min(grown, policy.maxIntervalMs) : grown;
    }
    case 'random': {
      const min = policy.minIntervalMs ?? 0;
      const max = policy.maxIntervalMs ?? min;
      return min + Math.floor(random() * Math.max(0, max - min));
    }
  }
}

/**
 * The date of the next attempt, or undefined when the policy is exhausted (`maxAttempts` reached,
 * or the next attempt would start after `maxDuration`).
 */
export function nextRetryAt(policy: RetryPolicy, attemptsDone: number, firstAttemptStart: number, lastAttemptEnd: number): number | undefined {
  if (policy.maxAttempts !== undefined && attemptsDone >= policy.maxAttempts) return undefined;
  const next = lastAttemptEnd + retryDelayMs(policy, attemptsDone);
  if (policy.maxDurationMs !== undefined && next > firstAttemptStart + policy.maxDurationMs) return undefined;
  return next;
}
