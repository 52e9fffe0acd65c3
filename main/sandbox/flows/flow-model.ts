// The Flow JSON Kestra serves for a stored flow: the YAML's properties (labels as a list, inputs with
// their `required` default), plus `tenantId`, `revision`, `disabled`, `deleted` and `updated`.
import type { FlowDocument } from './parse-flow';

export interface StoredFlow {
  namespace: string;
  id: string;
  revision: number;
  deleted: boolean;
  source: string;
  /** ISO instant of this revision. */
  updated: string;
  document: FlowDocument;
}

export type FlowJson = Record<string, unknown> & { id: string; namespace: string; revision: number };

export function labelsAsList(labels: unknown): { key: string; value: string }[] | undefined {
  if (labels === undefined || labels === null) return undefined;
  if (Array.isArray(labels)) {
    return labels
      .filter((l): l is Record<string, unknown> => l !== null && typeof l === 'object')
      .map((l) => ({ key: String(l.key), value: String(l.value) }));
  }
  if (typeof labels === 'object') {
    return Object.entries(labels as Record<string, unknown>).map(([key, value]) => ({
      key,
      value: typeof value === 'string' ? value : JSON.stringify(value),
    }));
  }
  return undefined;
}

const PASSTHROUGH = [
  'description',
  'outputs',
  'variables',
  'workerGroup',
  'finally',
  'taskDefaults',
  'tasks',
  'errors',
  'listeners',
  'afterExecution',
  'triggers',
  'pluginDefaults',
  'concurrency',
  'retry',
  'sla',
  'checks',
] as const;

export function flowJson(flow: StoredFlow, tenantId: string, withSource: boolean): FlowJson {
  const doc = flow.document;
  const json: FlowJson = { id: flow.id, namespace: flow.namespace, revision: flow.revision };
  if (doc.description !== undefined && doc.description !== null) json.description = doc.description;
  if (Array.isArray(doc.inputs)) {
    json.inputs = (doc.inputs as Record<string, unknown>[]).map((input) => ({ ...input, required: input.required ?? true }));
  }
  json.disabled = doc.disabled === true || doc.disabled === 'true';
  const labels = labelsAsList(doc.labels);
  if (labels) json.labels = labels;
  for (const key of PASSTHROUGH) {
    const value = doc[key];
    if (value !== undefined && value !== null && key !== 'description') json[key] = value;
  }
  json.deleted = flow.deleted;
  json.tenantId = tenantId;
  json.updated = flow.updated;
  if (withSource) json.source = flow.source;
  return json;
}
