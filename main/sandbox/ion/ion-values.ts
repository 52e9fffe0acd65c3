// Amazon Ion as Kestra reads and writes it (core/.../serializers/JacksonMapper.ofIon, FileSerde and
// serializers/ion/*), on top of Amazon's ion-js:
// - internal-storage files are Ion *text*, one top-level value per line (`{a:1,b:"x"}\n`);
// - integers are Ion ints, other numbers Ion floats (Jackson writes a Double as `1.5e0`);
// - dates: an Instant is a timestamp (`2024-01-01T10:00:00.000Z`), a LocalDate a day-precision
//   timestamp (`2024-01-01T`), a ZonedDateTime a string annotated with its Java type
//   (`ZonedDateTime::"2024-01-01T10:00+01:00[Europe/Paris]"`).
// Read back, values become what the rest of the sandbox uses for Java objects: timestamps become
// ISO strings (Instant.toString, LocalDate.toString, ZonedDateTime.toString), decimals and floats
// numbers, blobs base64 text, symbols strings. No dependency on the rest of the sandbox.
import * as ion from 'ion-js';

export class IonError extends Error {}

/** A Java Double: written as an Ion float (`2e0`), read back as one in typed mode. */
export class IonFloat {
  constructor(readonly value: number) {}
}

/** A Java BigDecimal: an Ion decimal kept as its text (`1.50`). */
export class IonDecimal {
  constructor(readonly text: string) {}
}

export type JavaDateType = 'Instant' | 'LocalDate' | 'ZonedDateTime' | 'OffsetDateTime' | 'LocalDateTime' | 'OffsetTime' | 'LocalTime';

/** A date as Kestra's IonParser reads it: the Java type and its ISO text (`toString()`). */
export class IonDate {
  constructor(
    readonly javaType: JavaDateType,
    readonly text: string,
  ) {}

  toString(): string {
    return this.text;
  }
}

const JAVA_DATE_TYPES = new Set<string>(['Instant', 'LocalDate', 'ZonedDateTime', 'OffsetDateTime', 'LocalDateTime', 'OffsetTime', 'LocalTime']);

