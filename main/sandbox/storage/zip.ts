// Zip archives: streamed writing (exports) and entry-by-entry reading (imports, `.zip` uploads),
// with guards against zip bombs and unsafe entry names.
import { statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { ZIP_EXPANSION, zipExpansionLimit } from '../http/limits';

export interface ZipSource {
  name: string;
  /** Text/bytes, or a file on disk streamed into the archive. */
  content?: Buffer | string;
  file?: string;
  mtime?: Date;
}

/** A zip of `entries`, as a stream (never fully in memory when entries are files). */
export function zipStream(entries: ZipSource[]): Readable {
  const zip = new yazl.ZipFile();
  for (const entry of entries) {
    const options = entry.mtime ? { mtime: entry.mtime } : {};
    if (entry.file) zip.addFile(entry.file, entry.name, options);
    else zip.addBuffer(Buffer.isBuffer(entry.content) ? entry.content : Buffer.from(entry.content ?? ''), entry.name, options);
  }
  zip.end();
  return zip.outputStream as unknown as Readable;
}

export interface ZipEntryHandler {
  /** Called for each file entry in order; `stream` must be consumed. Directories get `stream` undefined. */
  (entry: { name: string; directory: boolean; size: number; stream?: Readable }): Promise<void>;
}

export interface ZipLimits {
  maxEntries: number;
  maxTotalBytes: number;
}

const DEFAULT_LIMITS: ZipLimits = { maxEntries: 100_000, maxTotalBytes: ZIP_EXPANSION.maxTotalBytes };

function expansionError(limit: number): Error {
  return new Error(`The zip archive expands to more than ${Math.round(limit / (1024 * 1024))} MiB (at most ${ZIP_EXPANSION.maxRatio} times its size, ${ZIP_EXPANSION.maxTotalBytes / (1024 * 1024 * 1024)} GiB in all)`);
}

/**
 * Reads a zip file entry by entry (lazily, so memory stays flat). The declared sizes of the entries
 * (checked against what they really hold) may add up to `maxTotalBytes` at most, and to no more than
 * ZIP_EXPANSION.maxRatio times the archive's own size: a small archive that unpacks to gigabytes is refused.
 */
export function readZipFile(file: string, onEntry: ZipEntryHandler, limits: ZipLimits = DEFAULT_LIMITS): Promise<void> {
  const maxTotal = Math.min(limits.maxTotalBytes, zipExpansionLimit(statSync(file).size));
  return new Promise<void>((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true }, (openError, zip) => {
      if (openError || !zip) {
        reject(new Error(`Invalid zip archive: ${openError?.message ?? 'unreadable'}`));
        return;
      }
      let count = 0;
      let total = 0;
      const fail = (error: unknown): void => {
        zip.close();
        reject(error instanceof Error ? error : new Error(String(error)));
      };
      zip.on('error', fail);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        count += 1;
        total += entry.uncompressedSize;
        if (count > limits.maxEntries) return fail(new Error(`Zip archive has more than ${limits.maxEntries} entries`));
        if (total > maxTotal) return fail(expansionError(maxTotal));
        const directory = entry.fileName.endsWith('/');
        if (directory) {
          onEntry({ name: entry.fileName, directory, size: 0 }).then(() => zip.readEntry(), fail);
          return;
        }
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return fail(streamError ?? new Error('Unreadable zip entry'));
          onEntry({ name: entry.fileName, directory, size: entry.uncompressedSize, stream }).then(() => zip.readEntry(), fail);
        });
      });
      zip.readEntry();
    });
  });
}

/** Reads every file entry of an in-memory zip as UTF-8 text (flow imports). */
export function readZipTexts(buffer: Buffer, maxBytes = 64 * 1024 * 1024): Promise<{ name: string; text: string }[]> {
  const maxTotal = Math.min(maxBytes, zipExpansionLimit(buffer.length));
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true }, (openError, zip) => {
      if (openError || !zip) {
        reject(new Error(`Invalid zip archive: ${openError?.message ?? 'unreadable'}`));
        return;
      }
      const texts: { name: string; text: string }[] = [];
      let total = 0;
      zip.on('error', reject);
      zip.on('end', () => resolve(texts));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        total += entry.uncompressedSize;
        if (total > maxTotal) {
          zip.close();
          return reject(expansionError(maxTotal));
        }
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError ?? new Error('Unreadable zip entry'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            texts.push({ name: entry.fileName, text: Buffer.concat(chunks).toString('utf8') });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}
