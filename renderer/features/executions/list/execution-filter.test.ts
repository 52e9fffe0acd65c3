import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SORT,
  emptyFilter,
  filterKey,
  isEmptyFilter,
  pagesForRows,
  parseLabel,
  parseSavedFilters,
  toSearchParams,
  validateFilter,
} from './execution-filter';

describe('execution filter', () => {
  it('turns a filter into executions.search params, trimming and skipping blanks', () => {
    const filter = {
      ...emptyFilter(' company.team '),
      states: ['FAILED' as const, 'KILLED' as const],
      timeRange: 'PT24H',
      labels: [{ key: 'env', value: 'prod' }],
      q: '  ',
    };
    expect(toSearchParams(filter, DEFAULT_SORT, 3, 100)).toEqual({
      page: 3,
      size: 100,
      sort: ['state.startDate:desc'],
      namespace: 'company.team',
      states: ['FAILED', 'KILLED'],
      timeRange: 'PT24H',
      labels: [{ key: 'env', value: 'prod' }],
    });
  });

  it('uses absolute dates only without a relative range', () => {
    const filter = { ...emptyFilter(), startDate: '2025-01-01T00:00:00Z', endDate: '2025-01-02T00:00:00Z' };
    expect(toSearchParams(filter, { field: 'state.duration', direction: 'asc' }, 1, 50)).toMatchObject({
      startDate: '2025-01-01T00:00:00.000Z',
      endDate: '2025-01-02T00:00:00.000Z',
      sort: ['state.duration:asc'],
    });
    expect(toSearchParams({ ...filter, timeRange: 'PT1H' }, DEFAULT_SORT, 1, 50).startDate).toBeUndefined();
  });

  it('rejects inverted or invalid dates before any request', () => {
    expect(validateFilter({ ...emptyFilter(), startDate: '2025-02-01', endDate: '2025-01-01' })).toEqual(['The start date must be before the end date.']);
    expect(validateFilter({ ...emptyFilter(), startDate: 'yesterday' })).toEqual(['The start date is not a valid date.']);
    expect(validateFilter(emptyFilter())).toEqual([]);
  });

  it('makes the same key whatever the order of states and labels', () => {
    const a = {
      ...emptyFilter(),
      states: ['FAILED' as const, 'SUCCESS' as const],
      labels: [
        { key: 'a', value: '1' },
        { key: 'b', value: '2' },
      ],
    };
    const b = {
      ...emptyFilter(),
      states: ['SUCCESS' as const, 'FAILED' as const],
      labels: [
        { key: 'b', value: '2' },
        { key: 'a', value: '1' },
      ],
    };
    expect(filterKey(a, DEFAULT_SORT)).toBe(filterKey(b, DEFAULT_SORT));
    expect(filterKey(a, DEFAULT_SORT)).not.toBe(filterKey(a, { field: 'id', direction: 'asc' }));
    expect(isEmptyFilter(emptyFilter())).toBe(true);
    expect(isEmptyFilter(a)).toBe(false);
  });

  it('parses key:value labels', () => {
    expect(parseLabel(' env : prod ')).toEqual({ ok: true, label: { key: 'env', value: 'prod' } });
    expect(parseLabel('url:https://x')).toEqual({ ok: true, label: { key: 'url', value: 'https://x' } });
    expect(parseLabel('novalue:').ok).toBe(false);
    expect(parseLabel(':x').ok).toBe(false);
    expect(parseLabel('plain').ok).toBe(false);
  });

  it('maps visible rows to 1-based pages', () => {
    expect(pagesForRows(0, 99, 100)).toEqual([1]);
    expect(pagesForRows(95, 205, 100)).toEqual([1, 2, 3]);
    expect(pagesForRows(5, 4, 100)).toEqual([]);
  });

  it('reads saved filters defensively', () => {
    expect(parseSavedFilters(null)).toEqual([]);
    expect(parseSavedFilters('not json')).toEqual([]);
    expect(parseSavedFilters('{"a":1}')).toEqual([]);
    const saved = parseSavedFilters(
      JSON.stringify([
        {
          name: 'Prod failures',
          filter: { namespace: 'prod', states: ['FAILED', 'NOPE'], labels: [{ key: 'a', value: 'b' }, 3] },
          sort: { field: 'id', direction: 'sideways' },
        },
        { name: 42 },
      ]),
    );
    expect(saved).toEqual([
      { name: 'Prod failures', filter: { ...emptyFilter('prod'), states: ['FAILED'], labels: [{ key: 'a', value: 'b' }] }, sort: DEFAULT_SORT },
    ]);
  });
});
