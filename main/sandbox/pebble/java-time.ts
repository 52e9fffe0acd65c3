// java.time as Kestra's date filters use it (core/.../runners/pebble/AbstractDate.java), on top of
// js-joda, a port of java.time: `@js-joda/core` (ZonedDateTime, DateTimeFormatter patterns and
// the ISO formatters, parsing with java.time's messages), `@js-joda/timezone` (the IANA rules) and
// `@js-joda/locale` (localized text: month and day names, AM/PM, zone names, week rules).
//
// What Kestra adds on top, kept here: its named formats (`iso`, `iso_sec`, `sql`, `sql_seq`,
// `iso_*`, `rfc_1123_date_time`, the `full/long/medium/short` styles), and the string conversion
// order (ZonedDateTime, else LocalDateTime, else LocalDate at the start of the day).
//
// Locales: a locale's CLDR data is loaded the first time it is used, from @js-joda/locale's
// prebuilt bundles (en-US, the JVM default of Kestra's image, is small; others weigh more). A
// locale without a bundle falls back to en-US. The localized styles go through Intl (js-joda has
// no ofLocalizedDateTime): the same CLDR patterns Java 9+ uses.
import { createRequire } from 'node:module';
import {
  ChronoField,
  ChronoUnit,
  DateTimeFormatter,
  DateTimeFormatterBuilder,
  DateTimeParseException,
  Instant,
  IsoFields,
  LocalDate,
  LocalDateTime,
  ResolverStyle,
  SignStyle,
  ZoneId,
  ZoneOffset,
  ZonedDateTime,
} from '@js-joda/core';
import '@js-joda/timezone';
import { Locale } from '@js-joda/locale';

export type { ZonedDateTime } from '@js-joda/core';
export type Zone = ZoneId;

export class DateTimeError extends Error {}

const UTC = ZoneId.of('UTC');

/** js-joda appends the parsed text, the index and the cause's stack; java.time's message stops before. */
function javaMessage(error: Error): string {
  const first = error.message.split('\n')[0]!;
  const text = (error as Error & { parsedString?: () => string }).parsedString?.();
  if (typeof text !== 'string') return first;
  const suffix = `: ${text}, at index: `;
  const at = first.lastIndexOf(suffix);
  return at >= 0 && /^\d+$/.test(first.slice(at + suffix.length)) ? first.slice(0, at) : first;
}

const JS_JODA_ERRORS = new Set(['DateTimeException', 'DateTimeParseException', 'UnsupportedTemporalTypeException', 'IllegalArgumentException', 'IllegalStateException', 'ArithmeticException']);

/** js-joda's exceptions become DateTimeError (a PebbleException in the filters); others pass. */
function rethrow(error: unknown): never {
  if (error instanceof Error && JS_JODA_ERRORS.has(error.name)) throw new DateTimeError(javaMessage(error), { cause: error });
  throw error;
}

// ---------------------------------------------------------------------------------------------
// Zones

const zoneCache = new Map<string, ZoneId>();

/** ZoneId.of(id), with java.time's messages ("Unknown time-zone ID: …"). */
export function zoneOf(id: string): Zone {
  let zone = zoneCache.get(id);
  if (!zone) {
    try {
      zone = ZoneId.of(id);
    } catch (error) {
      rethrow(error);
    }
    if (zoneCache.size > 1000) zoneCache.clear();
    zoneCache.set(id, zone);
  }
  return zone;
}

/** ZoneId.systemDefault(): the host's zone by its IANA id, UTC when it cannot be determined. */
export function systemZone(): Zone {
  try {
    const id = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return id ? zoneOf(id) : UTC;
  } catch {
    return UTC;
  }
}

// ---------------------------------------------------------------------------------------------
// Instants

export function ofInstant(epochSecond: number, nano: number, zone: Zone): ZonedDateTime {
  try {
    return ZonedDateTime.ofInstant(Instant.ofEpochSecond(epochSecond, nano), zone);
  } catch (error) {
    return rethrow(error);
  }
}

