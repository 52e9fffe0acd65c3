import { describe, expect, it } from 'vitest';
import { RouteTable, splitPath } from './router';
import { parseFilters } from './query-filters';

describe('RouteTable', () => {
  const table = new RouteTable();
  const handler = () => undefined;
  table.add(
    { method: 'GET', path: 'flows/search', handler },
    { method: 'GET', path: 'flows/{namespace}', handler },
    { method: 'GET', path: 'flows/{namespace}/{id}', handler },
    { method: 'POST', path: 'executions/{namespace}/{id}', handler },
    { method: 'POST', path: 'executions/{executionId}/restart', handler },
    { method: 'POST', path: 'executions/restart/by-ids', handler },
  );

  it('prefers literal segments, as Micronaut does', () => {
    const search = table.match('GET', ['flows', 'search']);
    expect(search.kind === 'match' && search.match.route.path).toBe('flows/search');
    const restart = table.match('POST', ['executions', 'abc', 'restart']);
    expect(restart.kind === 'match' && restart.match.route.path).toBe('executions/{executionId}/restart');
    const bulk = table.match('POST', ['executions', 'restart', 'by-ids']);
    expect(bulk.kind === 'match' && bulk.match.route.path).toBe('executions/restart/by-ids');
    const trigger = table.match('POST', ['executions', 'company.team', 'hello']);
    expect(trigger.kind === 'match' && trigger.match.params).toEqual({ namespace: 'company.team', id: 'hello' });
  });

  it('tells a wrong method from an unknown path', () => {
    expect(table.match('DELETE', ['flows', 'search'])).toEqual({ kind: 'method-not-allowed', allowed: ['GET'] });
    expect(table.match('GET', ['nothing'])).toEqual({ kind: 'none' });
  });

  it('decodes path segments and rejects malformed escapes', () => {
    expect(splitPath('/api/v1/main/flows/a%20b/c%2Fd')).toEqual(['api', 'v1', 'main', 'flows', 'a b', 'c/d']);
    expect(() => splitPath('/api/%E0%A4%A')).toThrow('Malformed path segment');
  });
});

describe('filters[...] parsing', () => {
  it('reads fields, operations and label keys', () => {
    const query = new URLSearchParams('filters[namespace][PREFIX]=company&filters[labels][EQUALS][env]=prod&filters[state][in]=FAILED,KILLED');
    expect(parseFilters(query, 'EXECUTION')).toEqual([
      { field: 'namespace', op: 'PREFIX', value: 'company' },
      { field: 'labels', op: 'EQUALS', value: 'prod', labelKey: 'env' },
      { field: 'state', op: 'IN', value: 'FAILED,KILLED' },
    ]);
  });

  it('rejects unsupported fields and operations with Kestra\'s messages', () => {
    expect(() => parseFilters(new URLSearchParams('filters[namespace][GREATER_THAN]=x'), 'FLOW')).toThrow(
      'Operation GREATER_THAN is not supported for field NAMESPACE. Supported operations are EQUALS, NOT_EQUALS, CONTAINS, STARTS_WITH, ENDS_WITH, REGEX, IN, NOT_IN, PREFIX',
    );
    expect(() => parseFilters(new URLSearchParams('filters[level][EQUALS]=INFO'), 'KV_METADATA')).toThrow('Field MIN_LEVEL is not supported for resource KV_METADATA');
  });
});
