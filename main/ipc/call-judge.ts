// Main's verdict on a call before its handler runs, from the one method table
// (main/contract/method-policy.ts) and the target server's safety policy:
// - a write or destructive call to a read-only server is refused;
// - a destructive call to a server that asks for confirmation must carry `confirmation`, the
//   server's name as the user typed it;
// - relaxing a server's safety policy (servers.update turning off readOnly or confirmDestructive)
//   must carry the same confirmation, whatever the policy: otherwise a script in the renderer could
//   switch the policy off and then write.
// The renderer's own checks only shape its UI; this is what protects a server.
import { METHOD_POLICY } from '../contract/method-policy';
import type { MethodName } from '../contract/methods';
import type { SafetyPolicy } from '../contract/servers';
import { ConsoleError } from './console-error';

export interface JudgedServer {
  name: string;
  policy: SafetyPolicy;
}

/** The server a call names, or undefined when there is none with that id. */
export type ServerLookup = (serverId: string) => JudgedServer | undefined;

/** Throws a ConsoleError when the call must not run. */
export type CallJudge = (method: MethodName, params: Record<string, unknown>) => void;

const UNKNOWN_SERVER = 'This server is no longer in the list (it may have been deleted).';

function confirmed(params: Record<string, unknown>, server: JudgedServer): boolean {
  return typeof params.confirmation === 'string' && params.confirmation === server.name;
}

function relaxesPolicy(params: Record<string, unknown>, server: JudgedServer): boolean {
  const input = params.input;
  if (typeof input !== 'object' || input === null || !('policy' in input)) return false;
  const next = (input as { policy?: unknown }).policy;
  const asked = typeof next === 'object' && next !== null ? (next as Partial<Record<keyof SafetyPolicy, unknown>>) : {};
  return (server.policy.readOnly && asked.readOnly !== true) || (server.policy.confirmDestructive && asked.confirmDestructive !== true);
}

export function createCallJudge(lookup: ServerLookup): CallJudge {
  return (method, params) => {
    const { access, scope } = METHOD_POLICY[method];
    if (access === 'read') return;
    const serverId = params.serverId;
    if (typeof serverId !== 'string' || serverId === '') {
      // Console writes without a server (create, reorder, import) have no policy to apply.
      if (scope === 'console') return;
      throw new ConsoleError('validation', 'serverId is required');
    }
    const server = lookup(serverId);
    if (!server) throw new ConsoleError('validation', UNKNOWN_SERVER);

    if (method === 'servers.update' && relaxesPolicy(params, server) && !confirmed(params, server)) {
      throw new ConsoleError('validation', `Turning off the safety policy of "${server.name}" needs its name typed to confirm.`);
    }
    if (scope === 'server' && server.policy.readOnly) {
      throw new ConsoleError('validation', `"${server.name}" is read-only (its safety policy): ${method} was refused by the console.`);
    }
    if (access === 'destructive' && server.policy.confirmDestructive && !confirmed(params, server)) {
      throw new ConsoleError('validation', `"${server.name}" asks for confirmation: ${method} needs the server's name typed to confirm.`);
    }
  };
}
