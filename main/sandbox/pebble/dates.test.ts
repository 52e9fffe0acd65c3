import { describe, expect, it } from 'vitest';
import { render, type RenderOptions } from './index';

const r = (template: string, context: Record<string, unknown> = {}, options: RenderOptions = {}): string => render(template, context, { timeZone: 'UTC', ...options });

// DateFilterTest (kestra-io/kestra core/src/test/.../pebble/filters/DateFilterTest.java) uses
// NOW = 2013-09-08T16:19:12.123456+01 as a Date, an Instant, a ZonedDateTime and a LocalDateTime.
const vars = {
  date: new Date('2013-09-08T15:19:12Z'),
  zoned: '2013-09-08T16:19:12.123456+01:00',
  local: '2013-09-08T16:19:12.123456',
};

describe('date filter (DateFilterTest)', () => {
  it('formats dates in the requested zone', () => {
    expect(r(`{{ date | date(format='iso', timeZone='Europe/Paris') }}`, vars)).toBe('2013-09-08T17:19:12.000000+02:00');
    expect(r(`{{ date | date(format="iso_sec", timeZone="Europe/Paris") }}`, vars)).toBe('2013-09-08T17:19:12+02:00');
    expect(r(`{{ zoned | date(format="iso", timeZone="Europe/Paris") }}`, vars)).toBe('2013-09-08T17:19:12.123456+02:00');
    expect(r(`{{ local | date(format="yyyy-MM-dd HH:mm:ss.SSSSSSXXX", timeZone="Europe/Paris") }}`, vars)).toBe('2013-09-08 16:19:12.123456+02:00');
    expect(r(`{{ local | date(format="yyyy-MM-dd HH:mm:ss.SSSSSSXXX", timeZone="UTC") }}`, vars)).toBe('2013-09-08 16:19:12.123456Z');
  });

  it('parses strings as ZonedDateTime, LocalDateTime or LocalDate, or with existingFormat', () => {
    expect(r(`{{ "July 24, 2001" | date("yyyy-MM-dd", existingFormat="MMMM dd, yyyy") }}`)).toBe('2001-07-24');
    expect(r(`{{ "2013-09-08T17:19:12+02:00" | date(timeZone="Europe/Paris") }}`)).toBe('2013-09-08T17:19:12.000000+02:00');
    expect(r(`{{ "2013-09-08T17:19:12" | date(timeZone="Europe/Paris") }}`)).toBe('2013-09-08T17:19:12.000000+02:00');
    expect(r(`{{ "2013-09-08" | date(timeZone="Europe/Paris") }}`)).toBe('2013-09-08T00:00:00.000000+02:00');
    expect(r(`{{ 'Tue, 08 Feb 2022 19:38:26 GMT' | date(existingFormat='rfc_1123_date_time', timeZone="Europe/Paris") }}`)).toBe('2022-02-08T20:38:26.000000+01:00');
  });

  it('defaults to the iso format in the default zone (the JVM zone in Kestra, RenderOptions.timeZone here)', () => {
    expect(r('{{ zoned | date }}', vars)).toBe('2013-09-08T15:19:12.123456Z');
    expect(r('{{ zoned | date }}', vars, { timeZone: 'America/New_York' })).toBe('2013-09-08T11:19:12.123456-04:00');
  });

  it('takes the format as the first positional argument and the zone as the second', () => {
    expect(r(`{{ zoned | date('dd/MM/yyyy HH:mm', 'Asia/Tokyo') }}`, vars)).toBe('09/09/2013 00:19');
  });

  it('reads an integer as epoch seconds and passes null through', () => {
    expect(r('{{ 1378653552 | date("yyyy-MM-dd HH:mm:ss") }}')).toBe('2013-09-08 15:19:12');
    expect(r('[{{ null | date }}]')).toBe('[]');
  });

  it('handles execution and trigger dates as the sandbox stores them (ISO instants)', () => {
    const context = { execution: { startDate: '2024-03-10T01:30:00.123Z' }, trigger: { date: '2024-03-10T00:00:00Z' } };
    expect(r(`{{ execution.startDate | date("yyyy-MM-dd'T'HH:mm") }}`, context)).toBe('2024-03-10T01:30');
    expect(r(`{{ trigger.date | date("EEEE d MMMM yyyy", timeZone="America/Los_Angeles") }}`, context)).toBe('Saturday 9 March 2024');
  });
});

