// Reads what a promotion plan needs from both servers, then lets plan-builder decide: the source
// flows (one export zip per namespace, following subflows into other namespaces), the target's
// copies, the files the flows read (listings; bytes only for files of the same size on both
// sides), and the KV keys (listings; a read per key only where both sides have it, to compare
// types). Nothing is written.
import type { PromotionSelection } from '../../contract/fleet';
import type { KvType } from '../../contract/kestra-model';
import { ConsoleError } from '../../ipc/console-error';
import type { KestraClient } from '../../kestra/kestra-client';
import { checkFlowId, checkNamespace } from '../../kestra/names';
import { exportFlows, flowRevisions, mapLimit, orMissing, sha256, walkFiles } from './fleet-io';
import { buildPlan, fileKey, filesNeeded, kvKey, parseFlow, type BuiltPlan, type FileEntry, type FlowSource, type KvState, type ParsedFlow, type TargetFlow } from './plan-builder';

/** Same-size files up to this size are read on both sides to tell identical from changed. */
const COMPARE_LIMIT = 16 * 1024 * 1024;
const MAX_PLAN_FLOWS = 5000;

export function checkSelection(selection: unknown): PromotionSelection {
  const s = selection as Partial<{ kind: string; namespace: unknown; flowIds: unknown }> | null;
  if (!s || typeof s !== 'object') throw new ConsoleError('validation', 'Choose a namespace or flows to promote.');
  const namespace = checkNamespace(s.namespace);
  if (s.kind === 'namespace') return { kind: 'namespace', namespace };
  if (s.kind === 'flows' && Array.isArray(s.flowIds) && s.flowIds.length > 0 && s.flowIds.length <= MAX_PLAN_FLOWS) {
    return { kind: 'flows', namespace, flowIds: s.flowIds.map(checkFlowId) };
  }
  throw new ConsoleError('validation', 'Choose a namespace or at least one flow to promote.');
}

/** Per-namespace cache of one server's reads, so a namespace is listed once however many flows need it. */
class ServerReads {
  private readonly flowExports = new Map<string, Promise<Map<string, FlowSource>>>();
  private readonly files = new Map<string, Promise<FileEntry[]>>();
  private readonly kv = new Map<string, Promise<Map<string, KvState>>>();
  private readonly revisions = new Map<string, Promise<Map<string, number>>>();

