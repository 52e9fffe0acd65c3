// What a pane shows about its server data besides the data: the error (with Retry and Edit server)
// when there is nothing to show, and, when what is shown may be outdated (the last refresh failed,
// or the server is failing right now), a note saying so with its age. Cached data is never shown
// as if it were current.
import type { ServerHealth } from '../../main/contract/methods';
import { isFailing, useServerHealth } from '../lib/health';
import { Button } from './button';
import { describeError, ErrorView } from './error-view';
import { Icon } from './icons';
import { healthText, RelativeTime } from './misc';

export interface QueryLike {
  data: unknown;
  error: unknown;
  /** When the data shown was fetched (react-query's dataUpdatedAt). */
  dataUpdatedAt: number;
  isFetching: boolean;
}

/** Why data from this server is outdated now, or undefined when it is current. */
export function staleReason(query: Pick<QueryLike, 'data' | 'error'>, health: ServerHealth | undefined): string | undefined {
  if (query.data === undefined) return undefined;
  if (query.error) return describeError(query.error);
  if (isFailing(health)) return healthText(health, false);
  return undefined;
}

export function StaleNotice({ what, updatedAt, reason, onRetry, retrying }: { what: string; updatedAt: number; reason: string; onRetry?: () => void; retrying?: boolean }) {
  return (
    <div className="stale-notice" role="status">
      <Icon name="warning" />
      <span className="stale-notice__text">
        Showing {what} from <RelativeTime date={updatedAt} /> — not current: {reason}
      </span>
      {onRetry && (
        <Button size="sm" icon="refresh" busy={retrying} onClick={onRetry}>
          Retry
        </Button>
      )}
    </div>
  );
}

/**
 * The error or the staleness of one query of a pane. `what` names the data ("flows", "KV pairs");
 * `title` is the error's heading when nothing could be shown.
 */
export function DataStatus({ serverId, query, what, title, onRetry, compact }: { serverId: string; query: QueryLike; what: string; title?: string; onRetry(): void; compact?: boolean }) {
  const health = useServerHealth(serverId);
  if (query.data === undefined) {
    return query.error ? <ErrorView error={query.error} title={title} serverId={serverId} onRetry={onRetry} compact={compact} /> : null;
  }
  const reason = staleReason(query, health.data);
  return reason ? <StaleNotice what={what} updatedAt={query.dataUpdatedAt} reason={reason} onRetry={onRetry} retrying={query.isFetching} /> : null;
}
