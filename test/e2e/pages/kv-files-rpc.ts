// Direct calls to the web console's RPC endpoint (with the per-launch token), for test setup: the
// local sandbox's URL, adding a server. Never used to do what the test checks through the UI.
import type { WebConsole } from '../../fixtures/web-console';

export async function consoleRpc<T>(console_: WebConsole, method: string, params: Record<string, unknown>): Promise<T> {
  const response = await fetch(`${console_.origin}/rpc/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'x-console-token': console_.token, Origin: console_.origin },
    body: JSON.stringify({ params, requestId: `test-${Date.now()}` }),
  });
  const result = (await response.json()) as { ok: boolean; data?: T; error?: { message: string } };
  if (!result.ok) throw new Error(`${method}: ${result.error?.message}`);
  return result.data as T;
}

/** The Local sandbox this console started, through the fixture's relay that adds its token. */
export function localSandboxUrl(console_: WebConsole): Promise<string> {
  return console_.localSandbox();
}
