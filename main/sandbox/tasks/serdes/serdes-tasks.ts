// io.kestra.plugin.serdes.csv.CsvToIon / IonToCsv and json.JsonToIon / IonToJson (the serdes
// plugin), reading and writing internal storage through Kestra's Ion conventions (../../ion).
// Property names, defaults and messages follow the plugin's classes; outputs: `uri`.
import { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { IonDate, IonDecimal, IonFloat, ionLine } from '../../ion/ion-values';
import { readIonValues } from '../../ion/ion-files';
import { formatDate, isoOffsetDateTime, parseDate, systemZone, zoneOf } from '../../pebble/java-time';
import { JsonParseError, parseJson } from '../../pebble/json';
import { PebbleDouble, javaDoubleToString, javaToString } from '../../pebble/values';
import { withDefault, type JsonSchema } from '../../schema/json-schema';
import type { TaskDefinition, TaskRunContext } from '../task-definition';
import { CsvParseError, csvLine, readCsv, type QuoteMode } from './csv';

const FROM: JsonSchema = { type: 'string', title: 'Source file URI', $dynamic: true, $internalStorageURI: true };
const CHARSET: JsonSchema = { ...withDefault({ type: 'string' }, 'UTF-8'), $dynamic: true, title: 'The name of a supported charset' };
const URI_OUTPUT = { uri: { type: 'string' as const, format: 'uri', title: 'URI of a temporary result file' } };

function rendered(context: TaskRunContext, name: string, fallback: string): string {
  const value = context.task[name];
  return value === undefined || value === null ? fallback : context.render(String(value));
}

function booleanProperty(context: TaskRunContext, name: string, fallback: boolean): boolean {
  return rendered(context, name, String(fallback)).trim().toLowerCase() === 'true';
}

/** Property<Character>: exactly one character. */
function charProperty(context: TaskRunContext, name: string, fallback: string): string {
  const value = rendered(context, name, fallback);
  if ([...value].length !== 1) throw new Error(`Invalid ${name} '${value}': expected a single character`);
  return value;
}

function sourceUri(context: TaskRunContext): string {
  const uri = context.render(String(context.task.from ?? ''));
  if (!uri.startsWith('kestra://')) throw new Error(`Invalid from '${uri}': expected an internal storage URI (kestra:///…)`);
  return uri;
}

/** The file's text, decoded with a Java charset name (UTF-8, ISO-8859-1, windows-1252, UTF-16…). */
async function* decoded(input: Readable, charset: string): AsyncGenerator<string> {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset.toLowerCase());
  } catch {
    throw new Error(`Unsupported charset '${charset}'`);
  }
  for await (const chunk of input) yield decoder.decode(chunk as Buffer, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

async function* lines(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let pending = '';
  for await (const chunk of chunks) {
    pending += chunk;
    const parts = pending.split(/\r\n|\n|\r/);
    pending = parts.pop()!;
    yield* parts;
  }
  if (pending !== '') yield pending;
}

function encoded(text: AsyncIterable<string>, charset: string): Readable {
  const encoding = charset.toLowerCase().replace(/[^a-z0-9]/g, '');
  const nodeEncoding: BufferEncoding = encoding === 'utf8' ? 'utf8' : encoding === 'iso88591' || encoding === 'latin1' ? 'latin1' : encoding === 'usascii' || encoding === 'ascii' ? 'ascii' : encoding === 'utf16le' ? 'utf16le' : 'utf8';
  async function* bytes(): AsyncGenerator<Buffer> {
    let batch = '';
    for await (const part of text) {
      batch += part;
      if (batch.length >= 64 * 1024) {
        yield Buffer.from(batch, nodeEncoding);
        batch = '';
      }
    }
    if (batch) yield Buffer.from(batch, nodeEncoding);
  }
  return Readable.from(bytes());
}

// ---------------------------------------------------------------------------------------------
// CSV

/** What CsvToIon and IonToCsv share. */
const CSV_PROPERTIES: Record<string, JsonSchema> = {
  from: FROM,
  header: { ...withDefault({ type: 'boolean' }, true), $dynamic: true, title: 'Specifies if the first line should be the header' },
  fieldSeparator: { ...withDefault({ type: 'string' }, ','), $dynamic: true, title: 'The field separator character' },
  textDelimiter: { ...withDefault({ type: 'string' }, '"'), $dynamic: true, title: 'The text delimiter character' },
};

export const csvToIonTask: TaskDefinition = {
  type: 'io.kestra.plugin.serdes.csv.CsvToIon',
  aliases: ['io.kestra.plugin.serdes.csv.CsvReader'],
  category: 'task',
  kind: 'runnable',
  title: 'Convert a CSV file to the Amazon ION format',
  markdownDescription: 'Supports configurable field separator, text delimiter, charset, and header detection. The value `\\N` is treated as null in any field. Use `onBadLines` to control error handling for malformed rows.',
  examples: [{ title: 'Convert a CSV file to the Amazon ION format.', code: 'id: csv_to_ion\nnamespace: company.team\n\ntasks:\n  - id: to_ion\n    type: io.kestra.plugin.serdes.csv.CsvToIon\n    from: "{{ inputs.file }}"' }],
  properties: {
    ...CSV_PROPERTIES,
    skipEmptyRows: { ...withDefault({ type: 'boolean' }, false), $dynamic: true, title: 'Specifies if empty rows should be skipped' },
    errorOnDifferentFieldCount: { type: 'boolean', $dynamic: true, $deprecated: true, title: 'Specifies if an exception should be thrown, if CSV data contains different field count' },
    onBadLines: { ...withDefault({ type: 'string', enum: ['ERROR', 'WARN', 'SKIP'] }, 'ERROR'), $dynamic: true, title: 'How to handle bad lines (e.g., a line with too many fields)' },
    skipRows: { ...withDefault({ type: 'integer' }, 0), $dynamic: true, title: 'Number of lines to skip at the start of the file' },
    charset: CHARSET,
    maxBufferSize: { ...withDefault({ type: 'integer' }, 16 * 1024 * 1024), $dynamic: true, title: 'Maximum CSV parser buffer size (bytes)' },
    allowExtraCharsAfterClosingQuote: { ...withDefault({ type: 'boolean' }, false), $dynamic: true, title: 'Allow extra characters after a closing quote' },
    maxFieldSize: { ...withDefault({ type: 'integer' }, 16 * 1024 * 1024), $dynamic: true, title: 'Maximum field size (characters)' },
  },
  required: ['from'],
  outputs: URI_OUTPUT,
  async run(context) {
    const uri = sourceUri(context);
    const header = booleanProperty(context, 'header', true);
    const skipRows = Number(rendered(context, 'skipRows', '0'));
    const onBadLines = rendered(context, 'onBadLines', 'ERROR').toUpperCase();
    const records = readCsv(decoded(context.readFile(uri), rendered(context, 'charset', 'UTF-8')), {
      separator: charProperty(context, 'fieldSeparator', ','),
      quote: charProperty(context, 'textDelimiter', '"'),
      skipEmptyLines: booleanProperty(context, 'skipEmptyRows', false),
      allowExtraCharsAfterClosingQuote: booleanProperty(context, 'allowExtraCharsAfterClosingQuote', false),
      maxFieldSize: Number(rendered(context, 'maxFieldSize', String(16 * 1024 * 1024))),
    });
    const nullable = (value: string | undefined): string | null => (value === undefined || value === '\\N' ? null : value);
    async function* rows(): AsyncGenerator<unknown> {
      let headers: string[] = [];
      let skipped = 0;
      try {
        for await (const record of records) {
          if (header && record.line === 1) {
            headers = record.fields;
            continue;
          }
          if (skipped < skipRows) {
            skipped += 1;
            continue;
          }
          if (!header) {
            yield record.fields.map(nullable);
            continue;
          }
          if (record.fields.length !== headers.length) {
            const message = `Bad line encountered (field count mismatch): Expected ${headers.length}, got ${record.fields.length} fields.`;
            if (onBadLines === 'ERROR') throw new Error(message);
            if (onBadLines === 'WARN') context.logger.warn(message);
            continue;
          }
          yield Object.fromEntries(headers.map((name, i) => [name, nullable(record.fields[i])]));
        }
      } catch (error) {
        // A parse error ends the file (Flux.onErrorResume), unless onBadLines is ERROR.
        if (!(error instanceof CsvParseError) || onBadLines === 'ERROR') throw error;
        if (onBadLines === 'WARN') context.logger.warn(`Bad line encountered (skipped): ${error.message}`);
      }
    }
    const out = await context.putFile(`${context.taskRun.id}.ion`, encoded(ionLines(rows()), 'UTF-8'));
    return { outputs: { uri: out } };
  },
};

async function* ionLines(values: AsyncIterable<unknown>): AsyncGenerator<string> {
  for await (const value of values) yield ionLine(value);
}

/** AbstractTextWriter.convert: dates with the configured formats, other values as Java prints them. */
function textWriter(context: TaskRunContext): (value: unknown) => string | null {
  const dateFormat = rendered(context, 'dateFormat', 'yyyy-MM-dd');
  const timeFormat = rendered(context, 'timeFormat', 'HH:mm:ss[XXX]');
  const dateTimeFormat = rendered(context, 'dateTimeFormat', "yyyy-MM-dd'T'HH:mm:ss.SSS[XXX]");
  const zone = context.task.timeZoneId === undefined ? systemZone() : zoneOf(rendered(context, 'timeZoneId', 'UTC'));
  const utc = zoneOf('UTC');
  return (value) => {
    if (value === null || value === undefined) return null;
    if (value instanceof IonDate) {
      switch (value.javaType) {
        case 'Instant':
        case 'LocalDateTime':
          return formatDate(parseDate(value.text, utc, null, 'en-US'), dateTimeFormat, utc, 'en-US');
        case 'ZonedDateTime':
        case 'OffsetDateTime':
          return formatDate(parseDate(value.text, utc, null, 'en-US'), dateTimeFormat, zone, 'en-US');
        case 'LocalDate':
          return formatDate(parseDate(value.text, utc, null, 'en-US'), dateFormat, utc, 'en-US');
        default:
          return formatDate(parseDate(`1970-01-01T${value.text}`, utc, null, 'en-US'), timeFormat, utc, 'en-US');
      }
    }
    if (value instanceof IonFloat) return javaDoubleToString(value.value);
    if (value instanceof IonDecimal) return value.text;
    if (typeof value === 'string') return value;
    return javaToString(toPebble(value));
  };
}

/** Typed Ion values as Pebble values, for Java's toString of maps and lists. */
function toPebble(value: unknown): unknown {
  if (value instanceof IonFloat) return new PebbleDouble(value.value);
  if (value instanceof IonDecimal || value instanceof IonDate) return value.toString();
  if (Array.isArray(value)) return value.map(toPebble);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPebble(v)]));
  return value;
}

