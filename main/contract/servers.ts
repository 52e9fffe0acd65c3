// Server profiles as the renderer sees them. No secret ever appears here: the renderer learns only
// whether credentials are stored (`hasCredentials`).

export type AuthKind = 'none' | 'basic' | 'bearer';
export type Environment = 'development' | 'staging' | 'production' | 'custom';

export interface SafetyPolicy {
  /** Destructive actions ask for the server's name to be typed. */
  confirmDestructive: boolean;
  /** Every write is hidden or disabled. */
  readOnly: boolean;
}

export interface TlsSettings {
  /** PEM text of an extra CA certificate (public data, not a secret). */
  caCertificate?: string;
  /** SHA-256 fingerprint of the server certificate, hex with or without colons. */
  pinnedSha256?: string;
}

export interface TimeoutSettings {
  connectMs: number;
  requestMs: number;
}

export interface ServerView {
  id: string;
  name: string;
  url: string;
  /** Tenant override; when absent the client detects it (OSS: `main`). */
  tenant?: string;
  authKind: AuthKind;
  username?: string;
  color: string;
  environment: Environment;
  /** Label shown when environment is 'custom'. */
  environmentLabel?: string;
  policy: SafetyPolicy;
  tls: TlsSettings;
  timeouts: TimeoutSettings;
  /** True for the console's embedded Local sandbox. */
  builtIn: boolean;
  hasCredentials: boolean;
}
