// Kestra ids: a random 128-bit value written in base62, 22 characters (IdUtils.create).
import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Random bytes are drawn 4 KiB at a time: a burst of executions needs several ids each (execution,
 * task runs, attempts), and one system call per id showed in profiles (~8 % of the engine's time).
 */
const pool = Buffer.alloc(4096);
let offset = pool.length;

export function newId(): string {
  if (offset + 16 > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  let n = (pool.readBigUInt64BE(offset) << 64n) | pool.readBigUInt64BE(offset + 8);
  offset += 16;
  let out = '';
  while (n > 0n) {
    out = ALPHABET[Number(n % 62n)]! + out;
    n /= 62n;
  }
  return out.padStart(22, '0');
}

export const ID_PATTERN = /^[0-9A-Za-z]{22}$/;
