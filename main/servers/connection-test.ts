// "Test connection": reachability, TLS, version and edition, API form, and whether the
// credentials work — each a separate, readable result. The TLS look never sends a byte of HTTP (so
// no credential can reach a server we do not trust yet); it only reads the certificate so the
// user can pin it.
import { connect as tlsConnect, checkServerIdentity, rootCertificates, type PeerCertificate } from 'node:tls';
import type { ConnectionCheck, ConnectionReport, ServerHealth } from '../contract/methods';
import type { ServerConfigs } from '../contract/kestra-model';
import type { AuthKind, TlsSettings } from '../contract/servers';
import type { KestraClient } from '../kestra/kestra-client';
import { KestraError } from '../kestra/kestra-error';

interface TlsLook {
  fingerprint?: string;
  trusted: boolean;
  problem?: string;
  /** The TCP connection itself failed. */
  unreachable?: string;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127\./.test(hostname);
}

/** Connects with TLS, reads the certificate and judges it as the client would; sends nothing. */
export function lookAtCertificate(url: URL, tls: TlsSettings, timeoutMs: number): Promise<TlsLook> {
  return new Promise((resolve) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const socket = tlsConnect({
      host,
      port: Number(url.port || 443),
      servername: /^[\d.:]+$/.test(host) ? undefined : host,
      // Only to read the certificate; trust is decided below, and nothing is sent.
      rejectUnauthorized: false,
      ...(tls.caCertificate ? { ca: [...rootCertificates, tls.caCertificate] } : {}),
    });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ trusted: false, unreachable: `No TLS answer within ${Math.round(timeoutMs / 1000)} s` });
    }, timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const cert = socket.getPeerCertificate() as PeerCertificate;
      const fingerprint = cert?.fingerprint256;
      socket.destroy();
      if (tls.pinnedSha256) {
        resolve(
          fingerprint === tls.pinnedSha256
            ? { fingerprint, trusted: true }
            : { fingerprint, trusted: false, problem: 'The certificate does not match the pinned fingerprint (it changed, or the connection is intercepted).' },
        );
        return;
      }
      if (!socket.authorized) {
        const code = String(socket.authorizationError ?? 'untrusted');
        const selfSigned = code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || code === 'SELF_SIGNED_CERT_IN_CHAIN';
        resolve({
          fingerprint,
          trusted: false,
          problem: selfSigned
            ? 'The server uses a self-signed certificate. Add its CA certificate, or pin the fingerprint below if you trust it.'
            : `The certificate is not trusted (${code}).`,
        });
        return;
      }
      const identity = checkServerIdentity(host, cert);
      resolve(identity ? { fingerprint, trusted: false, problem: `The certificate is for another host name (${identity.message}).` } : { fingerprint, trusted: true });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ trusted: false, unreachable: error.code === 'ECONNREFUSED' ? 'Connection refused' : error.code === 'ENOTFOUND' ? 'Host not found' : `TLS connection failed (${error.code ?? error.message})` });
    });
  });
}

function describeForm(configs: ServerConfigs): string {
  if (configs.apiForm === 'legacy') return 'Pre-0.23 API paths (no tenant segment).';
  if (configs.apiForm === 'v2') return `Kestra 2.x API, tenant "${configs.tenant ?? 'main'}".`;
  return `Tenant API paths, tenant "${configs.tenant ?? 'main'}".`;
}

export interface ConnectionTarget {
  url: string;
  tls: TlsSettings;
  authKind: AuthKind;
  username?: string;
  hasSecret: boolean;
  connectTimeoutMs: number;
}

