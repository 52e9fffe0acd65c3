import { describe, expect, it } from 'vitest';
import { KestraError, redact, redactError } from './kestra-error';

const USER = 'ops@kestra.example';
const PASSWORD = 'S3cret-Pässword/With+Signs';
const HEADER_TOKEN = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
const SECRETS = [PASSWORD, `Basic ${HEADER_TOKEN}`, HEADER_TOKEN];

describe('redact', () => {
  const echoes: Record<string, string> = {
    'as sent': PASSWORD,
    'upper-cased': PASSWORD.toUpperCase(),
    'lower-cased': PASSWORD.toLowerCase(),
    'mixed case': PASSWORD.split('').map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join(''),
    base64: Buffer.from(PASSWORD).toString('base64'),
    'base64 without padding': Buffer.from(PASSWORD).toString('base64').replace(/=+$/, ''),
    base64url: Buffer.from(PASSWORD).toString('base64url'),
    'base64 of user:password': HEADER_TOKEN,
    'base64 of user:password, upper-cased': HEADER_TOKEN.toUpperCase(),
    'the header, lower-cased': `basic ${HEADER_TOKEN}`.toLowerCase(),
    'URL-encoded': encodeURIComponent(PASSWORD),
    'URL-encoded, lower-case escapes': encodeURIComponent(PASSWORD).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    'URL-encoded, upper-cased': encodeURIComponent(PASSWORD).toUpperCase(),
    'form-encoded': new URLSearchParams({ p: PASSWORD }).toString().slice(2),
    'JSON-escaped': JSON.stringify(PASSWORD).slice(1, -1),
  };

  it.each(Object.entries(echoes))('removes the secret %s', (_name, echoed) => {
    const out = redact(`Server said: invalid password "${echoed}" for ${USER}`, SECRETS);
    expect(out).toContain('••••');
    expect(out.toLowerCase()).not.toContain(echoed.toLowerCase());
    expect(out).toContain(USER);
  });

  it('leaves text without secrets alone, and ignores secrets too short to look for', () => {
    expect(redact('Not found while loading flows.', SECRETS)).toBe('Not found while loading flows.');
    expect(redact('ab ab', ['ab'])).toBe('ab ab');
  });

  it('redacts every field of an error bound for the renderer', () => {
    const loud = PASSWORD.toUpperCase();
    const error = redactError(new KestraError('validation', `bad ${loud}`, { detail: `detail ${loud}`, location: `https://x/?p=${encodeURIComponent(PASSWORD)}`, fieldErrors: [{ path: loud, message: `m ${loud}` }] }), SECRETS);
    expect(JSON.stringify(error.data).toLowerCase()).not.toContain(PASSWORD.toLowerCase());
    expect(JSON.stringify(error.data)).not.toContain(encodeURIComponent(PASSWORD));
  });
});