const TEXT_WRITER_PROPERTIES: Record<string, JsonSchema> = {
  dateFormat: { ...withDefault({ type: 'string' }, 'yyyy-MM-dd'), $dynamic: true, title: 'Format to use for date' },
  timeFormat: { ...withDefault({ type: 'string' }, 'HH:mm:ss[XXX]'), $dynamic: true, title: 'Format to use for time' },
  dateTimeFormat: { ...withDefault({ type: 'string' }, "yyyy-MM-dd'T'HH:mm:ss.SSS[XXX]"), $dynamic: true, title: 'Format to use for zoned datetime' },
  timeZoneId: { type: 'string', $dynamic: true, title: 'Timezone to use when no timezone can be parsed on the source.', markdownDescription: 'Defaults to the zone of the machine running the sandbox.' },
};

export const ionToCsvTask: TaskDefinition = {
  type: 'io.kestra.plugin.serdes.csv.IonToCsv',
  aliases: ['io.kestra.plugin.serdes.csv.CsvWriter'],
  category: 'task',
  kind: 'runnable',
  title: 'Convert an ION file to the CSV format',
  markdownDescription: 'Supports configurable field separator, text delimiter, and line delimiter. Use `quoteMode` to control field quoting; `alwaysDelimitText` is deprecated in favor of `quoteMode`.',
  examples: [{ title: 'Convert an Ion file to CSV.', code: 'id: ion_to_csv\nnamespace: company.team\n\ntasks:\n  - id: result\n    type: io.kestra.plugin.serdes.csv.IonToCsv\n    from: "{{ outputs.query.uri }}"' }],
  properties: {
    ...CSV_PROPERTIES,
    lineDelimiter: { ...withDefault({ type: 'string' }, '\n'), $dynamic: true, title: 'The character used to separate rows' },
    alwaysDelimitText: { ...withDefault({ type: 'boolean' }, false), $dynamic: true, title: 'Whether fields should always be delimited using the textDelimiter option' },
    quoteMode: { type: 'string', enum: ['ALWAYS', 'REQUIRED', 'NON_NUMERIC'], $dynamic: true, title: 'Controls when fields are quoted' },
    charset: CHARSET,
    ...TEXT_WRITER_PROPERTIES,
  },
  required: ['from'],
  outputs: URI_OUTPUT,
  async run(context) {
    const uri = sourceUri(context);
    const header = booleanProperty(context, 'header', true);
    const quoteMode: QuoteMode = context.task.quoteMode !== undefined ? (rendered(context, 'quoteMode', 'REQUIRED').toUpperCase() as QuoteMode) : booleanProperty(context, 'alwaysDelimitText', false) ? 'ALWAYS' : 'REQUIRED';
    const options = { separator: charProperty(context, 'fieldSeparator', ','), quote: charProperty(context, 'textDelimiter', '"'), lineDelimiter: rendered(context, 'lineDelimiter', '\n'), quoteMode };
    const convert = textWriter(context);
    const source = context.readFile(uri);
    async function* text(): AsyncGenerator<string> {
      let first = true;
      for await (const row of readIonValues(source, true)) {
        if (Array.isArray(row)) {
          if (header) throw new Error('Invalid data of type List with header');
          yield csvLine(row.map(convert), options);
        } else if (row !== null && typeof row === 'object' && !(row instanceof IonDate) && !(row instanceof IonFloat) && !(row instanceof IonDecimal)) {
          const record = row as Record<string, unknown>;
          if (first && header) yield csvLine(Object.keys(record), options);
          first = false;
          yield csvLine(Object.values(record).map(convert), options);
        }
      }
    }
    const out = await context.putFile(`${context.taskRun.id}.csv`, encoded(text(), rendered(context, 'charset', 'UTF-8')));
    return { outputs: { uri: out } };
  },
};

