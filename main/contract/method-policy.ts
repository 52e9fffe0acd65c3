// What each contract method does, declared once. Main judges every call against this table before
// any handler runs (main/ipc/call-judge.ts), whichever transport carried it; the renderer may read
// the same facts to shape its UI, but its checks are never what protects a server.
//
//   access  read         reads only (a download writes only where the user chose in main's dialog)
//           write        changes something
//           destructive  deletes or ends something; on a server whose policy sets
//                        `confirmDestructive`, the call must carry `confirmation` = the server's
//                        name as the user typed it
//   scope   server       acts on the Kestra server named by `serverId`: a read-only server refuses
//                        every write and destructive call
//           console      acts on the console itself (server registry, vault, the OS); a server's
//                        read-only flag does not apply, but relaxing a server's safety policy
//                        (servers.update turning off readOnly or confirmDestructive) needs its
//                        typed name, whatever the policy
// Adding a method to ConsoleMethods without a row here fails the typecheck.
import type { MethodName, MethodParams } from './methods';

export type MethodAccess = 'read' | 'write' | 'destructive';
export type MethodScope = 'server' | 'console';

export interface MethodPolicy {
  access: MethodAccess;
  scope: MethodScope;
}

const read = { access: 'read', scope: 'server' } as const;
const write = { access: 'write', scope: 'server' } as const;
const destructive = { access: 'destructive', scope: 'server' } as const;
const consoleRead = { access: 'read', scope: 'console' } as const;
const consoleWrite = { access: 'write', scope: 'console' } as const;

export const METHOD_POLICY = {
  'app.info': consoleRead,
  'app.status': consoleRead,
  'app.openExternal': consoleRead,
  'ui.loadState': consoleRead,
  'ui.saveState': consoleWrite,

  'servers.list': consoleRead,
  'servers.create': consoleWrite,
  'servers.update': consoleWrite,
  'servers.delete': { access: 'destructive', scope: 'console' },
  'servers.reorder': consoleWrite,
  'servers.setSecret': consoleWrite,
  'servers.clearSecret': consoleWrite,
  'servers.testConnection': consoleRead,
  'servers.health': consoleRead,
  'servers.export': consoleRead,
  'servers.import': consoleWrite,

  'kestra.configs': read,
  'kestra.flowSchema': read,
  'kestra.capabilities': read,
  // Like servers.testConnection, it may run on a draft (settings not saved yet).
  'kestra.tenants': read,
  'namespaces.list': read,

  'flows.search': read,
  'flows.get': read,
  'flows.create': write,
  'flows.update': write,
  'flows.delete': destructive,
  'flows.validate': read,
  'flows.revisions': read,

  'executions.trigger': write,
  'executions.search': read,
  'executions.get': read,
  'executions.kill': destructive,
  'executions.restart': write,
  'executions.replay': write,
  'executions.resume': write,
  'executions.pause': write,
  'executions.changeStatus': destructive,
  'executions.setLabels': write,
  'executions.delete': destructive,
  'executions.bulk': destructive,
  'executions.downloadFile': read,
  'executions.previewFile': read,
  'executions.taskRunOutputs': read,
  'executions.outputsIndex': read,
  'executions.flowOutputs': read,

  'logs.list': read,
  'logs.download': read,

  'kv.list': read,
  'kv.inherited': read,
  'kv.search': read,
  'kv.get': read,
  'kv.put': write,
  'kv.delete': destructive,
  'kv.deleteMany': destructive,

  'files.list': read,
  'files.stats': read,
  'files.readText': read,
  'files.readBytes': read,
  'files.writeText': write,
  'files.upload': write,
  'files.mkdir': write,
  'files.move': write,
  'files.delete': destructive,
  'files.revisions': read,
  'files.download': read,
  'files.export': read,

  // The server is only read; the write is to the folder the user chose in main's dialog.
  'local.pickFolder': consoleRead,
  'local.saveFile': read,
  'local.removeFile': { access: 'destructive', scope: 'console' },
} as const satisfies { [M in MethodName]: MethodPolicy };

export type DestructiveMethod = { [M in MethodName]: (typeof METHOD_POLICY)[M]['access'] extends 'destructive' ? M : never }[MethodName];

/** Params every destructive call may carry: the server's name as typed by the user. */
export interface Confirmation {
  /** Required when the server's policy sets `confirmDestructive`; main compares it with the server's name. */
  confirmation?: string;
}

// Compile-time proof that every destructive method accepts the confirmation.
type WithoutConfirmation = { [M in DestructiveMethod]: 'confirmation' extends keyof MethodParams<M> ? never : M }[DestructiveMethod];
const everyDestructiveConfirms: WithoutConfirmation extends never ? true : WithoutConfirmation = true;
void everyDestructiveConfirms;