describe('DateTimeFormatter patterns', () => {
  const at = '2024-02-05T14:03:09.007000+00:00';

  it('formats numeric, text, clock and offset fields', () => {
    expect(r(`{{ d | date("yyyy yy y M MM MMM MMMM d dd D DDD") }}`, { d: at })).toBe('2024 24 2024 2 02 Feb February 5 05 36 036');
    expect(r(`{{ d | date("E EEE EEEE e a h hh K k H HH m mm s ss S SSS SSSSSS n") }}`, { d: at })).toBe(
      'Mon Mon Monday 2 PM 2 02 2 14 14 14 3 03 9 09 0 007 007000 7000000',
    );
    expect(r(`{{ d | date("X XX XXX x xxx Z ZZZZ ZZZZZ O VV") }}`, { d: at }, { timeZone: 'Asia/Kolkata' })).toBe(
      '+0530 +0530 +05:30 +0530 +05:30 +0530 GMT+05:30 +05:30 GMT+5:30 Asia/Kolkata',
    );
    expect(r(`{{ d | date("X x Z O") }}`, { d: at })).toBe('Z +00 +0000 GMT');
  });

  it('supports quoted literals, escaped quotes, optional sections and quarters', () => {
    expect(r(`{{ d | date("'Q'Q QQQ QQQQ 'at' HH'h' ''yy[ G]") }}`, { d: at })).toBe("Q1 Q1 1st quarter at 14h '24 AD");
  });

  it('uses en-US week rules for Y and w, and ISO rules for iso_week_date', () => {
    expect(r(`{{ '2024-12-29' | date("YYYY-'w'ww e") }} {{ '2024-12-29' | date('iso_week_date') }}`)).toBe('2025-w01 1 2024-W52-7Z');
  });

  it('prints month and day names in the requested locale', () => {
    expect(r(`{{ d | date("EEEE d MMMM", locale="fr") }}`, { d: at })).toBe('lundi 5 février');
    expect(r(`{{ d | date("EEEE d MMMM", locale="de_DE") }}`, { d: at })).toBe('Montag 5 Februar');
    expect(r(`{{ d | date("EEEE d MMMM", locale="en-GB") }}`, { d: at })).toBe('Monday 5 February');
  });

  it('falls back to English for a locale the sandbox has no data for', () => {
    expect(r(`{{ d | date("EEEE", locale="xx") }}`, { d: at })).toBe('Monday');
  });

  it('prints RFC 1123 dates in English whatever the locale, and parses them back', () => {
    expect(r(`{{ d | date('rfc_1123_date_time', locale='fr') }}`, { d: at })).toBe('Mon, 5 Feb 2024 14:03:09 GMT');
    expect(r(`{{ d | date('rfc_1123_date_time', timeZone='+05:30') }}`, { d: at })).toBe('Mon, 5 Feb 2024 19:33:09 +0530');
  });

  it('supports the named ISO formatters', () => {
    const d = { d: '2024-02-05T14:03:09.5+01:00' };
    expect(r(`{{ d | date('iso_date_time', timeZone='Europe/Paris') }}`, d)).toBe('2024-02-05T14:03:09.5+01:00[Europe/Paris]');
    expect(r(`{{ d | date('iso_local_date_time', timeZone='Europe/Paris') }}`, d)).toBe('2024-02-05T14:03:09.5');
    expect(r(`{{ d | date('iso_instant') }} {{ d | date('iso_local_date') }} {{ d | date('iso_ordinal_date') }}`, d)).toBe('2024-02-05T13:03:09.500Z 2024-02-05 2024-036Z');
    expect(r(`{{ d | date('sql') }} | {{ d | date('sql_seq') }}`, d)).toBe('2024-02-05 13:03:09.500000 | 2024-02-05 13:03:09');
    expect(r(`{{ d | date('rfc_1123_date_time') }}`, d)).toBe('Mon, 5 Feb 2024 13:03:09 GMT');
    expect(r(`{{ d | date('iso_zoned_date_time', timeZone='+02:00') }}`, d)).toBe('2024-02-05T15:03:09.5+02:00');
  });

  it('supports the localized styles', () => {
    expect(r(`{{ d | date('short') }}`, { d: '2024-02-05T14:03:09Z' })).toMatch(/^2\/5\/24, 2:03\sPM$/);
    expect(r(`{{ d | date('medium') }}`, { d: '2024-02-05T14:03:09Z' })).toMatch(/^Feb 5, 2024, 2:03:09\sPM$/);
  });

  it('reports invalid patterns and zones with java.time messages', () => {
    expect(() => r(`{{ d | date('bbb') }}`, { d: at })).toThrow('Unknown pattern letter: b');
    expect(() => r(`{{ d | date('ddd') }}`, { d: at })).toThrow('Too many pattern letters: d');
    expect(() => r(`{{ d | date("'open") }}`, { d: at })).toThrow('Pattern ends with an incomplete string literal');
    expect(() => r(`{{ d | date(timeZone='Mars/Olympus') }}`, { d: at })).toThrow('Unknown time-zone ID: Mars/Olympus');
    expect(() => r(`{{ d | date(timeZone='europe/paris') }}`, { d: at })).toThrow('Unknown time-zone ID: europe/paris');
  });

  it('reports unparseable text with DateTimeParseException\'s message', () => {
    expect(() => r(`{{ 'not a date' | date }}`)).toThrow("Text 'not a date' could not be parsed at index 0");
    expect(() => r(`{{ '2024-02-30' | date }}`)).toThrow("Text '2024-02-30' could not be parsed");
    expect(() => r(`{{ '24/13/2024' | date('yyyy', existingFormat='dd/MM/yyyy') }}`)).toThrow('Invalid value for MonthOfYear');
  });

  it('parses with patterns, including adjacent numbers, AM/PM and offsets', () => {
    expect(r(`{{ '20240205' | date('yyyy-MM-dd', existingFormat='yyyyMMdd') }}`)).toBe('2024-02-05');
    expect(r(`{{ '02/05/2024 02:03 PM' | date("yyyy-MM-dd'T'HH:mm", existingFormat='MM/dd/yyyy hh:mm a') }}`)).toBe('2024-02-05T14:03');
    expect(r(`{{ '2024-02-05 14:03:09 +0530' | date('iso', existingFormat='yyyy-MM-dd HH:mm:ss Z') }}`)).toBe('2024-02-05T08:33:09.000000Z');
    expect(r(`{{ '05.02.24' | date('yyyy-MM-dd', existingFormat='dd.MM.yy') }}`)).toBe('2024-02-05');
  });
});

