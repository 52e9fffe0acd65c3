import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorFromException, errorFromResponse, parseRetryAfter, redact } from './kestra-error';

const CONTENT_TYPES = ['application/json', 'application/problem+json', 'text/html', 'text/plain', '', 'application/octet-stream', 'application/json; charset=utf-8'];

describe('errorFromResponse', () => {
  it('maps every status and body shape to a defined error, never throwing (10,000 generated answers)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 300, max: 599 }),
        fc.constantFrom(...CONTENT_TYPES),
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.constant('{"message": "Invalid entity: flow.id: x", "_embedded": {"errors": {"message": "x", "path": "flow.id"}}}'),
          fc.constant('{"title": "Conflict", "status": 409, "detail": "d", "errors": [{"detail": "e", "pointer": "/a"}]}'),
          fc.constant('<html><title>Login</title></html>'),
          fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('latin1')),
        ),
        fc.option(fc.oneof(fc.nat({ max: 1000 }).map(String), fc.string())),
        (status, contentType, body, retryAfter) => {
          const error = errorFromResponse({ status, contentType, body, what: 'testing', retryAfter: retryAfter ?? undefined });
          expect(['http', 'auth', 'forbidden', 'validation']).toContain(error.data.kind);
          expect(error.data.status).toBe(status);
          expect(error.message.length).toBeGreaterThan(0);
          expect(error.message.length).toBeLessThan(2_500);
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('reads Kestra 1.x JsonError, 2.x problem+json, an HTML login page and an empty 401', () => {
    expect(errorFromResponse({ status: 422, contentType: 'application/json', body: '{"message":"Invalid entity: flow.id: Flow id already exists","_embedded":{"errors":[{"message":"Flow id already exists","path":"flow.id"}]}}', what: 'x' }).data).toMatchObject({
      kind: 'validation',
      message: 'Invalid entity: flow.id: Flow id already exists',
      fieldErrors: [{ path: 'flow.id', message: 'Flow id already exists' }],
    });
    expect(errorFromResponse({ status: 409, contentType: 'application/problem+json', body: '{"type":"t","title":"Entity already exists","status":409,"detail":"Flow id already exists"}', what: 'x' }).data).toMatchObject({
      kind: 'http',
      title: 'Entity already exists',
      detail: 'Flow id already exists',
    });
    expect(
      errorFromResponse({ status: 422, contentType: 'application/problem+json', body: '{"title":"Validation failed","status":422,"detail":"The flow is invalid","errors":[{"detail":"must not be null","pointer":"/tasks/0/id"}]}', what: 'x' }).data,
    ).toMatchObject({ kind: 'validation', title: 'Validation failed', fieldErrors: [{ path: '/tasks/0/id', message: 'must not be null' }] });
    expect(errorFromResponse({ status: 200, contentType: 'text/html', body: '<title>SSO</title>', what: 'loading flows' }).data.kind).toBe('auth');
    // A success status with something else than Kestra's JSON says so (not "HTTP 200 (200)"), with what was sent.
    const garbage = errorFromResponse({ status: 200, contentType: '', body: 'this is not json {', what: 'reading the server configuration' });
    expect(garbage.message).toBe("While reading the server configuration, the server answered 200 with something that is not Kestra data (no content type): check that this address is a Kestra server's API.");
    expect(garbage.data).toMatchObject({ kind: 'http', status: 200, detail: 'this is not json {' });
    expect(errorFromResponse({ status: 401, contentType: '', body: '', what: 'x', wwwAuthenticate: 'Basic realm="k"' }).message).toMatch(/requires authentication \(Basic\)/);
    // RBAC: signed in, not allowed. Never a login failure.
    const forbidden = errorFromResponse({ status: 403, contentType: '', body: '', what: 'listing KV keys' });
    expect(forbidden.data.kind).toBe('forbidden');
    expect(forbidden.message).toBe('Your account lacks permission for listing KV keys.');
    expect(errorFromResponse({ status: 403, contentType: 'application/json', body: '{"message":"Forbidden: missing KVSTORE READ"}', what: 'x' }).data.kind).toBe('forbidden');
    expect(errorFromResponse({ status: 400, contentType: 'application/json', body: '{"message":"invalid bulk delete","invalids":[{"message":"bad id","propertyPath":"ids[0]"}]}', what: 'x' }).data.fieldErrors).toEqual([{ message: 'bad id', path: 'ids[0]' }]);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('5')).toBe(5);
    expect(parseRetryAfter(new Date(Date.now() + 10_000).toUTCString())).toBeGreaterThanOrEqual(9);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('errorFromException', () => {
  it.each([
    [{ code: 'ECONNREFUSED' }, 'network', /refused/],
    [{ code: 'ENOTFOUND' }, 'network', /could not be found/],
    [{ code: 'UND_ERR_SOCKET', cause: { code: 'ECONNRESET' } }, 'network', /cut/],
    [{ code: 'UND_ERR_HEADERS_TIMEOUT' }, 'timeout', /did not answer/],
    [{ code: 'UND_ERR_CONNECT_TIMEOUT' }, 'timeout', /connect/],
    [{ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, 'tls', /self-signed/],
    [{ code: 'CERT_HAS_EXPIRED' }, 'tls', /expired/],
    [{ code: 'KC_PIN_MISMATCH' }, 'tls', /pinned/],
    [{ name: 'AbortError' }, 'cancelled', /Cancelled/],
  ])('maps %j', (error, kind, message) => {
    const mapped = errorFromException(Object.assign(new Error('raw text with https://user:pw@host'), error), 'testing', 'https://host');
    expect(mapped.data.kind).toBe(kind);
    expect(mapped.message).toMatch(message);
    expect(mapped.message).not.toContain('user:pw');
  });
});

describe('redact', () => {
  it('removes a secret in plain, base64 and URL-encoded forms', () => {
    const secret = 'p@ss w0rd!';
    const text = `a ${secret} b ${Buffer.from(secret).toString('base64')} c ${encodeURIComponent(secret)}`;
    expect(redact(text, [secret])).toBe('a •••• b •••• c ••••');
  });
});
