import { describe, expect, it } from 'vitest';
import { KestraError } from './kestra-error';
import { checkKvKey, checkNamespace, checkNamespacePath } from './names';

// Payloads from Kestra's namespace-file advisories (GHSA-qw4v-6w32-xx9h, GHSA-h7c7-3mfc-m7pj) and
// the usual traversal, encoding and display tricks.
const HOSTILE_PATHS = [
  '..',
  '../secret',
  '/../etc/passwd',
  'a/../../b',
  'a/./b',
  './a',
  '/a/b/..',
  '%2e%2e/x',
  '%2E%2E/x',
  'a/%2e%2e/b',
  '%2e%2e%2fetc',
  '..%2fetc',
  '..\\windows',
  'a\\..\\b',
  'dir\\file.txt',
  'C:\\Windows\\system32',
  'C:/Windows',
  'd:file',
  'a\u0000b',
  'a\nb',
  'a\rb',
  'a\tb',
  '\u001b[31mred',
  'file\u202egnp.exe',
  'x\u2066y',
  'a\u200fb',
  '\u007f',
  `${'a'.repeat(256)}`,
  `dir/${'é'.repeat(130)}`,
  '_flows/flow.yml',
  '/_flows/x.yaml',
  '_flows',
  '',
  '/',
  '//',
  '.',
  '/./',
];

describe('namespace path checks', () => {
  it.each(HOSTILE_PATHS)('refuses %j before any request', (path) => {
    expect(() => checkNamespacePath(path)).toThrow(KestraError);
  });

  it('normalises good paths to Kestra’s absolute form', () => {
    expect(checkNamespacePath('scripts/etl.py')).toBe('/scripts/etl.py');
    expect(checkNamespacePath('/scripts//etl.py')).toBe('/scripts/etl.py');
    expect(checkNamespacePath('dir/sub/')).toBe('/dir/sub/');
    expect(checkNamespacePath('/', { allowRoot: true })).toBe('/');
    expect(checkNamespacePath('café.txt'.normalize('NFD'))).toBe('/café.txt'.normalize('NFC'));
    expect(checkNamespacePath('file..name.txt')).toBe('/file..name.txt');
    expect(checkNamespacePath('.env')).toBe('/.env');
  });

  it.each(['', 'UPPER', '-x', '.x', 'a/b', 'a b', '..', 'ns\u0000', 'x'.repeat(151)])('refuses namespace %j', (ns) => {
    expect(() => checkNamespace(ns)).toThrow(KestraError);
  });

  it.each(['', '-key', '.key', 'a b', 'a/b', 'k:v', '../k', 'é'])('refuses KV key %j', (key) => {
    expect(() => checkKvKey(key)).toThrow(KestraError);
  });

  it('accepts Kestra-shaped names', () => {
    expect(checkNamespace('company.team-a_1')).toBe('company.team-a_1');
    expect(checkKvKey('My.key_1-2')).toBe('My.key_1-2');
  });
});
