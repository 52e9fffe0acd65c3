import os from 'node:os';
import path from 'node:path';

/** The per-user app-data folder, the same one Electron's app.getPath('appData') points to. */
export function userAppDataDir(): string {
  if (process.platform === 'win32') return process.env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support');
  return process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config');
}

export const APP_FOLDER_NAME = 'Kestra Console';

export function defaultConsoleDataDir(): string {
  return path.join(userAppDataDir(), APP_FOLDER_NAME);
}

export function defaultSandboxDataDir(): string {
  return path.join(defaultConsoleDataDir(), 'sandbox');
}
