// `page` (1-based), `size` and repeatable `sort=field:asc|desc`, as Kestra's PageableUtils reads them.
import { KestraHttpError } from './http-error';
import { queryInt, queryList, queryMin } from './request';

export interface SortOrder {
  field: string;
  direction: 'asc' | 'desc';
}

export interface PageRequest {
  page: number;
  size: number;
  sort: SortOrder[];
}

export interface PagedResults<T> {
  results: T[];
  total: number;
}

export function parsePaging(query: URLSearchParams, operation: string, defaultSize = 10): PageRequest {
  const page = queryInt(query, 'page') ?? 1;
  const size = queryInt(query, 'size') ?? defaultSize;
  queryMin('page', operation, page, 1);
  queryMin('size', operation, size, 1);
  const sort = queryList(query, 'sort').map((entry): SortOrder => {
    const parts = entry.split(':');
    if (parts.length !== 2) throw new KestraHttpError(422, 'Unprocessable Entity: Invalid sort parameter');
    // Kestra: anything other than exactly "asc" sorts descending.
    return { field: parts[0]!, direction: parts[1] === 'asc' ? 'asc' : 'desc' };
  });
  return { page, size, sort };
}

/** Maps API sort fields to SQL expressions; unknown fields are ignored (Kestra's repositories drop them). */
export function orderBy(sort: SortOrder[], columns: Record<string, string>, fallback: string): string {
  const parts = sort.filter((s) => columns[s.field] !== undefined).map((s) => `${columns[s.field]} ${s.direction === 'asc' ? 'ASC' : 'DESC'}`);
  return parts.length > 0 ? `${parts.join(', ')}, ${fallback}` : fallback;
}

export function limitOffset(page: PageRequest): { limit: number; offset: number } {
  return { limit: page.size, offset: (page.page - 1) * page.size };
}
