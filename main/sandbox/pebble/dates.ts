// The glue between Pebble values and java-time: AbstractDate.convert and .format.

import { DateTimeError, formatDate, fromDate, ofInstant, parseDate, zoneOf, type Zone, type ZonedDateTime } from './java-time';
import type { Args, Invocation } from './runtime';
import { isDouble, javaClassName } from './values';

function stringArg(args: Args, name: string, call: Invocation): string | null {
  const value = args.get(name);
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') return call.fail(`class ${javaClassName(value)} cannot be cast to class java.lang.String (argument '${name}')`);
  return value;
}

export function zoneArg(args: Args, call: Invocation): Zone {
  const id = stringArg(args, 'timeZone', call);
  if (id === null) return call.run.zone;
  try {
    return zoneOf(id);
  } catch (error) {
    return call.fail((error as Error).message, 'evaluation', error);
  }
}

export function localeArg(args: Args, call: Invocation): string {
  return stringArg(args, 'locale', call) ?? call.run.locale;
}

/** AbstractDate.convert: Date, epoch seconds (a Long) or a string parsed with `existingFormat`. */
export function toZoned(input: unknown, zone: Zone, args: Args, call: Invocation): ZonedDateTime {
  try {
    if (input instanceof Date) return fromDate(input, zone);
    if (typeof input === 'bigint') return ofInstant(Number(input), 0, zone);
    if (typeof input === 'number' && !isDouble(input)) return ofInstant(input, 0, zone);
    // AbstractDate.convert parses with the default locale: the `locale` argument only formats.
    if (typeof input === 'string') return parseDate(input, zone, stringArg(args, 'existingFormat', call), call.run.locale);
  } catch (error) {
    if (error instanceof DateTimeError) return call.fail(error.message, 'evaluation', error);
    throw error;
  }
  return call.fail(`class ${javaClassName(input)} cannot be cast to class java.lang.String`);
}

/** AbstractDate.format: `format` defaults to "iso" (yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX). */
export function formatWithArgs(date: ZonedDateTime, args: Args, call: Invocation): string {
  const format = stringArg(args, 'format', call) ?? 'iso';
  try {
    return formatDate(date, format, zoneArg(args, call), localeArg(args, call));
  } catch (error) {
    if (error instanceof DateTimeError) return call.fail(error.message, 'evaluation', error);
    throw error;
  }
}
