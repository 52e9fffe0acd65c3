import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KestraHttpError } from '../http/http-error';
import { ancestors, guardPath, nameOf, normalizeFilePath, parentOf } from './namespace-path';

describe('namespace file paths', () => {
  it('adds the leading slash and collapses empty and dot segments', () => {
    expect(normalizeFilePath(undefined)).toBe('/');
    expect(normalizeFilePath('a.txt')).toBe('/a.txt');
    expect(normalizeFilePath('//dir/./b//c.txt/')).toBe('/dir/b/c.txt');
  });

  it('refuses `..` written with either separator, and the /_flows tree', () => {
    for (const bad of ['..', '../a', 'a/../b', 'a\\..\\b', '/a/..']) expect(() => normalizeFilePath(bad), bad).toThrow(KestraHttpError);
    expect(() => guardPath('/_flows')).toThrow('Forbidden path: /_flows');
    expect(() => guardPath('/_flows/x.yml')).toThrow('Forbidden path');
    expect(guardPath('/_flowsX/a')).toBe('/_flowsX/a');
  });

  it('never yields a path that escapes the namespace (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', '.', '..', '', '\\', 'c.txt', '..\\x', ' '), { maxLength: 8 }), (parts) => {
        let normalized: string;
        try {
          normalized = normalizeFilePath(parts.join('/'));
        } catch (error) {
          return error instanceof KestraHttpError && error.status === 422;
        }
        return normalized.startsWith('/') && !normalized.split(/[\\/]/).includes('..') && !normalized.includes('//');
      }),
    );
  });

  it('names parents and ancestors', () => {
    expect(parentOf('/a/b/c')).toBe('/a/b');
    expect(parentOf('/a')).toBe('/');
    expect(nameOf('/')).toBe('_files');
    expect(ancestors('/a/b/c.txt')).toEqual(['/a', '/a/b']);
  });
});
