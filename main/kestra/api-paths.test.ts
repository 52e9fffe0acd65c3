import { describe, expect, it } from 'vitest';
import { apiUrl, expandPath, withoutApiSuffix } from './api-paths';

describe('API paths', () => {
  const tenant = { baseUrl: 'https://kestra.example/prefix', paths: 'tenant' as const, tenant: 'main' };
  const legacy = { ...tenant, paths: 'legacy' as const, tenant: '' };

  it('spells the tenant per API form and encodes every segment', () => {
    expect(expandPath('/api/v1/{tenant}/flows/{namespace}/{id}', tenant, { namespace: 'a.b', id: 'x y/z' })).toBe('/api/v1/main/flows/a.b/x%20y%2Fz');
    expect(expandPath('/api/v1/{tenant}/flows/{namespace}/{id}', legacy, { namespace: 'a.b', id: 'x' })).toBe('/api/v1/flows/a.b/x');
    expect(expandPath('/api/v1/configs', legacy)).toBe('/api/v1/configs');
    expect(() => expandPath('/api/v1/{tenant}/flows/{namespace}/{id}', tenant, { namespace: '..', id: 'x' })).toThrow(/Invalid namespace/);
    expect(() => expandPath('/api/v1/{tenant}/flows/{namespace}/{id}', tenant, { namespace: 'a' })).toThrow(/Missing path parameter id/);
  });

  it('keeps a base path prefix and never leaves the origin', () => {
    const url = apiUrl(tenant, '/api/v1/{tenant}/flows/search', {}, { q: 'a&b', labels: ['k:v', 'x:y'], page: 1, skip: undefined });
    expect(url.href).toBe('https://kestra.example/prefix/api/v1/main/flows/search?q=a%26b&labels=k%3Av&labels=x%3Ay&page=1');
    const hostile = apiUrl(tenant, '/api/v1/{tenant}/flows/{namespace}/{id}', { namespace: '//evil.example', id: '@evil' });
    expect(hostile.origin).toBe('https://kestra.example');
  });

  it('reads a base URL pasted with the API prefix as the server root', () => {
    expect(withoutApiSuffix('/kestra/api/v1/')).toBe('/kestra');
  });
});
