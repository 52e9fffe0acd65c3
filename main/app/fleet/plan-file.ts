// A promotion plan as a file: to apply later, or to review in a pull request (flow sources are
// kept verbatim, so a diff of two plan files reads like a diff of the flows). It names servers by
// id and name only, and holds no KV value and no secret: values are read from the source when the
// plan is applied. Reading a file back checks every field and recomputes every hash.
import type { FilePlanItem, FlowPlanItem, KvPlanItem, PlanItem, PlanProblem, PromotionPlan } from '../../contract/fleet';
import type { KvType } from '../../contract/kestra-model';
import { ConsoleError } from '../../ipc/console-error';
import { checkFlowId, checkKvKey, checkNamespace, checkNamespacePath } from '../../kestra/names';
import { checkSelection } from './promotion-plan';
import { fileKey, flowKey, kvKey, sourceHash } from './plan-builder';

export const PLAN_FORMAT = 'kestra-console/promotion-plan';
export const PLAN_VERSION = 1;
const MAX_PLAN_TEXT = 64 * 1024 * 1024;
const KV_TYPES: readonly KvType[] = ['STRING', 'NUMBER', 'BOOLEAN', 'DATETIME', 'DATE', 'DURATION', 'JSON'];

export function planFileText(plan: PromotionPlan): string {
  const { id: _id, ...rest } = plan;
  return `${JSON.stringify({ format: PLAN_FORMAT, version: PLAN_VERSION, ...rest }, null, 2)}\n`;
}

export function planFileName(plan: PromotionPlan): string {
  const what = plan.selection.kind === 'namespace' ? plan.selection.namespace : `${plan.selection.namespace}-${plan.selection.flowIds.length}-flows`;
  const when = plan.createdAt.slice(0, 16).replace(/[:T]/g, '-');
  return `promotion-${what}-to-${plan.target.name}-${when}.json`.replace(/[^\w.-]+/g, '_');
}

function bad(message: string): never {
  throw new ConsoleError('validation', `This is not a promotion plan the console can apply: ${message}`);
}

function text(value: unknown, field: string, max = 10_000): string {
  if (typeof value !== 'string' || value.length > max) bad(`${field} must be text.`);
  return value;
}

function count(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) bad(`${field} must be a number.`);
  return value;
}

function strings(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) bad(`${field} must be a list.`);
  return value.map((entry, index) => text(entry, `${field}[${index}]`, 2_000));
}

function kvType(value: unknown, field: string): KvType | undefined {
  if (value === undefined) return undefined;
  if (!KV_TYPES.includes(value as KvType)) bad(`${field} is not a KV type.`);
  return value as KvType;
}

function status<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (!allowed.includes(value as T)) bad(`${field} must be one of ${allowed.join(', ')}.`);
  return value as T;
}

