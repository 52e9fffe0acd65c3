// The drift matrix's verdicts: a namespace on a server against the same namespace on the
// reference server, for flows (source hashes), files (sizes) and KV keys (names). Pure.
import type { NamespaceInventory } from '../../../../main/contract/fleet';

export type Part = 'flows' | 'files' | 'kv';
export const PARTS: readonly Part[] = ['flows', 'files', 'kv'];
export const PART_NAMES: Record<Part, { one: string; many: string }> = { flows: { one: 'flow', many: 'flows' }, files: { one: 'file', many: 'files' }, kv: { one: 'KV key', many: 'KV keys' } };

export interface PartDiff {
  same: string[];
  /** On both, with another hash (flows) or size (files). */
  different: string[];
  /** On the reference, not here. */
  missing: string[];
  /** Here, not on the reference. */
  extra: string[];
}

/**
 * same: everything matches; different: both have the namespace and something differs; missing: the
 * reference has the namespace, this server does not; extra: the other way round; absent: neither.
 */
export type CellStatus = 'same' | 'different' | 'missing' | 'extra' | 'absent';

export interface CellDiff {
  status: CellStatus;
  parts: Record<Part, PartDiff>;
  errors: string[];
}

function entries(inventory: NamespaceInventory | undefined, part: Part): Map<string, string | number | true> {
  if (!inventory) return new Map();
  if (part === 'kv') return new Map(inventory.kv.map((key) => [key, true as const]));
  return new Map(Object.entries(inventory[part]));
}

export function comparePart(reference: NamespaceInventory | undefined, other: NamespaceInventory | undefined, part: Part): PartDiff {
  const ref = entries(reference, part);
  const here = entries(other, part);
  const diff: PartDiff = { same: [], different: [], missing: [], extra: [] };
  for (const [name, value] of ref) {
    if (!here.has(name)) diff.missing.push(name);
    else if (here.get(name) === value) diff.same.push(name);
    else diff.different.push(name);
  }
  for (const name of here.keys()) if (!ref.has(name)) diff.extra.push(name);
  for (const list of Object.values(diff)) list.sort();
  return diff;
}

export function compareCell(reference: NamespaceInventory | undefined, other: NamespaceInventory | undefined): CellDiff {
  const parts = Object.fromEntries(PARTS.map((part) => [part, comparePart(reference, other, part)])) as Record<Part, PartDiff>;
  const errors = [...(reference?.errors ?? []).map((e) => `reference: ${e}`), ...(other?.errors ?? [])];
  let status: CellStatus;
  if (!reference && !other) status = 'absent';
  else if (!other) status = 'missing';
  else if (!reference) status = 'extra';
  else status = PARTS.every((part) => parts[part].different.length + parts[part].missing.length + parts[part].extra.length === 0) ? 'same' : 'different';
  return { status, parts, errors };
}

/** "2 flows differ · 1 file missing · 1 KV key extra", or the status in words. */
export function describeCell(diff: CellDiff): string {
  if (diff.status === 'absent') return 'not on either server';
  if (diff.status === 'missing') return 'namespace missing';
  if (diff.status === 'extra') return 'namespace only here';
  if (diff.status === 'same') return 'same';
  const words: string[] = [];
  for (const part of PARTS) {
    const p = diff.parts[part];
    const name = (n: number): string => (n === 1 ? PART_NAMES[part].one : PART_NAMES[part].many);
    if (p.different.length) words.push(`${p.different.length} ${name(p.different.length)} ${p.different.length === 1 ? 'differs' : 'differ'}`);
    if (p.missing.length) words.push(`${p.missing.length} ${name(p.missing.length)} missing`);
    if (p.extra.length) words.push(`${p.extra.length} ${name(p.extra.length)} extra`);
  }
  return words.join(' · ');
}

/** How many items of a namespace inventory, for the reference column. */
export function describeInventory(inventory: NamespaceInventory | undefined): string {
  if (!inventory) return 'none';
  const flows = Object.keys(inventory.flows).length;
  const files = Object.keys(inventory.files).length;
  return `${flows} ${flows === 1 ? 'flow' : 'flows'} · ${files} ${files === 1 ? 'file' : 'files'} · ${inventory.kv.length} KV`;
}
