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

/** Java's Instant.toString: seconds always, the fraction only when non-zero (3, 6 or 9 digits). */
function instantText(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function pad(value: number, width: number): string {
  return String(Math.abs(value)).padStart(width, '0');
}

/** IonParser.getEmbeddedObject for a timestamp: LocalDate, Instant or a zoned date-time. */
function timestampValue(timestamp: ion.Timestamp): string {
  const offset = timestamp.getLocalOffset();
  const ms = timestamp.getDate().getTime();
  if (offset === null || offset === 0) {
    // A UTC midnight reads as a LocalDate (Kestra's truncatedTo(DAYS) check).
    if (ms % 86_400_000 === 0) return new Date(ms).toISOString().slice(0, 10);
    return instantText(ms);
  }
  // instant.atOffset(offset).toZonedDateTime().toString(): local date-time then the offset.
  const local = new Date(ms + offset * 60_000);
  const seconds = local.getUTCSeconds();
  const millis = local.getUTCMilliseconds();
  const time = `${pad(local.getUTCHours(), 2)}:${pad(local.getUTCMinutes(), 2)}${seconds || millis ? `:${pad(seconds, 2)}` : ''}${millis ? `.${pad(millis, 3)}` : ''}`;
  const sign = offset < 0 ? '-' : '+';
  return `${local.toISOString().slice(0, 10)}T${time}${sign}${pad(Math.floor(Math.abs(offset) / 60), 2)}:${pad(Math.abs(offset) % 60, 2)}`;
}

/** An ion-js DOM value as a plain JavaScript value. */
export function fromIonDom(value: ion.dom.Value | null): unknown {
  if (value === null || value.isNull()) return null;
  switch (value.getType()) {
    case ion.IonTypes.BOOL:
      return value.booleanValue();
    case ion.IonTypes.INT: {
      const big = value.bigIntValue();
      return big !== null && (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) ? big : value.numberValue();
    }
    case ion.IonTypes.FLOAT:
    case ion.IonTypes.DECIMAL:
      return value.numberValue();
    case ion.IonTypes.TIMESTAMP:
      return timestampValue(value.timestampValue()!);
    case ion.IonTypes.STRING:
    case ion.IonTypes.SYMBOL:
      return value.stringValue();
    case ion.IonTypes.BLOB:
    case ion.IonTypes.CLOB:
      return Buffer.from(value.uInt8ArrayValue()!).toString('base64');
    case ion.IonTypes.LIST:
    case ion.IonTypes.SEXP:
      return [...(value as unknown as Iterable<ion.dom.Value>)].map((item) => fromIonDom(item));
    case ion.IonTypes.STRUCT: {
      const result: Record<string, unknown> = {};
      for (const [key, field] of value.fields()) result[key] = fromIonDom(field);
      return result;
    }
    default:
      return null;
  }
}

/** Every top-level value of an Ion text (or binary) document. */
export function parseIon(text: string | Uint8Array): unknown[] {
  try {
    return ion.loadAll(text).map((value) => fromIonDom(value));
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
