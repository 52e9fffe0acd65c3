// The list of configured servers, persisted as servers.json in the app-data folder. No secret is
// ever part of a profile: secrets live in the vault, keyed by server id. A file that cannot be
// read is kept aside (never silently dropped) and reported through `problem`.
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ServerInput } from '../contract/methods';
import { ConsoleError } from '../ipc/console-error';
import { SerialQueue, writeFileAtomic } from './atomic-file';
import { profileToInput, validateServerInput, validateStoredProfile, type ServerProfile } from './server-profile';

export const REGISTRY_FILE = 'servers.json';
const FILE_VERSION = 1;
/** Marks an export document, so importing something else fails with a clear message. */
export const EXPORT_FORMAT = 'kestra-console/servers';

interface RegistryFile {
  version: number;
  servers: unknown[];
}

export interface RegistryLoadReport {
  /** Set when the file (or some entries) could not be read; says where the original was kept. */
  problem?: string;
}

export class ServerRegistry {
  private servers: ServerProfile[] = [];
  private readonly writes = new SerialQueue();
  private problem: string | undefined;

  private constructor(private readonly file: string) {}

  /** Loads servers.json from `appDataDir` (a missing file is an empty list). */
  static async open(appDataDir: string): Promise<ServerRegistry> {
    const registry = new ServerRegistry(path.join(appDataDir, REGISTRY_FILE));
    await registry.load();
    return registry;
  }

  get loadProblem(): string | undefined {
    return this.problem;
  }

  private async keepAside(reason: string): Promise<string> {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const aside = `${this.file}.unreadable-${stamp}`;
    await fs.copyFile(this.file, aside);
    await fs.chmod(aside, 0o600).catch(() => undefined);
    this.problem = `${reason} The original was kept as ${path.basename(aside)} in the app-data folder.`;
    return aside;
  }

