// The add/edit server form as data: defaults, conversion to the contract's ServerInput, and
// client-side checks (pure, unit tested). Secrets stay out of this model's persisted parts: the
// password/token is a separate write-only value the dialog hands to main once.
import type { ServerInput } from '../../../main/contract/methods';
import type { AuthKind, Environment, ServerView } from '../../../main/contract/servers';

export const SERVER_COLORS = ['#8405ff', '#2f80ed', '#12a4a4', '#27ae60', '#f2994a', '#eb5757', '#e056a0', '#8a8fa8'] as const;

export interface ServerFormValues {
  name: string;
  url: string;
  tenant: string;
  authKind: AuthKind;
  username: string;
  color: string;
  environment: Environment;
  environmentLabel: string;
  confirmDestructive: boolean;
  readOnly: boolean;
  caCertificate: string;
  pinnedSha256: string;
  connectMs: string;
  requestMs: string;
}

export function emptyServerForm(existingCount = 0): ServerFormValues {
  return {
    name: '',
    url: '',
    tenant: '',
    authKind: 'none',
    username: '',
    color: SERVER_COLORS[(existingCount + 1) % SERVER_COLORS.length]!,
    environment: 'development',
    environmentLabel: '',
    confirmDestructive: false,
    readOnly: false,
    caCertificate: '',
    pinnedSha256: '',
    connectMs: '10000',
    requestMs: '30000',
  };
}

export function formFromServer(server: ServerView): ServerFormValues {
  return {
    name: server.name,
    url: server.url,
    tenant: server.tenant ?? '',
    authKind: server.authKind,
    username: server.username ?? '',
    color: server.color,
    environment: server.environment,
    environmentLabel: server.environmentLabel ?? '',
    confirmDestructive: server.policy.confirmDestructive,
    readOnly: server.policy.readOnly,
    caCertificate: server.tls.caCertificate ?? '',
    pinnedSha256: server.tls.pinnedSha256 ?? '',
    connectMs: String(server.timeouts.connectMs),
    requestMs: String(server.timeouts.requestMs),
  };
}

export function toServerInput(values: ServerFormValues): ServerInput {
  const trimmedOrUndefined = (text: string): string | undefined => text.trim() || undefined;
  return {
    name: values.name.trim(),
    url: values.url.trim().replace(/\/+$/, ''),
    tenant: trimmedOrUndefined(values.tenant),
    authKind: values.authKind,
    username: values.authKind === 'basic' ? values.username.trim() : undefined,
    color: values.color,
    environment: values.environment,
    environmentLabel: values.environment === 'custom' ? trimmedOrUndefined(values.environmentLabel) : undefined,
    policy: { confirmDestructive: values.confirmDestructive, readOnly: values.readOnly },
    tls: { caCertificate: trimmedOrUndefined(values.caCertificate), pinnedSha256: trimmedOrUndefined(values.pinnedSha256) },
    timeouts: { connectMs: Number(values.connectMs), requestMs: Number(values.requestMs) },
  };
}

export type ServerFormErrors = Partial<Record<keyof ServerFormValues | 'secret', string>>;

const FINGERPRINT = /^([0-9a-f]{2}:){31}[0-9a-f]{2}$|^[0-9a-f]{64}$/i;

/**
 * Checks before anything is sent. `needsSecret` is true when the auth kind needs a secret and none
 * is stored or typed.
 */
export function validateServerForm(values: ServerFormValues, options: { otherNames?: string[]; needsSecret?: boolean; builtIn?: boolean } = {}): ServerFormErrors {
  const errors: ServerFormErrors = {};
  const name = values.name.trim();
  if (!name) errors.name = 'Give the server a name.';
  else if (name.length > 80) errors.name = 'Keep the name under 80 characters.';
  else if (options.otherNames?.some((other) => other.trim().toLowerCase() === name.toLowerCase())) errors.name = 'Another server already has this name.';

  if (!options.builtIn) {
    const url = values.url.trim();
    if (!url) errors.url = 'Enter the server’s address, e.g. https://kestra.example.com';
    else {
      let parsed: URL | undefined;
      try {
        parsed = new URL(url);
      } catch {
        errors.url = 'This is not a valid URL.';
      }
      if (parsed) {
        if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') errors.url = 'Use an http:// or https:// address.';
        else if (parsed.username || parsed.password) errors.url = 'Put credentials in the authentication fields, not in the URL.';
        else if (parsed.search || parsed.hash) errors.url = 'Remove the query string or fragment from the URL.';
        else if (/\/ui\/?$/.test(parsed.pathname)) errors.url = 'Use the server’s base address, without /ui.';
        else if (/\/api\/v1/.test(parsed.pathname)) errors.url = 'Use the server’s base address, without the API path.';
      }
    }
    if (values.tenant.trim() && !/^[a-zA-Z0-9][a-zA-Z0-9_-]*$/.test(values.tenant.trim())) errors.tenant = 'A tenant id has letters, digits, - and _ only.';
    if (values.authKind === 'basic' && !values.username.trim()) errors.username = 'Enter the user name.';
    if (options.needsSecret) errors.secret = values.authKind === 'basic' ? 'Enter the password.' : 'Enter the token.';
    if (values.pinnedSha256.trim() && !FINGERPRINT.test(values.pinnedSha256.trim()))
      errors.pinnedSha256 = 'A SHA-256 fingerprint is 64 hex digits, with or without colons.';
    if (values.caCertificate.trim() && !/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.test(values.caCertificate))
      errors.caCertificate = 'Paste a PEM certificate (-----BEGIN CERTIFICATE----- …).';
  }
  if (values.environment === 'custom' && !values.environmentLabel.trim()) errors.environmentLabel = 'Name the environment.';
  if (!/^#[0-9a-f]{6}$/i.test(values.color)) errors.color = 'Choose a colour.';
  for (const key of ['connectMs', 'requestMs'] as const) {
    const value = Number(values[key]);
    if (!Number.isInteger(value) || value < 500 || value > 600_000) errors[key] = 'Between 500 and 600000 ms.';
  }
  return errors;
}

/** Production servers default to typed confirmation; the user can still turn it off. */
export function withEnvironmentDefaults(values: ServerFormValues, environment: Environment): ServerFormValues {
  const becameProduction = environment === 'production' && values.environment !== 'production';
  return { ...values, environment, confirmDestructive: becameProduction ? true : values.confirmDestructive };
}
