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

/** Converts anything thrown by a handler into plain error data; unknown errors become 'internal'. */
export function toErrorData(error: unknown): ConsoleErrorData {
  if (error instanceof ConsoleError) return error.data;
  if (error instanceof Error && error.name === 'AbortError') return { kind: 'cancelled', message: 'Cancelled' };
  // An unexpected error's text may come from a library that echoes a request (URL with userinfo,
  // headers); do not forward it verbatim.
  return { kind: 'internal', message: 'Unexpected error in the console. See the console log for details.' };
}
