import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ionStream, readIonValues } from './ion-files';
import { IonDate, IonDecimal, IonError, IonFloat, ionLine, parseIon, toIonText } from './ion-values';

async function collect(stream: Readable): Promise<unknown[]> {
  const values: unknown[] = [];
  for await (const value of readIonValues(stream)) values.push(value);
  return values;
}

async function text(stream: Readable): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += String(chunk);
  return out;
}

describe('Ion as Kestra writes it', () => {
  it('prints maps as compact structs, integers as ints and other numbers as floats', () => {
    expect(toIonText({ id: 1, name: 'John', score: 1.5, ok: true, none: null, tags: ['a', 'b'] })).toBe('{id:1,name:"John",score:1.5e0,ok:true,none:null,tags:["a","b"]}');
    expect(toIonText({ 'first name': 'é' })).toBe(`{'first name':"é"}`);
    expect(toIonText(new Date('2024-01-01T10:00:00Z'))).toBe('2024-01-01T10:00:00.000Z');
    expect(toIonText(12345678901234567890n)).toBe('12345678901234567890');
  });

  it('writes one value per line and skips nulls (FileSerde.write)', () => {
    expect(ionLine({ a: 1 }) + ionLine(null) + ionLine('x')).toBe('{a:1}\n"x"\n');
  });

  it('reads values back as the sandbox represents Java objects', () => {
    const [row] = parseIon('{a:1,b:"x",c:1.5e0,d:2024-01-01T,e:2024-01-01T10:00:00.000Z,f:2024-01-01T10:30:00+02:00,g:ZonedDateTime::"2024-01-01T10:00+01:00[Europe/Paris]",h:1.50,i:null,j:true,k:sym,l:{{aGVsbG8=}},m:(1 2)}');
    expect(row).toEqual({
      a: 1,
      b: 'x',
      c: 1.5,
      d: '2024-01-01',
      e: '2024-01-01T10:00:00Z',
      f: '2024-01-01T10:30+02:00',
      g: '2024-01-01T10:00+01:00[Europe/Paris]',
      h: 1.5,
      i: null,
      j: true,
      k: 'sym',
      l: 'aGVsbG8=',
      m: [1, 2],
    });
    expect(parseIon('123456789012345678901')[0]).toBe(123456789012345678901n);
  });

  it('keeps Java types in typed mode, and writes them back the same way', () => {
    const [row] = parseIon('{f:2e0,d:1.50,t:2024-01-01T10:00:00.000Z,day:2024-01-01T,z:ZonedDateTime::"2024-01-01T10:00+01:00[Europe/Paris]"}', true) as Record<string, unknown>[];
    expect(row!.f).toEqual(new IonFloat(2));
    expect(row!.d).toEqual(new IonDecimal('1.50'));
    expect(row!.t).toEqual(new IonDate('Instant', '2024-01-01T10:00:00Z'));
    expect(row!.day).toEqual(new IonDate('LocalDate', '2024-01-01'));
    expect(row!.z).toEqual(new IonDate('ZonedDateTime', '2024-01-01T10:00+01:00[Europe/Paris]'));
    expect(toIonText(row)).toBe('{f:2e0,d:1.50,t:2024-01-01T10:00:00.000Z,day:2024-01-01T,z:ZonedDateTime::"2024-01-01T10:00+01:00[Europe/Paris]"}');
  });

  it('round-trips what it writes', () => {
    const value = { nested: { list: [1, 2.25, 'three', null, { deep: [true] }] }, when: '2024-01-01' };
    expect(parseIon(toIonText(value))[0]).toEqual(value);
  });

  it('refuses invalid Ion with an IonError', () => {
    expect(() => parseIon('{a:')).toThrow(IonError);
  });
});

describe('Ion files', () => {
  it('streams values line by line and joins a value that spans lines', async () => {
    const input = Readable.from(['{a:1}\n{a:', '2}\n\n{b:\n  [1,\n   2]}\n"last"']);
    expect(await collect(input)).toEqual([{ a: 1 }, { a: 2 }, { b: [1, 2] }, 'last']);
  });

  it('reports the line of a value that never parses', async () => {
    await expect(collect(Readable.from(['{a:1}\n{b:\n']))).rejects.toThrow(/line 2/);
  });

  it('writes a file from an iterable, one value per line', async () => {
    expect(await text(ionStream([{ a: 1 }, null, { b: 'x' }]))).toBe('{a:1}\n{b:"x"}\n');
    async function* rows(): AsyncGenerator<unknown> {
      for (let i = 0; i < 3; i += 1) yield { i };
    }
    expect(await text(ionStream(rows()))).toBe('{i:0}\n{i:1}\n{i:2}\n');
  });
});
