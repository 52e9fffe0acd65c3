// Time-to-live for KV entries. Kestra parses the `ttl` header with java.time.Duration.parse, so only
// day/time durations are accepted (P1D, PT5M, PT0.5S; not P1W, P1M or P1Y), and a negative one is
// refused with 422. We check the same grammar here (shared/iso-duration) so a bad TTL never reaches
// the server (an unparsable one makes Kestra answer 500).
import { parseDuration } from '../../../../shared/iso-duration';

export interface TtlPreset {
  label: string;
  /** ISO-8601 duration, or undefined for "never expires". */
  value: string | undefined;
}

export const TTL_PRESETS: readonly TtlPreset[] = [
  { label: 'Never expires', value: undefined },
  { label: '5 minutes', value: 'PT5M' },
  { label: '1 hour', value: 'PT1H' },
  { label: '1 day', value: 'P1D' },
  { label: '7 days', value: 'P7D' },
  { label: '30 days', value: 'P30D' },
  { label: '365 days', value: 'P365D' },
];

/** Why a TTL would be refused, or undefined when it is fine. */
export function ttlError(text: string): string | undefined {
  const ms = parseDuration(text);
  if (ms === undefined) return `"${text}" is not an ISO-8601 duration Kestra accepts (days, hours, minutes, seconds: e.g. PT30M, P1D, P1DT12H).`;
  if (ms < 0) return 'The TTL cannot be negative.';
  if (ms === 0) return 'A TTL of zero would expire the key at once; choose "Never expires" or a positive duration.';
  return undefined;
}
