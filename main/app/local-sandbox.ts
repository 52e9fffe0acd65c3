// The embedded Local sandbox as the core sees it: started once when enabled, its state reported
// by app.status, its URL awaited by the client of the built-in server. It is always in the server
// list, cannot be deleted, and is not a "configured" server.
import type { AppStatus } from '../contract/methods';
import type { ServerView } from '../contract/servers';

/** Starts the embedded Local sandbox: Electron uses a utility process, web mode a child process. */
export type LocalSandboxLauncher = (options: { dataDir: string }) => Promise<{ url: string; close(): Promise<void> }>;

export const LOCAL_SANDBOX_SERVER_ID = 'local-sandbox';
export const LOCAL_SANDBOX_NAME = 'Local sandbox';

export class LocalSandbox {
  private state: AppStatus['localSandbox'];
  private running: { url: string; close(): Promise<void> } | undefined;
  private readonly started: Promise<string | undefined>;

  constructor(launcher: LocalSandboxLauncher | undefined, dataDir: string) {
    if (!launcher) {
      this.state = { state: 'disabled' };
      this.started = Promise.resolve(undefined);
      return;
    }
    this.state = { state: 'starting' };
    this.started = launcher({ dataDir }).then(
      (sandbox) => {
        this.running = sandbox;
        this.state = { state: 'running', url: sandbox.url };
        return sandbox.url;
      },
      (error: unknown) => {
        this.state = { state: 'failed', error: error instanceof Error ? error.message.slice(0, 500) : 'The local sandbox failed to start' };
        return undefined;
      },
    );
  }

  get status(): AppStatus['localSandbox'] {
    return { ...this.state };
  }

  /** Resolves with the URL once running; undefined when disabled or failed. */
  whenReady(): Promise<string | undefined> {
    return this.started;
  }

  view(): ServerView {
    return {
      id: LOCAL_SANDBOX_SERVER_ID,
      name: LOCAL_SANDBOX_NAME,
      url: this.state.url ?? '',
      authKind: 'none',
      color: '#8405ff',
      environment: 'development',
      policy: { confirmDestructive: false, readOnly: false },
      tls: {},
      timeouts: { connectMs: 10_000, requestMs: 30_000 },
      builtIn: true,
      hasCredentials: false,
    };
  }

  async close(): Promise<void> {
    await this.started;
    const running = this.running;
    this.running = undefined;
    if (running) await running.close();
    if (this.state.state === 'running') this.state = { state: 'disabled' };
  }
}
