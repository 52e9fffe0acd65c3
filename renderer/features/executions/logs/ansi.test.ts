import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hasAnsi, parseAnsi, stripAnsi, styleToCss, xterm256 } from './ansi';

describe('parseAnsi', () => {
  it('returns plain text as one unstyled span', () => {
    expect(parseAnsi('hello <b>world</b>')).toEqual([{ text: 'hello <b>world</b>', style: null }]);
    expect(parseAnsi('')).toEqual([]);
  });

  it('applies and resets basic colours and styles', () => {
    const spans = parseAnsi('\u001b[1;31merror\u001b[0m: \u001b[4mfile\u001b[24m ok');
    expect(spans).toEqual([
      { text: 'error', style: { bold: true, fg: '#f14c4c' } },
      { text: ': ', style: null },
      { text: 'file', style: { underline: true } },
      { text: ' ok', style: null },
    ]);
  });

  it('reads 256-colour and truecolor foregrounds and backgrounds', () => {
    const [a, b] = parseAnsi('\u001b[38;5;208mA\u001b[48;2;10;20;300mB');
    expect(a!.style!.fg).toBe(xterm256(208));
    expect(b!.style).toEqual({ fg: xterm256(208), bg: 'rgb(10, 20, 255)' });
  });

  it('handles bright colours and default-colour resets', () => {
    const spans = parseAnsi('\u001b[92mgreen\u001b[39mdefault\u001b[103mbg\u001b[49m');
    expect(spans[0]!.style!.fg).toBe('#5af7b0');
    expect(spans[1]!.style).toBeNull();
    expect(spans[2]!.style!.bg).toBe('#ffff8a');
  });

  it('drops non-colour sequences (cursor moves, erase, titles)', () => {
    expect(stripAnsi('\u001b[2K\u001b[1Gprogress\u001b]0;title\u0007 done')).toBe('progress done');
    expect(parseAnsi('\u001b[2Kx')).toEqual([{ text: 'x', style: null }]);
  });

  it('keeps OSC 8 hyperlink targets on their text', () => {
    const spans = parseAnsi('see \u001b]8;;https://kestra.io/docs\u001b\\docs\u001b]8;;\u001b\\ now');
    expect(spans).toEqual([
      { text: 'see ', style: null },
      { text: 'docs', style: null, link: 'https://kestra.io/docs' },
      { text: ' now', style: null },
    ]);
  });

  it('survives malformed sequences without throwing', () => {
    expect(stripAnsi('a\u001b[38;5mb\u001b[38;2;1mc\u001b')).toBe('abc');
    expect(() => parseAnsi('\u001b[38;9;1;2;3mx')).not.toThrow();
  });

  it('property: the concatenated span text equals stripAnsi', () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('\u001b[0m', '\u001b[1;32m', '\u001b[38;5;99m', '\u001b[48;2;1;2;3m', '\u001b[K', '\u001b]8;;https://x.y\u0007', '\u001b'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), (pieces) => {
        const text = pieces.join('');
        const spans = parseAnsi(text);
        expect(spans.map((s) => s.text).join('')).toBe(stripAnsi(text));
        expect(spans.every((s) => !hasAnsi(s.text))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('styleToCss', () => {
  it('maps styles to CSS properties and swaps colours for inverse', () => {
    expect(styleToCss(null)).toBeUndefined();
    expect(styleToCss({ bold: true, underline: true, strike: true, fg: '#fff' })).toEqual({
      color: '#fff',
      fontWeight: '700',
      textDecoration: 'underline line-through',
    });
    expect(styleToCss({ inverse: true, fg: 'red' })).toEqual({ color: 'var(--log-bg, #14151c)', backgroundColor: 'red' });
  });
});
