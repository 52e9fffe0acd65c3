// A multipart/form-data body streamed from disk, with its exact length known up front (Kestra's
// Micronaut server handles a sized body best) and progress counted as file bytes leave.
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

export type MultipartPart =
  | { name: string; value: string }
  | {
      name: string;
      filename: string;
      contentType?: string;
      size: number;
      /** Opens the file content; called once per body stream. */
      open: () => Readable;
    };

export interface MultipartBody {
  contentType: string;
  length: number;
  stream: () => Readable;
}

/** HTML's form encoding of names in Content-Disposition: quote, CR and LF percent-encoded. */
function quoteName(name: string): string {
  return name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function multipartBody(parts: MultipartPart[], onFileBytes?: (sent: number) => void): MultipartBody {
  const boundary = `----KestraConsole${randomBytes(12).toString('hex')}`;
  const heads = parts.map((part) => {
    const disposition = `Content-Disposition: form-data; name="${quoteName(part.name)}"${'filename' in part ? `; filename="${quoteName(part.filename)}"` : ''}`;
    const type = 'filename' in part ? `\r\nContent-Type: ${part.contentType ?? 'application/octet-stream'}` : '';
    return Buffer.from(`--${boundary}\r\n${disposition}${type}\r\n\r\n`);
  });
  const values = parts.map((part) => ('value' in part ? Buffer.from(part.value) : undefined));
  const crlf = Buffer.from('\r\n');
  const tail = Buffer.from(`--${boundary}--\r\n`);
  let length = tail.length;
  parts.forEach((part, i) => {
    length += heads[i]!.length + ('value' in part ? values[i]!.length : part.size) + crlf.length;
  });

  const stream = (): Readable =>
    Readable.from(
      (async function* generate() {
        let sent = 0;
        for (let i = 0; i < parts.length; i += 1) {
          const part = parts[i]!;
          yield heads[i]!;
          if ('value' in part) yield values[i]!;
          else {
            let fileBytes = 0;
            for await (const chunk of part.open() as AsyncIterable<Buffer>) {
              fileBytes += chunk.length;
              if (fileBytes > part.size) throw new Error('The file grew while it was being uploaded');
              sent += chunk.length;
              onFileBytes?.(sent);
              yield chunk;
            }
            if (fileBytes !== part.size) throw new Error('The file changed size while it was being uploaded');
          }
          yield crlf;
        }
        yield tail;
      })(),
      { objectMode: false },
    );
  return { contentType: `multipart/form-data; boundary=${boundary}`, length, stream };
}