export function fromDate(date: Date, zone: Zone): ZonedDateTime {
  const millis = date.getTime();
  if (Number.isNaN(millis)) throw new DateTimeError('Invalid Date');
  return ofInstant(Math.floor(millis / 1000), (millis - Math.floor(millis / 1000) * 1000) * 1_000_000, zone);
}

export function epochNanos(date: ZonedDateTime): bigint {
  return BigInt(date.toEpochSecond()) * 1_000_000_000n + BigInt(date.nano());
}

const CHRONO_UNITS = ['NANOS', 'MICROS', 'MILLIS', 'SECONDS', 'MINUTES', 'HOURS', 'HALF_DAYS', 'DAYS', 'WEEKS', 'MONTHS', 'YEARS', 'DECADES', 'CENTURIES', 'MILLENNIA', 'ERAS', 'FOREVER'] as const;

/** ZonedDateTime.plus(amount, ChronoUnit.valueOf(unit)). */
export function plus(date: ZonedDateTime, amount: number, unit: string): ZonedDateTime {
  if (!(CHRONO_UNITS as readonly string[]).includes(unit)) throw new DateTimeError(`No enum constant java.time.temporal.ChronoUnit.${unit}`);
  try {
    return date.plus(amount, (ChronoUnit as unknown as Record<string, ChronoUnit>)[unit]!);
  } catch (error) {
    return rethrow(error);
  }
}

// ---------------------------------------------------------------------------------------------
// Locales

// Not named `require`: the bundle's ESM shim declares one at the top of the same module.
const requireLocaleBundle = createRequire(import.meta.url);
/** @js-joda/locale's prebuilt bundles; `en-us` first because it is the default and the smallest. */
const BUNDLES = new Set(['ar', 'cs', 'da', 'de', 'de-de', 'el', 'en', 'en-gb', 'en-us', 'es', 'fi', 'fi-fi', 'fr', 'fr-fr', 'hi', 'it', 'it-it', 'ja', 'ja-jp', 'ko', 'lt', 'nb-no', 'nn-no', 'no', 'pl', 'ro', 'ru', 'sk', 'sv', 'sv-se', 'tr', 'uk', 'zh']);
const loadedBundles = new Set<string>();
const localeCache = new Map<string, Locale>();

function loadBundle(name: string): boolean {
  if (loadedBundles.has(name)) return true;
  if (!BUNDLES.has(name)) return false;
  requireLocaleBundle(`@js-joda/locale/dist/prebuilt/${name}`);
  loadedBundles.add(name);
  return true;
}

/** LocaleUtils.toLocale("fr", "fr_FR", "fr-FR") as a js-joda Locale whose text data is loaded. */
export function localeOf(tag: string): Locale {
  const cached = localeCache.get(tag);
  if (cached) return cached;
  const [languagePart = 'en', regionPart = ''] = tag.split(/[-_]/);
  const language = languagePart.toLowerCase();
  const region = regionPart.toUpperCase();
  let locale: Locale;
  const regional = region ? `${language}-${region.toLowerCase()}` : '';
  const loaded = language === 'en' && (region === '' || region === 'US') ? loadBundle('en-us') : (regional && BUNDLES.has(regional) ? loadBundle(regional) : false) || loadBundle(language);
  if (loaded) locale = new Locale(language, region, region ? `${language}-${region}` : language);
  else {
    // No CLDR bundle for this language in the sandbox: English text rather than a failure.
    loadBundle('en-us');
    locale = Locale.US;
  }
  localeCache.set(tag, locale);
  return locale;
}

// ---------------------------------------------------------------------------------------------
// Formatters

/** AbstractDate.FORMATTERS entries that are plain patterns. */
const PATTERN_ALIASES: Record<string, string> = {
  iso: "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX",
  iso_sec: "yyyy-MM-dd'T'HH:mm:ssXXX",
  sql: 'yyyy-MM-dd HH:mm:ss.SSSSSS',
  sql_seq: 'yyyy-MM-dd HH:mm:ss',
};

