// Kestra 0.24, the newest 0.x: tenant paths (`/api/v1/main/...`, since 0.23) with the tenant-less
// alias, but the KV store, namespace files and SSE streams still work as in 0.x.
import type { PersonaTraits } from './persona';
import { KESTRA_1_3 } from './v1-3';

export const KESTRA_0_24: PersonaTraits = {
  ...KESTRA_1_3,
  id: '0.24',
  version: '0.24.0',
  summary: 'Kestra 0.24, newest 0.x (tenant paths, KV {type,value}, no KV search/inheritance, no file revisions)',
  // 0.24's filter: `path.endsWith("/configs") || path.endsWith("/basicAuth")` are open (setup page).
  auth: { configsOpen: true, basicChallenge: 'Basic', cookie: true },
  // Follow streams start with the execution itself (`progress`/`end`), no `start` frame.
  sse: { startFrame: false },
  // State.getDuration() is @JsonProperty(READ_ONLY): first → last history, or now while only one.
  // State.Type (0.24.0 document) has no SUBMITTED/RESUBMITTED.
  executions: { ...KESTRA_1_3.executions, durationWhileRunning: true, submittedStates: false },
  // LogEntry.deleted (`boolean deleted = false`, required in the 0.24.0 document).
  logs: { ...KESTRA_1_3.logs, deletedField: true },
  // KVController.get returns TypedValue {type, value}; list returns KVEntry from file attributes.
  kv: { detail: 'typed-value', entry: 'file' },
  routes: {
    ...KESTRA_1_3.routes,
    // Added in 1.0/1.1/1.2: KV search and inheritance (1.0), namespace-file revisions (1.2).
    removed: ['GET kv', 'GET namespaces/{namespace}/kv/inheritance', 'GET namespaces/{namespace}/files/revisions'],
  },
  sources: [
    'kestra-io/client-sdk kestra-ee.yml @0f91ac67 (2025-08-05, the last spec before 1.0 work: no /kv, no kv/inheritance, no files/revisions; KV GET → KVController.TypedValue; KVEntry {key, description, creationDate, updateDate, expirationDate})',
    'kestra-io/docs 11.migration-guide/0.23.0/tenant-migration-oss.md (tenant `main` in every path, `/api/v1/...` compatibility layer)',
    'kestra-io/docs 11.migration-guide/0.24.0/basic-authentication.md; AuthenticationFilter 0.24 version (endsWith("/configs") open, BASIC_AUTH cookie)',
    'kestra-io/kestra v0.20.7 ExecutionController.follow (first frame is the execution, no start frame), State.getDuration (serialised while running)',
  ],
};
