// ISO-8601 durations as java.time.Duration reads and writes them (`PT2.531S`, `PT1H2M`, `P1D`):
// days, hours, minutes and seconds only (no years, months or weeks: `Duration.parse` refuses them),
// each part optionally signed, a fraction on the seconds only. Kestra parses every duration it
// accepts this way (flow properties, DURATION inputs, KV TTLs and DURATION values) and prints
// `State.duration` with `Duration.toString`, so one grammar serves the sandbox, the client and the
// renderer alike.

const DURATION = /^([-+]?)P(?:([-+]?\d+)D)?(?:T(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?\d+)(?:[.,](\d{0,9}))?S)?)?$/i;

/** Milliseconds (fractional) of a `Duration.parse`-compatible string, or undefined when Java would refuse it. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  const match = DURATION.exec(trimmed);
  if (!match) return undefined;
  const [, sign, days, hours, minutes, seconds, fraction] = match;
  if (days === undefined && hours === undefined && minutes === undefined && seconds === undefined) return undefined;
  // `PT` with nothing after it is invalid in Java too.
  if (/T$/i.test(trimmed)) return undefined;
  const secondsValue = Number(seconds ?? 0);
  // The seconds' sign carries to their fraction ("PT-0.5S" is minus half a second).
  let fractionMs = fraction ? Number(`0.${fraction}`) * 1000 : 0;
  if (secondsValue < 0 || (seconds ?? '').startsWith('-')) fractionMs = -fractionMs;
  const ms = Number(days ?? 0) * 86_400_000 + Number(hours ?? 0) * 3_600_000 + Number(minutes ?? 0) * 60_000 + secondsValue * 1000 + fractionMs;
  return sign === '-' ? -ms : ms;
}

export function isDuration(text: string): boolean {
  return parseDuration(text) !== undefined;
}

/** `Duration.toString()`: hours, minutes and seconds with up to 9 fraction digits, zeros trimmed. */
export function formatDuration(ms: number): string {
  if (ms === 0) return 'PT0S';
  const negative = ms < 0;
  let nanos = BigInt(Math.round(Math.abs(ms) * 1_000_000));
  const hours = nanos / 3_600_000_000_000n;
  nanos -= hours * 3_600_000_000_000n;
  const minutes = nanos / 60_000_000_000n;
  nanos -= minutes * 60_000_000_000n;
  const seconds = nanos / 1_000_000_000n;
  const fraction = nanos - seconds * 1_000_000_000n;
  const sign = negative ? '-' : '';
  let out = 'PT';
  if (hours > 0n) out += `${sign}${hours}H`;
  if (minutes > 0n) out += `${sign}${minutes}M`;
  if (seconds > 0n || fraction > 0n) {
    out += `${sign}${seconds}`;
    if (fraction > 0n) out += `.${fraction.toString().padStart(9, '0').replace(/0+$/, '')}`;
    out += 'S';
  }
  return out;
}
