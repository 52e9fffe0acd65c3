// Time-to-live for KV entries. Kestra parses the `ttl` header with java.time.Duration.parse, so only
// day/time durations are accepted (P1D, PT5M, PT0.5S; not P1W, P1M or P1Y), and a negative one is
// refused with 422. We check the same grammar here so a bad TTL never reaches the server (an
// unparsable one makes Kestra answer 500).

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

// java.time.Duration's grammar: optional sign, P, days, then T with hours, minutes, seconds.
const JAVA_DURATION = /^([-+]?)P(?:([-+]?\d+)D)?(?:T(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?\d+)(?:[.,](\d{0,9}))?S)?)?$/i;

/** Milliseconds of a java.time.Duration text, or undefined when Java would refuse to parse it. */
export function parseJavaDuration(text: string): number | undefined {
  const match = JAVA_DURATION.exec(text.trim());
  if (!match) return undefined;
  const [, sign, days, hours, minutes, seconds, fraction] = match;
  // "P" alone and "PT" alone are refused by Java.
  if (days === undefined && hours === undefined && minutes === undefined && seconds === undefined) return undefined;
  if (/T$/i.test(text.trim())) return undefined;
  // The seconds' sign carries to their fraction in Java ("PT-0.5S" is minus half a second).
  const secondsTotal = Number(`${seconds ?? '0'}${fraction ? `.${fraction}` : ''}`);
  const ms = Number(days ?? 0) * 86_400_000 + Number(hours ?? 0) * 3_600_000 + Number(minutes ?? 0) * 60_000 + secondsTotal * 1000;
  return sign === '-' ? -ms : ms;
}

/** Why a TTL would be refused, or undefined when it is fine. */
export function ttlError(text: string): string | undefined {
  const ms = parseJavaDuration(text);
  if (ms === undefined) return `"${text}" is not an ISO-8601 duration Kestra accepts (days, hours, minutes, seconds: e.g. PT30M, P1D, P1DT12H).`;
  if (ms < 0) return 'The TTL cannot be negative.';
  if (ms === 0) return 'A TTL of zero would expire the key at once; choose "Never expires" or a positive duration.';
  return undefined;
}

/** Words for an ISO duration, for lists: "1 d 12 h", "30 min". */
export function describeDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const parts: string[] = [];
  let rest = Math.floor(ms / 1000);
  const days = Math.floor(rest / 86_400);
  rest -= days * 86_400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const seconds = rest - minutes * 60;
  if (days) parts.push(`${days} d`);
  if (hours) parts.push(`${hours} h`);
  if (minutes) parts.push(`${minutes} min`);
  if (seconds && !days) parts.push(`${seconds} s`);
  return parts.join(' ');
}
