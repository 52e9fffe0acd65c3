// Kestra 0.22: before tenant paths (0.23). Everything is `/api/v1/...`; basic auth, when configured,
// guards every API path including `/api/v1/configs`.
import type { PersonaTraits } from './persona';
import { KESTRA_0_24 } from './v0-24';

export const KESTRA_0_22: PersonaTraits = {
  ...KESTRA_0_24,
  id: '0.22',
  version: '0.22.6',
  summary: 'Kestra 0.22 (no tenant segment, configs behind basic auth, no tenantId)',
  pathForm: 'legacy',
  // v0.20.7 AuthenticationFilter: only `open-urls` (/ping, webhooks) pass; 401 with `Basic realm=Kestra`.
  auth: { configsOpen: false, basicChallenge: 'Basic realm=Kestra', cookie: false },
  // OSS had no tenant before 0.23: `tenantId` is null, and null fields are not serialised.
  executions: { ...KESTRA_0_24.executions, tenantId: false },
  sources: [
    'kestra-io/kestra git tag v0.20.7 (mirror): AuthenticationFilter, ExecutionController, KVController, State',
    'kestra-io/docs 11.migration-guide/0.23.0/tenant-migration-oss.md (before 0.23: /api/v1/...)',
    ...KESTRA_0_24.sources.slice(0, 1),
  ],
};
