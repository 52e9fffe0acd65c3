import { describe, expect, it } from 'vitest';
import type { NamespaceInventory } from '../../../../main/contract/fleet';
import { compareCell, describeCell, describeInventory } from './drift-model';

const inv = (flows: Record<string, string>, files: Record<string, number> = {}, kv: string[] = []): NamespaceInventory => ({ flows, files, kv });

describe('drift model', () => {
  it('says same when hashes, sizes and keys all match', () => {
    const a = inv({ f: 'h1' }, { '/a': 1 }, ['K']);
    expect(compareCell(a, inv({ f: 'h1' }, { '/a': 1 }, ['K'])).status).toBe('same');
    expect(describeCell(compareCell(a, a))).toBe('same');
  });

  it('counts what differs, is missing or extra, per part', () => {
    const ref = inv({ same: 'h', edited: 'h1', gone: 'h' }, { '/a': 1, '/b': 2 }, ['K1', 'K2']);
    const other = inv({ same: 'h', edited: 'h2', added: 'h' }, { '/a': 1, '/b': 3, '/c': 1 }, ['K1']);
    const diff = compareCell(ref, other);
    expect(diff.status).toBe('different');
    expect(diff.parts.flows).toEqual({ same: ['same'], different: ['edited'], missing: ['gone'], extra: ['added'] });
    expect(diff.parts.files).toEqual({ same: ['/a'], different: ['/b'], missing: [], extra: ['/c'] });
    expect(diff.parts.kv).toEqual({ same: ['K1'], different: [], missing: ['K2'], extra: [] });
    expect(describeCell(diff)).toBe('1 flow differs · 1 flow missing · 1 flow extra · 1 file differs · 1 file extra · 1 KV key missing');
  });

  it('says missing, extra or absent for a namespace one side lacks', () => {
    const a = inv({ f: 'h' });
    expect(compareCell(a, undefined).status).toBe('missing');
    expect(compareCell(undefined, a).status).toBe('extra');
    expect(compareCell(undefined, undefined).status).toBe('absent');
    expect(compareCell(a, undefined).parts.flows.missing).toEqual(['f']);
    expect(describeInventory(inv({ a: '1', b: '2' }, { '/x': 1 }, ['K']))).toBe('2 flows · 1 file · 1 KV');
  });

  it('carries the errors of both sides', () => {
    expect(compareCell({ ...inv({}), errors: ['files: 403'] }, { ...inv({}), errors: ['KV: down'] }).errors).toEqual(['reference: files: 403', 'KV: down']);
  });
});