  constructor(
    readonly client: KestraClient,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /** The flows of exactly this namespace (the export also holds its children: they are cached too). */
  flowsOf(namespace: string): Promise<Map<string, FlowSource>> {
    let cached = this.flowExports.get(namespace);
    if (!cached) {
      cached = exportFlows(this.client, namespace, this.signal).then((flows) => new Map(flows.filter((f) => f.namespace === namespace).map((f) => [f.id, f])));
      this.flowExports.set(namespace, cached);
    }
    return cached;
  }

  filesOf(namespace: string): Promise<FileEntry[]> {
    let cached = this.files.get(namespace);
    if (!cached) {
      cached = walkFiles(this.client, namespace, this.signal);
      this.files.set(namespace, cached);
    }
    return cached;
  }

  revisionsOf(namespace: string): Promise<Map<string, number>> {
    let cached = this.revisions.get(namespace);
    if (!cached) {
      cached = flowRevisions(this.client, namespace, this.signal);
      this.revisions.set(namespace, cached);
    }
    return cached;
  }

  kvOf(namespace: string): Promise<Map<string, KvState>> {
    let cached = this.kv.get(namespace);
    if (!cached) {
      cached = this.client.kv.list(namespace, this.signal).then((entries) => new Map(entries.map((entry) => [entry.key, {} as KvState])));
      this.kv.set(namespace, cached);
    }
    return cached;
  }
}

export interface ReadPlan extends BuiltPlan {
  selection: PromotionSelection;
}

export async function readAndBuildPlan(source: KestraClient, target: KestraClient, rawSelection: unknown, signal?: AbortSignal): Promise<ReadPlan> {
  const selection = checkSelection(rawSelection);
  const src = new ServerReads(source, signal);
  const dst = new ServerReads(target, signal);
  // What the selected namespace needs is known before any flow is parsed: ask both servers for it
  // at once, and the steps below find it cached. A failed read surfaces where a step awaits it.
  const early: Promise<unknown>[] = [dst.flowsOf(selection.namespace), dst.revisionsOf(selection.namespace)];
  if (selection.kind === 'namespace') early.push(src.filesOf(selection.namespace), dst.filesOf(selection.namespace), src.kvOf(selection.namespace), dst.kvOf(selection.namespace));
  for (const read of early) read.catch(() => undefined);

  // 1. The selected flows, then every subflow they reach, wherever it lives.
  const selectedNamespace = await src.flowsOf(selection.namespace);
  const initial = selection.kind === 'namespace' ? [...selectedNamespace.values()] : selection.flowIds.map((id) => selectedNamespace.get(id));
  const absent = selection.kind === 'flows' ? selection.flowIds.filter((_, index) => !initial[index]) : [];
  if (absent.length) throw new ConsoleError('validation', `${source.transport.serverName} has no flow ${absent.map((id) => `${selection.namespace}.${id}`).join(', ')}.`);
  const parsed = new Map<string, ParsedFlow>();
  let frontier = initial.filter((flow): flow is FlowSource => !!flow).map(parseFlow);
  const missingOnSource = new Set<string>();
  while (frontier.length > 0) {
    for (const flow of frontier) parsed.set(`${flow.namespace}/${flow.id}`, flow);
    if (parsed.size > MAX_PLAN_FLOWS) throw new ConsoleError('validation', `The promotion reaches more than ${MAX_PLAN_FLOWS} flows; promote a smaller part.`);
    const wanted = [...new Set(frontier.flatMap((flow) => flow.refs.subflows.map((sub) => `${sub.namespace}/${sub.flowId}`)))].filter(
      (key) => !parsed.has(key) && !missingOnSource.has(key),
    );
    const found = await mapLimit(
      wanted,
      4,
      async (key) => {
        const [namespace, id] = key.split('/') as [string, string];
        return (await src.flowsOf(namespace)).get(id);
      },
      signal,
    );
    frontier = [];
    found.forEach((flow, index) => {
      if (flow) frontier.push(parseFlow(flow));
      else missingOnSource.add(wanted[index]!);
    });
  }
  const sourceFlows = [...parsed.values()];

  // 2. The target's copies: of the flows in the plan, and of the subflows the source lacks.
  const flowNamespaces = [...new Set([...sourceFlows.map((flow) => flow.namespace), ...[...missingOnSource].map((key) => key.split('/')[0]!)])];
  const targetFlows = new Map<string, TargetFlow>();
  await mapLimit(
    flowNamespaces,
    4,
    async (namespace) => {
      const [flows, revisions] = await Promise.all([dst.flowsOf(namespace), dst.revisionsOf(namespace)]);
      for (const [id, flow] of flows) {
        targetFlows.set(`${namespace}/${id}`, { revision: revisions.get(id) ?? 0, source: flow.source });
      }
    },
    signal,
  );

  // 3. Files: the namespace's own (whole-namespace promotion) and those the flows read.
  const fileNamespaces = new Set<string>(selection.kind === 'namespace' ? [selection.namespace] : []);
  for (const flow of sourceFlows) {
    for (const file of flow.refs.files) fileNamespaces.add(file.namespace);
    for (const globs of flow.refs.fileGlobs) fileNamespaces.add(globs.namespace);
  }
  const sourceFiles = new Map<string, FileEntry[]>();
  const targetFiles = new Map<string, FileEntry[]>();
  await mapLimit(
    [...fileNamespaces],
    4,
    async (namespace) => {
      const [s, t] = await Promise.all([src.filesOf(namespace), dst.filesOf(namespace)]);
      sourceFiles.set(namespace, s);
      targetFiles.set(namespace, t);
    },
    signal,
  );
  // Same size on both sides: read both and compare (a size is not a hash).
  const needed = filesNeeded(selection, sourceFlows, sourceFiles);
  const sameSize = [...needed.entries()].flatMap(([key, { entry }]) => {
    const namespace = key.slice('file:'.length, key.indexOf(':', 'file:'.length));
    const other = targetFiles.get(namespace)?.find((candidate) => candidate.path === entry.path);
    return other && other.size === entry.size && entry.size <= COMPARE_LIMIT ? [{ namespace, path: entry.path, size: entry.size }] : [];
  });
  const sameContent = new Map<string, boolean>();
  await mapLimit(
    sameSize,
    6,
    async (file) => {
      const [a, b] = await Promise.all([
        source.files.readBytes(file.namespace, file.path, undefined, COMPARE_LIMIT, signal),
        target.files.readBytes(file.namespace, file.path, undefined, COMPARE_LIMIT, signal),
      ]);
      sameContent.set(fileKey(file.namespace, file.path), sha256(a.bytes) === sha256(b.bytes));
    },
    signal,
  );

  // 4. KV keys: listings on both sides; types read only where both have the key.
  const kvNamespaces = new Set<string>(selection.kind === 'namespace' ? [selection.namespace] : []);
  for (const flow of sourceFlows) for (const ref of flow.refs.kv) kvNamespaces.add(ref.namespace);
  const sourceKv = new Map<string, Map<string, KvState>>();
  const targetKv = new Map<string, Map<string, KvState>>();
  await mapLimit(
    [...kvNamespaces],
    4,
    async (namespace) => {
      const [s, t] = await Promise.all([src.kvOf(namespace), dst.kvOf(namespace)]);
      sourceKv.set(namespace, s);
      targetKv.set(namespace, t);
    },
    signal,
  );
  const referenced = new Set(sourceFlows.flatMap((flow) => flow.refs.kv.map((ref) => kvKey(ref.namespace, ref.key))));
  const onBoth = [...kvNamespaces].flatMap((namespace) =>
    [...(sourceKv.get(namespace)?.keys() ?? [])]
      .filter((key) => targetKv.get(namespace)?.has(key) && (referenced.has(kvKey(namespace, key)) || selection.kind === 'namespace'))
      .map((key) => ({ namespace, key })),
  );
  await mapLimit(
    onBoth,
    6,
    async ({ namespace, key }) => {
      const [s, t] = await Promise.all([orMissing(source.kv.get(namespace, key, signal)), orMissing(target.kv.get(namespace, key, signal))]);
      if (s) sourceKv.get(namespace)!.set(key, { type: s.type });
      if (t) targetKv.get(namespace)!.set(key, { type: t.type });
    },
    signal,
  );
  // Keys missing in their namespace may still reach the flow from a parent namespace (1.0+).
  const targetInherited = new Map<string, { namespace: string; type?: KvType }>();
  const { capabilities } = await target.transport.context(signal);
  if (capabilities.features['kv.inheritance'].available) {
    const missingByNamespace = new Map<string, string[]>();
    for (const id of referenced) {
      const [namespace, key] = id.slice('kv:'.length).split('/') as [string, string];
      if (!targetKv.get(namespace)?.has(key)) missingByNamespace.set(namespace, [...(missingByNamespace.get(namespace) ?? []), key]);
    }
    await mapLimit(
      [...missingByNamespace.keys()],
      4,
      async (namespace) => {
        const inherited = await target.kv.inherited(namespace, signal);
        for (const key of missingByNamespace.get(namespace)!) {
          const entry = inherited.find((candidate) => candidate.key === key);
          if (entry) targetInherited.set(kvKey(namespace, key), { namespace: entry.namespace });
        }
      },
      signal,
    );
  }

  const built = buildPlan({ selection, sourceFlows, targetFlows, sourceFiles, targetFiles, sameContent, sourceKv, targetKv, targetInherited });
  return { ...built, selection };
}
