// The desktop shell: one secure window, the handler table on ipcMain (every message checked
// against its sender), the Local sandbox in a utility process, single instance, application menu.
// Everything else lives in plain-Node modules shared with web mode (main/app, main/ipc).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session, shell, utilityProcess } from 'electron';
import { createConsoleCore, type ConsoleCore, type LocalSandboxLauncher } from '../app/console-core';
import { CONTENT_SECURITY_POLICY } from '../ipc/web-host';
import { buildApplicationMenu } from './app-menu';
import { electronSafeStorage } from './electron-safe-storage';
import { registerConsoleIpc, windowOwner, type IpcEventLike, type IpcMainLike } from './ipc-transport';
import { APP_ORIGIN, APP_SCHEME, isAppUrl, isSafeExternalUrl } from './window-security';
import { exitNowIfKeychainStuck } from '../vault/keytar-vault';

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);

const rendererDir = path.join(import.meta.dirname, '..', 'renderer');
let core: ConsoleCore | undefined;
let mainWindow: BrowserWindow | undefined;
let ipc: ReturnType<typeof registerConsoleIpc> | undefined;

const launchSandboxInUtilityProcess: LocalSandboxLauncher = ({ dataDir, accessToken }) =>
  new Promise((resolve, reject) => {
    const child = utilityProcess.fork(path.join(import.meta.dirname, 'sandbox-process.js'), [], { serviceName: 'Kestra sandbox' });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.once('exit', (code) => reject(new Error(`The local sandbox exited (code ${code})`)));
    child.on('message', (message: { type: string; url?: string; message?: string }) => {
      if (message.type === 'started' && message.url) {
        resolve({
          url: message.url,
          close: async () => {
            child.postMessage({ type: 'stop' });
            const killer = setTimeout(() => child.kill(), 5_000);
            await exited;
            clearTimeout(killer);
          },
        });
      } else if (message.type === 'failed') {
        reject(new Error(message.message ?? 'The local sandbox failed to start'));
      }
    });
    // The token goes over the parent port, never on the command line.
    child.postMessage({ type: 'start', port: 0, dataDir, accessToken });
  });

/** Every IPC message must come from our own top frame, loaded from our own origin. */
function isTrustedSender(event: IpcEventLike): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame === event.sender.mainFrame && isAppUrl(frame.url);
}

/** Applies the navigation and window policy to every web contents, present and future. */
function lockDown(contents: Electron.WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK: only https URLs pass isSafeExternalUrl
    return { action: 'deny' };
  });
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    title: 'Kestra Console',
    show: false,
    // Spelled out (not spread from a constant) so Electronegativity can verify every flag.
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
      preload: path.join(import.meta.dirname, '..', 'preload', 'preload.cjs'), // eng-disable PRELOAD_JS_CHECK: the preload exposes one function per contract method and nothing else (main/electron/preload-bridge.ts)
    },
  });
  const ownerId = windowOwner(window.webContents.id);
  window.webContents.on('render-process-gone', () => ipc?.cancelOwner(ownerId));
  window.webContents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) ipc?.cancelOwner(ownerId);
  });
  window.webContents.on('destroyed', () => ipc?.cancelOwner(ownerId));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

async function saveDialog(suggestedName: string): Promise<string | undefined> {
  const options = { defaultPath: path.join(app.getPath('downloads'), suggestedName) };
  const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
  return result.canceled ? undefined : result.filePath;
}

async function folderDialog(): Promise<string | undefined> {
  const options = { title: 'Choose the folder to write to', properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
  const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  return result.canceled ? undefined : result.filePaths[0];
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('web-contents-created', (_event, contents) => lockDown(contents));

  app.whenReady().then(async () => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    protocol.handle(APP_SCHEME, async (request) => {
      const url = new URL(request.url);
      const file = path.resolve(rendererDir, `.${decodeURIComponent(url.pathname)}`);
      if (url.host !== 'console' || !file.startsWith(rendererDir + path.sep)) return new Response('Not found', { status: 404 });
      const response = await net.fetch(pathToFileURL(file).toString());
      if (!file.endsWith('.html')) return response;
      const headers = new Headers(response.headers);
      headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY); // eng-disable CSP_GLOBAL_CHECK: the shared strict policy (default-src 'none', no unsafe-eval) from main/ipc/web-host.ts
      return new Response(response.body, { status: response.status, headers });
    });
    Menu.setApplicationMenu(buildApplicationMenu({ devTools: !app.isPackaged }));
    core = await createConsoleCore({
      appDataDir: app.getPath('userData'),
      mode: 'electron',
      appVersion: app.getVersion(),
      launchLocalSandbox: launchSandboxInUtilityProcess,
      vault: { safeStorage: electronSafeStorage() },
      openExternal: (url) => shell.openExternal(url), // eng-disable OPEN_EXTERNAL_JS_CHECK: the app.openExternal handler admits only https URLs (isSafeExternalUrl)
      saveDialog,
      folderDialog,
    });
    ipc = registerConsoleIpc(ipcMain as unknown as IpcMainLike, core, isTrustedSender);
    mainWindow = createWindow();
  });

  app.on('window-all-closed', () => app.quit());
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting || !core) return;
    event.preventDefault();
    quitting = true;
    void core.dispose().finally(() => {
      exitNowIfKeychainStuck();
      app.quit();
    });
  });
}
