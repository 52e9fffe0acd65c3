// Shows any error a call can throw: a KestraError's kind, status, the server's own text (always as
// text, never HTML, behind "Show details") and field errors; other errors by message. And the next
// step: Retry, and Edit the server when the error is about reaching it or signing in.
import type { ConsoleErrorData, ConsoleErrorKind } from '../../main/contract/result';
import { KestraError } from '../lib/call';
import { canEditServer, editServer } from '../lib/server-editor';
import { Button } from './button';
import { Icon } from './icons';
import './feedback.css';

const KIND_TITLES: Record<ConsoleErrorKind, string> = {
  http: 'The server answered with an error',
  network: 'The server could not be reached',
  timeout: 'The server took too long to answer',
  auth: 'Authentication failed',
  forbidden: 'Your account lacks this permission',
  unsupported: 'This server does not have this feature',
  tls: 'The server’s certificate was refused',
  validation: 'The server refused the input',
  redirect: 'The server redirected to another address',
  cancelled: 'Cancelled',
  keychain: 'The credential store failed',
  internal: 'Something went wrong in the console',
};

/** The error as plain data, whatever was thrown. */
export function errorData(error: unknown): ConsoleErrorData {
  if (error instanceof KestraError) return error.data;
  if (error instanceof Error) return { kind: 'internal', message: error.message };
  return { kind: 'internal', message: String(error) };
}

/** One line for toasts and status bars: "404 Not Found: Requested Flow is not found." */
export function describeError(error: unknown): string {
  const data = errorData(error);
  const status = data.status ? `${data.status} ` : '';
  const detail = data.detail && data.detail !== data.message ? ` — ${data.detail}` : '';
  return `${status}${data.message}${detail}`.trim();
}

/** Errors whose fix is in the server's settings (address, credentials, certificate, timeouts). */
const SETTINGS_KINDS: ReadonlySet<ConsoleErrorKind> = new Set(['network', 'timeout', 'auth', 'tls', 'redirect']);

/** A server's own text can be a whole HTML page or a stack trace: shown up to this much. */
const MAX_DETAIL_CHARS = 4000;

export function ErrorView({
  error,
  title,
  onRetry,
  compact,
  serverId,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
  compact?: boolean;
  /** The server the failed call went to: offers "Edit server" when its settings may be the cause. */
  serverId?: string;
}) {
  const data = errorData(error);
  const detail = data.detail && data.detail !== data.message ? data.detail : undefined;
  const offerEdit = serverId !== undefined && SETTINGS_KINDS.has(data.kind) && canEditServer();
  return (
    <div className={`error-view${compact ? ' error-view--compact' : ''}`} role="alert">
      <div className="error-view__head">
        <Icon name="error" />
        <span className="error-view__title">{title ?? data.title ?? KIND_TITLES[data.kind]}</span>
        <span className="error-view__kind">
          {data.kind}
          {data.status ? ` · ${data.status}` : ''}
        </span>
        {onRetry && (
          <Button size="sm" icon="refresh" onClick={onRetry}>
            Retry
          </Button>
        )}
        {offerEdit && (
          <Button size="sm" icon="gear" onClick={() => editServer(serverId)}>
            Edit server
          </Button>
        )}
      </div>
      <div>{data.message}</div>
      {data.retryAfterSeconds !== undefined && <div>The server asks to retry after {data.retryAfterSeconds} s.</div>}
      {data.location && <div>Redirect target: {data.location}</div>}
      {detail && (
        <details className="error-view__details">
          <summary>Show details</summary>
          <pre className="error-view__detail">{detail.length > MAX_DETAIL_CHARS ? `${detail.slice(0, MAX_DETAIL_CHARS)}…` : detail}</pre>
        </details>
      )}
      {data.fieldErrors && data.fieldErrors.length > 0 && (
        <ul className="error-view__fields" aria-label="Field errors">
          {data.fieldErrors.map((field, index) => (
            <li key={index}>
              {field.path && <code>{field.path}</code>}
              {field.path ? ': ' : ''}
              {field.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
