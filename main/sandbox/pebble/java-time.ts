// java.time as Kestra's date filters use it (core/.../runners/pebble/AbstractDate.java): zone ids,
// DateTimeFormatter patterns (`yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX`), the named formatters Kestra maps
// (`iso`, `iso_sec`, `sql`, `iso_date_time`, `rfc_1123_date_time`, `full`…), parsing with an
// `existingFormat`, and ZonedDateTime.plus for `dateAdd`.
//
// Dates carry nanoseconds (Kestra's dates have microseconds) and an offset; zone rules come from
// the platform's ICU data through Intl. Localized text defaults to en-US, the JVM default locale of
// Kestra's Docker image.

export class DateTimeError extends Error {}

export interface Zone {
  /** ZoneId.getId(): "Europe/Paris", "UTC", "Z", "+02:00". */
  id: string;
  /** Fixed offset in seconds, or null for a region with rules. */
  fixed: number | null;
  /** A ZoneRegion (printed in `[…]` by ISO_ZONED_DATE_TIME) rather than a bare ZoneOffset. */
  region: boolean;
}

export interface ZonedDateTime {
  epochSecond: number;
  nano: number;
  /** Offset from UTC in seconds at this instant. */
  offset: number;
  zone: Zone;
}

interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nano: number;
}

const UTC: Zone = { id: 'UTC', fixed: 0, region: true };

// ---------------------------------------------------------------------------------------------
// Zones

function formatOffsetId(seconds: number): string {
  if (seconds === 0) return 'Z';
  const sign = seconds < 0 ? '-' : '+';
  const abs = Math.abs(seconds);
  const hours = Math.floor(abs / 3600);
  const minutes = Math.floor((abs % 3600) / 60);
  const secs = abs % 60;
  return `${sign}${pad(hours, 2)}:${pad(minutes, 2)}${secs ? `:${pad(secs, 2)}` : ''}`;
}

function parseOffset(text: string): number | null {
  const match = /^([+-])(\d{1,2})(?::?(\d{2})(?::?(\d{2}))?)?$/.exec(text);
  if (!match) return null;
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? 0);
  const seconds = Number(match[4] ?? 0);
  if (hours > 18 || minutes > 59 || seconds > 59) return null;
  const total = hours * 3600 + minutes * 60 + seconds;
  if (total > 18 * 3600) return null;
  return match[1] === '-' ? -total : total;
}

const zoneCache = new Map<string, Zone>();

/** ZoneId.of(id). */
export function zoneOf(id: string): Zone {
  const cached = zoneCache.get(id);
  if (cached) return cached;
  let zone: Zone;
  if (id === 'Z') {
    zone = { id: 'Z', fixed: 0, region: false };
  } else if (id.startsWith('+') || id.startsWith('-')) {
    const offset = parseOffset(id);
    if (offset === null) throw new DateTimeError(`Invalid ID for ZoneOffset, invalid format: ${id}`);
    zone = { id: formatOffsetId(offset), fixed: offset, region: false };
  } else if (id === 'UTC' || id === 'GMT' || id === 'UT') {
    zone = { id, fixed: 0, region: true };
  } else if (/^(UTC|GMT|UT)[+-]/.test(id)) {
    const prefix = id.startsWith('UT') && !id.startsWith('UTC') ? 'UT' : id.slice(0, 3);
    const offset = parseOffset(id.slice(prefix.length));
    if (offset === null) throw new DateTimeError(`Invalid ID for offset-based ZoneId: ${id}`);
    zone = { id: offset === 0 ? prefix : `${prefix}${formatOffsetId(offset)}`, fixed: offset, region: true };
  } else {
    if (!/^[A-Za-z][A-Za-z0-9~/._+-]+$/.test(id)) throw new DateTimeError(`Invalid ID for region-based ZoneId, invalid format: ${id}`);
    let resolved: string;
    try {
      resolved = new Intl.DateTimeFormat('en-US', { timeZone: id }).resolvedOptions().timeZone;
    } catch {
      throw new DateTimeError(`Unknown time-zone ID: ${id}`);
    }
    // Intl accepts any case; Java's zone ids are case-sensitive.
    if (resolved !== id && resolved.toLowerCase() === id.toLowerCase()) throw new DateTimeError(`Unknown time-zone ID: ${id}`);
    zone = { id, fixed: null, region: true };
  }
  if (zoneCache.size > 1000) zoneCache.clear();
  zoneCache.set(id, zone);
  return zone;
}

/** ZoneId.systemDefault(): the host's zone, UTC when it cannot be determined. */
export function systemZone(): Zone {
  try {
    const id = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return id ? zoneOf(id) : UTC;
  } catch {
    return UTC;
  }
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

function offsetFormatter(zoneId: string): Intl.DateTimeFormat {
  let formatter = offsetFormatters.get(zoneId);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zoneId,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormatters.set(zoneId, formatter);
  }
  return formatter;
}

