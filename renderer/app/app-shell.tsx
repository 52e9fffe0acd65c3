import { useQuery } from '@tanstack/react-query';
import { call } from '../lib/call';
import { consoleKeys } from '../lib/query-keys';

export function AppShell() {
  const servers = useQuery({ queryKey: consoleKeys.servers(), queryFn: ({ signal }) => call('servers.list', {}, { signal }) });
  return (
    <div className="app-shell">
      <nav className="server-rail" aria-label="Servers">
        {servers.data?.map((server) => (
          <button key={server.id} type="button" className="server-chip" style={{ borderColor: server.color }} aria-label={server.name}>
            {server.name.slice(0, 2)}
          </button>
        ))}
      </nav>
      <main className="workspace" aria-label="Kestra Console">
        {servers.isPending && <p role="status">Loading servers…</p>}
        {servers.error && <p role="alert">{servers.error.message}</p>}
        {servers.data && <h1>{servers.data[0]?.name ?? 'No server'}</h1>}
      </main>
    </div>
  );
}