/** `base`, then an optional offset (java.time's ISO_DATE, ISO_TIME, ISO_ORDINAL_DATE, ISO_WEEK_DATE). */
function isoWithOffset(base: DateTimeFormatter | ((builder: DateTimeFormatterBuilder) => DateTimeFormatterBuilder)): DateTimeFormatter {
  const builder = new DateTimeFormatterBuilder().parseCaseInsensitive();
  return (typeof base === 'function' ? base(builder) : builder.append(base)).optionalStart().appendOffsetId().toFormatter(ResolverStyle.STRICT);
}

// js-joda's ISO_DATE, ISO_TIME, ISO_ORDINAL_DATE and ISO_WEEK_DATE leave out the optional offset
// that java.time prints: rebuilt as java.time defines them. ISO_DATE_TIME and ISO_ZONED_DATE_TIME
// print `[zone]` for a region only (appendZoneRegionId, which js-joda lacks): see `formatDate`.
const NAMED_FORMATTERS: Record<string, DateTimeFormatter> = {
  iso_date_time: DateTimeFormatter.ISO_DATE_TIME,
  iso_date: isoWithOffset(DateTimeFormatter.ISO_LOCAL_DATE),
  iso_time: isoWithOffset(DateTimeFormatter.ISO_LOCAL_TIME),
  iso_local_date: DateTimeFormatter.ISO_LOCAL_DATE,
  iso_instant: DateTimeFormatter.ISO_INSTANT,
  iso_local_date_time: DateTimeFormatter.ISO_LOCAL_DATE_TIME,
  iso_local_time: DateTimeFormatter.ISO_LOCAL_TIME,
  iso_offset_time: DateTimeFormatter.ISO_OFFSET_TIME,
  iso_ordinal_date: isoWithOffset((b) => b.appendValue(ChronoField.YEAR, 4, 10, SignStyle.EXCEEDS_PAD).appendLiteral('-').appendValue(ChronoField.DAY_OF_YEAR, 3)),
  iso_week_date: isoWithOffset((b) =>
    b.appendValue(IsoFields.WEEK_BASED_YEAR, 4, 10, SignStyle.EXCEEDS_PAD).appendLiteral('-W').appendValue(IsoFields.WEEK_OF_WEEK_BASED_YEAR, 2).appendLiteral('-').appendValue(ChronoField.DAY_OF_WEEK, 1),
  ),
  iso_zoned_date_time: DateTimeFormatter.ISO_ZONED_DATE_TIME,
};

let rfc1123: DateTimeFormatter | undefined;

/** java.time's RFC_1123_DATE_TIME: English names whatever the locale, day unpadded, `GMT` for zero. */
function rfc1123Formatter(): DateTimeFormatter {
  rfc1123 ??= new DateTimeFormatterBuilder()
    .parseCaseInsensitive()
    .parseLenient()
    .appendPattern("[EEE, ]d MMM yyyy HH:mm[:ss] ")
    .appendOffset('+HHMM', 'GMT')
    .toFormatter(ResolverStyle.SMART)
    .withLocale(localeOf('en-US'));
  return rfc1123;
}

const STYLES = new Set(['full', 'long', 'medium', 'short']);

const patternCache = new Map<string, DateTimeFormatter>();

/** DateTimeFormatter.ofPattern(pattern), SMART resolving like Java's; cached. */
function patternFormatter(pattern: string): DateTimeFormatter {
  let formatter = patternCache.get(pattern);
  if (!formatter) {
    if (pattern.includes('B')) assertNoDayPeriod(pattern);
    try {
      formatter = new DateTimeFormatterBuilder().appendPattern(pattern).toFormatter(ResolverStyle.SMART);
    } catch (error) {
      return rethrow(error);
    }
    if (patternCache.size > 500) patternCache.clear();
    patternCache.set(pattern, formatter);
  }
  return formatter;
}

