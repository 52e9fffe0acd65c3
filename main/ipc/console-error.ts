import type { ConsoleErrorData, ConsoleErrorKind } from '../contract/result';

/** An error that knows how to present itself to the renderer. Its message must never hold a secret. */
export class ConsoleError extends Error {
  readonly data: ConsoleErrorData;

  constructor(kind: ConsoleErrorKind, message: string, extra: Omit<ConsoleErrorData, 'kind' | 'message'> = {}) {
    super(message);
    this.name = 'ConsoleError';
    this.data = { kind, message, ...extra };
  }
}

/** Strips what could be a credential from text bound for a log: auth schemes, userinfo in URLs. */
export function scrubForLog(text: string): string {
  return text
    .replace(/\b(Basic|Bearer|Token)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 ••••')
    .replace(/(authorization|cookie|proxy-authorization)(["']?\s*[:=]\s*["']?)[^"',}\n]+/gi, '$1$2••••')
    .replace(/\/\/[^/@\s:]+:[^/@\s]+@/g, '//••••@');
}

/** Converts anything thrown by a handler into plain error data; unknown errors become 'internal'. */
export function toErrorData(error: unknown, context?: string): ConsoleErrorData {
  if (error instanceof ConsoleError) return error.data;
  if (error instanceof Error && error.name === 'AbortError') return { kind: 'cancelled', message: 'Cancelled' };
  // An unexpected error's text may come from a library that echoes a request (URL with userinfo,
  // headers); do not forward it verbatim. It goes to the console log, scrubbed.
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  console.error(`[kestra-console] unexpected error${context ? ` in ${context}` : ''}: ${scrubForLog(detail)}`);
  return { kind: 'internal', message: 'Unexpected error in the console. See the console log for details.' };
}