// ---------------------------------------------------------------------------------------------
// JSON

/** Jackson's reading of JSON: Double stays a float in Ion, big integers stay exact. */
function jsonToIonValue(value: unknown): unknown {
  if (value instanceof PebbleDouble) return new IonFloat(value.value);
  if (typeof value === 'number' && !Number.isInteger(value)) return new IonFloat(value);
  if (Array.isArray(value)) return value.map(jsonToIonValue);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonToIonValue(v)]));
  return value;
}

function parseJsonText(text: string, where: string): unknown {
  if (text.trim() === '') throw new Error(`No content to map due to end-of-input (${where})`);
  try {
    return parseJson(text);
  } catch (error) {
    if (error instanceof JsonParseError) throw new Error(`Invalid JSON (${where}): ${error.message}`, { cause: error });
    throw error;
  }
}

export const jsonToIonTask: TaskDefinition = {
  type: 'io.kestra.plugin.serdes.json.JsonToIon',
  aliases: ['io.kestra.plugin.serdes.json.JsonReader'],
  category: 'task',
  kind: 'runnable',
  title: 'Convert a JSON file to the Amazon ION format',
  markdownDescription: 'Two input formats are supported: one JSON object per line (JSONL, `newLine: true`, the default), or a JSON array (`newLine: false`).',
  examples: [{ title: 'Convert a JSON array to Ion.', code: 'id: json_to_ion\nnamespace: company.team\n\ntasks:\n  - id: to_ion\n    type: io.kestra.plugin.serdes.json.JsonToIon\n    from: "{{ outputs.download.uri }}"\n    newLine: false' }],
  properties: {
    from: FROM,
    charset: CHARSET,
    newLine: { ...withDefault({ type: 'boolean' }, true), $dynamic: true, title: 'Whether the file is newline-delimited JSON (JSONL)', markdownDescription: 'Warning: if not, the whole file will be loaded into memory.' },
  },
  required: ['from'],
  outputs: URI_OUTPUT,
  async run(context) {
    const uri = sourceUri(context);
    const text = decoded(context.readFile(uri), rendered(context, 'charset', 'UTF-8'));
    const newLine = booleanProperty(context, 'newLine', true);
    async function* values(): AsyncGenerator<unknown> {
      if (newLine) {
        let number = 0;
        for await (const line of lines(text)) yield jsonToIonValue(parseJsonText(line, `line ${(number += 1)}`));
        return;
      }
      let all = '';
      for await (const chunk of text) all += chunk;
      const parsed = parseJsonText(all, 'file');
      if (Array.isArray(parsed)) for (const item of parsed) yield jsonToIonValue(item);
      else yield jsonToIonValue(parsed);
    }
    const out = await context.putFile(`${context.taskRun.id}.ion`, encoded(ionLines(values()), 'UTF-8'));
    return { outputs: { uri: out } };
  },
};

