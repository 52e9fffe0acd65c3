// A server profile as stored in servers.json (never with a secret) and the validation every input
// goes through, whether typed by the user, imported from a file, or read back from disk.
import { X509Certificate } from 'node:crypto';
import type { ServerInput } from '../contract/methods';
import type { FieldError } from '../contract/result';
import type { AuthKind, Environment, ServerView, TimeoutSettings, TlsSettings } from '../contract/servers';
import { ConsoleError } from '../ipc/console-error';
import { withoutApiSuffix } from '../kestra/api-paths';

export interface ServerProfile extends Omit<ServerView, 'builtIn' | 'hasCredentials'> {
  /** A secret was saved for this server in the vault (the secret itself never is in this file). */
  secretSaved?: boolean;
}

export const DEFAULT_TIMEOUTS: TimeoutSettings = { connectMs: 10_000, requestMs: 30_000 };
export const TIMEOUT_LIMITS = { connectMs: [500, 120_000], requestMs: [1_000, 600_000] } as const;

const AUTH_KINDS: readonly AuthKind[] = ['none', 'basic', 'bearer'];
const ENVIRONMENTS: readonly Environment[] = ['development', 'staging', 'production', 'custom'];
const TENANT_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,99}$/;
const COLOR_PATTERN = /^#[0-9a-fA-F]{6}$/;
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
// Control characters and bidi overrides make a name look like something else.
// eslint-disable-next-line no-control-regex
const UNSAFE_TEXT = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

class FieldErrors {
  readonly list: FieldError[] = [];
  add(path: string, message: string): void {
    this.list.push({ path, message });
  }
  throwIfAny(what: string): void {
    if (this.list.length === 0) return;
    const summary = this.list.map((e) => `${e.path}: ${e.message}`).join('; ');
    throw new ConsoleError('validation', `${what}: ${summary}`, { fieldErrors: this.list });
  }
}

/** Normalises a server URL: http(s) only, no credentials, query or fragment; no trailing slash. */
export function normaliseServerUrl(raw: unknown): { url?: string; error?: string } {
  if (typeof raw !== 'string' || raw.trim() === '') return { error: 'Enter the server URL, e.g. https://kestra.example.com' };
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { error: 'Not a valid URL (include http:// or https://)' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: 'Only http:// and https:// URLs are supported' };
  if (url.username || url.password) return { error: 'Put credentials in the authentication fields, not in the URL' };
  if (url.search || url.hash) return { error: 'The URL must not carry a query or a fragment' };
  // A server behind a reverse proxy may live under a path prefix; keep it, without the final slash.
  let pathname = url.pathname.replace(/\/+$/, '');
  pathname = withoutApiSuffix(pathname);
  return { url: `${url.origin}${pathname}` };
}

/** Returns the fingerprint as uppercase hex pairs joined by colons (Node's `fingerprint256` form). */
export function normaliseFingerprint(raw: string): string | undefined {
  const hex = raw.replace(/[\s:]/g, '');
  if (!SHA256_HEX.test(hex)) return undefined;
  return hex.toUpperCase().match(/.{2}/g)!.join(':');
}

/** Splits a PEM bundle into certificates and checks that each parses. */
export function parseCaBundle(pem: string): { certificates: string[]; error?: string } {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) return { certificates: [], error: 'Paste a PEM certificate (-----BEGIN CERTIFICATE----- …)' };
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch {
      return { certificates: [], error: 'One of the certificates could not be read' };
    }
  }
  return { certificates: blocks };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value.trim() : undefined;
}

function validTls(value: unknown, errors: FieldErrors): TlsSettings {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    errors.add('tls', 'Must be an object');
    return {};
  }
  const raw = value as Record<string, unknown>;
  const tls: TlsSettings = {};
  const ca = text(raw.caCertificate);
  if (ca) {
    if (ca.length > 1_000_000) errors.add('tls.caCertificate', 'Certificate bundle is too large');
    else {
      const parsed = parseCaBundle(ca);
      if (parsed.error) errors.add('tls.caCertificate', parsed.error);
      else tls.caCertificate = parsed.certificates.join('\n');
    }
  }
  const pin = text(raw.pinnedSha256);
  if (pin) {
    const normalised = normaliseFingerprint(pin);
    if (!normalised) errors.add('tls.pinnedSha256', 'A SHA-256 fingerprint is 64 hexadecimal digits (colons optional)');
    else tls.pinnedSha256 = normalised;
  }
  return tls;
}

function validTimeouts(value: unknown, errors: FieldErrors, base: TimeoutSettings): TimeoutSettings {
  if (value === undefined || value === null) return { ...base };
  if (typeof value !== 'object' || Array.isArray(value)) {
    errors.add('timeouts', 'Must be an object');
    return { ...base };
  }
  const raw = value as Record<string, unknown>;
  const out = { ...base };
  for (const key of ['connectMs', 'requestMs'] as const) {
    if (raw[key] === undefined) continue;
    const n = raw[key];
    const [min, max] = TIMEOUT_LIMITS[key];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) errors.add(`timeouts.${key}`, `Must be a whole number of milliseconds between ${min} and ${max}`);
    else out[key] = n;
  }
  return out;
}

