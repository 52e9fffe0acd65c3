// Raw-HTTP helpers for the sandbox integration tests: requests exactly as curl would send them.
import { randomNamespace } from '../../fixtures/temp-dir';

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json<T = any>(): T; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function request(url: string, init: RequestInit = {}): Promise<RawResponse> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    // A kept-alive connection the server closed while this process was busy (a test that blocks
    // the event loop past keepAliveTimeout): retry idempotent requests once, as browsers do.
    const idempotent = ['GET', 'HEAD', undefined].includes(init.method?.toUpperCase());
    if (!idempotent || (error as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw error;
    response = await fetch(url, init);
  }
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: () => JSON.parse(text),
  };
}

export function yamlBody(source: string): RequestInit {
  return { method: 'POST', headers: { 'Content-Type': 'application/x-yaml' }, body: source };
}

export function helloFlow(namespace: string, id = 'hello', message = 'Hello {{ inputs.name }}'): string {
  return `id: ${id}
namespace: ${namespace}
inputs:
  - id: name
    type: STRING
    defaults: world
tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: "${message}"
`;
}

export { randomNamespace };

export interface SseFrame {
  id?: string;
  event?: string;
  data: string;
}

/**
 * Opens an SSE stream and collects frames until `until(frames)` is true or the server closes it.
 * Resolves with the frames and whether the server ended the stream.
 */
export async function readSse(
  url: string,
  until: (frames: SseFrame[]) => boolean,
  options: { timeoutMs?: number; headers?: Record<string, string>; onOpen?: () => void } = {},
): Promise<{ frames: SseFrame[]; closedByServer: boolean; contentType: string | null }> {
  const { createParser } = await import('eventsource-parser');
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 20_000);
  const frames: SseFrame[] = [];
  let done = false;
  const parser = createParser({
    onEvent(event) {
      frames.push({ id: event.id, event: event.event, data: event.data });
      if (until(frames)) done = true;
    },
  });
  const response = await fetch(url, { headers: { Accept: 'text/event-stream', ...options.headers }, signal: controller.signal });
  options.onOpen?.();
  let closedByServer = false;
  try {
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    while (!done) {
      const { value, done: streamDone } = await reader.read();
      if (streamDone) {
        closedByServer = true;
        break;
      }
      parser.feed(decoder.decode(value, { stream: true }));
    }
    if (!closedByServer) await reader.cancel();
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
  }
  return { frames, closedByServer, contentType: response.headers.get('content-type') };
}

/** Polls `GET /executions/{id}` until `predicate` holds (condition-based waiting, no fixed sleeps). */
export async function waitForExecution(
  api: string,
  id: string,
  predicate: (execution: any) => boolean = (e) => ['SUCCESS', 'FAILED', 'WARNING', 'KILLED'].includes(e.state.current), // eslint-disable-line @typescript-eslint/no-explicit-any
  timeoutMs = 20_000,
): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const execution = (await request(`${api}/executions/${id}`)).json();
    if (predicate(execution)) return execution;
    if (Date.now() > deadline) throw new Error(`Execution ${id} did not reach the expected state; last: ${execution.state?.current}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export function form(fields: Record<string, string | Blob>, files: Record<string, { name: string; content: string | Uint8Array }> = {}): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  for (const [key, file] of Object.entries(files)) data.append(key, new Blob([file.content]), file.name);
  return data;
}