/** Jackson's JSON of a typed Ion value (JavaTimeModule dates, ZonedDateTime in `zone`, nulls kept). */
function jsonOf(value: unknown, zone: ReturnType<typeof systemZone>): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof IonFloat) return Number.isFinite(value.value) ? javaDoubleToString(value.value) : `"${javaDoubleToString(value.value)}"`;
  if (value instanceof IonDecimal) return value.text;
  if (value instanceof IonDate) {
    if (value.javaType === 'ZonedDateTime' || value.javaType === 'OffsetDateTime') return JSON.stringify(isoOffsetDateTime(parseDate(value.text, zone, null, 'en-US'), zone));
    return JSON.stringify(value.text);
  }
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map((item) => jsonOf(item, zone)).join(',')}]`;
  if (typeof value === 'object') return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${jsonOf(v, zone)}`).join(',')}}`;
  return JSON.stringify(value);
}

export const ionToJsonTask: TaskDefinition = {
  type: 'io.kestra.plugin.serdes.json.IonToJson',
  aliases: ['io.kestra.plugin.serdes.json.JsonWriter'],
  category: 'task',
  kind: 'runnable',
  title: 'Convert an ION file into a JSONL file.',
  markdownDescription: 'JSONL is the referrer for newline-delimited JSON. With `newLine: false`, the file is one JSON array.',
  examples: [{ title: 'Convert Ion to JSON lines.', code: 'id: ion_to_json\nnamespace: company.team\n\ntasks:\n  - id: to_json\n    type: io.kestra.plugin.serdes.json.IonToJson\n    from: "{{ outputs.convert.uri }}"' }],
  properties: {
    from: FROM,
    charset: CHARSET,
    newLine: { ...withDefault({ type: 'boolean' }, true), $dynamic: true, title: 'Is the file is a json new line (JSON-NL)' },
    timeZoneId: TEXT_WRITER_PROPERTIES.timeZoneId!,
  },
  required: ['from'],
  outputs: URI_OUTPUT,
  async run(context) {
    const uri = sourceUri(context);
    const newLine = booleanProperty(context, 'newLine', true);
    const zone = context.task.timeZoneId === undefined ? systemZone() : zoneOf(rendered(context, 'timeZoneId', 'UTC'));
    const source = context.readFile(uri);
    async function* text(): AsyncGenerator<string> {
      let index = 0;
      if (newLine) {
        // Jackson's SequenceWriter puts its root-value separator (a space) before every value but the first.
        for await (const value of readIonValues(source, true)) yield `${index++ === 0 ? '' : ' '}${jsonOf(value, zone)}\n`;
        return;
      }
      yield '[';
      for await (const value of readIonValues(source, true)) yield `${index++ === 0 ? '' : ','}${jsonOf(value, zone)}`;
      yield ']';
    }
    const out = await context.putFile(`${context.taskRun.id}${newLine ? '.jsonl' : '.json'}`, encoded(text(), rendered(context, 'charset', 'UTF-8')));
    return { outputs: { uri: out } };
  },
};

export const SERDES_TASKS: readonly TaskDefinition[] = [csvToIonTask, ionToCsvTask, jsonToIonTask, ionToJsonTask];
