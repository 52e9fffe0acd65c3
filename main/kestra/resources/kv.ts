// The KV store. Reading a namespace's keys uses `GET …/namespaces/{ns}/kv` up to 1.x and the KV
// search on 2.x (which removed that route); inheritance (1.0+) and the global search (1.1+) are
// refused before any request on servers without them, because on 0.x `GET …/kv/inheritance` is
// the get-one-key route and would answer about a key named "inheritance".
import type { KvEntry, KvType, KvValue, Paged } from '../../contract/kestra-model';
import type { ApiTransport } from '../api-transport';
import { KestraError } from '../kestra-error';
import { checkHeaderText, encodeKvValue } from '../kv-encoding';
import { checkKvKey, checkNamespace } from '../names';
import { asArrayOf, normaliseInheritedKv, normaliseKvEntry, normaliseKvValue, normalisePaged } from '../normalise';
import { searchQuery } from '../search-query';

const LIST_PAGE = 1000;
const MAX_LIST_PAGES = 50;

export class KvResource {
  constructor(private readonly t: ApiTransport) {}

  async list(namespace: string, signal?: AbortSignal): Promise<KvEntry[]> {
    const ns = checkNamespace(namespace);
    const { capabilities } = await this.t.context(signal);
    if (capabilities.api.kvList === 'namespace') {
      return this.t.read({ method: 'GET', path: '/api/v1/{tenant}/namespaces/{namespace}/kv', params: { namespace: ns }, kind: 'list', signal, what: 'listing KV keys' }, (raw) =>
        asArrayOf(raw, (e) => normaliseKvEntry(e, ns), 'KV list'),
      );
    }
    const out: KvEntry[] = [];
    for (let page = 1; page <= MAX_LIST_PAGES; page += 1) {
      const query = searchQuery('filters', { namespace: ns, namespaceMatch: 'EQUALS' }, { page, size: LIST_PAGE }, ['key:asc']);
      const paged = await this.t.read({ method: 'GET', path: '/api/v1/{tenant}/kv', query, kind: 'list', signal, what: 'listing KV keys' }, (raw) =>
        normalisePaged(raw, (e) => normaliseKvEntry(e, ns), 'KV search'),
      );
      // Exactly this namespace, whatever the server made of the filter.
      out.push(...paged.results.filter((e) => e.namespace === ns));
      if (paged.results.length < LIST_PAGE || page * LIST_PAGE >= paged.total) break;
    }
    return out;
  }

  async inherited(namespace: string, signal?: AbortSignal): Promise<KvEntry[]> {
    const ns = checkNamespace(namespace);
    await this.t.requireFeature('kv.inheritance', signal);
    return this.t.read({ method: 'GET', path: '/api/v1/{tenant}/namespaces/{namespace}/kv/inheritance', params: { namespace: ns }, kind: 'list', signal, what: 'listing inherited KV keys' }, normaliseInheritedKv);
  }

  /** The global KV search (1.1+): `namespaceMatch` PREFIX reads a namespace and its children. */
  async search(params: { q?: string; namespace?: string; namespaceMatch?: 'EQUALS' | 'PREFIX'; page?: number; size?: number; sort?: string[] }, signal?: AbortSignal): Promise<Paged<KvEntry>> {
    await this.t.requireFeature('kv.search', signal);
    const query = searchQuery('filters', { namespace: params.namespace ? checkNamespace(params.namespace) : undefined, namespaceMatch: params.namespaceMatch ?? 'EQUALS', q: params.q }, params, ['key:asc']);
    return this.t.read({ method: 'GET', path: '/api/v1/{tenant}/kv', query, kind: 'list', signal, what: 'searching KV keys' }, (raw) => normalisePaged(raw, (e) => normaliseKvEntry(e), 'KV search'));
  }

  get(namespace: string, key: string, signal?: AbortSignal): Promise<KvValue> {
    return this.t.read(
      { method: 'GET', path: '/api/v1/{tenant}/namespaces/{namespace}/kv/{key}', params: { namespace: checkNamespace(namespace), key: checkKvKey(key) }, signal, what: `reading KV key ${key}` },
      normaliseKvValue,
    );
  }

  /** Every version reads the body as text (JSON/Ion literal); 1.1+ accepts only text/plain, so that is what is sent. */
  put(params: { namespace: string; key: string; type: KvType; value: unknown; ttl?: string; description?: string }, signal?: AbortSignal): Promise<void> {
    const headers: Record<string, string> = {};
    if (params.ttl) {
      if (!/^P/.test(params.ttl)) throw new KestraError('validation', 'The expiry (ttl) is an ISO-8601 duration such as PT1H or P7D.', { fieldErrors: [{ path: 'ttl', message: 'ISO-8601 duration' }] });
      headers.ttl = checkHeaderText('ttl', params.ttl);
    }
    if (params.description) headers.description = checkHeaderText('description', params.description);
    return this.t.empty({
      method: 'PUT',
      path: '/api/v1/{tenant}/namespaces/{namespace}/kv/{key}',
      params: { namespace: checkNamespace(params.namespace), key: checkKvKey(params.key) },
      body: { data: encodeKvValue(params.type, params.value), contentType: 'text/plain' },
      headers,
      idempotent: true,
      signal,
      what: `saving KV key ${params.key}`,
    });
  }

  async delete(namespace: string, key: string, signal?: AbortSignal): Promise<{ deleted: boolean }> {
    const { text } = await this.t.text(
      {
        method: 'DELETE',
        path: '/api/v1/{tenant}/namespaces/{namespace}/kv/{key}',
        params: { namespace: checkNamespace(namespace), key: checkKvKey(key) },
        idempotent: true,
        signal,
        what: `deleting KV key ${key}`,
      },
      1024,
    );
    return { deleted: text.trim() !== 'false' };
  }

  async deleteMany(namespace: string, keys: string[], signal?: AbortSignal): Promise<{ deleted: string[] }> {
    if (!Array.isArray(keys) || keys.length === 0) throw new KestraError('validation', 'Select at least one key.');
    const clean = keys.map(checkKvKey);
    const raw = await this.t.json<{ keys?: unknown }>({
      method: 'DELETE',
      path: '/api/v1/{tenant}/namespaces/{namespace}/kv',
      params: { namespace: checkNamespace(namespace) },
      body: { data: JSON.stringify({ keys: clean }), contentType: 'application/json' },
      idempotent: true,
      signal,
      what: `deleting ${clean.length} KV key(s)`,
    });
    return { deleted: Array.isArray(raw?.keys) ? raw.keys.map(String) : [] };
  }
}
