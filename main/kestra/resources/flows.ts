// Flows: search, read (with source and revisions), create, update, delete, validate.
import type { Flow, FlowValidation, FlowWithSource, Paged } from '../../contract/kestra-model';
import type { FlowSearchParams } from '../../contract/methods';
import type { ApiTransport, DownloadStream } from '../api-transport';
import { KestraError } from '../kestra-error';
import type { RequestBody } from '../kestra-http';
import { checkFlowId, checkNamespace } from '../names';
import { asArrayOf, normaliseFlow, normaliseFlowWithSource, normalisePaged, normaliseValidation } from '../normalise';
import { searchQuery } from '../search-query';

function yamlBody(source: string): RequestBody {
  if (typeof source !== 'string' || source.trim() === '') throw new KestraError('validation', 'The flow source is empty.');
  // Kestra accepts exactly this type for flow sources (application/yaml is refused).
  return { data: source, contentType: 'application/x-yaml' };
}

export class FlowsResource {
  constructor(private readonly t: ApiTransport) {}

  async search(params: FlowSearchParams, signal?: AbortSignal): Promise<Paged<Flow>> {
    const { capabilities } = await this.t.context(signal);
    const query = searchQuery(capabilities.api.search, { namespace: params.namespace, q: params.q, labels: params.labels }, params);
    return this.t.read({ method: 'GET', path: '/api/v1/{tenant}/flows/search', query, kind: 'list', signal, what: 'searching flows' }, (raw) => normalisePaged(raw, normaliseFlow, 'flow search'));
  }

  get(namespace: string, id: string, revision: number | undefined, signal?: AbortSignal): Promise<FlowWithSource> {
    return this.t.read(
      {
        method: 'GET',
        path: '/api/v1/{tenant}/flows/{namespace}/{id}',
        params: { namespace: checkNamespace(namespace), id: checkFlowId(id) },
        query: { source: true, revision },
        signal,
        what: `loading flow ${namespace}.${id}`,
      },
      normaliseFlowWithSource,
    );
  }

  /** A duplicate id answers 422 (≤ 1.x) or 409 (2.x); both reach the caller as the server said. */
  create(source: string, signal?: AbortSignal): Promise<FlowWithSource> {
    return this.t.read({ method: 'POST', path: '/api/v1/{tenant}/flows', body: yamlBody(source), signal, what: 'creating the flow' }, normaliseFlowWithSource);
  }

  update(namespace: string, id: string, source: string, signal?: AbortSignal): Promise<FlowWithSource> {
    return this.t.read(
      {
        method: 'PUT',
        path: '/api/v1/{tenant}/flows/{namespace}/{id}',
        params: { namespace: checkNamespace(namespace), id: checkFlowId(id) },
        body: yamlBody(source),
        // Kestra returns the existing revision for an identical source: repeating is harmless.
        idempotent: true,
        signal,
        what: `saving flow ${namespace}.${id}`,
      },
      normaliseFlowWithSource,
    );
  }

  delete(namespace: string, id: string, signal?: AbortSignal): Promise<void> {
    return this.t.empty({ method: 'DELETE', path: '/api/v1/{tenant}/flows/{namespace}/{id}', params: { namespace: checkNamespace(namespace), id: checkFlowId(id) }, idempotent: false, signal, what: `deleting flow ${namespace}.${id}` });
  }

  validate(source: string, signal?: AbortSignal): Promise<FlowValidation[]> {
    return this.t.read({ method: 'POST', path: '/api/v1/{tenant}/flows/validate', body: yamlBody(source), idempotent: true, signal, what: 'validating the flow' }, (raw) =>
      asArrayOf(raw, normaliseValidation, 'validation result'),
    );
  }

  /**
   * The sources of every flow under a namespace (Kestra filters by prefix: children included), or of
   * every flow without one, as Kestra's export zip of YAML files: one request instead of one per
   * flow (the fleet's drift and promotion read it).
   */
  async openExport(namespace: string | undefined, signal?: AbortSignal): Promise<DownloadStream> {
    const { capabilities } = await this.t.context(signal);
    const ns = namespace === undefined ? undefined : checkNamespace(namespace);
    const query = ns === undefined ? {} : capabilities.api.search === 'filters' ? { 'filters[namespace][PREFIX]': ns } : { namespace: ns };
    return this.t.openDownload({ path: '/api/v1/{tenant}/flows/export/by-query', query, signal, what: ns ? `exporting the flows of ${ns}` : 'exporting the flows' });
  }

  revisions(namespace: string, id: string, signal?: AbortSignal): Promise<FlowWithSource[]> {
    return this.t.read(
      {
        method: 'GET',
        path: '/api/v1/{tenant}/flows/{namespace}/{id}/revisions',
        params: { namespace: checkNamespace(namespace), id: checkFlowId(id) },
        kind: 'list',
        signal,
        what: `loading revisions of ${namespace}.${id}`,
      },
      (raw) => asArrayOf(raw, normaliseFlowWithSource, 'flow revision list'),
    );
  }
}
