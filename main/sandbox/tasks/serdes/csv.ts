// CSV as Kestra's serdes plugin reads and writes it (FastCSV, RFC 4180): records end at \n, \r\n
// or \r outside quotes; a field starting with the quote character is quoted, `""` inside it is a
// quote; an empty line is a record with one empty field unless skipped. Written fields are quoted
// when needed (separator, quote, CR or LF inside), always, or unless numeric.

export class CsvParseError extends Error {}

export interface CsvReadOptions {
  separator: string;
  quote: string;
  skipEmptyLines: boolean;
  allowExtraCharsAfterClosingQuote: boolean;
  /** FastCSV's maxFieldSize (characters). */
  maxFieldSize: number;
}

export interface CsvRecord {
  fields: string[];
  /** Physical line where the record starts (1-based). */
  line: number;
}

/** Streams records out of decoded text chunks. */
export async function* readCsv(chunks: AsyncIterable<string>, options: CsvReadOptions): AsyncGenerator<CsvRecord> {
  const { separator, quote } = options;
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let inQuotes = false;
  let afterClosingQuote = false;
  let line = 1;
  let recordLine = 1;
  let recordStarted = false;
  let pendingCr = false;

  const endField = (): void => {
    fields.push(field);
    field = '';
    quoted = false;
    afterClosingQuote = false;
  };

  const endRecord = (): CsvRecord | undefined => {
    endField();
    const record = { fields, line: recordLine };
    const empty = fields.length === 1 && fields[0] === '' && !recordStarted;
    fields = [];
    recordStarted = false;
    return empty && options.skipEmptyLines ? undefined : record;
  };

  let carry = '';
  const tooLong = (): CsvParseError => new CsvParseError(`Field at line ${recordLine} exceeds the maximum size of ${options.maxFieldSize} characters`);
  for await (const raw of chunks) {
    const chunk = carry + raw;
    carry = '';
    for (let index = 0; index < chunk.length; index += 1) {
      const char = chunk[index]!;
      if (pendingCr) {
        pendingCr = false;
        if (char === '\n') continue;
      }
      if (inQuotes) {
        if (char === quote) {
          // A quote at the end of a chunk: the next chunk says whether it is an escaped one.
          if (index + 1 >= chunk.length) {
            carry = quote;
            break;
          }
          if (chunk[index + 1] === quote) {
            field += quote;
            index += 1;
          } else {
            inQuotes = false;
            afterClosingQuote = true;
          }
        } else {
          if (char === '\n' || (char === '\r' && chunk[index + 1] !== '\n')) line += 1;
          field += char;
          if (field.length > options.maxFieldSize) throw tooLong();
        }
        continue;
      }
      if (char === separator) {
        recordStarted = true;
        endField();
        continue;
      }
      if (char === '\n' || char === '\r') {
        if (char === '\r') pendingCr = true;
        const record = endRecord();
        line += 1;
        recordLine = line;
        if (record) yield record;
        continue;
      }
      recordStarted = true;
      if (char === quote && field === '' && !quoted) {
        quoted = true;
        inQuotes = true;
        continue;
      }
      if (afterClosingQuote && !options.allowExtraCharsAfterClosingQuote) throw new CsvParseError(`Unexpected character after closing quote: '${char}' (line ${line})`);
      field += char;
      if (field.length > options.maxFieldSize) throw tooLong();
    }
  }
  // A quote held back at the very end closes the last field.
  if (carry) inQuotes = false;
  if (inQuotes) throw new CsvParseError(`Unterminated quoted field at end of data (line ${recordLine})`);
  if (recordStarted || field !== '' || fields.length > 0) {
    const record = endRecord();
    if (record) yield record;
  }
}

export type QuoteMode = 'REQUIRED' | 'ALWAYS' | 'NON_NUMERIC';

export interface CsvWriteOptions {
  separator: string;
  quote: string;
  lineDelimiter: string;
  quoteMode: QuoteMode;
}

/** IonToCsv.QuoteMode.NON_NUMERIC's check. */
function isNumeric(value: string): boolean {
  return /^[+-]?(?:\d+\.?\d*|\.\d+)$/.test(value) && value !== '.';
}

/** One record as FastCSV's writer prints it (null fields empty and never quoted). */
export function csvLine(fields: (string | null)[], options: CsvWriteOptions): string {
  const escaped = fields.map((value) => {
    if (value === null) return '';
    const needs =
      options.quoteMode === 'ALWAYS' ||
      (options.quoteMode === 'NON_NUMERIC' && !isNumeric(value)) ||
      value.includes(options.separator) ||
      value.includes(options.quote) ||
      value.includes('\n') ||
      value.includes('\r');
    return needs ? `${options.quote}${value.split(options.quote).join(options.quote + options.quote)}${options.quote}` : value;
  });
  return escaped.join(options.separator) + options.lineDelimiter;
}
