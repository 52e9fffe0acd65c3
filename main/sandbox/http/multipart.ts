// multipart/form-data via busboy. Files are handed over as streams so large uploads go straight to
// disk; small forms (validate, import) can be collected in memory with a size limit.
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { KestraHttpError, badRequest, payloadTooLarge } from './http-error';
import { MAX_IN_MEMORY_BODY } from './request';

export interface MultipartFile {
  /** Form field name. */
  name: string;
  filename: string;
  mimeType: string;
  stream: Readable;
}

export interface MultipartHandlers {
  onField?(name: string, value: string): void;
  /** Must consume `file.stream` (or resume it); the parse waits for the returned promise. */
  onFile(file: MultipartFile): Promise<void>;
}

/** Parses a multipart body, waiting for every file handler to finish. Rejects on a broken body. */
export function parseMultipart(req: IncomingMessage, handlers: MultipartHandlers): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, preservePath: true, limits: { fieldSize: MAX_IN_MEMORY_BODY } });
    } catch (error) {
      req.resume();
      reject(badRequest(`Invalid multipart body: ${(error as Error).message}`));
      return;
    }
    const pending: Promise<void>[] = [];
    let failed = false;
    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      req.resume();
      reject(error instanceof KestraHttpError ? error : badRequest(`Invalid multipart body: ${(error as Error).message}`));
    };
    parser.on('field', (name, value, info) => {
      try {
        if (info.valueTruncated) throw payloadTooLarge(MAX_IN_MEMORY_BODY);
        handlers.onField?.(name, value);
      } catch (error) {
        fail(error);
      }
    });
    parser.on('file', (name, stream, info) => {
      if (failed) {
        stream.resume();
        return;
      }
      const handled = handlers.onFile({ name, filename: info.filename ?? '', mimeType: info.mimeType, stream }).catch((error: unknown) => {
        stream.resume();
        fail(error);
      });
      pending.push(handled);
    });
    parser.on('error', fail);
    parser.on('close', () => {
      Promise.all(pending).then(
        () => {
          if (!failed) resolve();
        },
        (error: unknown) => fail(error),
      );
    });
    req.on('aborted', () => fail(new Error('The request was aborted')));
    req.on('error', fail);
    req.pipe(parser);
  });
}

export interface CollectedPart {
  name: string;
  /** UTF-8 text of the part. */
  value: string;
  buffer: Buffer;
  filename?: string;
}

/** Collects every field and file in memory (small forms only; over the limit → 413). */
export async function parseMultipartFields(req: IncomingMessage, options: { fileFields: boolean; limit?: number } = { fileFields: true }): Promise<CollectedPart[]> {
  const limit = options.limit ?? MAX_IN_MEMORY_BODY;
  const parts: CollectedPart[] = [];
  let total = 0;
  await parseMultipart(req, {
    onField(name, value) {
      total += Buffer.byteLength(value);
      if (total > limit) throw payloadTooLarge(limit);
      parts.push({ name, value, buffer: Buffer.from(value) });
    },
    async onFile(file) {
      if (!options.fileFields) {
        file.stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of file.stream as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > limit) throw payloadTooLarge(limit);
        chunks.push(chunk);
      }
      const buffer = Buffer.concat(chunks);
      parts.push({ name: file.name, value: buffer.toString('utf8'), buffer, filename: file.filename });
    },
  });
  return parts;
}
