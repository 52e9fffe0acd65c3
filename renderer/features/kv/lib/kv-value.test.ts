import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkNaturalValue, kvValueToDraft, parseKvDraft, previewKvValue, sameJsonValue } from './kv-value';
import type { KvType } from '../../../../main/contract/kestra-model';

function value(type: KvType, draft: string): unknown {
  const result = parseKvDraft(type, draft);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}
function error(type: KvType, draft: string): string {
  const result = parseKvDraft(type, draft);
  if (result.ok) throw new Error(`expected ${draft} to be refused as ${type}`);
  return result.error;
}

describe('parseKvDraft', () => {
  it('keeps a string that looks like a number, a boolean or JSON a string', () => {
    expect(value('STRING', '123')).toBe('123');
    expect(value('STRING', 'true')).toBe('true');
    expect(value('STRING', '{"a":1}')).toBe('{"a":1}');
    expect(value('STRING', '')).toBe('');
  });

  it('warns when a string will read back as DURATION', () => {
    const result = parseKvDraft('STRING', 'PT5S');
    expect(result.ok && result.warning).toMatch(/DURATION/);
  });

  it('parses numbers and refuses what is not one', () => {
    expect(value('NUMBER', '42')).toBe(42);
    expect(value('NUMBER', ' -1.5e3 ')).toBe(-1500);
    expect(error('NUMBER', '12abc')).toMatch(/not a number/);
    expect(error('NUMBER', '0x10')).toMatch(/not a number/);
    expect(error('NUMBER', '')).toMatch(/not a number/);
    expect(error('NUMBER', '9007199254740993')).toMatch(/exactly/);
  });

  it('takes booleans only as true/false', () => {
    expect(value('BOOLEAN', 'true')).toBe(true);
    expect(value('BOOLEAN', 'false')).toBe(false);
    expect(error('BOOLEAN', 'yes')).toMatch(/true or false/);
  });

  it('checks real calendar dates', () => {
    expect(value('DATE', '2024-02-29')).toBe('2024-02-29');
    expect(error('DATE', '2023-02-29')).toMatch(/not a date/);
    expect(error('DATE', '2024-13-01')).toMatch(/not a date/);
  });

  it('keeps an explicit offset and converts local date-times to UTC', () => {
    expect(value('DATETIME', '2021-09-01T01:02:03Z')).toBe('2021-09-01T01:02:03Z');
    expect(value('DATETIME', '2021-09-01T01:02:03+02:00')).toBe('2021-09-01T01:02:03+02:00');
    const local = value('DATETIME', '2021-09-01T01:02') as string;
    expect(local).toBe(new Date(2021, 8, 1, 1, 2).toISOString());
    expect(error('DATETIME', '2021-09-01 01:02')).toMatch(/not a date and time/);
    expect(error('DATETIME', '2021-09-01T25:00Z')).toMatch(/not a date and time/);
  });

  it('takes durations Java can parse', () => {
    expect(value('DURATION', 'pt5m')).toBe('PT5M');
    expect(error('DURATION', 'P1W')).toMatch(/not an ISO-8601 duration/);
  });

  it('refuses JSON that does not parse, with its position', () => {
    expect(value('JSON', '{"a": [1, 2]}')).toEqual({ a: [1, 2] });
    expect(error('JSON', '{"a": 1,\n "b": }')).toBe("Invalid JSON at line 2, column 7 (position 15): Unexpected '}'; expected a value.");
    expect(error('JSON', '42')).toMatch(/object or an array/);
  });
});

describe('round trip through the editor text', () => {
  it('reads back what it wrote for every type (property)', () => {
    const cases = fc.oneof(
      fc.string().map((v) => ['STRING', v] as const),
      fc.integer().map((v) => ['NUMBER', v] as const),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => ['NUMBER', Object.is(v, -0) ? 0 : v] as const),
      fc.boolean().map((v) => ['BOOLEAN', v] as const),
      fc.oneof(fc.array(fc.jsonValue()), fc.dictionary(fc.string(), fc.jsonValue())).map((v) => ['JSON', JSON.parse(JSON.stringify(v))] as const),
    );
    fc.assert(
      fc.property(cases, ([type, v]) => {
        const result = parseKvDraft(type, kvValueToDraft(type, v));
        expect(result.ok).toBe(true);
        if (result.ok) expect(sameJsonValue(result.value, v)).toBe(true);
      }),
    );
  });
});

describe('checkNaturalValue', () => {
  it('matches JS types to KV types', () => {
    expect(checkNaturalValue('STRING', '1').ok).toBe(true);
    expect(checkNaturalValue('STRING', 1).ok).toBe(false);
    expect(checkNaturalValue('NUMBER', '1').ok).toBe(false);
    expect(checkNaturalValue('JSON', 'x').ok).toBe(false);
    expect(checkNaturalValue('DATE', '2020-01-01').ok).toBe(true);
    expect(checkNaturalValue('DURATION', 'PT1H').ok).toBe(true);
    expect(checkNaturalValue('DURATION', 5).ok).toBe(false);
  });
});

describe('previewKvValue', () => {
  it('quotes strings, shortens long values to one line', () => {
    expect(previewKvValue('STRING', '123')).toBe('"123"');
    expect(previewKvValue('NUMBER', 123)).toBe('123');
    expect(previewKvValue('JSON', { a: 'x'.repeat(200) }, 20)).toHaveLength(20);
    expect(previewKvValue('JSON', { a: 'x'.repeat(200) }, 20).endsWith('…')).toBe(true);
  });
});
