// The Enterprise layer of a persona: tenants other than `main`, service-account API tokens sent as
// bearer tokens, the caller's tenant list (`GET /api/v1/me`), the superadmin tenant search, and
// RBAC: a token lacking the permission an endpoint enforces gets 403.
//
// Permissions follow kestra.io/docs/enterprise/auth/rbac/permissions-reference (FLOW covers flows
// and namespace files, EXECUTION covers executions, logs and outputs, KVSTORE the KV store,
// NAMESPACE the namespace pages). Grants are per tenant; namespace-scoped bindings are not modelled.
import { randomBytes } from 'node:crypto';
import { KestraHttpError } from '../http/http-error';
import type { Action, EnterpriseOptions, EnterpriseToken, Permission, Persona } from './persona';

const ALL_ACTIONS: Action[] = ['CREATE', 'READ', 'UPDATE', 'DELETE'];
const ALL_PERMISSIONS: Permission[] = ['FLOW', 'EXECUTION', 'NAMESPACE', 'KVSTORE', 'SECRET'];

export function allGrants(): Partial<Record<Permission, Action[]>> {
  return Object.fromEntries(ALL_PERMISSIONS.map((p) => [p, [...ALL_ACTIONS]]));
}

export function readOnlyGrants(): Partial<Record<Permission, Action[]>> {
  return Object.fromEntries(ALL_PERMISSIONS.map((p) => [p, ['READ'] as Action[]]));
}

function secret(): string {
  return randomBytes(18).toString('base64url');
}

/** Tenants `demo` and `prod`; an `admin` token (everything, everywhere), a `reader` and a `demo-only` one. */
export function defaultEnterprise(adminToken = secret()): EnterpriseOptions {
  return {
    tenants: ['demo', 'prod'],
    tokens: [
      { token: adminToken, name: 'admin', grants: { '*': allGrants() } },
      { token: secret(), name: 'reader', grants: { '*': readOnlyGrants() } },
      { token: secret(), name: 'demo-only', grants: { demo: allGrants() } },
    ],
  };
}

/** Who is calling: a service account (bearer token) or the configured user (basic auth). */
export interface Principal {
  name: string;
  superAdmin: boolean;
  grants: EnterpriseToken['grants'];
}

export function principalOfToken(enterprise: EnterpriseOptions, token: string, same: (a: string, b: string) => boolean): Principal | undefined {
  const match = enterprise.tokens.find((t) => same(t.token, token));
  return match ? { name: match.name, superAdmin: match.superAdmin ?? false, grants: match.grants } : undefined;
}

export function principalOfUser(enterprise: EnterpriseOptions): Principal | undefined {
  const user = enterprise.user;
  return user ? { name: user.username, superAdmin: user.superAdmin ?? true, grants: { '*': allGrants() } } : undefined;
}

/** The tenants a principal may use, in the server's order. */
export function tenantsOf(persona: Persona, principal: Principal): string[] {
  if (principal.superAdmin || principal.grants['*']) return [...persona.tenants];
  return persona.tenants.filter((t) => principal.grants[t] !== undefined);
}

export interface RequiredPermission {
  permission: Permission;
  action: Action;
}

/**
 * The permission the EE API enforces on a tenant route (path relative to `/api/v1/{tenant}/`).
 * Undefined for routes any authenticated caller may use (validation, autocomplete, webhooks).
 */
export function requiredPermission(method: string, path: string): RequiredPermission | undefined {
  const segments = path.split('/');
  const [head] = segments;
  const read = method === 'GET' || method === 'HEAD';
  const crud = (permission: Permission, create: Action = 'CREATE'): RequiredPermission => ({
    permission,
    action: read ? 'READ' : method === 'DELETE' ? 'DELETE' : method === 'PUT' || method === 'PATCH' ? 'UPDATE' : create,
  });
  if (head === 'flows') {
    if (segments[1] === 'validate') return undefined; // "any action; no action check"
    return crud('FLOW', segments.length <= 2 ? 'CREATE' : 'UPDATE');
  }
  if (head === 'executions') {
    if (segments[1] === 'webhook') return undefined;
    // POST executions/{namespace}/{id} and trigger/{namespace}/{id} create; other POSTs act on one.
    const creates = method === 'POST' && (segments[1] === 'trigger' || (segments.length === 3 && !/^(kill|restart|replay|resume|pause|labels|change-status|delete)$/.test(segments[1] ?? '')));
    if (method === 'POST' && segments[segments.length - 1] === 'validate' && segments.length === 4) return { permission: 'EXECUTION', action: 'READ' };
    // Kill is a state change (UPDATE); DELETE executions/{id} deletes.
    if (method === 'DELETE' && segments[segments.length - 1] === 'kill') return { permission: 'EXECUTION', action: 'UPDATE' };
    return crud('EXECUTION', creates ? 'CREATE' : 'UPDATE');
  }
  if (head === 'logs' || head === 'outputs') return crud('EXECUTION');
  if (head === 'kv') return crud('KVSTORE');
  if (head === 'namespaces') {
    if (segments[1] === 'autocomplete' || segments[1] === 'search') return { permission: 'NAMESPACE', action: 'READ' };
    // `PUT kv/{key}` is the only way to write a key: it creates (the UI's "Add a key" needs CREATE).
    if (segments[2] === 'kv') return method === 'PUT' ? { permission: 'KVSTORE', action: 'CREATE' } : crud('KVSTORE');
    if (segments[2] === 'files') return crud('FLOW');
    return crud('NAMESPACE');
  }
  return undefined;
}

/** 403 unless `principal` holds `required` on `tenant`. */
export function authorize(principal: Principal, tenant: string, required: RequiredPermission | undefined): void {
  if (principal.superAdmin) return;
  const grants = principal.grants[tenant] ?? principal.grants['*'];
  if (!grants) throw forbidden(`User '${principal.name}' has no access to tenant '${tenant}'`);
  if (!required) return;
  if (!(grants[required.permission] ?? []).includes(required.action)) {
    throw forbidden(`User '${principal.name}' lacks permission ${required.permission}:${required.action} on tenant '${tenant}'`);
  }
}

export function forbidden(detail: string): KestraHttpError {
  return new KestraHttpError(403, `Forbidden: ${detail}`);
}
