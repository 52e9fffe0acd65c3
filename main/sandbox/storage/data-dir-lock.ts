// One sandbox process per data directory: a lock file holding the owner's pid. A lock left by a
// process that no longer exists (kill -9) is taken over.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class DataDirLock {
  private constructor(private readonly file: string) {}

  static acquire(dataDir: string): DataDirLock {
    const file = path.join(dataDir, 'sandbox.lock');
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        writeFileSync(file, String(process.pid), { flag: 'wx' });
        return new DataDirLock(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const owner = Number(readFileSync(file, 'utf8').trim());
        if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
          throw new Error(`The sandbox data directory ${dataDir} is in use by process ${owner}`, { cause: error });
        }
        if (owner === process.pid) {
          throw new Error(`The sandbox data directory ${dataDir} is already in use by this process`, { cause: error });
        }
        rmSync(file, { force: true });
      }
    }
    throw new Error(`Could not lock the sandbox data directory ${dataDir}`);
  }

  release(): void {
    rmSync(this.file, { force: true });
  }
}
