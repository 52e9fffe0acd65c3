// A persona's route table: the 1.3 routes minus the ones the version lacks, moved where the version
// serves them, plus the version's own route groups.
import type { RouteDefinition } from '../http/router';
import type { SandboxServices } from '../api/services';
import type { PersonaTraits, RouteKey } from './persona';

export function routeKey(route: Pick<RouteDefinition, 'method' | 'path'>): RouteKey {
  return `${route.method} ${route.path}`;
}

export function personaTenantRoutes(traits: PersonaTraits, routes: RouteDefinition[], services: SandboxServices): RouteDefinition[] {
  const removed = new Set<string>(traits.routes.removed);
  const adjusted = routes
    .filter((route) => !removed.has(routeKey(route)))
    .map((route) => {
      const moved = traits.routes.moved[routeKey(route)];
      return moved ? { ...route, path: moved } : route;
    });
  return [...adjusted, ...traits.routes.extra.flatMap((group) => group(services))];
}

export function personaGlobalRoutes(traits: PersonaTraits, routes: RouteDefinition[], services: SandboxServices): RouteDefinition[] {
  return [...routes, ...traits.routes.extraGlobal.flatMap((group) => group(services))];
}
