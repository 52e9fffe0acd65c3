// Server facts: configuration, capability table, the flow schema for the editor, namespaces, and
// (Enterprise) the tenants the account may use.
import type { ServerCapabilities, TenantList } from '../../contract/capabilities';
import type { ServerConfigs } from '../../contract/kestra-model';
import type { ApiTransport } from '../api-transport';
import { KestraError } from '../kestra-error';
import { normaliseMeTenants, normalisePaged } from '../normalise';
import { pagingQuery } from '../search-query';

export class ServerResource {
  private schemaCache: { key: string; schema: unknown } | undefined;

  constructor(private readonly t: ApiTransport) {}

  async configs(signal?: AbortSignal, refresh = false): Promise<ServerConfigs> {
    return (await this.t.context(signal, refresh)).configs;
  }

  async capabilities(signal?: AbortSignal, refresh = false): Promise<ServerCapabilities> {
    return (await this.t.context(signal, refresh)).capabilities;
  }

  /** The last detected configuration, without a request (undefined before the first call). */
  get cachedConfigs(): ServerConfigs | undefined {
    return this.t.cached?.configs;
  }

  async flowSchema(signal?: AbortSignal): Promise<{ schema: unknown; cacheKey: string }> {
    const context = await this.t.context(signal);
    const key = `${context.configs.version}:${context.pluginsHash ?? ''}`;
    if (this.schemaCache?.key === key) return { schema: this.schemaCache.schema, cacheKey: key };
    const schema = await this.t.read(
      { method: 'GET', path: '/api/v1/plugins/schemas/{type}', params: { type: 'flow' }, query: { arrayOf: false }, kind: 'list', signal, what: 'loading the flow schema' },
      (raw) => {
        if (typeof raw !== 'object' || raw === null) throw new KestraError('http', 'The server sent no flow schema.');
        return raw;
      },
    );
    this.schemaCache = { key, schema };
    return { schema, cacheKey: key };
  }

  async namespaces(q: string | undefined, signal?: AbortSignal): Promise<string[]> {
    const { capabilities } = await this.t.context(signal);
    const out = new Set<string>();
    const size = 500;
    for (let page = 1; page <= 40; page += 1) {
      const query = pagingQuery({ page, size, sort: ['id:asc'] });
      query.set('existing', 'false');
      if (q) query.set(capabilities.api.namespaceSearch === 'filters' ? 'filters[q][EQUALS]' : 'q', q);
      const paged = await this.t.read({ method: 'GET', path: '/api/v1/{tenant}/namespaces/search', query, kind: 'list', signal, what: 'listing namespaces' }, (raw) =>
        normalisePaged(raw, (n) => String((n as { id?: unknown })?.id ?? ''), 'namespace search'),
      );
      for (const id of paged.results) if (id) out.add(id);
      if (paged.results.length < size || out.size >= paged.total) break;
    }
    return [...out].sort();
  }

  /**
   * The tenants the signed-in account may use, from `GET /api/v1/me` (Enterprise). Open-source
   * servers have one tenant and no list; an account that may not read /me gets no list either.
   */
  async tenants(signal?: AbortSignal): Promise<TenantList> {
    const { capabilities } = await this.t.context(signal);
    const feature = capabilities.features['tenants.list'];
    if (!feature.available) return { listed: false, tenants: [], reason: feature.reason };
    try {
      const tenants = await this.t.read({ method: 'GET', path: '/api/v1/me', signal, what: 'listing your tenants' }, normaliseMeTenants);
      return { listed: true, tenants };
    } catch (error) {
      if (error instanceof KestraError && (error.data.status === 404 || error.data.kind === 'forbidden')) {
        return { listed: false, tenants: [], reason: 'This server does not list the tenants of this account; type the tenant id.' };
      }
      throw error;
    }
  }
}