describe('dateAdd', () => {
  it('adds and subtracts ChronoUnits (DateFilterTest.add)', () => {
    expect(r(`{{ zoned | dateAdd(-1,"DAYS",timeZone="Europe/Paris")}}`, vars)).toBe('2013-09-07T17:19:12.123456+02:00');
    expect(r(`{{ zoned | dateAdd(90, 'MINUTES', format='HH:mm') }}`, vars)).toBe('16:49');
    expect(r(`{{ zoned | dateAdd(2, 'WEEKS', 'yyyy-MM-dd') }}`, vars)).toBe('2013-09-22');
    expect(r(`{{ zoned | dateAdd(1500, 'MILLIS', 'HH:mm:ss.SSS') }}`, vars)).toBe('15:19:13.623');
  });

  it('clamps month arithmetic to the end of the month like plusMonths', () => {
    expect(r(`{{ '2024-01-31T10:00:00Z' | dateAdd(1, 'MONTHS', 'yyyy-MM-dd') }} {{ '2023-01-31T10:00:00Z' | dateAdd(1, 'MONTHS', 'yyyy-MM-dd') }}`)).toBe('2024-02-29 2023-02-28');
    expect(r(`{{ '2024-02-29T10:00:00Z' | dateAdd(1, 'YEARS', 'yyyy-MM-dd') }}`)).toBe('2025-02-28');
  });

  it('keeps the wall-clock time across a DST change for day units, but not for hours', () => {
    const opts = { timeZone: 'Europe/Paris' };
    // 2024-03-31 is the spring-forward day in Paris.
    expect(r(`{{ '2024-03-30T12:00:00' | dateAdd(1, 'DAYS') }}`, {}, opts)).toBe('2024-03-31T12:00:00.000000+02:00');
    expect(r(`{{ '2024-03-30T12:00:00' | dateAdd(24, 'HOURS') }}`, {}, opts)).toBe('2024-03-31T13:00:00.000000+02:00');
    // 02:30 does not exist that day: java.time moves it forward by the gap.
    expect(r(`{{ '2024-03-31T02:30:00' | date }}`, {}, opts)).toBe('2024-03-31T03:30:00.000000+02:00');
  });

  it('rejects unknown units and non-integer amounts', () => {
    expect(() => r(`{{ zoned | dateAdd(1, 'FORTNIGHTS') }}`, vars)).toThrow('No enum constant java.time.temporal.ChronoUnit.FORTNIGHTS');
    expect(() => r(`{{ zoned | dateAdd(1.5, 'DAYS') }}`, vars)).toThrow('cannot be cast to class java.lang.Long');
  });
});