/** Java's Instant.toString: seconds always, the fraction only when non-zero (3, 6 or 9 digits). */
function instantText(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function pad(value: number, width: number): string {
  return String(Math.abs(value)).padStart(width, '0');
}

/** IonParser.getEmbeddedObject for a timestamp: LocalDate, Instant or a zoned date-time. */
function timestampValue(timestamp: ion.Timestamp): IonDate {
  const offset = timestamp.getLocalOffset();
  const ms = timestamp.getDate().getTime();
  if (offset === null || offset === 0) {
    // A UTC midnight reads as a LocalDate (Kestra's truncatedTo(DAYS) check).
    if (ms % 86_400_000 === 0) return new IonDate('LocalDate', new Date(ms).toISOString().slice(0, 10));
    return new IonDate('Instant', instantText(ms));
  }
  // instant.atOffset(offset).toZonedDateTime().toString(): local date-time then the offset.
  const local = new Date(ms + offset * 60_000);
  const seconds = local.getUTCSeconds();
  const millis = local.getUTCMilliseconds();
  const time = `${pad(local.getUTCHours(), 2)}:${pad(local.getUTCMinutes(), 2)}${seconds || millis ? `:${pad(seconds, 2)}` : ''}${millis ? `.${pad(millis, 3)}` : ''}`;
  const sign = offset < 0 ? '-' : '+';
  return new IonDate('ZonedDateTime', `${local.toISOString().slice(0, 10)}T${time}${sign}${pad(Math.floor(Math.abs(offset) / 60), 2)}:${pad(Math.abs(offset) % 60, 2)}`);
}

/**
 * An ion-js DOM value as a JavaScript value. Plain by default (dates as ISO strings, numbers as
 * numbers); `typed` keeps what Java would see: IonFloat, IonDecimal and IonDate.
 */
export function fromIonDom(value: ion.dom.Value | null, typed = false): unknown {
  if (value === null || value.isNull()) return null;
  switch (value.getType()) {
    case ion.IonTypes.BOOL:
      return value.booleanValue();
    case ion.IonTypes.INT: {
      const big = value.bigIntValue();
      return big !== null && (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) ? big : value.numberValue();
    }
    case ion.IonTypes.FLOAT:
      return typed ? new IonFloat(value.numberValue()!) : value.numberValue();
    case ion.IonTypes.DECIMAL:
      return typed ? new IonDecimal(value.decimalValue()!.toString()) : value.numberValue();
    case ion.IonTypes.TIMESTAMP: {
      const date = timestampValue(value.timestampValue()!);
      return typed ? date : date.text;
    }
    case ion.IonTypes.STRING:
    case ion.IonTypes.SYMBOL: {
      const annotation = value.getAnnotations()[0];
      if (typed && annotation && JAVA_DATE_TYPES.has(annotation)) return new IonDate(annotation as JavaDateType, value.stringValue()!);
      return value.stringValue();
    }
    case ion.IonTypes.BLOB:
    case ion.IonTypes.CLOB:
      return Buffer.from(value.uInt8ArrayValue()!).toString('base64');
    case ion.IonTypes.LIST:
    case ion.IonTypes.SEXP:
      return [...(value as unknown as Iterable<ion.dom.Value>)].map((item) => fromIonDom(item, typed));
    case ion.IonTypes.STRUCT: {
      const result: Record<string, unknown> = {};
      for (const [key, field] of value.fields()) result[key] = fromIonDom(field, typed);
      return result;
    }
    default:
      return null;
  }
}

/** Every top-level value of an Ion text (or binary) document (see `fromIonDom` for `typed`). */
export function parseIon(text: string | Uint8Array, typed = false): unknown[] {
  try {
    return ion.loadAll(text).map((value) => fromIonDom(value, typed));
  } catch (error) {
    throw new IonError(`Invalid Ion: ${(error as Error).message}`, { cause: error });
  }
}

function writeValue(writer: ion.Writer, value: unknown, depth: number): void {
  if (depth > 1_000) throw new IonError('Value nested too deeply to be written as Ion');
  if (value === null || value === undefined) {
    writer.writeNull(ion.IonTypes.NULL);
  } else if (typeof value === 'boolean') {
    writer.writeBoolean(value);
  } else if (typeof value === 'bigint') {
    writer.writeInt(value);
  } else if (typeof value === 'number') {
    if (Number.isInteger(value) && Number.isSafeInteger(value)) writer.writeInt(value);
    else writer.writeFloat64(value);
  } else if (typeof value === 'string') {
    writer.writeString(value);
  } else if (value instanceof IonFloat) {
    writer.writeFloat64(value.value);
  } else if (value instanceof IonDecimal) {
    writer.writeDecimal(ion.Decimal.parse(value.text));
  } else if (value instanceof IonDate) {
    // IonGenerator: Instant and LocalDate as timestamps, other Java dates as annotated strings.
    if (value.javaType === 'Instant') writer.writeTimestamp(ion.Timestamp.parse(new Date(value.text).toISOString())!);
    else if (value.javaType === 'LocalDate') writer.writeTimestamp(ion.Timestamp.parse(`${value.text}T`)!);
    else {
      writer.setAnnotations([value.javaType]);
      writer.writeString(value.text);
    }
  } else if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new IonError('Invalid Date');
    writer.writeTimestamp(ion.Timestamp.parse(value.toISOString())!);
  } else if (value instanceof Uint8Array) {
    writer.writeBlob(value);
  } else if (Array.isArray(value)) {
    writer.stepIn(ion.IonTypes.LIST);
    for (const item of value) writeValue(writer, item, depth + 1);
    writer.stepOut();
  } else if (value instanceof Map) {
    writer.stepIn(ion.IonTypes.STRUCT);
    for (const [key, item] of value) {
      writer.writeFieldName(String(key));
      writeValue(writer, item, depth + 1);
    }
    writer.stepOut();
  } else if (typeof value === 'object') {
    writer.stepIn(ion.IonTypes.STRUCT);
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      writer.writeFieldName(key);
      writeValue(writer, item, depth + 1);
    }
    writer.stepOut();
  } else {
    writer.writeString(String(value));
  }
}

/** One value as Kestra's Ion mapper prints it (compact text). */
export function toIonText(value: unknown): string {
  const writer = ion.makeTextWriter();
  writeValue(writer, value, 0);
  writer.close();
  return new TextDecoder().decode(writer.getBytes());
}

/** FileSerde.write: the value and a newline; null values are skipped (Kestra writes nothing). */
export function ionLine(value: unknown): string {
  return value === null || value === undefined ? '' : `${toIonText(value)}\n`;
}