/** The zone's offset (seconds) at an instant. */
export function offsetAt(zone: Zone, epochSecond: number): number {
  if (zone.fixed !== null) return zone.fixed;
  const parts = offsetFormatter(zone.id).formatToParts(new Date(epochSecond * 1000));
  const get = (type: string): number => Number(parts.find((part) => part.type === type)?.value ?? 0);
  let year = get('year');
  if (parts.find((part) => part.type === 'era')?.value === 'BC') year = 1 - year;
  const local = utcSeconds({ year, month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second'), nano: 0 });
  return local - epochSecond;
}

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic

function utcSeconds(local: LocalDateTime): number {
  const date = new Date(0);
  date.setUTCFullYear(local.year, local.month - 1, local.day);
  date.setUTCHours(local.hour, local.minute, local.second, 0);
  return Math.floor(date.getTime() / 1000);
}

function toLocal(epochSecond: number, offset: number, nano: number): LocalDateTime {
  const date = new Date((epochSecond + offset) * 1000);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    nano,
  };
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function lengthOfMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** ISO day of week, Monday = 1 … Sunday = 7. */
function dayOfWeek(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  const js = date.getUTCDay();
  return js === 0 ? 7 : js;
}

function dayOfYear(year: number, month: number, day: number): number {
  let total = day;
  for (let m = 1; m < month; m += 1) total += lengthOfMonth(year, m);
  return total;
}

/** ZonedDateTime.ofLocal: overlaps keep the preferred (else earlier) offset, gaps move forward. */
function ofLocal(local: LocalDateTime, zone: Zone, preferredOffset?: number): ZonedDateTime {
  const localSeconds = utcSeconds(local);
  if (zone.fixed !== null) return { epochSecond: localSeconds - zone.fixed, nano: local.nano, offset: zone.fixed, zone };
  const before = offsetAt(zone, localSeconds - 86400);
  const after = offsetAt(zone, localSeconds + 86400);
  const candidates = [...new Set([before, after, offsetAt(zone, localSeconds)])];
  const valid = candidates.filter((offset) => offsetAt(zone, localSeconds - offset) === offset);
  let offset: number;
  if (valid.length === 0) {
    const epochSecond = localSeconds - before;
    return { epochSecond, nano: local.nano, offset: offsetAt(zone, epochSecond), zone };
  } else if (valid.length === 1) {
    offset = valid[0]!;
  } else {
    offset = preferredOffset !== undefined && valid.includes(preferredOffset) ? preferredOffset : Math.max(...valid);
  }
  return { epochSecond: localSeconds - offset, nano: local.nano, offset, zone };
}

export function ofInstant(epochSecond: number, nano: number, zone: Zone): ZonedDateTime {
  return { epochSecond, nano, offset: offsetAt(zone, epochSecond), zone };
}

export function fromDate(date: Date, zone: Zone): ZonedDateTime {
  const millis = date.getTime();
  if (Number.isNaN(millis)) throw new DateTimeError('Invalid Date');
  const epochSecond = Math.floor(millis / 1000);
  return ofInstant(epochSecond, (millis - epochSecond * 1000) * 1_000_000, zone);
}

function withZoneSameInstant(date: ZonedDateTime, zone: Zone): ZonedDateTime {
  return date.zone === zone ? date : ofInstant(date.epochSecond, date.nano, zone);
}

function localOf(date: ZonedDateTime): LocalDateTime {
  return toLocal(date.epochSecond, date.offset, date.nano);
}

const CHRONO_UNITS = ['NANOS', 'MICROS', 'MILLIS', 'SECONDS', 'MINUTES', 'HOURS', 'HALF_DAYS', 'DAYS', 'WEEKS', 'MONTHS', 'YEARS', 'DECADES', 'CENTURIES', 'MILLENNIA', 'ERAS', 'FOREVER'];

/** ZonedDateTime.plus(amount, ChronoUnit.valueOf(unit)). */
export function plus(date: ZonedDateTime, amount: number, unit: string): ZonedDateTime {
  if (!CHRONO_UNITS.includes(unit)) throw new DateTimeError(`No enum constant java.time.temporal.ChronoUnit.${unit}`);
  const timeUnits: Record<string, number> = { NANOS: 1, MICROS: 1e3, MILLIS: 1e6, SECONDS: 1e9, MINUTES: 60e9, HOURS: 3600e9, HALF_DAYS: 43200e9 };
  const nanosPerUnit = timeUnits[unit];
  if (nanosPerUnit !== undefined) {
    // Time-based units move the instant.
    const totalNanos = BigInt(date.nano) + BigInt(amount) * BigInt(nanosPerUnit);
    const billion = 1_000_000_000n;
    let seconds = totalNanos / billion;
    let nano = totalNanos % billion;
    if (nano < 0n) {
      nano += billion;
      seconds -= 1n;
    }
    return ofInstant(date.epochSecond + Number(seconds), Number(nano), date.zone);
  }
  // Date-based units move the local date and keep the local time (ZonedDateTime.resolveLocal).
  const local = localOf(date);
  switch (unit) {
    case 'DAYS':
    case 'WEEKS': {
      const days = unit === 'WEEKS' ? amount * 7 : amount;
      const shifted = new Date(0);
      shifted.setUTCFullYear(local.year, local.month - 1, local.day + days);
      return ofLocal({ ...local, year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() }, date.zone, date.offset);
    }
    case 'MONTHS':
    case 'YEARS':
    case 'DECADES':
    case 'CENTURIES':
    case 'MILLENNIA': {
      const months = amount * ({ MONTHS: 1, YEARS: 12, DECADES: 120, CENTURIES: 1200, MILLENNIA: 12000 } as Record<string, number>)[unit]!;
      const monthIndex = local.year * 12 + (local.month - 1) + months;
      const year = Math.floor(monthIndex / 12);
      const month = monthIndex - year * 12 + 1;
      const day = Math.min(local.day, lengthOfMonth(year, month));
      return ofLocal({ ...local, year, month, day }, date.zone, date.offset);
    }
    default:
      throw new DateTimeError(`Unsupported unit: ${unit.charAt(0)}${unit.slice(1).toLowerCase()}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Localized text

function toIntlLocale(locale: string): string {
  return locale.replace(/_/g, '-');
}

const textCache = new Map<string, string[]>();

function names(locale: string, kind: 'month' | 'weekday', width: 'long' | 'short' | 'narrow'): string[] {
  const key = `${locale}|${kind}|${width}`;
  let list = textCache.get(key);
  if (!list) {
    list = [];
    const formatter = new Intl.DateTimeFormat(toIntlLocale(locale), kind === 'month' ? { month: width, timeZone: 'UTC' } : { weekday: width, timeZone: 'UTC' });
    if (kind === 'month') for (let m = 0; m < 12; m += 1) list.push(formatter.format(Date.UTC(2001, m, 1)));
    // 2001-01-01 is a Monday: index 0 = Monday … 6 = Sunday, like DayOfWeek.
    else for (let d = 0; d < 7; d += 1) list.push(formatter.format(Date.UTC(2001, 0, 1 + d)));
    textCache.set(key, list);
  }
  return list;
}

function zoneName(date: ZonedDateTime, width: 'short' | 'long', locale: string): string {
  if (date.zone.fixed !== null && !date.zone.region) return date.zone.id;
  if (date.zone.id === 'UTC' || date.zone.id === 'GMT' || date.zone.id === 'UT') {
    return width === 'short' ? date.zone.id : date.zone.id === 'UTC' ? 'Coordinated Universal Time' : 'Greenwich Mean Time';
  }
  if (date.zone.fixed !== null) return date.zone.id;
  const parts = new Intl.DateTimeFormat(toIntlLocale(locale), { timeZone: date.zone.id, timeZoneName: width }).formatToParts(new Date(date.epochSecond * 1000));
  return parts.find((part) => part.type === 'timeZoneName')?.value ?? date.zone.id;
}

// ---------------------------------------------------------------------------------------------
// Patterns

type PatternItem = { kind: 'literal'; text: string } | { kind: 'field'; letter: string; count: number } | { kind: 'optional'; items: PatternItem[] };

const PATTERN_LETTERS = 'GuyDMLdQqYwWEecFaBhKkHmsSAnNVvzOXxZ';
const patternCache = new Map<string, PatternItem[]>();

/** DateTimeFormatterBuilder.appendPattern. */
function compilePattern(pattern: string): PatternItem[] {
  const cached = patternCache.get(pattern);
  if (cached) return cached;
  const stack: PatternItem[][] = [[]];
  const top = (): PatternItem[] => stack[stack.length - 1]!;
  for (let index = 0; index < pattern.length; ) {
    const char = pattern[index]!;
    if ((char >= 'A' && char <= 'Z') || (char >= 'a' && char <= 'z')) {
      let end = index;
      while (end < pattern.length && pattern[end] === char) end += 1;
      const count = end - index;
      if (char === 'p') throw new DateTimeError(`Pad letter 'p' is not supported: ${pattern}`);
      if (!PATTERN_LETTERS.includes(char)) throw new DateTimeError(`Unknown pattern letter: ${char}`);
      validateCount(char, count);
      top().push({ kind: 'field', letter: char, count });
      index = end;
    } else if (char === "'") {
      let end = index + 1;
      let text = '';
      for (;;) {
        if (end >= pattern.length) throw new DateTimeError(`Pattern ends with an incomplete string literal: ${pattern}`);
        if (pattern[end] === "'") {
          if (pattern[end + 1] === "'") {
            text += "'";
            end += 2;
            continue;
          }
          break;
        }
        text += pattern[end];
        end += 1;
      }
      top().push({ kind: 'literal', text: end === index + 1 ? "'" : text });
      index = end + 1;
    } else if (char === '[') {
      const optional: PatternItem = { kind: 'optional', items: [] };
      top().push(optional);
      stack.push(optional.items);
      index += 1;
    } else if (char === ']') {
      if (stack.length === 1) throw new DateTimeError('Pattern invalid as it contains ] without previous [');
      stack.pop();
      index += 1;
    } else if (char === '{' || char === '}' || char === '#') {
      throw new DateTimeError(`Pattern includes reserved character: '${char}'`);
    } else {
      top().push({ kind: 'literal', text: char });
      index += 1;
    }
  }
  const items = stack[0]!;
  if (patternCache.size > 500) patternCache.clear();
  patternCache.set(pattern, items);
  return items;
}

function validateCount(letter: string, count: number): void {
  const max: Record<string, number> = { d: 2, h: 2, K: 2, k: 2, H: 2, m: 2, s: 2, D: 3, F: 1, W: 1, w: 2, M: 5, L: 5, Q: 5, q: 5, E: 5, e: 5, c: 5, a: 1, B: 5, G: 5, V: 2, v: 4, z: 4, O: 4, X: 5, x: 5, Z: 5 };
  const limit = max[letter];
  if (letter === 'V' && count !== 2) throw new DateTimeError(`Pattern letter count must be 2: ${letter}`);
  if ((letter === 'O' && count !== 1 && count !== 4) || (letter === 'v' && count !== 1 && count !== 4)) {
    throw new DateTimeError(`Pattern letter count must be one or four: ${letter}`);
  }
  if (limit !== undefined && count > limit) throw new DateTimeError(`Too many pattern letters: ${letter}`);
}

function pad(value: number, width: number): string {
  const text = String(Math.abs(value));
  return (value < 0 ? '-' : '') + (text.length >= width ? text : '0'.repeat(width - text.length) + text);
}

/** appendOffset(pattern, noOffsetText). */
function formatOffset(offset: number, style: 'HH' | 'HHmm' | 'HHMM' | 'HH:MM' | 'HHMMss' | 'HH:MM:ss', zeroText: string): string {
  if (offset === 0) return zeroText;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hours = pad(Math.floor(abs / 3600), 2);
  const minutes = Math.floor((abs % 3600) / 60);
  const seconds = abs % 60;
  switch (style) {
    case 'HH':
      return `${sign}${hours}`;
    case 'HHmm':
      return `${sign}${hours}${minutes || seconds ? pad(minutes, 2) : ''}`;
    case 'HHMM':
      return `${sign}${hours}${pad(minutes, 2)}`;
    case 'HH:MM':
      return `${sign}${hours}:${pad(minutes, 2)}`;
    case 'HHMMss':
      return `${sign}${hours}${pad(minutes, 2)}${seconds ? pad(seconds, 2) : ''}`;
    case 'HH:MM:ss':
      return `${sign}${hours}:${pad(minutes, 2)}${seconds ? `:${pad(seconds, 2)}` : ''}`;
  }
}

function localizedOffset(offset: number, full: boolean): string {
  if (offset === 0) return 'GMT';
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hours = Math.floor(abs / 3600);
  const minutes = Math.floor((abs % 3600) / 60);
  const seconds = abs % 60;
  if (full) return `GMT${sign}${pad(hours, 2)}:${pad(minutes, 2)}${seconds ? `:${pad(seconds, 2)}` : ''}`;
  return `GMT${sign}${hours}${minutes || seconds ? `:${pad(minutes, 2)}` : ''}${seconds ? `:${pad(seconds, 2)}` : ''}`;
}

function formatYear(year: number, count: number): string {
  if (count === 2) return pad(((year % 100) + 100) % 100, 2);
  const text = pad(year, count === 1 ? 1 : count);
  // SignStyle.EXCEEDS_PAD: a year wider than a 4+ letter field gets an explicit "+".
  return count >= 4 && year > 0 && String(year).length > count ? `+${text}` : text;
}

/** en-US week rules (WeekFields.of(Locale.US): weeks start on Sunday, week 1 contains January 1st). */
function localizedDayOfWeek(isoDow: number): number {
  return (isoDow % 7) + 1;
}

function weekBasedYearAndWeek(local: LocalDateTime): { year: number; week: number } {
  const dow = localizedDayOfWeek(dayOfWeek(local.year, local.month, local.day));
  const doy = dayOfYear(local.year, local.month, local.day);
  const daysInYear = isLeapYear(local.year) ? 366 : 365;
  // The Saturday ending this week; if it falls in the next year, this is week 1 of that year.
  if (doy + (7 - dow) > daysInYear) return { year: local.year + 1, week: 1 };
  const jan1Dow = localizedDayOfWeek(dayOfWeek(local.year, 1, 1));
  return { year: local.year, week: Math.floor((doy - 1 + jan1Dow - 1) / 7) + 1 };
}

function formatField(letter: string, count: number, date: ZonedDateTime, local: LocalDateTime, locale: string): string {
  const isoDow = dayOfWeek(local.year, local.month, local.day);
  switch (letter) {
    case 'G': {
      const ad = local.year > 0;
      if (count === 4) return ad ? 'Anno Domini' : 'Before Christ';
      if (count === 5) return ad ? 'A' : 'B';
      return ad ? 'AD' : 'BC';
    }
    case 'u':
      return formatYear(local.year, count);
    case 'y':
      return formatYear(local.year > 0 ? local.year : 1 - local.year, count);
    case 'Y':
      return formatYear(weekBasedYearAndWeek(local).year, count);
    case 'Q':
    case 'q': {
      const quarter = Math.floor((local.month - 1) / 3) + 1;
      if (count === 3) return `Q${quarter}`;
      if (count === 4) return `${['1st', '2nd', '3rd', '4th'][quarter - 1]} quarter`;
      return count === 2 ? pad(quarter, 2) : String(quarter);
    }
    case 'M':
    case 'L':
      if (count === 3) return names(locale, 'month', 'short')[local.month - 1]!;
      if (count === 4) return names(locale, 'month', 'long')[local.month - 1]!;
      if (count === 5) return names(locale, 'month', 'narrow')[local.month - 1]!;
      return pad(local.month, count);
    case 'd':
      return pad(local.day, count);
    case 'D':
      return pad(dayOfYear(local.year, local.month, local.day), count);
    case 'w':
      return pad(weekBasedYearAndWeek(local).week, count);
    case 'W': {
      const firstDow = localizedDayOfWeek(dayOfWeek(local.year, local.month, 1));
      return String(Math.floor((local.day - 1 + firstDow - 1) / 7) + 1);
    }
    case 'F':
      return String(Math.floor((local.day - 1) / 7) + 1);
    case 'E':
      if (count === 4) return names(locale, 'weekday', 'long')[isoDow - 1]!;
      if (count === 5) return names(locale, 'weekday', 'narrow')[isoDow - 1]!;
      return names(locale, 'weekday', 'short')[isoDow - 1]!;
    case 'e':
    case 'c':
      if (count <= 2) return pad(localizedDayOfWeek(isoDow), count);
      return formatField('E', count, date, local, locale);
    case 'a':
      return local.hour < 12 ? 'AM' : 'PM';
    case 'B':
      throw new DateTimeError('Pattern letter B (day period) is not supported by the local sandbox');
    case 'h':
      return pad(local.hour % 12 === 0 ? 12 : local.hour % 12, count);
    case 'K':
      return pad(local.hour % 12, count);
    case 'k':
      return pad(local.hour === 0 ? 24 : local.hour, count);
    case 'H':
      return pad(local.hour, count);
    case 'm':
      return pad(local.minute, count);
    case 's':
      return pad(local.second, count);
    case 'S':
      return pad(local.nano, 9).slice(0, Math.min(count, 9)).padEnd(count, '0');
    case 'A':
      return pad((local.hour * 3600 + local.minute * 60 + local.second) * 1000 + Math.floor(local.nano / 1e6), count);
    case 'n':
      return pad(local.nano, count);
    case 'N':
      return (BigInt(local.hour * 3600 + local.minute * 60 + local.second) * 1_000_000_000n + BigInt(local.nano)).toString().padStart(count, '0');
    case 'V':
      return date.zone.id;
    case 'v':
    case 'z':
      return zoneName(date, count === 4 ? 'long' : 'short', locale);
    case 'O':
      return localizedOffset(date.offset, count === 4);
    case 'X':
    case 'x': {
      const styles = ['HHmm', 'HHMM', 'HH:MM', 'HHMMss', 'HH:MM:ss'] as const;
      const zeroTexts = ['+00', '+0000', '+00:00', '+0000', '+00:00'];
      return formatOffset(date.offset, styles[count - 1]!, letter === 'X' ? 'Z' : zeroTexts[count - 1]!);
    }
    case 'Z':
      if (count <= 3) return formatOffset(date.offset, 'HHMM', '+0000');
      if (count === 4) return localizedOffset(date.offset, true);
      return formatOffset(date.offset, 'HH:MM:ss', 'Z');
    default:
      throw new DateTimeError(`Unknown pattern letter: ${letter}`);
  }
}

function formatItems(items: PatternItem[], date: ZonedDateTime, local: LocalDateTime, locale: string): string {
  let out = '';
  for (const item of items) {
    if (item.kind === 'literal') out += item.text;
    else if (item.kind === 'optional') out += formatItems(item.items, date, local, locale);
    else out += formatField(item.letter, item.count, date, local, locale);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The named formatters of AbstractDate.FORMATTERS and the ISO constants

function isoLocalDate(local: LocalDateTime): string {
  const year = Math.abs(local.year) > 9999 ? (local.year > 0 ? `+${local.year}` : String(local.year)) : pad(local.year, 4);
  return `${year}-${pad(local.month, 2)}-${pad(local.day, 2)}`;
}

function isoLocalTime(local: LocalDateTime): string {
  let fraction = '';
  if (local.nano > 0) fraction = `.${pad(local.nano, 9).replace(/0+$/, '')}`;
  return `${pad(local.hour, 2)}:${pad(local.minute, 2)}:${pad(local.second, 2)}${fraction}`;
}

function isoOffset(date: ZonedDateTime): string {
  return formatOffset(date.offset, 'HH:MM:ss', 'Z');
}

function isoZoneSuffix(date: ZonedDateTime): string {
  return date.zone.region ? `[${date.zone.id}]` : '';
}

function isoInstant(date: ZonedDateTime): string {
  const local = toLocal(date.epochSecond, 0, 0);
  let fraction = '';
  if (date.nano > 0) {
    const digits = pad(date.nano, 9);
    fraction = date.nano % 1_000_000 === 0 ? `.${digits.slice(0, 3)}` : date.nano % 1000 === 0 ? `.${digits.slice(0, 6)}` : `.${digits}`;
  }
  return `${isoLocalDate(local)}T${pad(local.hour, 2)}:${pad(local.minute, 2)}:${pad(local.second, 2)}${fraction}Z`;
}

function isoWeekDate(local: LocalDateTime): string {
  // ISO rules: weeks start on Monday; week 1 holds the year's first Thursday.
  const dow = dayOfWeek(local.year, local.month, local.day);
  const thursday = new Date(0);
  thursday.setUTCFullYear(local.year, local.month - 1, local.day - dow + 4);
  const weekYear = thursday.getUTCFullYear();
  const week = Math.floor((dayOfYear(weekYear, thursday.getUTCMonth() + 1, thursday.getUTCDate()) - 1) / 7) + 1;
  return `${pad(weekYear, 4)}-W${pad(week, 2)}-${dow}`;
}

function rfc1123(date: ZonedDateTime, local: LocalDateTime): string {
  const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const dow = dayOfWeek(local.year, local.month, local.day);
  const offset = date.offset === 0 ? 'GMT' : formatOffset(date.offset, 'HHMM', 'GMT');
  return `${days[dow - 1]}, ${local.day} ${months[local.month - 1]} ${pad(local.year, 4)} ${pad(local.hour, 2)}:${pad(local.minute, 2)}:${pad(local.second, 2)} ${offset}`;
}

type NamedFormatter = (date: ZonedDateTime, local: LocalDateTime) => string;

const ISO_FORMATTERS: Record<string, NamedFormatter> = {
  iso_date_time: (date, local) => `${isoLocalDate(local)}T${isoLocalTime(local)}${isoOffset(date)}${isoZoneSuffix(date)}`,
  iso_date: (date, local) => `${isoLocalDate(local)}${isoOffset(date)}`,
  iso_time: (date, local) => `${isoLocalTime(local)}${isoOffset(date)}`,
  iso_local_date: (_date, local) => isoLocalDate(local),
  iso_instant: (date) => isoInstant(date),
  iso_local_date_time: (_date, local) => `${isoLocalDate(local)}T${isoLocalTime(local)}`,
  iso_local_time: (_date, local) => isoLocalTime(local),
  iso_offset_time: (date, local) => `${isoLocalTime(local)}${isoOffset(date)}`,
  iso_ordinal_date: (date, local) => `${pad(local.year, 4)}-${pad(dayOfYear(local.year, local.month, local.day), 3)}${isoOffset(date)}`,
  iso_week_date: (date, local) => `${isoWeekDate(local)}${isoOffset(date)}`,
  iso_zoned_date_time: (date, local) => `${isoLocalDate(local)}T${isoLocalTime(local)}${isoOffset(date)}${isoZoneSuffix(date)}`,
  rfc_1123_date_time: (date, local) => rfc1123(date, local),
};

/** AbstractDate.FORMATTERS entries that are plain patterns. */
const PATTERN_ALIASES: Record<string, string> = {
  iso: "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX",
  iso_sec: "yyyy-MM-dd'T'HH:mm:ssXXX",
  sql: 'yyyy-MM-dd HH:mm:ss.SSSSSS',
  sql_seq: 'yyyy-MM-dd HH:mm:ss',
};

const STYLES = new Set(['full', 'long', 'medium', 'short']);

function formatStyle(style: string, date: ZonedDateTime, locale: string): string {
  const options: Intl.DateTimeFormatOptions = {
    dateStyle: style as 'full' | 'long' | 'medium' | 'short',
    timeStyle: style as 'full' | 'long' | 'medium' | 'short',
  };
  if (date.zone.fixed === null) options.timeZone = date.zone.id;
  else options.timeZone = 'UTC';
  const shifted = date.zone.fixed === null ? date.epochSecond : date.epochSecond + date.zone.fixed;
  return new Intl.DateTimeFormat(toIntlLocale(locale), options).format(new Date(shifted * 1000));
}

/** AbstractDate.format: the named formatter, style or pattern, applied in `zone` (DateTimeFormatter.withZone). */
export function formatDate(date: ZonedDateTime, format: string, zone: Zone, locale: string): string {
  const inZone = withZoneSameInstant(date, zone);
  const local = localOf(inZone);
  if (STYLES.has(format)) return formatStyle(format, inZone, locale);
  const named = ISO_FORMATTERS[format];
  if (named) return named(inZone, local);
  return formatItems(compilePattern(PATTERN_ALIASES[format] ?? format), inZone, local, locale);
}

// ---------------------------------------------------------------------------------------------
// Parsing

interface Parsed {
  year?: number;
  yearOfEra?: number;
  reducedYear?: number;
  era?: number;
  month?: number;
  day?: number;
  dayOfYear?: number;
  hour?: number;
  hourOfAmPm?: number;
  clockHourOfAmPm?: number;
  amPm?: number;
  minute?: number;
  second?: number;
  nano?: number;
  offset?: number;
  zone?: Zone;
}

class ParseFailure extends Error {
  constructor(readonly index: number) {
    super(`could not be parsed at index ${index}`);
  }
}

function parseFailure(text: string, index: number): DateTimeError {
  return new DateTimeError(`Text '${text}' could not be parsed at index ${index}`);
}

const FIXED_WIDTH: Record<string, (count: number) => number | null> = {
  M: (count) => (count === 2 ? 2 : null),
  L: (count) => (count === 2 ? 2 : null),
  d: (count) => (count === 2 ? 2 : null),
  H: (count) => (count === 2 ? 2 : null),
  h: (count) => (count === 2 ? 2 : null),
  K: (count) => (count === 2 ? 2 : null),
  k: (count) => (count === 2 ? 2 : null),
  m: (count) => (count === 2 ? 2 : null),
  s: (count) => (count === 2 ? 2 : null),
  D: (count) => (count === 3 ? 3 : null),
  S: (count) => count,
  y: (count) => (count === 2 ? 2 : null),
  u: (count) => (count === 2 ? 2 : null),
};

function isNumericField(item: PatternItem): item is { kind: 'field'; letter: string; count: number } {
  return item.kind === 'field' && ('yuDdHhKkmsSn'.includes(item.letter) || ((item.letter === 'M' || item.letter === 'L') && item.count <= 2));
}

class PatternParser {
  constructor(
    private readonly text: string,
    private readonly locale: string,
  ) {}

  parse(items: PatternItem[], start: number, fields: Parsed): number {
    let pos = start;
    for (let index = 0; index < items.length; index += 1) {
      const item = items[index]!;
      if (item.kind === 'literal') {
        if (!this.text.startsWith(item.text, pos)) throw new ParseFailure(pos);
        pos += item.text.length;
      } else if (item.kind === 'optional') {
        const attempt: Parsed = { ...fields };
        try {
          pos = this.parse(item.items, pos, attempt);
          Object.assign(fields, attempt);
        } catch (error) {
          if (!(error instanceof ParseFailure)) throw error;
        }
      } else {
        // Adjacent value parsing: a variable-width number leaves room for the fixed-width ones after it.
        let reserved = 0;
        for (let next = index + 1; next < items.length; next += 1) {
          const following = items[next]!;
          if (!isNumericField(following)) break;
          const width = FIXED_WIDTH[following.letter]?.(following.count) ?? null;
          if (width === null) break;
          reserved += width;
        }
        pos = this.parseField(item.letter, item.count, pos, fields, reserved);
      }
    }
    return pos;
  }

  private digits(pos: number, min: number, max: number, reserved: number, signed: boolean): { value: number; end: number } {
    let cursor = pos;
    let sign = 1;
    if (signed && (this.text[cursor] === '-' || this.text[cursor] === '+')) {
      sign = this.text[cursor] === '-' ? -1 : 1;
      cursor += 1;
    }
    let available = 0;
    while (cursor + available < this.text.length && /[0-9]/.test(this.text[cursor + available]!)) available += 1;
    const take = Math.min(max, Math.max(min, available - reserved));
    if (take < min || take > available) throw new ParseFailure(pos);
    return { value: sign * Number(this.text.slice(cursor, cursor + take)), end: cursor + take };
  }

  private matchText(pos: number, candidates: string[]): { index: number; end: number } {
    let best = -1;
    let bestLength = 0;
    candidates.forEach((candidate, index) => {
      if (candidate.length > bestLength && this.text.startsWith(candidate, pos)) {
        best = index;
        bestLength = candidate.length;
      }
    });
    if (best < 0) throw new ParseFailure(pos);
    return { index: best, end: pos + bestLength };
  }

  private parseOffsetText(pos: number, allowZ: boolean): { offset: number; end: number } {
    if (allowZ && this.text[pos] === 'Z') return { offset: 0, end: pos + 1 };
    const match = /[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?/y;
    match.lastIndex = pos;
    const found = match.exec(this.text);
    if (!found) throw new ParseFailure(pos);
    const offset = parseOffset(found[0]);
    if (offset === null) throw new ParseFailure(pos);
    return { offset, end: pos + found[0].length };
  }

  private parseField(letter: string, count: number, pos: number, fields: Parsed, reserved: number): number {
    const numeric = (min: number, max: number, signed = false): number => {
      const { value, end } = this.digits(pos, min, max, reserved, signed);
      result = value;
      return end;
    };
    let result = 0;
    switch (letter) {
      case 'u':
      case 'y': {
        if (count === 2) {
          const end = numeric(2, 2);
          fields.reducedYear = result;
          return end;
        }
        const end = numeric(count === 1 ? 1 : count, 19, true);
        if (letter === 'u') fields.year = result;
        else fields.yearOfEra = result;
        return end;
      }
      case 'Y': {
        const end = numeric(count === 2 ? 2 : count, count === 2 ? 2 : 19, true);
        fields.year = count === 2 ? 2000 + result : result;
        return end;
      }
      case 'G': {
        const texts = count === 4 ? ['Before Christ', 'Anno Domini'] : count === 5 ? ['B', 'A'] : ['BC', 'AD'];
        const { index, end } = this.matchText(pos, texts);
        fields.era = index;
        return end;
      }
      case 'M':
      case 'L': {
        if (count >= 3) {
          const width = count === 3 ? 'short' : count === 4 ? 'long' : 'narrow';
          const { index, end } = this.matchText(pos, names(this.locale, 'month', width));
          fields.month = index + 1;
          return end;
        }
        const end = numeric(count, count === 1 ? 19 : 2);
        fields.month = result;
        return end;
      }
      case 'Q':
      case 'q':
      case 'w':
      case 'W':
      case 'F': {
        const end = numeric(count, count === 1 ? 19 : count);
        return end;
      }
      case 'd': {
        const end = numeric(count, count === 1 ? 19 : 2);
        fields.day = result;
        return end;
      }
      case 'D': {
        const end = numeric(count, count === 3 ? 3 : count === 2 ? 3 : 19);
        fields.dayOfYear = result;
        return end;
      }
      case 'E':
      case 'e':
      case 'c': {
        if ((letter === 'e' || letter === 'c') && count <= 2) return numeric(count, count === 1 ? 19 : 2);
        // The day of week is matched but not cross-checked against the date.
        const width = count === 4 ? 'long' : count === 5 ? 'narrow' : 'short';
        return this.matchText(pos, names(this.locale, 'weekday', width)).end;
      }
      case 'a': {
        const { index, end } = this.matchText(pos, ['AM', 'PM']);
        fields.amPm = index;
        return end;
      }
      case 'H': {
        const end = numeric(count, count === 1 ? 19 : 2);
        fields.hour = result;
        return end;
      }
      case 'k': {
        const end = numeric(count, count === 1 ? 19 : 2);
        fields.hour = result === 24 ? 0 : result;
        return end;
      }
      case 'h': {
        const end = numeric(count, count === 1 ? 19 : 2);
        fields.clockHourOfAmPm = result;
        return end;
      }
      case 'K': {
        const end = numeric(count, count === 1 ? 19 : 2);
        fields.hourOfAmPm = result;
        return end;
      }
      case 'm': {
        const end = numeric(count, count === 1 ? 19 : 2);
        fields.minute = result;
        return end;
      }
      case 's': {
        const end = numeric(count, count === 1 ? 19 : 2);
        fields.second = result;
        return end;
      }
      case 'S': {
        const { end } = this.digits(pos, count, count, 0, false);
        fields.nano = Number(this.text.slice(pos, end).padEnd(9, '0').slice(0, 9));
        return end;
      }
      case 'n': {
        const end = numeric(1, 9);
        fields.nano = result;
        return end;
      }
      case 'A':
      case 'N':
        return numeric(1, 19);
      case 'V': {
        const match = /[A-Za-z0-9~/._+-]+/y;
        match.lastIndex = pos;
        const found = match.exec(this.text);
        if (!found) throw new ParseFailure(pos);
        try {
          fields.zone = zoneOf(found[0]);
        } catch {
          throw new ParseFailure(pos);
        }
        return pos + found[0].length;
      }
      case 'z':
      case 'v': {
        const { index, end } = this.matchText(pos, ['UTC', 'GMT', 'UT', 'Z']);
        fields.zone = index === 3 ? zoneOf('Z') : zoneOf(['UTC', 'GMT', 'UT'][index]!);
        return end;
      }
      case 'O': {
        if (!this.text.startsWith('GMT', pos)) throw new ParseFailure(pos);
        const after = pos + 3;
        const match = /[+-]\d{1,2}(?::\d{2}(?::\d{2})?)?/y;
        match.lastIndex = after;
        const found = match.exec(this.text);
        if (!found) {
          fields.offset = 0;
          return after;
        }
        const offset = parseOffset(found[0]);
        if (offset === null) throw new ParseFailure(after);
        fields.offset = offset;
        return after + found[0].length;
      }
      case 'X':
      case 'x':
      case 'Z': {
        if (letter === 'Z' && count === 4) return this.parseField('O', 4, pos, fields, reserved);
        const { offset, end } = this.parseOffsetText(pos, letter === 'X' || (letter === 'Z' && count === 5));
        fields.offset = offset;
        return end;
      }
      default:
        throw new ParseFailure(pos);
    }
  }
}

function resolveDate(fields: Parsed): { year: number; month: number; day: number } | null {
  let year = fields.year;
  if (year === undefined && fields.yearOfEra !== undefined) year = fields.era === 0 ? 1 - fields.yearOfEra : fields.yearOfEra;
  if (year === undefined && fields.reducedYear !== undefined) year = 2000 + fields.reducedYear;
  if (year === undefined) return null;
  if (fields.dayOfYear !== undefined && fields.month === undefined) {
    const date = new Date(0);
    date.setUTCFullYear(year, 0, fields.dayOfYear);
    return { year, month: date.getUTCMonth() + 1, day: date.getUTCDate() };
  }
  if (fields.month === undefined || fields.day === undefined) return null;
  if (fields.month < 1 || fields.month > 12) throw new DateTimeError(`Invalid value for MonthOfYear (valid values 1 - 12): ${fields.month}`);
  if (fields.day < 1 || fields.day > 31) throw new DateTimeError(`Invalid value for DayOfMonth (valid values 1 - 28/31): ${fields.day}`);
  // ResolverStyle.SMART clamps a day past the end of the month.
  return { year, month: fields.month, day: Math.min(fields.day, lengthOfMonth(year, fields.month)) };
}

function resolveTime(fields: Parsed): { hour: number; minute: number; second: number; nano: number } | null {
  let hour = fields.hour;
  if (hour === undefined && fields.clockHourOfAmPm !== undefined) hour = (fields.clockHourOfAmPm % 12) + (fields.amPm === 1 ? 12 : 0);
  if (hour === undefined && fields.hourOfAmPm !== undefined) hour = fields.hourOfAmPm + (fields.amPm === 1 ? 12 : 0);
  if (hour === undefined) return null;
  const minute = fields.minute ?? 0;
  const second = fields.second ?? 0;
  if (hour < 0 || hour > 23) throw new DateTimeError(`Invalid value for HourOfDay (valid values 0 - 23): ${hour}`);
  if (minute > 59) throw new DateTimeError(`Invalid value for MinuteOfHour (valid values 0 - 59): ${minute}`);
  if (second > 59) throw new DateTimeError(`Invalid value for SecondOfMinute (valid values 0 - 59): ${second}`);
  return { hour, minute, second, nano: fields.nano ?? 0 };
}

const ISO_DATE_TIME_REGEX =
  /^([+-]?\d{4,9})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?(?:\[([^\]]+)\])?$/;
const ISO_TIME_REGEX = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?$/;

/** What the flexible ISO parsers read: ZonedDateTime.parse, LocalDateTime.parse, LocalDate.parse. */
function parseIso(text: string, requireTime: boolean, requireOffset: boolean): Parsed {
  const match = ISO_DATE_TIME_REGEX.exec(text);
  if (!match) {
    const time = ISO_TIME_REGEX.exec(text);
    if (!time) throw parseFailure(text, 0);
    throw parseFailure(text, 0);
  }
  if (requireTime && match[4] === undefined) throw parseFailure(text, 10);
  if (requireOffset && match[8] === undefined) throw parseFailure(text, text.length);
  const fields: Parsed = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if (fields.month! < 1 || fields.month! > 12) throw new DateTimeError(`Text '${text}' could not be parsed: Invalid value for MonthOfYear (valid values 1 - 12): ${fields.month}`);
  // The ISO formatters use ResolverStyle.STRICT: February 30th is an error.
  if (fields.day! < 1 || fields.day! > lengthOfMonth(fields.year!, fields.month!)) {
    throw new DateTimeError(`Text '${text}' could not be parsed: Invalid date '${fields.month}-${fields.day}'`);
  }
  if (match[4] !== undefined) {
    fields.hour = Number(match[4]);
    fields.minute = Number(match[5]);
    fields.second = Number(match[6] ?? 0);
    fields.nano = match[7] ? Number(match[7].padEnd(9, '0')) : 0;
    if (fields.hour > 23 || fields.minute > 59 || fields.second > 59) throw new DateTimeError(`Text '${text}' could not be parsed: Invalid time`);
  }
  if (match[8] !== undefined) {
    const offset = match[8] === 'Z' ? 0 : parseOffset(match[8]);
    if (offset === null) throw parseFailure(text, text.length - match[8].length);
    fields.offset = offset;
  }
  if (match[9] !== undefined) {
    try {
      fields.zone = zoneOf(match[9]);
    } catch (error) {
      throw new DateTimeError(`Text '${text}' could not be parsed: ${(error as Error).message}`);
    }
  }
  return fields;
}

function parseRfc1123(text: string): Parsed {
  const match = /^(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2})(?::(\d{2}))? (GMT|[+-]\d{4})$/.exec(text);
  if (!match) throw parseFailure(text, 0);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].indexOf(match[3]!) + 1;
  const offset = match[8] === 'GMT' ? 0 : parseOffset(match[8]!);
  return { year: Number(match[4]), month, day: Number(match[2]), hour: Number(match[5]), minute: Number(match[6]), second: Number(match[7] ?? 0), nano: 0, offset: offset ?? 0 };
}

function parseWithFormat(text: string, format: string, locale: string): Parsed {
  if (format === 'rfc_1123_date_time') return parseRfc1123(text);
  if (format === 'iso_instant') {
    const fields = parseIso(text, true, true);
    if (fields.offset !== 0) throw parseFailure(text, 19);
    return fields;
  }
  if (ISO_FORMATTERS[format]) return parseIso(text, false, false);
  if (STYLES.has(format)) throw new DateTimeError(`Parsing the localized '${format}' style is not supported by the local sandbox`);
  const items = compilePattern(PATTERN_ALIASES[format] ?? format);
  const fields: Parsed = {};
  let end: number;
  try {
    end = new PatternParser(text, locale).parse(items, 0, fields);
  } catch (error) {
    if (error instanceof ParseFailure) throw parseFailure(text, error.index);
    throw error;
  }
  if (end < text.length) throw new DateTimeError(`Text '${text}' could not be parsed, unparsed text found at index ${end}`);
  return fields;
}

type Target = 'zoned' | 'local-date-time' | 'local-date';

function build(fields: Parsed, text: string, target: Target, zone: Zone): ZonedDateTime {
  let date: ReturnType<typeof resolveDate>;
  let time: ReturnType<typeof resolveTime>;
  try {
    date = resolveDate(fields);
    time = resolveTime(fields);
  } catch (error) {
    throw new DateTimeError(`Text '${text}' could not be parsed: ${(error as Error).message}`);
  }
  const unable = (what: string): DateTimeError => new DateTimeError(`Text '${text}' could not be parsed: Unable to obtain ${what} from TemporalAccessor`);
  if (!date) throw unable(target === 'zoned' ? 'ZonedDateTime' : target === 'local-date-time' ? 'LocalDateTime' : 'LocalDate');
  if (target === 'local-date') return ofLocal({ ...date, hour: 0, minute: 0, second: 0, nano: 0 }, zone);
  if (!time) throw unable(target === 'zoned' ? 'ZonedDateTime' : 'LocalDateTime');
  const local = { ...date, ...time };
  if (target === 'local-date-time') return ofLocal(local, zone);
  if (fields.zone) {
    const result = ofLocal(local, fields.zone, fields.offset);
    return result;
  }
  if (fields.offset === undefined) throw unable('ZonedDateTime');
  const offsetZone = zoneOf(formatOffsetId(fields.offset));
  return ofLocal(local, offsetZone);
}

/** AbstractDate.convert for strings: ZonedDateTime, else LocalDateTime, else LocalDate at start of day. */
export function parseDate(text: string, zone: Zone, existingFormat: string | null, locale: string): ZonedDateTime {
  const attempt = (target: Target): ZonedDateTime => {
    const fields = existingFormat === null ? parseIso(text, target !== 'local-date', target === 'zoned') : parseWithFormat(text, existingFormat, locale);
    if (existingFormat === null && target === 'local-date-time' && fields.offset !== undefined) throw parseFailure(text, 19);
    if (existingFormat === null && target === 'local-date' && fields.hour !== undefined) throw parseFailure(text, 10);
    return build(fields, text, target, zone);
  };
  try {
    return attempt('zoned');
  } catch {
    try {
      return attempt('local-date-time');
    } catch {
      return attempt('local-date');
    }
  }
}

export function epochNanos(date: ZonedDateTime): bigint {
  return BigInt(date.epochSecond) * 1_000_000_000n + BigInt(date.nano);
}