/** Runs every check against `client` (built for the saved or draft profile). */
export async function testConnection(client: KestraClient, target: ConnectionTarget, signal?: AbortSignal): Promise<ConnectionReport> {
  const checks: ConnectionCheck[] = [];
  const url = new URL(target.url);
  let certificateSha256: string | undefined;

  if (url.protocol === 'https:') {
    const look = await lookAtCertificate(url, target.tls, target.connectTimeoutMs);
    certificateSha256 = look.fingerprint;
    if (look.unreachable) {
      checks.push({ id: 'reachability', status: 'fail', message: `${url.host}: ${look.unreachable}.` });
      for (const id of ['tls', 'version', 'api-form', 'credentials'] as const) checks.push({ id, status: 'skip', message: 'Not checked: the server is not reachable.' });
      return { checks, ...(certificateSha256 ? { certificateSha256 } : {}) };
    }
    checks.push({ id: 'reachability', status: 'pass', message: `${url.host} answers.` });
    if (!look.trusted) {
      checks.push({ id: 'tls', status: 'fail', message: look.problem ?? 'The certificate is not trusted.' });
      for (const id of ['version', 'api-form', 'credentials'] as const) checks.push({ id, status: 'skip', message: 'Not checked: the certificate is not trusted, so nothing was sent.' });
      return { checks, ...(certificateSha256 ? { certificateSha256 } : {}) };
    }
    checks.push({ id: 'tls', status: 'pass', message: target.tls.pinnedSha256 ? 'The certificate matches the pinned fingerprint.' : 'The certificate is valid for this host.' });
  }

  let configs: ServerConfigs;
  try {
    configs = await client.server.configs(signal, true);
  } catch (error) {
    const e = error instanceof KestraError ? error : new KestraError('internal', 'Unexpected error');
    if (e.data.kind === 'cancelled') throw e;
    if (url.protocol !== 'https:') {
      const reachable = e.data.kind !== 'network' && e.data.kind !== 'timeout';
      checks.push({ id: 'reachability', status: reachable ? 'pass' : 'fail', message: reachable ? `${url.host} answers.` : e.message });
      checks.push({ id: 'tls', status: 'skip', message: 'Plain HTTP: no TLS.' });
    }
    checks.push({ id: 'version', status: 'fail', message: e.message });
    checks.push({ id: 'api-form', status: 'skip', message: 'Not checked: the configuration could not be read.' });
    checks.push({
      id: 'credentials',
      status: e.data.kind === 'auth' ? 'fail' : 'skip',
      message: e.data.kind === 'auth' ? e.message : 'Not checked: the configuration could not be read.',
    });
    return { checks, ...(certificateSha256 ? { certificateSha256 } : {}) };
  }

  if (url.protocol !== 'https:') {
    checks.push({ id: 'reachability', status: 'pass', message: `${url.host} answers.` });
    const exposed = target.authKind !== 'none' && !isLoopback(url.hostname);
    checks.push({
      id: 'tls',
      status: exposed ? 'warn' : 'skip',
      message: exposed ? 'Plain HTTP: credentials travel unencrypted. Use https:// for a server on the network.' : 'Plain HTTP: no TLS.',
    });
  }
  const known = configs.version !== 'unknown';
  checks.push({
    id: 'version',
    status: known ? 'pass' : 'warn',
    message: known ? `Kestra ${configs.version} (${configs.edition === 'EE' ? 'Enterprise' : configs.edition === 'OSS' ? 'open source' : configs.edition})${configs.sandbox ? ', the console’s sandbox' : ''}.` : 'The server did not report its version.',
  });
  const eeWithoutTenant = configs.edition === 'EE' && configs.apiForm !== 'legacy' && configs.tenant === 'main';
  checks.push({
    id: 'api-form',
    status: eeWithoutTenant ? 'warn' : 'pass',
    message: eeWithoutTenant ? `${describeForm(configs)} Enterprise servers usually need your tenant id: set it in the server settings.` : describeForm(configs),
  });

  if (target.authKind !== 'none' && !target.hasSecret) {
    checks.push({ id: 'credentials', status: 'fail', message: target.authKind === 'basic' ? 'Enter the password.' : 'Enter the API token.' });
  } else {
    try {
      await client.flows.search({ size: 1 }, signal);
      checks.push({
        id: 'credentials',
        status: 'pass',
        message: target.authKind === 'none' ? 'The server answers without authentication.' : target.authKind === 'basic' ? `Signed in as ${target.username ?? ''}.` : 'The API token is accepted.',
      });
    } catch (error) {
      const e = error instanceof KestraError ? error : new KestraError('internal', 'Unexpected error');
      if (e.data.kind === 'cancelled') throw e;
      if (e.data.status === 401) {
        // Open-source Kestra has no API tokens (capability `auth.apiTokens`): say so rather than "refused".
        const tokens = (await client.server.capabilities(signal)).features['auth.apiTokens'];
        const message =
          target.authKind === 'none'
            ? 'The server requires authentication: choose basic auth or a token.'
            : target.authKind === 'bearer' && !tokens.available
              ? 'The server refused the token: open-source Kestra takes no API tokens. Use basic auth (user name and password).'
              : 'The server refused these credentials.';
        checks.push({ id: 'credentials', status: 'fail', message });
      } else if (e.data.status === 403) {
        checks.push({ id: 'credentials', status: 'warn', message: 'Signed in, but not allowed to list flows with these credentials.' });
      } else {
        checks.push({ id: 'credentials', status: 'fail', message: e.message });
      }
    }
  }
  return { checks, configs, ...(certificateSha256 ? { certificateSha256 } : {}) };
}

/** A quick health probe: the configuration (fresh), and an authenticated call when auth is set. */
export async function checkHealth(serverId: string, client: KestraClient, authKind: AuthKind, signal?: AbortSignal): Promise<ServerHealth> {
  const started = performance.now();
  const checkedAt = new Date().toISOString();
  try {
    const configs = await client.server.configs(signal, true);
    let message: string | undefined;
    if (authKind !== 'none') {
      // Signed in but not allowed to list flows (RBAC): the server is up and the login works.
      await client.flows.search({ size: 1 }, signal).catch((error: unknown) => {
        if (!(error instanceof KestraError) || error.data.kind !== 'forbidden') throw error;
        message = error.message;
      });
    }
    return { serverId, status: 'up', version: configs.version, edition: configs.edition, latencyMs: Math.round(performance.now() - started), checkedAt, ...(message ? { message } : {}) };
  } catch (error) {
    const e = error instanceof KestraError ? error : new KestraError('internal', 'Unexpected error');
    if (e.data.kind === 'cancelled') throw e;
    const status = e.data.kind === 'auth' || e.data.kind === 'keychain' ? 'auth-failed' : e.data.kind === 'tls' ? 'tls-failed' : 'down';
    return { serverId, status, checkedAt, message: e.message, ...(client.server.cachedConfigs ? { version: client.server.cachedConfigs.version, edition: client.server.cachedConfigs.edition } : {}) };
  }
}
