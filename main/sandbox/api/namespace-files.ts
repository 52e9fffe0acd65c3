// NamespaceFileController: `/namespaces/{namespace}/files/...` — listing, stats, content, streamed
// uploads (zip extraction, `/_flows/*.yml` flow import), mkdir, move, delete, export, search,
// revisions.
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { StagedFile } from '../files/namespace-file-store';
import { checkNameLengths, FLOWS_FOLDER, guardPath, isFlowsPath, normalizeFilePath } from '../files/namespace-path';
import { KestraHttpError, badRequest, illegalArgument } from '../http/http-error';
import { parseMultipart } from '../http/multipart';
import { MAX_IN_MEMORY_BODY, queryInt, queryString, requiredQuery, requireMediaType } from '../http/request';
import { sendEmpty, sendJson, sendJsonText } from '../http/respond';
import type { RouteDefinition } from '../http/router';
import { readZipFile, zipStream } from '../storage/zip';
import type { SandboxServices } from './services';

/** Zip uploads: generous but bounded, against zip bombs (readZipFile also caps the expansion ratio). */
const ZIP_LIMITS = { maxEntries: 50_000, maxTotalBytes: 4 * 1024 * 1024 * 1024 };

async function streamToText(stream: Readable, limit = MAX_IN_MEMORY_BODY): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new KestraHttpError(413, `Request Entity Too Large: The flow file exceeds ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function namespaceFileRoutes(services: SandboxServices): RouteDefinition[] {
  const { files, flows, flowRepository } = services;

  /** `/_flows/<file>.yml` in a namespace: the flow's namespace is forced to it (Kestra's importFlow). */
  const importFlow = (namespace: string, filePath: string, source: string): void => {
    if (filePath.split('/').length !== 3) throw illegalArgument(`Invalid flow file path: ${filePath}`);
    const rewritten = source.replace(/^namespace: .*$/m, `namespace: ${namespace}`);
    flows.createOrUpdate(rewritten);
  };

  const extractZip = async (namespace: string, zip: Readable): Promise<void> => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kc-sandbox-zip-'));
    const staged: StagedFile[] = [];
    try {
      const archive = path.join(dir, 'upload.zip');
      await pipeline(zip, createWriteStream(archive));
      // First pass: names only, so a bad entry rejects the whole archive before anything is written.
      const entries: string[] = [];
      await readZipFile(
        archive,
        async (entry) => {
          if (!entry.directory) {
            const filePath = normalizeFilePath(`/${entry.name}`);
            checkNameLengths(filePath);
            if (isFlowsPath(filePath) && filePath.split('/').length !== 3) throw illegalArgument(`Invalid flow file path: ${filePath}`);
            entries.push(filePath);
          }
          entry.stream?.resume();
        },
        ZIP_LIMITS,
      );
      const flowSources: { path: string; source: string }[] = [];
      await readZipFile(
        archive,
        async (entry) => {
          if (entry.directory || !entry.stream) return;
          const filePath = normalizeFilePath(`/${entry.name}`);
          if (isFlowsPath(filePath)) flowSources.push({ path: filePath, source: await streamToText(entry.stream) });
          else staged.push(await files.stage(filePath, entry.stream));
        },
        ZIP_LIMITS,
      );
      // Validate every flow before writing anything.
      for (const flow of flowSources) flows.parseOrThrow(flow.source.replace(/^namespace: .*$/m, `namespace: ${namespace}`));
      files.commit(namespace, staged);
      staged.length = 0;
      for (const flow of flowSources) importFlow(namespace, flow.path, flow.source);
    } catch (error) {
      files.discard(staged);
      if (error instanceof KestraHttpError) throw error;
      throw illegalArgument((error as Error).message);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  return [
    {
      method: 'GET',
      path: 'namespaces/{namespace}/files/directory',
      handler: (ctx) => {
        const dir = guardPath(normalizeFilePath(queryString(ctx.query, 'path')));
        sendJsonText(ctx.res, 200, files.listJson(ctx.params.namespace!, dir));
      },
    },
    {
      method: 'POST',
      path: 'namespaces/{namespace}/files/directory',
      handler: (ctx) => {
        const dir = guardPath(normalizeFilePath(queryString(ctx.query, 'path')));
        checkNameLengths(dir);
        files.mkdir(ctx.params.namespace!, dir);
        sendEmpty(ctx.res, 200);
      },
    },
    {
      method: 'GET',
      path: 'namespaces/{namespace}/files/stats',
      handler: (ctx) => {
        const filePath = guardPath(normalizeFilePath(queryString(ctx.query, 'path')));
        sendJson(ctx.res, 200, files.stats(ctx.params.namespace!, filePath));
      },
    },
    {
      method: 'GET',
      path: 'namespaces/{namespace}/files/revisions',
      handler: (ctx) => {
        const filePath = guardPath(normalizeFilePath(queryString(ctx.query, 'path')));
        sendJson(ctx.res, 200, files.revisions(ctx.params.namespace!, filePath));
      },
    },
    {
      method: 'GET',
      path: 'namespaces/{namespace}/files/search',
      handler: (ctx) => {
        sendJson(ctx.res, 200, files.search(ctx.params.namespace!, requiredQuery(ctx.query, 'q')));
      },
    },
    {
      method: 'GET',
      path: 'namespaces/{namespace}/files/export',
      handler: async (ctx) => {
        const namespace = ctx.params.namespace!;
        const entries = files.files(namespace).map((f) => ({ name: f.path.slice(1), file: files.blobPath(namespace, f.path), mtime: new Date(f.lastModifiedTime) }));
        const flowEntries = flowRepository.byNamespace(namespace).map((f) => ({ name: `${FLOWS_FOLDER}/${f.id}.yml`, content: f.source }));
        ctx.res.writeHead(200, {
          'Content-Type': 'application/octet-stream',
          'Content-Disposition': `attachment; filename="${namespace}_files.zip"`,
          'Cache-Control': 'no-cache',
        });
        await pipeline(zipStream([...entries, ...flowEntries]), ctx.res);
      },
    },
    {
      method: 'GET',
      path: 'namespaces/{namespace}/files',
      handler: async (ctx) => {
        const filePath = guardPath(normalizeFilePath(requiredQuery(ctx.query, 'path')));
        const { stream, size } = files.read(ctx.params.namespace!, filePath, queryInt(ctx.query, 'revision'));
        ctx.res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': size, 'Cache-Control': 'no-cache' });
        await pipeline(stream, ctx.res);
      },
    },
    {
      method: 'POST',
      path: 'namespaces/{namespace}/files',
      handler: async (ctx) => {
        requireMediaType(ctx.req, ['multipart/form-data']);
        const namespace = ctx.params.namespace!;
        const target = normalizeFilePath(requiredQuery(ctx.query, 'path'));
        const flowImport = isFlowsPath(target);
        if (!flowImport) {
          guardPath(target);
          checkNameLengths(target);
        }
        let received = false;
        await parseMultipart(ctx.req, {
          async onFile(file) {
            if (file.name !== 'fileContent' || received) {
              file.stream.resume();
              return;
            }
            received = true;
            if (file.filename.toLowerCase().endsWith('.zip')) await extractZip(namespace, file.stream);
            else if (flowImport) importFlow(namespace, target, await streamToText(file.stream));
            else await files.put(namespace, target, file.stream);
          },
        });
        if (!received) throw badRequest('Required argument [CompletedFileUpload fileContent] not specified');
        sendEmpty(ctx.res, 200);
      },
    },
    {
      method: 'PUT',
      path: 'namespaces/{namespace}/files',
      handler: (ctx) => {
        const from = guardPath(normalizeFilePath(requiredQuery(ctx.query, 'from')));
        const to = guardPath(normalizeFilePath(requiredQuery(ctx.query, 'to')));
        files.move(ctx.params.namespace!, from, to);
        sendEmpty(ctx.res, 200);
      },
    },
    {
      method: 'DELETE',
      path: 'namespaces/{namespace}/files',
      handler: (ctx) => {
        const namespace = ctx.params.namespace!;
        const filePath = guardPath(normalizeFilePath(requiredQuery(ctx.query, 'path')));
        // Kestra answers 200 for a path that does not exist.
        if (files.exists(namespace, filePath)) files.delete(namespace, filePath);
        sendEmpty(ctx.res, 200);
      },
    },
  ];
}

