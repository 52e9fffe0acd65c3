// Reads the fleet shares: bounded parallel work, "not found" as an answer, the flows of a namespace
// from one export zip, and a namespace's file tree with sizes.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import { parse as parseYaml } from 'yaml';
import type { FileAttributes } from '../../contract/kestra-model';
import { ConsoleError } from '../../ipc/console-error';
import type { KestraClient } from '../../kestra/kestra-client';
import { KestraError } from '../../kestra/kestra-error';
import type { FileEntry, FlowSource } from './plan-builder';

/** Runs `work` over `items` with at most `limit` at a time; results in input order. Stops at the first error. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>, signal?: AbortSignal): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (!failed && next < items.length) {
      if (signal?.aborted) throw new ConsoleError('cancelled', 'Cancelled');
      const index = next;
      next += 1;
      try {
        results[index] = await work(items[index]!, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ConsoleError && error.data.status === 404;
}

/** The value, or undefined when the server answered 404. */
export async function orMissing<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Reads a whole body, refusing more than `max` bytes. */
export async function readAll(body: Readable, max: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > max) {
      body.destroy();
      throw new KestraError('validation', `${what} is larger than ${Math.round(max / (1024 * 1024))} MB; the console does not read it whole.`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const MAX_EXPORT = 128 * 1024 * 1024;

/** The YAML files of a flows export zip (Kestra names them `<namespace>.<id>.yml`). */
export function zipTexts(buffer: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true }, (openError, zip) => {
      if (openError || !zip) {
        reject(new KestraError('http', `The flows export is not a readable zip: ${openError?.message ?? 'unreadable'}`));
        return;
      }
      const texts: string[] = [];
      let total = 0;
      zip.on('error', (error: Error) => reject(new KestraError('http', `The flows export is not a readable zip: ${error.message}`)));
      zip.on('end', () => resolve(texts));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/') || !/\.ya?ml$/i.test(entry.fileName)) return zip.readEntry();
        total += entry.uncompressedSize;
        if (total > MAX_EXPORT) {
          zip.close();
          reject(new KestraError('validation', 'The flows export unpacks to more than 128 MB.'));
          return;
        }
        // Flows are small and many: each one inflated in one call costs far less than a zlib
        // stream per entry (which dominated reading a 100-flow export).
        const method = entry.compressionMethod;
        if (method !== 0 && method !== 8) {
          zip.close();
          reject(new KestraError('http', `An entry of the flows export uses a compression the console cannot read (method ${method}).`));
          return;
        }
        const onStream = (streamError: Error | null, stream?: Readable): void => {
          if (streamError || !stream) {
            reject(new KestraError('http', 'An entry of the flows export could not be read.'));
            return;
          }
          readAll(stream, MAX_EXPORT, 'A flow of the export')
            .then((raw) => {
              const bytes = method === 8 ? inflateRawSync(raw, { maxOutputLength: entry.uncompressedSize + 1 }) : raw;
              if (bytes.length !== entry.uncompressedSize) throw new KestraError('http', `An entry of the flows export is damaged: ${bytes.length} bytes instead of ${entry.uncompressedSize}.`);
              texts.push(bytes.toString('utf8'));
              zip.readEntry();
            })
            .catch((error: unknown) => reject(error instanceof KestraError ? error : new KestraError('http', `An entry of the flows export could not be read: ${error instanceof Error ? error.message : String(error)}`)));
        };
        // yauzl takes `decompress` only for compressed entries; stored ones are read as they are.
        try {
          if (method === 8) zip.openReadStream(entry, { decompress: false }, onStream);
          else zip.openReadStream(entry, onStream);
        } catch (error) {
          zip.close();
          reject(new KestraError('http', `An entry of the flows export could not be read: ${error instanceof Error ? error.message : String(error)}`));
        }
      });
      zip.readEntry();
    });
  });
}

