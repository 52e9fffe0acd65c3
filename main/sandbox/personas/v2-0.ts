// Kestra 2.0: task-run outputs leave the execution payload for the outputs endpoints, execution
// actions move under `/actions/`, every error is RFC 9457 problem+json, and `/api/v1/configs` needs
// credentials (the login page reads `/api/v1/configs/login`).
import { outputRoutes } from '../api/outputs';
import { loginConfigRoutes } from '../api/configs';
import type { PersonaTraits, RouteKey } from './persona';
import { KESTRA_1_3 } from './v1-3';

/** ExecutionController 2.0: `/{executionId}/actions/<action>` replaces `/{executionId}/<action>`. */
const ACTIONS: [RouteKey, string][] = [
  ['DELETE executions/{executionId}/kill', 'kill'],
  ['POST executions/{executionId}/restart', 'restart'],
  ['POST executions/{executionId}/replay', 'replay'],
  ['POST executions/{executionId}/pause', 'pause'],
  ['POST executions/{executionId}/resume', 'resume'],
  ['POST executions/{executionId}/resume/validate', 'resume/validate'],
  ['POST executions/{executionId}/labels', 'labels'],
  ['POST executions/{executionId}/change-status', 'change-status'],
  ['POST executions/{executionId}/force-run', 'force-run'],
  ['POST executions/{executionId}/unqueue', 'unqueue'],
  ['POST executions/{executionId}/eval', 'eval'],
  ['POST executions/{executionId}/eval/{taskRunId}', 'eval/{taskRunId}'],
];

export const KESTRA_2_0: PersonaTraits = {
  ...KESTRA_1_3,
  id: '2.0',
  version: '2.0.3',
  summary: 'Kestra 2.0 (outputs endpoints, /actions/ routes, problem+json errors, KV revision, configs behind auth)',
  errorFormat: 'problem-json',
  // AuthenticationFilter (2.x): only `/api/v1/configs/login` and `/api/v1/login` are open.
  auth: { configsOpen: false, basicChallenge: 'Basic', cookie: true },
  executions: { ...KESTRA_1_3.executions, inlineOutputs: false, taskRunsInLists: false },
  kv: { detail: 'kv-detail', entry: 'metadata-revision' },
  // LogController.searchLogs → CursorOrOffsetPagedResults<LogEntry>; the sandbox pages by offset.
  logs: { ...KESTRA_1_3.logs, cursorPages: true },
  // AbstractFlow.draft (required in the 2.0.0-SNAPSHOT document): draft revisions.
  flows: { draftField: true },
  // docs v2.0.0/superadmin-renamed-instance-owner: responses emit `instanceOwner`.
  me: { ownerField: 'instanceOwner' },
  routes: {
    // KVController 2.0 lists keys only through `GET /kv` (filters[namespace]).
    removed: ['GET namespaces/{namespace}/kv'],
    moved: Object.fromEntries(ACTIONS.map(([key, action]) => [key, `executions/{executionId}/actions/${action}`])),
    extra: [outputRoutes],
    extraGlobal: [loginConfigRoutes],
  },
  sources: [
    'kestra-io/docs 11.migration-guide/v2.0.0/execution-api-response (task runs lose outputs/executionId/namespace/flowId; lists lose taskRunList; `deleted` removed)',
    'kestra-io/kestra webserver/.../api/OutputController.java (newest: outputs/executions/{id}, outputs/tasks/{id}, outputs/tasks/{id}/{taskRunId}); the migration page\'s shorter /outputs/{id}/{taskRunId} is an earlier draft (404 on 2.0.3)',
    'kestra-io/client-sdk kestra-ee.yml 2.0.0-SNAPSHOT @50cb46f4: /executions/{id}/actions/*, no GET namespaces/{ns}/kv, KVEntry.revision, /api/v1/configs/login',
    'kestra-io/kestra webserver/.../errors/{ProblemDetail,ProblemTypes,ProblemFactory,KestraProblemMappings}.java, filter/ProblemResponseFilter.java; docs api-reference/problems',
    'kestra-io/kestra webserver/.../filter/AuthenticationFilter.java (2.x: configs/login and login open) and TenantAliasingRooter (alias kept)',
  ],
};