describe('timestamps', () => {
  it('converts to epoch seconds, milliseconds, and nanoseconds (DateFilterTest)', () => {
    expect(r(`{{ zoned | timestamp(timeZone="Europe/Paris") }}`, vars)).toBe('1378653552');
    expect(r('{{ zoned | timestampMilli }}', vars)).toBe('1378653552123');
    expect(r(`{{ zoned | timestampNano(timeZone="Europe/Paris") }}`, vars)).toBe('1378653552123456000');
  });

  it('reproduces TimestampMicroFilter, which adds microseconds to epoch nanoseconds', () => {
    expect(r(`{{ zoned | timestampMicro(timeZone="Europe/Paris") }}`, vars)).toBe('1378653552000123456');
  });

  it('compares timestamps (DateFilterTest.timestampCompare)', () => {
    expect(r(`{{ (zoned | timestamp) > (zoned | dateAdd(-1, 'DAYS') | timestamp) }}`, vars)).toBe('true');
  });
});

describe('now()', () => {
  const clock = { now: () => new Date('2024-05-06T07:08:09.123Z') };

  it('prints the injected clock in the iso format with microseconds', () => {
    expect(r('{{ now() }}', {}, clock)).toBe('2024-05-06T07:08:09.123000Z');
    expect(r('{{ now(timeZone="Europe/Lisbon") }}', {}, clock)).toBe('2024-05-06T08:08:09.123000+01:00');
    expect(r('{{ now(format="iso_local_date") }}', {}, clock)).toBe('2024-05-06');
  });

  it('feeds other date filters', () => {
    expect(r(`{{ now() | dateAdd(-1, 'DAYS', 'yyyy-MM-dd') }}`, {}, clock)).toBe('2024-05-05');
  });

  it('uses the system clock when none is given', () => {
    const before = Date.now();
    const printed = render('{{ now(format="iso_instant") }}', {}, {});
    expect(Date.parse(printed)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(printed)).toBeLessThanOrEqual(Date.now() + 1000);
  });
});