const TOP_LEVEL_ID = /^id:[ \t]*([A-Za-z0-9][A-Za-z0-9._-]*)[ \t]*(?:#.*)?$/gm;
const TOP_LEVEL_NAMESPACE = /^namespace:[ \t]*([A-Za-z0-9][A-Za-z0-9._-]*)[ \t]*(?:#.*)?$/gm;

/** The one plain value of a top-level key, or undefined when it is absent, repeated or not plain. */
function soleMatch(pattern: RegExp, source: string): string | undefined {
  const matches = [...source.matchAll(pattern)];
  return matches.length === 1 ? matches[0]![1] : undefined;
}

/** The flow's identity as its YAML states it (what Kestra keys it by). */
export function flowIdentity(source: string): { namespace: string; id: string } | undefined {
  // Nearly every flow states both as plain top-level keys, each once: read them without parsing
  // the document (parsing was most of the time of reading an export). Anything else (quoted,
  // repeated, indented documents, flow mappings) is parsed.
  const plainId = soleMatch(TOP_LEVEL_ID, source);
  const plainNamespace = plainId && soleMatch(TOP_LEVEL_NAMESPACE, source);
  if (plainId && plainNamespace) return { namespace: plainNamespace, id: plainId };
  try {
    const document = parseYaml(source, { maxAliasCount: 100 }) as { id?: unknown; namespace?: unknown } | null;
    if (document && typeof document.id === 'string' && typeof document.namespace === 'string') return { namespace: document.namespace, id: document.id };
  } catch {
    // fall back to the first lines, as Kestra requires them at the top level
  }
  const id = /^id:\s*["']?([^"'\s#]+)/m.exec(source)?.[1];
  const namespace = /^namespace:\s*["']?([^"'\s#]+)/m.exec(source)?.[1];
  return id && namespace ? { namespace, id } : undefined;
}

/**
 * Every flow under `namespace` (children included, as Kestra filters by prefix; every flow without
 * one) with its source,
 * from the export zip: one request, whatever the number of flows. Servers without the export route
 * fall back to search + one read per flow.
 */
export async function exportFlows(client: KestraClient, namespace: string | undefined, signal?: AbortSignal): Promise<FlowSource[]> {
  try {
    const download = await client.flows.openExport(namespace, signal);
    const texts = await zipTexts(await readAll(download.body, MAX_EXPORT, `The flows export of ${namespace ?? 'the server'}`));
    const flows: FlowSource[] = [];
    for (const source of texts) {
      const identity = flowIdentity(source);
      if (identity) flows.push({ ...identity, source });
    }
    return flows;
  } catch (error) {
    if (!(error instanceof ConsoleError) || (error.data.status !== 404 && error.data.status !== 405)) throw error;
  }
  const flows: FlowSource[] = [];
  for (let page = 1; page <= 100; page += 1) {
    const found = await client.flows.search({ ...(namespace ? { namespace } : {}), page, size: 100 }, signal);
    const sources = await mapLimit(found.results, 6, (flow) => client.flows.get(flow.namespace, flow.id, undefined, signal), signal);
    flows.push(...sources.map((flow) => ({ namespace: flow.namespace, id: flow.id, source: flow.source })));
    if (found.results.length < 100 || page * 100 >= found.total) break;
  }
  return flows;
}

/** Revisions of the flows of exactly this namespace (the export zip has sources, not revisions). */
export async function flowRevisions(client: KestraClient, namespace: string, signal?: AbortSignal): Promise<Map<string, number>> {
  const revisions = new Map<string, number>();
  for (let page = 1; page <= 100; page += 1) {
    const found = await client.flows.search({ namespace, page, size: 1000 }, signal);
    for (const flow of found.results) if (flow.namespace === namespace) revisions.set(flow.id, flow.revision);
    if (found.results.length < 1000 || page * 1000 >= found.total) break;
  }
  return revisions;
}

const MAX_FILES = 100_000;

/** Every file of a namespace (recursively) with its size and modification time; a namespace without files gives []. */
export async function walkFiles(client: KestraClient, namespace: string, signal?: AbortSignal): Promise<FileEntry[]> {
  const files: FileEntry[] = [];
  let level: string[] = ['/'];
  while (level.length > 0) {
    const listings = await mapLimit(level, 6, async (dir) => ({ dir, entries: (await orMissing(client.files.list(namespace, dir, signal))) ?? ([] as FileAttributes[]) }), signal);
    const nextLevel: string[] = [];
    for (const { dir, entries } of listings) {
      for (const entry of entries) {
        const path = `${dir === '/' ? '' : dir}/${entry.fileName}`;
        if (entry.type === 'Directory') nextLevel.push(path);
        else files.push({ path, size: entry.size, lastModified: entry.lastModifiedTime });
      }
    }
    if (files.length > MAX_FILES) throw new KestraError('validation', `${namespace} has more than ${MAX_FILES} files; the console does not compare that many.`);
    level = nextLevel;
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