  private async load(): Promise<void> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    let parsed: RegistryFile;
    try {
      parsed = JSON.parse(text) as RegistryFile;
      if (typeof parsed !== 'object' || parsed === null || !Array.isArray(parsed.servers)) throw new Error('no server list');
    } catch {
      await this.keepAside(`${REGISTRY_FILE} could not be read (it is not a valid server list), so the console started with no saved servers.`);
      return;
    }
    if (typeof parsed.version === 'number' && parsed.version > FILE_VERSION) {
      await this.keepAside(`${REGISTRY_FILE} was written by a newer version of the console; it was not changed.`);
      return;
    }
    const skipped: string[] = [];
    const seenIds = new Set<string>();
    for (const entry of parsed.servers) {
      try {
        const profile = validateStoredProfile(entry);
        if (seenIds.has(profile.id)) throw new ConsoleError('validation', `duplicate id ${profile.id}`);
        seenIds.add(profile.id);
        this.servers.push(profile);
      } catch (error) {
        const name = typeof (entry as { name?: unknown })?.name === 'string' ? (entry as { name: string }).name.slice(0, 80) : 'an unnamed entry';
        skipped.push(`${name} (${error instanceof ConsoleError ? error.message : 'unreadable'})`);
      }
    }
    if (skipped.length > 0) {
      await this.keepAside(`${skipped.length} saved server(s) could not be read and were left out: ${skipped.join('; ')}.`);
    }
  }

  private persist(): Promise<void> {
    const snapshot = JSON.stringify({ version: FILE_VERSION, servers: this.servers }, null, 2);
    return this.writes.run(() => writeFileAtomic(this.file, `${snapshot}\n`));
  }

  list(): ServerProfile[] {
    return this.servers.map((s) => structuredClone(s));
  }

  get(id: string): ServerProfile | undefined {
    const found = this.servers.find((s) => s.id === id);
    return found ? structuredClone(found) : undefined;
  }

  require(id: string): ServerProfile {
    const found = this.get(id);
    if (!found) throw new ConsoleError('validation', 'This server is no longer in the list (it may have been deleted).');
    return found;
  }

  private assertUniqueName(name: string, exceptId?: string, reserved: string[] = []): void {
    const lower = name.toLocaleLowerCase();
    const clash = this.servers.some((s) => s.id !== exceptId && s.name.toLocaleLowerCase() === lower) || reserved.some((r) => r.toLocaleLowerCase() === lower);
    if (clash) throw new ConsoleError('validation', `A server named "${name}" already exists`, { fieldErrors: [{ path: 'name', message: 'Choose another name' }] });
  }

  /** Names no configured server may take (the built-in Local sandbox). */
  reservedNames: string[] = [];

  async create(input: unknown): Promise<ServerProfile> {
    const valid = validateServerInput(input);
    this.assertUniqueName(valid.name, undefined, this.reservedNames);
    const profile: ServerProfile = { id: randomUUID(), ...valid, timeouts: valid.timeouts! } as ServerProfile;
    this.servers.push(profile);
    await this.persist();
    return structuredClone(profile);
  }

  async update(id: string, patch: unknown): Promise<ServerProfile> {
    const current = this.require(id);
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new ConsoleError('validation', 'The update must be an object');
    const base = profileToInput(current);
    const merged: Record<string, unknown> = { ...base, ...(patch as Partial<ServerInput>) };
    // Nested settings merge field by field, so editing one timeout keeps the other.
    const p = patch as Partial<ServerInput>;
    if (p.policy) merged.policy = { ...base.policy, ...p.policy };
    if (p.timeouts) merged.timeouts = { ...base.timeouts, ...p.timeouts };
    const valid = validateServerInput(merged);
    this.assertUniqueName(valid.name, id, this.reservedNames);
    const updated: ServerProfile = { id, ...valid, timeouts: valid.timeouts!, ...(current.secretSaved ? { secretSaved: true } : {}) } as ServerProfile;
    // A different auth kind makes the saved secret meaningless; the caller clears it from the vault.
    if (valid.authKind === 'none' || valid.authKind !== current.authKind) delete updated.secretSaved;
    this.servers = this.servers.map((s) => (s.id === id ? updated : s));
    await this.persist();
    return structuredClone(updated);
  }

  async setSecretSaved(id: string, saved: boolean): Promise<ServerProfile> {
    this.require(id);
    this.servers = this.servers.map((s) => {
      if (s.id !== id) return s;
      const next = { ...s };
      if (saved) next.secretSaved = true;
      else delete next.secretSaved;
      return next;
    });
    await this.persist();
    return this.require(id);
  }

  async delete(id: string): Promise<void> {
    this.require(id);
    this.servers = this.servers.filter((s) => s.id !== id);
    await this.persist();
  }

  /** Puts the given ids first, in that order; servers not named keep their relative order after them. */
  async reorder(ids: string[]): Promise<ServerProfile[]> {
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) throw new ConsoleError('validation', 'serverIds must be a list of ids');
    const byId = new Map(this.servers.map((s) => [s.id, s]));
    const ordered: ServerProfile[] = [];
    for (const id of ids) {
      const server = byId.get(id);
      if (server) {
        ordered.push(server);
        byId.delete(id);
      }
    }
    this.servers = [...ordered, ...this.servers.filter((s) => byId.has(s.id))];
    await this.persist();
    return this.list();
  }

  /** A JSON document of profiles, without ids, secrets or the "secret saved" marker. */
  exportJson(ids?: string[]): string {
    const chosen = ids ? this.servers.filter((s) => ids.includes(s.id)) : this.servers;
    return JSON.stringify({ format: EXPORT_FORMAT, version: FILE_VERSION, servers: chosen.map(profileToInput) }, null, 2);
  }

  /** Adds every valid profile of an export document; a name already in use is skipped, not merged. */
  async importJson(json: string): Promise<{ added: ServerProfile[]; skipped: string[] }> {
    if (typeof json !== 'string' || json.length > 5_000_000) throw new ConsoleError('validation', 'The file is not a server list (or is too large)');
    let doc: { format?: unknown; servers?: unknown };
    try {
      doc = JSON.parse(json) as typeof doc;
    } catch {
      throw new ConsoleError('validation', 'The file is not valid JSON');
    }
    if (doc?.format !== EXPORT_FORMAT || !Array.isArray(doc.servers)) {
      throw new ConsoleError('validation', 'The file is not a Kestra Console server list (exported with "Export servers")');
    }
    const added: ServerProfile[] = [];
    const skipped: string[] = [];
    for (const entry of doc.servers) {
      const label = typeof (entry as { name?: unknown })?.name === 'string' ? (entry as { name: string }).name.slice(0, 80) : 'an unnamed server';
      // An export never carries secrets; drop anything that looks like one rather than storing it.
      const clean = entry && typeof entry === 'object' ? { ...(entry as Record<string, unknown>) } : entry;
      if (clean && typeof clean === 'object') {
        for (const key of ['password', 'secret', 'token', 'apiToken', 'id', 'secretSaved']) delete (clean as Record<string, unknown>)[key];
      }
      try {
        const valid = validateServerInput(clean, `${label} is invalid`);
        this.assertUniqueName(valid.name, undefined, this.reservedNames);
        const profile = { id: randomUUID(), ...valid, timeouts: valid.timeouts! } as ServerProfile;
        this.servers.push(profile);
        added.push(structuredClone(profile));
      } catch (error) {
        skipped.push(`${label}: ${error instanceof ConsoleError ? error.message : 'unreadable'}`);
      }
    }
    if (added.length > 0) await this.persist();
    return { added, skipped };
  }
}
