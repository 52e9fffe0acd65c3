// The preload: exposes `window.kestra` (see preload-bridge.ts) and nothing else.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { FileLike } from '../contract/transfer';
import { createPreloadBridge, type PreloadParts } from './preload-bridge';

contextBridge.exposeInMainWorld(
  'kestra',
  createPreloadBridge({
    ipcRenderer,
    getPathForFile: (file: FileLike) => webUtils.getPathForFile(file as unknown as File),
    // The page's MessageChannel (a DOM one in the preload's world).
    createChannel: () => new MessageChannel() as unknown as ReturnType<PreloadParts['createChannel']>,
  }),
);
