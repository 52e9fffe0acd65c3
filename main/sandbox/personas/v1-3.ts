// Kestra 1.3 (OSS 1.3.25): the sandbox's reference behaviour, the one spec/kestra/openapi.yml describes.
import type { PersonaTraits } from './persona';

export const KESTRA_1_3: PersonaTraits = {
  id: '1.3',
  version: '1.3.25',
  summary: 'Kestra 1.3 (tenant paths /api/v1/main/..., JSON errors, KV metadata with version)',
  pathForm: 'tenant',
  errorFormat: 'json-error',
  // AuthenticationFilter (1.x): `"/api/v1/configs".equals(path)` is let through; 401 carries `WWW-Authenticate: Basic`.
  auth: { configsOpen: true, basicChallenge: 'Basic', cookie: true },
  sse: { startFrame: true },
  executions: { tenantId: true, durationWhileRunning: false, inlineOutputs: true, taskRunsInLists: true, submittedStates: true },
  logs: { deletedField: false, cursorPages: false },
  flows: { draftField: false },
  kv: { detail: 'kv-detail', entry: 'metadata-version' },
  me: { ownerField: 'superAdmin' },
  routes: { removed: [], moved: {}, extra: [], extraGlobal: [] },
  sources: [
    'spec/kestra/openapi.yml (Kestra OSS 1.3.25, see spec/kestra/SOURCE.md)',
    'kestra-io/kestra webserver/.../filter/AuthenticationFilter.java (1.x version: configs open, Basic challenge, BASIC_AUTH cookie)',
  ],
};
