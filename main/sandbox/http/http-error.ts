// Errors the sandbox turns into Kestra's JSON error bodies (Micronaut `JsonError`). The `message`
// always starts with the reason Kestra's ErrorController uses for that exception class, so a client
// that shows "the part before the first colon" as a title sees the same titles as with Kestra.

export interface ConstraintViolation {
  /** A property path (`flow.id`, `tasks[0].message`) or a Jackson reference path. */
  path: string;
  message: string;
}

/**
 * How Kestra 2.x reports an error whose 1.x rendering does not say it (problem+json, see
 * http/problem.ts): the problem type's slug, and the status and detail when they differ.
 */
export interface ProblemOverride {
  type: string;
  status?: number;
  detail?: string;
}

export class KestraHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly violations?: ConstraintViolation[],
    /** When true the response has no body at all (Kestra's `HttpResponse.notFound()` and 401s). */
    readonly emptyBody = false,
    readonly headers: Record<string, string> = {},
    readonly problem?: ProblemOverride,
    /** A 1.x body other than the `JsonError` (BulkErrorResponse). */
    readonly legacyBody?: unknown,
  ) {
    super(message);
  }
}

/** `404 {"message": "Not Found: <detail>"}`, or an empty 404 when the controller returned null. */
export function notFound(detail?: string): KestraHttpError {
  return new KestraHttpError(404, detail ? `Not Found: ${detail}` : 'Not Found');
}

/** What Kestra answers when a controller returns `HttpResponse.notFound()` (empty body). */
export function notFoundEmpty(): KestraHttpError {
  return new KestraHttpError(404, 'Not Found', undefined, true);
}

/** ConstraintViolationException → `422 Invalid entity: path: msg, path: msg` with `_embedded.errors`. */
export function invalidEntity(violations: ConstraintViolation[], summary?: string): KestraHttpError {
  const text = summary ?? violations.map((v) => (v.path ? `${v.path}: ${v.message}` : v.message)).join(', ');
  return new KestraHttpError(422, `Invalid entity: ${text}`, violations);
}

/** IllegalArgumentException → 422 `Illegal argument: …`. */
export function illegalArgument(detail: string): KestraHttpError {
  return new KestraHttpError(422, `Illegal argument: ${detail}`);
}

/** IllegalStateException → 409 `Illegal state: …`. */
export function illegalState(detail: string): KestraHttpError {
  return new KestraHttpError(409, `Illegal state: ${detail}`);
}

/** HttpStatusException(BAD_REQUEST) and missing required query values → 400 `Bad Request: …`. */
export function badRequest(detail: string): KestraHttpError {
  return new KestraHttpError(400, `Bad Request: ${detail}`);
}

export function invalidQueryFilters(detail: string): KestraHttpError {
  return new KestraHttpError(400, `Invalid query filters: ${detail}`);
}

/** JsonParseException → 422 `Invalid json: …`. */
export function invalidJson(detail: string): KestraHttpError {
  return new KestraHttpError(422, `Invalid json: ${detail}`);
}

/** A create whose id is taken: each version's own answer (1.x: a 422 on `path`; 2.x: 409 entity-already-exists). */
export function alreadyExists(legacy: KestraHttpError, detail: string): KestraHttpError {
  return new KestraHttpError(legacy.status, legacy.message, legacy.violations, legacy.emptyBody, legacy.headers, { type: 'entity-already-exists', status: 409, detail });
}

export function conflict(detail: string): KestraHttpError {
  return new KestraHttpError(409, `Conflict: ${detail}`);
}

/** ResourceExpiredException → 410. */
export function resourceExpired(detail: string): KestraHttpError {
  return new KestraHttpError(410, `Resource has expired: ${detail}`);
}

export function unsupportedMediaType(contentType: string | undefined): KestraHttpError {
  return new KestraHttpError(415, `Unsupported Media Type: Content Type [${contentType ?? ''}] not allowed`);
}

export function payloadTooLarge(limit: number): KestraHttpError {
  return new KestraHttpError(413, `Request Entity Too Large: The content length exceeds the maximum allowed content length [${limit}]`);
}

export function methodNotAllowed(method: string, allowed: string[]): KestraHttpError {
  return new KestraHttpError(
    405,
    `Method Not Allowed: Method [${method}] not allowed for URI. Allowed methods: [${allowed.join(', ')}]`,
    undefined,
    false,
    { Allow: allowed.join(', ') },
  );
}

export function internalError(detail: string): KestraHttpError {
  return new KestraHttpError(500, `Internal server error: ${detail}`);
}