function readItem(raw: unknown, index: number): PlanItem {
  const item = raw as Record<string, unknown>;
  const at = `items[${index}]`;
  if (!item || typeof item !== 'object') bad(`${at} is not an item.`);
  const namespace = checkNamespace(item.namespace);
  const reasons = strings(item.reasons ?? [], `${at}.reasons`);
  if (item.kind === 'flow') {
    const id = checkFlowId(item.id);
    const source = text(item.source, `${at}.source`, 16 * 1024 * 1024);
    const target = item.target as Record<string, unknown> | undefined;
    const flow: FlowPlanItem = {
      kind: 'flow',
      key: flowKey(namespace, id),
      namespace,
      id,
      reasons,
      status: status(item.status, ['new', 'changed', 'identical'], `${at}.status`),
      source,
      // Recomputed: the apply compares hashes, and a hand-edited file must not lie about them.
      sourceHash: sourceHash(source),
      dependsOn: strings(item.dependsOn ?? [], `${at}.dependsOn`),
      ...(target ? { target: { revision: count(target.revision, `${at}.target.revision`), source: text(target.source, `${at}.target.source`, 16 * 1024 * 1024), hash: sourceHash(text(target.source, `${at}.target.source`, 16 * 1024 * 1024)) } } : {}),
    };
    return flow;
  }
  if (item.kind === 'file') {
    const path = checkNamespacePath(item.path);
    const target = item.target as Record<string, unknown> | undefined;
    const file: FilePlanItem = {
      kind: 'file',
      key: fileKey(namespace, path),
      namespace,
      path,
      reasons,
      status: status(item.status, ['new', 'changed', 'identical'], `${at}.status`),
      size: count(item.size, `${at}.size`),
      lastModified: count(item.lastModified, `${at}.lastModified`),
      ...(target ? { target: { size: count(target.size, `${at}.target.size`), lastModified: count(target.lastModified, `${at}.target.lastModified`) } } : {}),
    };
    return file;
  }
  if (item.kind === 'kv') {
    const key = checkKvKey(item.kvKey);
    const source = item.source as Record<string, unknown> | undefined;
    const target = item.target as Record<string, unknown> | undefined;
    const kv: KvPlanItem = {
      kind: 'kv',
      key: kvKey(namespace, key),
      namespace,
      kvKey: key,
      reasons,
      status: status(item.status, ['present', 'missing', 'type-differs', 'missing-on-both'], `${at}.status`),
      usedBy: strings(item.usedBy ?? [], `${at}.usedBy`),
      ...(source ? { source: { ...(kvType(source.type, `${at}.source.type`) ? { type: kvType(source.type, `${at}.source.type`) } : {}) } } : {}),
      ...(target
        ? {
            target: {
              ...(kvType(target.type, `${at}.target.type`) ? { type: kvType(target.type, `${at}.target.type`) } : {}),
              ...(target.inheritedFrom !== undefined ? { inheritedFrom: checkNamespace(target.inheritedFrom) } : {}),
            },
          }
        : {}),
    };
    return kv;
  }
  return bad(`${at} has an unknown kind.`);
}

/** Reads a plan file; `target` replaces the target it was made for (the file may be applied elsewhere). */
export function readPlanFile(raw: string, target: { serverId: string; name: string }): Omit<PromotionPlan, 'id'> {
  if (typeof raw !== 'string' || raw.length > MAX_PLAN_TEXT) bad('the file is empty or larger than 64 MB.');
  let document: Record<string, unknown>;
  try {
    document = JSON.parse(raw) as Record<string, unknown>;
  } catch (error) {
    return bad(`it is not JSON (${error instanceof Error ? error.message : 'unreadable'}).`);
  }
  if (!document || typeof document !== 'object' || document.format !== PLAN_FORMAT) bad(`its "format" is not "${PLAN_FORMAT}".`);
  if (document.version !== PLAN_VERSION) bad(`it is version ${String(document.version)}; this console reads version ${PLAN_VERSION}.`);
  if (!Array.isArray(document.items) || document.items.length > 200_000) bad('"items" must be a list.');
  const items = document.items.map(readItem);
  const keys = new Set<string>();
  for (const item of items) {
    if (keys.has(item.key)) bad(`${item.key} appears twice.`);
    keys.add(item.key);
  }
  for (const item of items) {
    if (item.kind === 'flow') item.dependsOn = item.dependsOn.filter((dependency) => keys.has(dependency));
  }
  const source = document.source as Record<string, unknown> | undefined;
  const secrets = Array.isArray(document.secrets) ? document.secrets : [];
  const problems = Array.isArray(document.problems) ? document.problems : [];
  return {
    createdAt: text(document.createdAt, 'createdAt', 64),
    source: { serverId: text(source?.serverId, 'source.serverId', 200), name: text(source?.name, 'source.name', 200) },
    target,
    selection: checkSelection(document.selection),
    items,
    secrets: secrets.map((entry: Record<string, unknown>, index: number) => ({ name: text(entry?.name, `secrets[${index}].name`, 500), usedBy: strings(entry?.usedBy ?? [], `secrets[${index}].usedBy`) })),
    problems: problems.map((entry: Record<string, unknown>, index: number) => ({
      kind: status(entry?.kind, ['cycle', 'missing-subflow', 'missing-kv', 'dynamic-reference', 'invalid-flow', 'target-only-subflow'] as const, `problems[${index}].kind`),
      message: text(entry?.message, `problems[${index}].message`),
      items: strings(entry?.items ?? [], `problems[${index}].items`),
    })) as PlanProblem[],
  };
}
