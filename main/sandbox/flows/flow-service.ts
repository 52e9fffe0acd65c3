// Flow lifecycle with Kestra's rules: revision 1 on create, a new revision only when the source
// changes, soft delete as a new revision, id/namespace immutable, the YAML kept verbatim.
import { KestraHttpError, invalidEntity, notFoundEmpty, type ConstraintViolation } from '../http/http-error';
import { nowIso } from '../engine/state';
import type { FlowRepository } from '../storage/flow-repository';
import type { TaskRegistry } from '../tasks/registry';
import type { StoredFlow } from './flow-model';
import { parseFlowSource, type FlowDocument, type FlowParseResult } from './parse-flow';

export interface FlowValidationReport {
  index: number;
  filename?: string;
  flow?: string;
  namespace?: string;
  constraints?: string;
  outdated?: boolean;
  deprecationPaths: string[];
  warnings: string[];
  infos: string[];
}

/** Kestra splits multi-flow YAML bodies on `---` lines with this exact pattern. */
export function splitFlowDocuments(text: string): string[] {
  return text.split(/\n+---\n*?/);
}

export type FlowEvent = { kind: 'saved' | 'deleted'; flow: StoredFlow };

export class FlowService {
  private listeners: ((event: FlowEvent) => void)[] = [];

  constructor(
    private readonly repository: FlowRepository,
    private readonly registry: TaskRegistry,
  ) {}

  /** Schedules and triggers follow flow changes. */
  onChange(listener: (event: FlowEvent) => void): void {
    this.listeners.push(listener);
  }

