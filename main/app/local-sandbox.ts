// The embedded Local sandbox as the core sees it: started once when enabled, its state reported
// by app.status, its URL awaited by the client of the built-in server. It is always in the server
// list, cannot be deleted, and is not a "configured" server.
// It is authenticated: a random bearer token per launch, generated here, handed to the sandbox
// process in its start message (never argv or env) and to the Local sandbox's client only, so
// another local user or process cannot create flows on it and run commands as this user.
import { randomBytes } from 'node:crypto';
import type { AppStatus } from '../contract/methods';
import type { ServerView } from '../contract/servers';

/**
 * Starts the embedded Local sandbox (Electron: a utility process, web mode: a child process) so that
 * it requires `accessToken` as a bearer token on every request.
 */
export type LocalSandboxLauncher = (options: { dataDir: string; accessToken: string }) => Promise<{ url: string; close(): Promise<void> }>;

export const LOCAL_SANDBOX_SERVER_ID = 'local-sandbox';
export const LOCAL_SANDBOX_NAME = 'Local sandbox';

/** A token given by whoever launched the console (test harnesses) must be at least this long. */
const MIN_TOKEN_LENGTH = 32;

export class LocalSandbox {
  /** What the Local sandbox's client sends; never leaves main except to the sandbox process. */
  readonly accessToken: string;
  private state: AppStatus['localSandbox'];
  private running: { url: string; close(): Promise<void> } | undefined;
  private readonly started: Promise<string | undefined>;

  /** `accessToken`: only for harnesses that drive the sandbox directly too; a fresh random one otherwise. */
  constructor(launcher: LocalSandboxLauncher | undefined, dataDir: string, accessToken?: string) {
    if (accessToken !== undefined && accessToken.length < MIN_TOKEN_LENGTH) throw new Error(`The Local sandbox token must be at least ${MIN_TOKEN_LENGTH} characters.`);
    this.accessToken = accessToken ?? randomBytes(32).toString('base64url');
    if (!launcher) {
      this.state = { state: 'disabled' };
      this.started = Promise.resolve(undefined);
      return;
    }
    this.state = { state: 'starting' };
    this.started = launcher({ dataDir, accessToken: this.accessToken }).then(
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
