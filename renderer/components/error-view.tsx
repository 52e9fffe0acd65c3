// Shows any error a call can throw: a KestraError's kind, status, the server's own text (always as
// text, never HTML) and field errors; other errors by message. Optional retry.
import type { ConsoleErrorData, ConsoleErrorKind } from '../../main/contract/result';
import { KestraError } from '../lib/call';
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

export function ErrorView({ error, title, onRetry, compact }: { error: unknown; title?: string; onRetry?: () => void; compact?: boolean }) {
  const data = errorData(error);
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
      </div>
      <div>{data.message}</div>
      {data.retryAfterSeconds !== undefined && <div>The server asks to retry after {data.retryAfterSeconds} s.</div>}
      {data.location && <div>Redirect target: {data.location}</div>}
      {data.detail && data.detail !== data.message && <pre className="error-view__detail">{data.detail}</pre>}
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
