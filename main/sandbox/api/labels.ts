// `key:value` query lists (execution labels, legacy label filters), with Kestra's messages.
import { KestraHttpError } from '../http/http-error';
import type { Label } from '../engine/model';

/** RequestUtils.toMap: `k:v` items, trimmed; malformed items → 422. */
export function parseLabelParams(values: string[]): Label[] {
  const labels: Label[] = [];
  for (const item of values) {
    const index = item.indexOf(':');
    if (index <= 0) throw new KestraHttpError(422, "Unprocessable Entity: Can't split the queryString parameter by ':'");
    const key = item.slice(0, index).trim();
    const value = item.slice(index + 1).trim();
    if (key === '' || value === '') throw new KestraHttpError(422, "Unprocessable Entity: Can't have an empty part of queryString");
    if (/\s/.test(key)) throw new KestraHttpError(422, "Unprocessable Entity: Key of queryString can't contain a whitespace character");
    if (labels.some((l) => l.key === key)) throw new KestraHttpError(422, `Unprocessable Entity: The queryString parameter keys contains duplicities: Duplicate key ${key}`);
    labels.push({ key, value });
  }
  return labels;
}
