// The preload exposes exactly one function per contract method, plus cancel. No raw ipcRenderer,
// no Electron object, and never the IpcRendererEvent, reaches page code.
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CANCEL_CHANNEL, IPC_INVOKE_CHANNEL, METHOD_NAMES } from '../contract/channels';
import type { CallOptions } from '../contract/methods';

let counter = 0;
const methods: Record<string, (params: unknown, options?: CallOptions) => Promise<unknown>> = {};
for (const name of METHOD_NAMES) {
  methods[name] = (params: unknown, options?: CallOptions) => {
    counter += 1;
    const requestId = options?.requestId ?? `p${counter}`;
    return ipcRenderer.invoke(IPC_INVOKE_CHANNEL, { method: name, params, requestId });
  };
}

contextBridge.exposeInMainWorld('kestra', {
  transport: 'electron',
  methods,
  cancel: (requestId: string) => {
    if (typeof requestId === 'string') ipcRenderer.send(IPC_CANCEL_CHANNEL, requestId);
  },
});