/**
 * Validates a complete server input (add, import) or a complete merge of an existing profile with
 * a partial update. Throws a validation ConsoleError listing every bad field.
 */
export function validateServerInput(input: unknown, what = 'Server settings are invalid'): ServerInput {
  const errors = new FieldErrors();
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    errors.add('input', 'Must be an object');
    errors.throwIfAny(what);
  }
  const raw = input as Record<string, unknown>;

  const name = text(raw.name) ?? '';
  if (name === '') errors.add('name', 'Give the server a name');
  else if (name.length > 80) errors.add('name', 'At most 80 characters');
  else if (UNSAFE_TEXT.test(name)) errors.add('name', 'Must not contain control or text-direction characters');

  const { url, error: urlError } = normaliseServerUrl(raw.url);
  if (urlError) errors.add('url', urlError);

  let tenant: string | undefined;
  const rawTenant = text(raw.tenant);
  if (rawTenant) {
    if (!TENANT_PATTERN.test(rawTenant)) errors.add('tenant', 'Letters, digits, - and _ only');
    else tenant = rawTenant;
  }

  const authKind = raw.authKind as AuthKind;
  if (!AUTH_KINDS.includes(authKind)) errors.add('authKind', `One of ${AUTH_KINDS.join(', ')}`);

  let username: string | undefined;
  const rawUser = text(raw.username);
  if (authKind === 'basic') {
    if (!rawUser) errors.add('username', 'Basic authentication needs a username');
    else if (rawUser.includes(':')) errors.add('username', 'A basic-auth username cannot contain ":"');
    else if (rawUser.length > 320 || UNSAFE_TEXT.test(rawUser)) errors.add('username', 'Not a valid username');
    else username = rawUser;
  }

  const color = text(raw.color) ?? '';
  if (!COLOR_PATTERN.test(color)) errors.add('color', 'A colour like #1f6feb');

  const environment = raw.environment as Environment;
  if (!ENVIRONMENTS.includes(environment)) errors.add('environment', `One of ${ENVIRONMENTS.join(', ')}`);
  let environmentLabel: string | undefined;
  const rawLabel = text(raw.environmentLabel);
  if (environment === 'custom') {
    if (!rawLabel) errors.add('environmentLabel', 'Name the custom environment');
    else if (rawLabel.length > 40 || UNSAFE_TEXT.test(rawLabel)) errors.add('environmentLabel', 'At most 40 plain characters');
    else environmentLabel = rawLabel;
  }

  const policyRaw = raw.policy as Record<string, unknown> | undefined;
  const policy = {
    confirmDestructive: policyRaw?.confirmDestructive === undefined ? environment === 'production' : policyRaw.confirmDestructive === true,
    readOnly: policyRaw?.readOnly === true,
  };
  if (policyRaw !== undefined && (typeof policyRaw !== 'object' || policyRaw === null)) errors.add('policy', 'Must be an object');

  const tls = validTls(raw.tls, errors);
  if (tls.caCertificate || tls.pinnedSha256) {
    if (url && !url.startsWith('https:')) errors.add('tls', 'Certificate settings apply only to https:// servers');
  }
  const timeouts = validTimeouts(raw.timeouts, errors, DEFAULT_TIMEOUTS);

  errors.throwIfAny(what);
  return {
    name,
    url: url!,
    ...(tenant ? { tenant } : {}),
    authKind,
    ...(username ? { username } : {}),
    color: color.toLowerCase(),
    environment,
    ...(environmentLabel ? { environmentLabel } : {}),
    policy,
    tls,
    timeouts,
  };
}

/** Checks a secret before it is stored: no line breaks (they would corrupt headers), sane length. */
export function validateSecret(secret: unknown, authKind: AuthKind): string {
  if (typeof secret !== 'string' || secret.length === 0) throw new ConsoleError('validation', 'The secret is empty');
  if (secret.length > 16_384) throw new ConsoleError('validation', 'The secret is too long');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(secret)) throw new ConsoleError('validation', 'The secret must not contain line breaks or control characters');
  if (authKind === 'bearer' && /\s/.test(secret)) throw new ConsoleError('validation', 'An API token must not contain spaces');
  return secret;
}

export function profileToInput(profile: ServerProfile): ServerInput {
  return {
    name: profile.name,
    url: profile.url,
    ...(profile.tenant ? { tenant: profile.tenant } : {}),
    authKind: profile.authKind,
    ...(profile.username ? { username: profile.username } : {}),
    color: profile.color,
    environment: profile.environment,
    ...(profile.environmentLabel ? { environmentLabel: profile.environmentLabel } : {}),
    policy: { ...profile.policy },
    tls: { ...profile.tls },
    timeouts: { ...profile.timeouts },
  };
}

/** Reads a stored profile back: the input rules plus a valid id. */
export function validateStoredProfile(value: unknown): ServerProfile {
  const raw = value as Record<string, unknown> | null;
  const id = raw && typeof raw === 'object' ? raw.id : undefined;
  if (typeof id !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(id)) throw new ConsoleError('validation', 'A stored server has no valid id');
  const input = validateServerInput(value, `Stored server ${id} is invalid`);
  return { id, ...input, timeouts: { ...DEFAULT_TIMEOUTS, ...input.timeouts }, ...(raw?.secretSaved === true ? { secretSaved: true } : {}) };
}
