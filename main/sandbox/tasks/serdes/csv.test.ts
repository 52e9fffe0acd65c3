import { describe, expect, it } from 'vitest';
import { CsvParseError, csvLine, readCsv, type CsvReadOptions } from './csv';

const OPTIONS: CsvReadOptions = { separator: ',', quote: '"', skipEmptyLines: false, allowExtraCharsAfterClosingQuote: false, maxFieldSize: 1_000 };

async function parse(chunks: string[], options: Partial<CsvReadOptions> = {}): Promise<{ fields: string[]; line: number }[]> {
  async function* source(): AsyncGenerator<string> {
    yield* chunks;
  }
  const records = [];
  for await (const record of readCsv(source(), { ...OPTIONS, ...options })) records.push(record);
  return records;
}

describe('CSV reading (FastCSV semantics)', () => {
  it('splits fields and records on LF, CRLF and CR, with starting line numbers', async () => {
    expect(await parse(['a,b\r\n1,2\n3,4\r5,6'])).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', '2'], line: 2 },
      { fields: ['3', '4'], line: 3 },
      { fields: ['5', '6'], line: 4 },
    ]);
  });

  it('reads quoted fields with separators, escaped quotes and new lines, across chunk boundaries', async () => {
    expect(await parse(['name,note\n"Doe, J","said ""', '""hi"""\n"multi\nline",x\n'])).toEqual([
      { fields: ['name', 'note'], line: 1 },
      { fields: ['Doe, J', 'said ""hi"'], line: 2 },
      { fields: ['multi\nline', 'x'], line: 3 },
    ]);
  });

  it('keeps empty lines as one empty field unless skipped, and ignores the final newline', async () => {
    expect((await parse(['a\n\nb\n'])).map((r) => r.fields)).toEqual([['a'], [''], ['b']]);
    expect((await parse(['a\n\nb\n'], { skipEmptyLines: true })).map((r) => r.fields)).toEqual([['a'], ['b']]);
    expect((await parse(['a,\n,b'])).map((r) => r.fields)).toEqual([['a', ''], ['', 'b']]);
  });

  it('honours other separators and quotes, and refuses text after a closing quote', async () => {
    expect((await parse(["x;'a;b'"], { separator: ';', quote: "'" })).map((r) => r.fields)).toEqual([['x', 'a;b']]);
    await expect(parse(['"a"b,c'])).rejects.toThrow(CsvParseError);
    expect((await parse(['"a"b,c'], { allowExtraCharsAfterClosingQuote: true })).map((r) => r.fields)).toEqual([['ab', 'c']]);
    await expect(parse(['"never closed'])).rejects.toThrow('Unterminated quoted field');
  });

  it('bounds a field', async () => {
    await expect(parse([`${'x'.repeat(2_000)}`])).rejects.toThrow('exceeds the maximum size');
  });
});

describe('CSV writing', () => {
  const base = { separator: ',', quote: '"', lineDelimiter: '\n' };
  it('quotes only when needed, always, or unless numeric; nulls stay empty', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines', null, ''], { ...base, quoteMode: 'REQUIRED' })).toBe('a,"b,c","say ""hi""","two\nlines",,\n');
    expect(csvLine(['a', '1', null], { ...base, quoteMode: 'ALWAYS' })).toBe('"a","1",\n');
    expect(csvLine(['a', '-1.5', '1e3'], { ...base, quoteMode: 'NON_NUMERIC', lineDelimiter: '\r\n' })).toBe('"a",-1.5,"1e3"\r\n');
  });
});
