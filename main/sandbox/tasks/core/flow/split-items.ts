// StorageService.split, as ForEachItem (and the storage Split task) cut a file into batches: line
// by line (BufferedReader.readLine: \n, \r\n or \r), each line written back with `separator`, a new
// batch every `rows` lines, or once a batch holds `bytes` bytes, or round-robin into `partitions`
// batches (empty ones dropped).
import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';

export interface SplitOptions {
  rows?: number;
  /** Micronaut's readable size: `1024`, `10KB`, `1MB`… (1 KB = 1024 bytes). */
  bytes?: string;
  partitions?: number;
  separator?: string;
}

/** ReadableBytesTypeConverter: a number with an optional KB/MB/GB/TB unit, case-insensitive. */
export function parseReadableBytes(text: string): number {
  const match = /^\s*(\d+)\s*([KMGT]?B)?\s*$/i.exec(text);
  if (!match) throw new Error(`Invalid size with value '${text}'`);
  const power = { B: 0, KB: 1, MB: 2, GB: 3, TB: 4 }[(match[2] ?? 'B').toUpperCase() as 'B'] ?? 0;
  return Number(match[1]) * 1024 ** power;
}

/** Cuts `input` into batches; `emit` stores one batch (awaited before reading on). */
export async function splitLines(input: Readable, options: SplitOptions, emit: (batch: Buffer, index: number) => Promise<void>): Promise<number> {
  const separator = options.separator ?? '\n';
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  if (options.partitions !== undefined) {
    if (!Number.isInteger(options.partitions) || options.partitions < 1) throw new Error(`Invalid partitions '${options.partitions}'`);
    const parts: Buffer[][] = Array.from({ length: options.partitions }, () => []);
    let index = 0;
    for await (const line of lines) {
      parts[index]!.push(Buffer.from(line + separator, 'utf8'));
      index = index >= parts.length - 1 ? 0 : index + 1;
    }
    let count = 0;
    for (const part of parts) if (part.length > 0) await emit(Buffer.concat(part), count++);
    return count;
  }
  const maxBytes = options.bytes !== undefined ? parseReadableBytes(options.bytes) : undefined;
  const rows = options.rows ?? 1;
  if (maxBytes === undefined && (!Number.isInteger(rows) || rows < 1)) throw new Error(`Invalid rows '${rows}'`);
  let batch: Buffer[] = [];
  let batchBytes = 0;
  let count = 0;
  for await (const line of lines) {
    // A new batch starts when the current one is full (checked before writing, like Kestra).
    const full = maxBytes !== undefined ? batchBytes >= maxBytes : batch.length >= rows;
    if (batch.length > 0 && full) {
      await emit(Buffer.concat(batch), count++);
      batch = [];
      batchBytes = 0;
    }
    const bytes = Buffer.from(line + separator, 'utf8');
    batch.push(bytes);
    batchBytes += bytes.length;
  }
  if (batch.length > 0) await emit(Buffer.concat(batch), count++);
  return count;
}