  /**
   * Tells the listeners about a change: the saves below call it, and so does the engine thread for
   * the changes the API thread made (engine-thread/protocol.ts `flow-changed`).
   */
  emit(event: FlowEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  parse(source: string): FlowParseResult {
    return parseFlowSource(source, this.registry);
  }

  /** Parses or throws Kestra's 422. */
  parseOrThrow(source: string): FlowDocument {
    const result = this.parse(source);
    if (!result.ok) throw invalidEntity(result.violations, result.message);
    return result.flow;
  }

  find(namespace: string, id: string): StoredFlow | undefined {
    return this.repository.find(namespace, id);
  }

  /** A given revision, or the latest; deleted flows only with `allowDeleted`. */
  get(namespace: string, id: string, revision?: number, allowDeleted = false): StoredFlow | undefined {
    const flow = revision !== undefined ? this.repository.revision(namespace, id, revision) : this.repository.latest(namespace, id);
    if (!flow) return undefined;
    if (flow.deleted && !allowDeleted) return undefined;
    if (revision !== undefined && !allowDeleted && this.repository.latest(namespace, id)?.deleted) return undefined;
    return flow;
  }

  create(source: string): StoredFlow {
    const document = this.parseOrThrow(source);
    return this.createParsed(document, source);
  }

  private createParsed(document: FlowDocument, source: string): StoredFlow {
    const latest = this.repository.latest(document.namespace, document.id);
    if (latest && !latest.deleted) {
      throw invalidEntity([{ path: 'flow.id', message: 'Flow id already exists' }]);
    }
    const flow: StoredFlow = {
      namespace: document.namespace,
      id: document.id,
      // A flow re-created after a delete continues its revision history.
      revision: latest ? latest.revision + 1 : 1,
      deleted: false,
      source,
      updated: nowIso(),
      document,
    };
    this.repository.save(flow);
    this.emit({ kind: 'saved', flow });
    return flow;
  }

  update(namespace: string, id: string, source: string): StoredFlow {
    const existing = this.repository.find(namespace, id);
    if (!existing) throw notFoundEmpty();
    const document = this.parseOrThrow(source);
    return this.updateParsed(existing, document, source);
  }

  private updateParsed(existing: StoredFlow, document: FlowDocument, source: string): StoredFlow {
    const violations: ConstraintViolation[] = [];
    if (document.id !== existing.id) violations.push({ path: 'flow.id', message: 'Illegal flow id update' });
    if (document.namespace !== existing.namespace) violations.push({ path: 'flow.namespace', message: 'Illegal namespace update' });
    if (violations.length > 0) throw invalidEntity(violations);
    if (source === existing.source) return existing;
    const flow: StoredFlow = { ...existing, revision: existing.revision + 1, deleted: false, source, updated: nowIso(), document };
    this.repository.save(flow);
    this.emit({ kind: 'saved', flow });
    return flow;
  }

  /** Creates or updates (namespace bulk import, `/_flows` uploads). */
  createOrUpdate(source: string, expectedNamespace?: string): StoredFlow {
    const document = this.parseOrThrow(source);
    if (expectedNamespace !== undefined && document.namespace !== expectedNamespace) {
      throw invalidEntity([{ path: 'flow.namespace', message: 'Flow namespace is invalid' }]);
    }
    const existing = this.repository.find(document.namespace, document.id);
    return existing ? this.updateParsed(existing, document, source) : this.createParsed(document, source);
  }

  delete(namespace: string, id: string): StoredFlow {
    const existing = this.repository.find(namespace, id);
    if (!existing) throw notFoundEmpty();
    const flow: StoredFlow = { ...existing, revision: existing.revision + 1, deleted: true, updated: nowIso() };
    this.repository.save(flow);
    this.emit({ kind: 'deleted', flow });
    return flow;
  }

  /** Sets `disabled` by editing the source text, as Kestra's FlowService.injectDisabled does. */
  setDisabled(namespace: string, id: string, disabled: boolean): StoredFlow | undefined {
    const existing = this.repository.find(namespace, id);
    if (!existing) return undefined;
    const line = /^disabled\s*:.*$/m;
    const source = line.test(existing.source)
      ? existing.source.replace(line, `disabled: ${disabled}`)
      : `${existing.source.replace(/\s*$/, '')}\ndisabled: ${disabled}\n`;
    return this.updateParsed(existing, this.parseOrThrow(source), source);
  }

  /** `POST /flows/validate`: one report per `---`-separated document. */
  validate(text: string): FlowValidationReport[] {
    return splitFlowDocuments(text).map((source, index) => this.validateOne(source, index));
  }

  validateOne(source: string, index: number, filename?: string): FlowValidationReport {
    const report: FlowValidationReport = { index, deprecationPaths: [], warnings: [], infos: [] };
    if (filename) report.filename = filename;
    const result = this.parse(source);
    if (!result.ok) {
      if (result.id) report.flow = result.id;
      if (result.namespace) report.namespace = result.namespace;
      report.constraints = result.message;
      return report;
    }
    const document = result.flow;
    report.flow = document.id;
    report.namespace = document.namespace;
    if (document.revision !== undefined && document.revision !== null) {
      const last = this.repository.latest(document.namespace, document.id)?.revision ?? 0;
      report.outdated = Number(document.revision) !== last + 1;
    }
    for (const key of ['listeners', 'taskDefaults']) if (document[key] !== undefined) report.deprecationPaths.push(key);
    report.deprecationPaths.push(...result.deprecationPaths);
    report.warnings = result.warnings;
    report.infos = this.relocations(document);
    return report;
  }

  /** Old class names still accepted, reported like Kestra's relocations ("a is replaced by b"). */
  private relocations(document: FlowDocument): string[] {
    const infos = new Set<string>();
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value !== null && typeof value === 'object') {
        const record = value as Record<string, unknown>;
        const definition = typeof record.type === 'string' ? this.registry.get(record.type) : undefined;
        if (definition && record.type !== definition.type) infos.add(`${String(record.type)} is replaced by ${definition.type}`);
        Object.values(record).forEach(visit);
      }
    };
    for (const key of ['tasks', 'errors', 'finally', 'afterExecution', 'triggers']) visit(document[key]);
    return [...infos];
  }
}

export function assertFlowBody(text: string): void {
  if (text.length === 0) throw new KestraHttpError(400, 'Bad Request: Required Body [flow] not specified');
}