/** Java 16+ knows `B` (day period); js-joda does not: say so rather than "Unknown pattern letter". */
function assertNoDayPeriod(pattern: string): void {
  let quoted = false;
  for (const char of pattern) {
    if (char === "'") quoted = !quoted;
    else if (char === 'B' && !quoted) throw new DateTimeError('Pattern letter B (day period) is not supported by the local sandbox');
  }
}

/** AbstractDate.formatter: a style, a named formatter or a pattern. */
function formatterOf(format: string): DateTimeFormatter {
  if (format === 'rfc_1123_date_time') return rfc1123Formatter();
  return NAMED_FORMATTERS[format] ?? patternFormatter(PATTERN_ALIASES[format] ?? format);
}

function formatStyle(style: string, date: ZonedDateTime, locale: string): string {
  const zone = date.zone();
  const options: Intl.DateTimeFormatOptions = {
    dateStyle: style as 'full' | 'long' | 'medium' | 'short',
    timeStyle: style as 'full' | 'long' | 'medium' | 'short',
  };
  let epochMs = date.toInstant().toEpochMilli();
  if (zone instanceof ZoneOffset) {
    // Intl knows zone names, not bare offsets: shift the instant and print it as UTC.
    options.timeZone = 'UTC';
    epochMs += zone.totalSeconds() * 1000;
  } else options.timeZone = zone.id() === 'Z' ? 'UTC' : zone.id();
  return new Intl.DateTimeFormat(locale.replace(/_/g, '-'), options).format(new Date(epochMs));
}

/** AbstractDate.format: `formatter(format).withLocale(locale).withZone(zone).format(date)`. */
export function formatDate(date: ZonedDateTime, format: string, zone: Zone, locale: string): string {
  try {
    const inZone = date.zone().equals(zone) ? date : date.withZoneSameInstant(zone);
    if (STYLES.has(format)) return formatStyle(format, inZone, locale);
    if (format === 'iso_date_time' || format === 'iso_zoned_date_time') {
      const region = inZone.zone() instanceof ZoneOffset ? '' : `[${inZone.zone().id()}]`;
      return `${inZone.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)}${region}`;
    }
    const formatter = formatterOf(format);
    return inZone.format(format === 'rfc_1123_date_time' ? formatter : formatter.withLocale(localeOf(locale)));
  } catch (error) {
    return rethrow(error);
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing

/**
 * AbstractDate.convert for strings: ZonedDateTime.parse, else LocalDateTime.parse in `zone`, else
 * LocalDate.parse at the start of the day in `zone`; the last failure is the one reported.
 * `existingFormat` formatters parse with the default locale, as Kestra's do.
 */
export function parseDate(text: string, zone: Zone, existingFormat: string | null, locale: string): ZonedDateTime {
  if (existingFormat !== null && STYLES.has(existingFormat)) throw new DateTimeError(`Parsing the localized '${existingFormat}' style is not supported by the local sandbox`);
  const formatter = existingFormat === null ? undefined : existingFormat === 'rfc_1123_date_time' ? rfc1123Formatter() : formatterOf(existingFormat).withLocale(localeOf(locale));
  try {
    return formatter ? ZonedDateTime.parse(text, formatter) : ZonedDateTime.parse(text);
  } catch (zonedError) {
    if (!(zonedError instanceof DateTimeParseException)) rethrow(zonedError);
  }
  try {
    return (formatter ? LocalDateTime.parse(text, formatter) : LocalDateTime.parse(text)).atZone(zone);
  } catch (localError) {
    if (!(localError instanceof DateTimeParseException)) rethrow(localError);
  }
  try {
    return (formatter ? LocalDate.parse(text, formatter) : LocalDate.parse(text)).atStartOfDay().atZone(zone);
  } catch (error) {
    return rethrow(error);
  }
}

/** DateTimeFormatter.ISO_OFFSET_DATE_TIME in `zone` (what Jackson writes for a ZonedDateTime). */
export function isoOffsetDateTime(date: ZonedDateTime, zone: Zone): string {
  return date.withZoneSameInstant(zone).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
}
