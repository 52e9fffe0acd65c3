import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { baseName, extensionOf, isWithin, joinPath, joinRelative, keepBothName, nameError, parentPath, pathError, utf8Length, visible } from './path-rules';

// Hostile names, including payloads from Kestra's traversal advisories and their tests.
const HOSTILE_PATHS = [
  '..',
  '../secret',
  'a/../../b',
  '/a/..',
  'a/./b',
  '.',
  '..\\..\\windows',
  'a\\b',
  '%2e%2e/etc',
  '%2E%2E%2Fetc',
  'a%2fb',
  'a%5cb',
  '..%2f..%2fetc',
  'a\u0000b',
  'line\nbreak',
  'tab\tname',
  'cr\rname',
  'del\u007fname',
  'c1\u0085name',
  'evil\u202egpj.exe',
  'iso\u2066late',
  'mark\u200fname',
  'x'.repeat(256),
  'é'.repeat(128),
  '😀'.repeat(64),
  '',
  '/',
  'a//b',
  'a/',
  '_flows/x.yml',
  '/_flows',
];

describe('pathError', () => {
  it.each(HOSTILE_PATHS)('refuses %j', (path) => {
    expect(pathError(path)).toBeTypeOf('string');
  });

  it.each(['a.txt', '/a.txt', 'dir/sub/file.yml', 'x'.repeat(255), 'é'.repeat(127), 'name with spaces.md', '.env', 'a..b', '...', 'flows/_flows.txt', 'résumé.pdf'])(
    'accepts %j',
    (path) => {
      expect(pathError(path)).toBeUndefined();
    },
  );

  it('counts bytes, not characters, against the 255 limit', () => {
    expect(utf8Length('é')).toBe(2);
    expect(nameError('é'.repeat(127))).toBeUndefined();
    expect(nameError('é'.repeat(128))).toMatch(/256 bytes/);
  });

  it('never accepts a path with a ".." segment or a control character (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 4 }), fc.nat(4), (parts, at) => {
        const withDots = [...parts];
        withDots.splice(Math.min(at, withDots.length), 0, '..');
        expect(pathError(withDots.join('/'))).toBeDefined();
        expect(pathError(`${parts.join('/')}\u0001`)).toBeDefined();
      }),
    );
  });

  it('shows invisible characters in messages', () => {
    expect(visible('a\nb\u202e')).toBe('a\\u000ab\\u202e');
    expect(nameError('a\nb')).toContain('a\\u000ab');
  });
});

describe('path helpers', () => {
  it('joins, splits and relates paths', () => {
    expect(joinPath('/', 'a')).toBe('/a');
    expect(joinPath('/a', 'b')).toBe('/a/b');
    expect(joinPath('a/', 'b')).toBe('/a/b');
    expect(joinRelative('/x', 'y/z.txt')).toBe('/x/y/z.txt');
    expect(parentPath('/a/b/c.txt')).toBe('/a/b');
    expect(parentPath('/a')).toBe('/');
    expect(baseName('/a/b/c.txt')).toBe('c.txt');
    expect(isWithin('/a/b', '/a')).toBe(true);
    expect(isWithin('/ab', '/a')).toBe(false);
    expect(isWithin('/a', '/')).toBe(true);
    expect(extensionOf('x.YML')).toBe('yml');
    expect(extensionOf('.env')).toBe('');
  });

  it('finds a free "keep both" name', () => {
    expect(keepBothName('report.csv', new Set())).toBe('report (1).csv');
    expect(keepBothName('report.csv', new Set(['report (1).csv']))).toBe('report (2).csv');
    expect(keepBothName('report (1).csv', new Set())).toBe('report (2).csv');
    expect(keepBothName('Makefile', new Set())).toBe('Makefile (1)');
    expect(keepBothName('.env', new Set())).toBe('.env (1)');
  });
});
