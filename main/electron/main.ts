// The desktop shell: one secure window, the handler table on ipcMain, the Local sandbox in a
// utility process.
import path from 'node:path';
import { app, BrowserWindow, ipcMain, net, protocol, session, shell, utilityProcess, type IpcMainInvokeEvent } from 'electron';
import { pathToFileURL } from 'node:url';
import { IPC_CANCEL_CHANNEL, IPC_INVOKE_CHANNEL } from '../contract/channels';
import { createConsoleCore, type ConsoleCore, type LocalSandboxLauncher } from '../app/console-core';
import { dispatch, InFlightCalls } from '../ipc/handler-table';
import { APP_ORIGIN, APP_SCHEME, isAppUrl, isSafeExternalUrl } from './window-security';

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);

const rendererDir = path.join(import.meta.dirname, '..', 'renderer');
const inFlight = new InFlightCalls();
let core: ConsoleCore | undefined;
let mainWindow: BrowserWindow | undefined;

const launchSandboxInUtilityProcess: LocalSandboxLauncher = ({ dataDir }) =>
  new Promise((resolve, reject) => {
    const child = utilityProcess.fork(path.join(import.meta.dirname, 'sandbox-process.js'), [], { serviceName: 'Kestra sandbox' });
    child.once('exit', (code) => reject(new Error(`The local sandbox exited (code ${code})`)));
    child.on('message', (message: { type: string; url?: string; message?: string }) => {
      if (message.type === 'started' && message.url) {
        resolve({ url: message.url, close: async () => void child.kill() });
      } else if (message.type === 'failed') {
        reject(new Error(message.message ?? 'The local sandbox failed to start'));
      }
    });
    child.postMessage({ type: 'start', port: 0, dataDir });
  });

/** Every IPC message must come from our own top frame, loaded from our own origin. */
function isTrustedSender(event: IpcMainInvokeEvent | Electron.IpcMainEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame === event.sender.mainFrame && isAppUrl(frame.url);
}

function registerIpc(): void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, request: { method?: unknown; params?: unknown; requestId?: unknown }) => {
    if (!isTrustedSender(event) || !core) return { ok: false, error: { kind: 'auth', message: 'Untrusted sender' } };
    const owner = String(event.sender.id);
    const requestId = typeof request?.requestId === 'string' ? request.requestId : 'anonymous';
    const signal = inFlight.begin(owner, requestId);
    try {
      return await dispatch(core.table, request?.method, request?.params ?? {}, { signal });
    } finally {
      inFlight.end(owner, requestId);
    }
  });
  ipcMain.on(IPC_CANCEL_CHANNEL, (event, requestId: unknown) => {
    if (isTrustedSender(event) && typeof requestId === 'string') inFlight.cancel(String(event.sender.id), requestId);
  });
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
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
      preload: path.join(import.meta.dirname, '..', 'preload', 'preload.cjs'), // eng-disable PRELOAD_JS_CHECK: the preload exposes one function per contract method and nothing else (main/electron/preload.ts)
    },
  });
  const ownerId = String(window.webContents.id);
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK: only https URLs pass isSafeExternalUrl
    return { action: 'deny' };
  });
  window.webContents.on('render-process-gone', () => inFlight.cancelOwner(ownerId));
  window.webContents.on('destroyed', () => inFlight.cancelOwner(ownerId));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });

  app.whenReady().then(async () => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    protocol.handle(APP_SCHEME, (request) => {
      const url = new URL(request.url);
      const file = path.resolve(rendererDir, `.${decodeURIComponent(url.pathname)}`);
      if (url.host !== 'console' || !file.startsWith(rendererDir + path.sep)) return new Response('Not found', { status: 404 });
      return net.fetch(pathToFileURL(file).toString());
    });
    core = await createConsoleCore({
      appDataDir: app.getPath('userData'),
      mode: 'electron',
      appVersion: app.getVersion(),
      launchLocalSandbox: launchSandboxInUtilityProcess,
    });
    registerIpc();
    mainWindow = createWindow();
  });

  app.on('window-all-closed', () => {
    void core?.dispose().finally(() => app.quit());
  });
}
