// MiscController: `GET /api/v1/configs` (global; open without credentials up to 1.x), and the
// 2.x `GET /api/v1/configs/login` (the open subset the login page reads).
import { sendJson } from '../http/respond';
import type { RouteDefinition } from '../http/router';
import type { SandboxServices } from './services';

export function configRoutes(services: SandboxServices): RouteDefinition[] {
  const { config } = services;
  return [
    {
      method: 'GET',
      path: '/api/v1/configs',
      handler: (ctx) => {
        sendJson(ctx.res, 200, {
          uuid: config.uuid,
          version: config.version,
          // A bearer-token OSS sandbox has always reported EE (README: deliberate differences).
          edition: config.auth && 'bearerToken' in config.auth ? 'EE' : config.edition,
          commitId: 'sandbox',
          commitDate: '2025-01-01T00:00:00Z',
          isCustomDashboardsEnabled: false,
          isAnonymousUsageEnabled: false,
          isUiAnonymousUsageEnabled: false,
          isTemplateEnabled: false,
          url: config.baseUrl,
          preview: { initial: 100, max: 5000 },
          systemNamespace: config.systemNamespace,
          hiddenLabelsPrefixes: [],
          isAiEnabled: false,
          isBasicAuthInitialized: config.auth !== undefined && 'username' in config.auth,
          pluginsHash: services.registry.list().length,
          isConcurrencyViewEnabled: false,
          // Not a Kestra field: tells a client it is talking to the console's local sandbox.
          sandbox: true,
        });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/basicAuthValidationErrors',
      handler: (ctx) => {
        const problems: string[] = [];
        const auth = config.auth;
        if (auth && 'username' in auth) {
          if (!/^[^@\s]+@[^@\s]+$/.test(auth.username)) problems.push('Invalid username for Basic Authentication. Please provide a valid email address.');
          if (!(auth.password.length >= 8 && /[A-Z]/.test(auth.password) && /[a-z]/.test(auth.password) && /\d/.test(auth.password))) {
            problems.push('Invalid password for Basic Authentication. The password must have 8 chars, one upper, one lower one number');
          }
        }
        sendJson(ctx.res, 200, problems);
      },
    },
  ];
}

/** Kestra 2.x: `MiscController.LoginConfiguration`, served without credentials. */
export function loginConfigRoutes(services: SandboxServices): RouteDefinition[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/configs/login',
      handler: (ctx) => {
        const auth = services.config.auth;
        sendJson(ctx.res, 200, { isBasicAuthInitialized: auth !== undefined && 'username' in auth });
      },
    },
  ];
}
