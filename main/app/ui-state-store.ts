// The window's own state (open server tabs, each pane's place, open flow documents and unsaved
// drafts), kept by main in the app's data folder so it survives a restart of the console — in web
// mode too, where every launch serves the page from a new port (a new origin, so a new, empty
// localStorage). One private file per key (0600, written atomically), never a secret: the renderer
// holds none, and what it saves is what the user typed in editors. Read whole at start-up.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ConsoleError } from '../ipc/console-error';
import { writeFileAtomic } from '../servers/atomic-file';

/** Keys are short names the renderer chooses ("workspace", "flow-documents"); nothing else is a file name here. */
const KEY_PATTERN = /^[a-z][a-z0-9-]{0,63}$/;
/** Below the web host's 8 MB call body, with room for JSON escaping. */
export const MAX_UI_STATE_CHARS = 6 * 1024 * 1024;
const SUFFIX = '.json';

export class UiStateStore {
  /** Writes of one key run in order: a slow older write never lands after a newer one. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly dir: string) {}

  static forAppData(appDataDir: string): UiStateStore {
    return new UiStateStore(path.join(appDataDir, 'ui-state'));
  }

  /** Every saved key and its text; an unreadable file is left out (the renderer starts fresh for it). */
  async loadAll(): Promise<Record<string, string>> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    const out: Record<string, string> = {};
    await Promise.all(
      names
        .filter((name) => name.endsWith(SUFFIX) && KEY_PATTERN.test(name.slice(0, -SUFFIX.length)))
        .map(async (name) => {
          try {
            const text = await fs.readFile(path.join(this.dir, name), 'utf8');
            if (text.length <= MAX_UI_STATE_CHARS) out[name.slice(0, -SUFFIX.length)] = text;
          } catch {
            // A file being replaced or damaged: that piece of state starts fresh.
          }
        }),
    );
    return out;
  }

  async save(key: unknown, value: unknown): Promise<void> {
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) throw new ConsoleError('validation', 'A UI state key is a short lower-case name.');
    if (value !== null && typeof value !== 'string') throw new ConsoleError('validation', 'UI state is saved as text.');
    if (typeof value === 'string' && value.length > MAX_UI_STATE_CHARS) {
      throw new ConsoleError('validation', `This state is over ${MAX_UI_STATE_CHARS / 1024 / 1024} MB and was not kept.`);
    }
    const file = path.join(this.dir, `${key}${SUFFIX}`);
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(() => (value === null ? fs.rm(file, { force: true }) : writeFileAtomic(file, value)));
    this.queues.set(key, next);
    try {
      await next;
    } finally {
      if (this.queues.get(key) === next) this.queues.delete(key);
    }
  }
}
