// Enterprise-only global routes: the caller and its tenants (`GET /api/v1/me`, MeController.ApiMe)
// and the superadmin tenant search (`GET /api/v1/tenants/search`, PagedResults<Tenant>).
import { sendJson } from '../http/respond';
import type { RouteDefinition } from '../http/router';
import { forbidden } from '../personas/enterprise';
import type { Persona } from '../personas/persona';

function tenantName(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}

export function tenantRoutesEE(persona: Persona): RouteDefinition[] {
  const { ownerField } = persona.me;
  return [
    {
      method: 'GET',
      path: '/api/v1/me',
      handler: (ctx) => {
        const caller = ctx.caller!;
        sendJson(ctx.res, 200, {
          id: caller.name,
          [ownerField]: caller.superAdmin,
          profile: { username: caller.name },
          tenants: caller.tenants.map((id) => ({ id, name: tenantName(id) })),
        });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/tenants/search',
      handler: (ctx) => {
        const caller = ctx.caller!;
        if (!caller.superAdmin) throw forbidden(`User '${caller.name}' is not ${ownerField === 'superAdmin' ? 'a Super Admin' : 'an Instance Owner'}`);
        const q = (ctx.query.get('q') ?? '').toLowerCase();
        const results = persona.tenants.filter((id) => id.includes(q)).map((id) => ({ id, name: tenantName(id), deleted: false }));
        sendJson(ctx.res, 200, { results, total: results.length });
      },
    },
  ];
}
