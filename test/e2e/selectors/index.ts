// The one place end-to-end tests name UI elements: by role and accessible name, as a user (or a
// screen reader) finds them. One file per pane; page objects use these; tests use page objects.
import { shellSelectors } from './shell';
import { serversSelectors } from './servers';
import { flowsSelectors } from './flows';
import { executionsSelectors } from './executions';
import { kvSelectors } from './kv';
import { filesSelectors } from './files';

export const selectors = {
  ...shellSelectors,
  servers: serversSelectors,
  flows: flowsSelectors,
  executions: executionsSelectors,
  kv: kvSelectors,
  files: filesSelectors,
} as const;
