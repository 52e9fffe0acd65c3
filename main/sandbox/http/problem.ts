// Kestra 2.x error bodies: RFC 9457 problem details served as `application/problem+json`
// (webserver/errors/ProblemDetail, ProblemTypes, ProblemFactory, KestraProblemMappings). Every
// error gets one, bodiless 401/404 included (filter/ProblemResponseFilter). The sandbox's errors
// carry Kestra 1.x messages (`Reason: detail`); the reason tells which exception Kestra mapped.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { KestraHttpError } from './http-error';

export const PROBLEM_BASE_URI = 'https://kestra.io/docs/api-reference/problems/';

/** ProblemTypes: slug → [title, status]. */
export const PROBLEM_TYPES: Record<string, [string, number]> = {
  'invalid-json': ['Invalid JSON', 422],
  'invalid-plugin-type': ['Invalid plugin type', 422],
  'invalid-format': ['Invalid value format', 422],
  'invalid-request-body': ['Invalid request body', 422],
  'invalid-argument': ['Invalid argument', 422],
  'bad-request': ['Bad request', 400],
  'invalid-query-parameter': ['Invalid query parameter', 400],
  'invalid-query-filters': ['Invalid query filters', 400],
  'validation-failed': ['Validation failed', 422],
  'invalid-entity': ['Invalid entity', 422],
  'bulk-validation-failed': ['Bulk validation failed', 400],
  unauthenticated: ['Authentication required', 401],
  forbidden: ['Access denied', 403],
  'not-found': ['Resource not found', 404],
  conflict: ['Conflict', 409],
  'entity-already-exists': ['Entity already exists', 409],
  'resource-expired': ['Resource has expired', 410],
  locked: ['Resource is locked', 423],
  'method-not-allowed': ['Method not allowed', 405],
  'not-acceptable': ['Not acceptable', 406],
  'payload-too-large': ['Payload too large', 413],
  'unsupported-media-type': ['Unsupported media type', 415],
  'too-many-requests': ['Too many requests', 429],
  'internal-error': ['Internal server error', 500],
  'service-unavailable': ['Service unavailable', 503],
  timeout: ['Operation timed out', 504],
};

/** ProblemFactory.SERVER_ERROR_DETAIL: a 5xx never echoes its cause. */
export const SERVER_ERROR_DETAIL = 'An unexpected error occurred. Quote the traceId when contacting support.';

/** ProblemTypes.byStatus. */
function typeForStatus(status: number): string {
  const byStatus: Record<number, string> = {
    400: 'bad-request', 401: 'unauthenticated', 403: 'forbidden', 404: 'not-found', 405: 'method-not-allowed', 406: 'not-acceptable',
    409: 'conflict', 410: 'resource-expired', 413: 'payload-too-large', 415: 'unsupported-media-type', 422: 'invalid-entity',
    423: 'locked', 429: 'too-many-requests', 503: 'service-unavailable', 504: 'timeout',
  };
  return byStatus[status] ?? (status < 500 ? 'bad-request' : 'internal-error');
}

/** The 1.x reason prefix → the exception class Kestra 2.x maps (KestraProblemMappings). */
function typeForMessage(error: KestraHttpError): { type: string; status: number } {
  const reason = error.message.split(':', 1)[0]!;
  if (error.status === 422) {
    if (reason === 'Invalid entity' && error.violations && error.violations.length > 0) return { type: 'validation-failed', status: 422 };
    if (reason === 'Illegal argument') return { type: 'invalid-argument', status: 422 };
    if (reason === 'Invalid json') return { type: 'invalid-json', status: 422 };
    if (reason === 'Invalid format') return { type: 'invalid-format', status: 422 };
  }
  if (error.status === 400) {
    if (reason === 'Invalid query filters') return { type: 'invalid-query-filters', status: 400 };
    // ConversionErrorException → invalid-argument, whose documented status (422) wins.
    if (error.message.startsWith('Bad Request: Failed to convert argument')) return { type: 'invalid-argument', status: 422 };
    if (error.message.startsWith('Bad Request: Required QueryValue')) return { type: 'invalid-query-parameter', status: 400 };
  }
  return { type: typeForStatus(error.status), status: error.status };
}

export interface ProblemDetail {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: { detail: string; path?: string }[];
  traceId?: string;
}

export function problemOf(req: IncomingMessage, error: KestraHttpError): ProblemDetail {
  const resolved = error.problem ? { type: error.problem.type, status: error.problem.status ?? PROBLEM_TYPES[error.problem.type]?.[1] ?? error.status } : typeForMessage(error);
  const [title] = PROBLEM_TYPES[resolved.type] ?? [resolved.type, resolved.status];
  const instance = (req.url ?? '/').split('?')[0]!;
  if (resolved.status >= 500) {
    return { type: PROBLEM_BASE_URI + resolved.type, title, status: resolved.status, detail: SERVER_ERROR_DETAIL, instance, traceId: randomBytes(16).toString('hex') };
  }
  // The 1.x message is `Reason: detail`; an empty 1.x body (`HttpResponse.notFound()`) gets the title.
  const colon = error.message.indexOf(': ');
  const detail = error.problem?.detail ?? (error.emptyBody || colon < 0 ? title : error.message.slice(colon + 2));
  const problem: ProblemDetail = { type: PROBLEM_BASE_URI + resolved.type, title, status: resolved.status, detail, instance };
  if (error.violations && error.violations.length > 0) {
    problem.errors = error.violations.map((v) => (v.path ? { detail: v.message, path: v.path } : { detail: v.message }));
  }
  return problem;
}
