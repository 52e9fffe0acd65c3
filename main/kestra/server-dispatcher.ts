// One undici dispatcher per server: its own TLS trust (extra CA, pinned certificate), its connect
// timeout, and the HTTP(S) proxy from the environment (HTTPS_PROXY, HTTP_PROXY, NO_PROXY).
// Never "ignore certificate errors": a pinned server is trusted only when it presents exactly the
// pinned certificate, checked before a single request byte is sent.
import { rootCertificates, type TLSSocket } from 'node:tls';
import { Agent, buildConnector, EnvHttpProxyAgent, type Dispatcher } from 'undici';
import type { TlsSettings } from '../contract/servers';

export interface DispatcherOptions {
  tls: TlsSettings;
  connectTimeoutMs: number;
  /** Honour HTTP(S)_PROXY / NO_PROXY (off for the loopback Local sandbox). */
  useEnvironmentProxy: boolean;
}

export class PinMismatchError extends Error {
  readonly code = 'KC_PIN_MISMATCH';
  constructor(readonly presented: string) {
    super('The server certificate does not match the pinned fingerprint');
    this.name = 'PinMismatchError';
  }
}

/** The CA list for a server: the system roots plus its extra CA (a `ca` option replaces the roots). */
function trustedCas(tls: TlsSettings): string[] | undefined {
  if (!tls.caCertificate) return undefined;
  return [...rootCertificates, tls.caCertificate];
}

function environmentProxyConfigured(): boolean {
  const env = process.env;
  return Boolean(env.https_proxy ?? env.HTTPS_PROXY ?? env.http_proxy ?? env.HTTP_PROXY);
}

/**
 * Wraps a connector so a TLS socket is handed to undici only if its certificate's SHA-256
 * fingerprint equals the pin (uppercase hex with colons, Node's `fingerprint256` form).
 */
export function pinningConnector(inner: buildConnector.connector, pin: string): buildConnector.connector {
  return (options, callback) => {
    inner(options, (error, socket) => {
      if (error || !socket) {
        callback(error ?? new Error('connect failed'), null);
        return;
      }
      const presented = (socket as TLSSocket).getPeerCertificate?.()?.fingerprint256;
      if (presented !== pin) {
        socket.destroy();
        callback(new PinMismatchError(presented ?? 'none'), null);
        return;
      }
      callback(null, socket);
    });
  };
}

export function createServerDispatcher(options: DispatcherOptions): Dispatcher {
  const ca = trustedCas(options.tls);
  const pin = options.tls.pinnedSha256;
  const connectBase = { timeout: options.connectTimeoutMs, ...(ca ? { ca } : {}) };
  // With a pin the chain may be self-signed: the exact-certificate check replaces chain
  // validation, and TLS sessions are not cached so every connection shows its certificate.
  const connect = pin
    ? pinningConnector(buildConnector({ ...connectBase, rejectUnauthorized: false, maxCachedSessions: 0 }), pin)
    : buildConnector(connectBase);
  const agentOptions = { connect, keepAliveTimeout: 4_000, keepAliveMaxTimeout: 60_000 };
  if (options.useEnvironmentProxy && environmentProxyConfigured()) {
    // Through a proxy the TLS session to Kestra runs inside the tunnel. A pin is checked by
    // identity there, so a pinned server behind a proxy also needs a certificate its CA vouches for.
    return new EnvHttpProxyAgent({
      ...agentOptions,
      requestTls: {
        ...(ca ? { ca } : {}),
        ...(pin
          ? {
              checkServerIdentity: (_host: string, cert: { fingerprint256?: string }) =>
                cert.fingerprint256 === pin ? undefined : new PinMismatchError(cert.fingerprint256 ?? 'none'),
            }
          : {}),
      },
    });
  }
  return new Agent(agentOptions);
}
