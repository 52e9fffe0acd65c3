// The one error shape that crosses from main to the renderer. It is plain data (structured-clone
// safe) and never carries a secret: main builds it from Kestra's answer after redaction.

export type ConsoleErrorKind =
  | 'http' // the server answered with an error status
  | 'network' // no answer: refused, reset, DNS, cut mid-body
  | 'timeout' // a deadline passed
  | 'auth' // 401, or a proxy login page: the credentials are missing or refused
  | 'forbidden' // 403: signed in, but the account lacks the permission (RBAC)
  | 'unsupported' // the server's version or edition lacks the feature (asked before any request)
  | 'tls' // certificate refused, pin mismatch
  | 'validation' // 422 with the server's field messages, or input refused before any request
  | 'redirect' // a redirect to another origin, surfaced instead of followed
  | 'cancelled' // the user (or a newer request) cancelled it
  | 'keychain' // the credential store failed
  | 'internal'; // a bug on our side

export interface FieldError {
  path?: string;
  message: string;
}

export interface ConsoleErrorData {
  kind: ConsoleErrorKind;
  message: string;
  status?: number;
  /** The server's own text (Kestra `message` or problem+json `detail`), escaped by whoever renders it. */
  detail?: string;
  /** RFC 9457 problem `title` (Kestra 2.x), e.g. "Entity already exists". */
  title?: string;
  fieldErrors?: FieldError[];
  retryAfterSeconds?: number;
  /** For kind 'redirect': where the server wanted to send us. */
  location?: string;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ConsoleErrorData };
