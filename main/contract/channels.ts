// Runtime names shared by main-side transports (ipcMain, preload, web host). The renderer never
// imports this file's values; it reaches them through the preload or the web bridge.
import type { MethodName } from './methods';

export const METHOD_NAMES = ['app.info', 'servers.list'] as const satisfies readonly MethodName[];

// Compile-time proof that METHOD_NAMES lists every method exactly: adding a method to
// ConsoleMethods without listing it here fails the typecheck.
type Missing = Exclude<MethodName, (typeof METHOD_NAMES)[number]>;
const everyMethodListed: Missing extends never ? true : Missing = true;
void everyMethodListed;

export const IPC_INVOKE_CHANNEL = 'kestra-console:invoke';
export const IPC_CANCEL_CHANNEL = 'kestra-console:cancel';

/** Web transport: header carrying the per-launch token. */
export const WEB_TOKEN_HEADER = 'x-console-token';
