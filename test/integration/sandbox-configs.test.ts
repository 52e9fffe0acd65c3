import { describe, expect, it } from 'vitest';
import { useSandbox } from '../fixtures/sandbox';

describe('sandbox over real HTTP', () => {
  const sandbox = useSandbox();

  it('answers GET /api/v1/configs like an OSS 1.3 server', async () => {
    const response = await fetch(`${sandbox().url}/api/v1/configs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = (await response.json()) as { version: string; edition: string };
    expect(body.edition).toBe('OSS');
    expect(body.version).toMatch(/^1\.3\./);
  });
});
