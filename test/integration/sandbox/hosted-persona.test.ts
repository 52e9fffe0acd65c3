// A host that starts the sandbox itself (web mode's Local sandbox, `npm run web`) picks the persona
// through KESTRA_SANDBOX_VERSION: `KESTRA_SANDBOX_VERSION=2.0 npm run web` gives e2e a 2.0 Local sandbox.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { launchSandboxInChildProcess } from '../../../main/app/sandbox-child';
import { makeTempDir } from '../../fixtures/temp-dir';
import { request } from './helpers';

describe('KESTRA_SANDBOX_VERSION', () => {
  const saved = process.env.KESTRA_SANDBOX_VERSION;
  afterEach(() => {
    if (saved === undefined) delete process.env.KESTRA_SANDBOX_VERSION;
    else process.env.KESTRA_SANDBOX_VERSION = saved;
  });

  it('makes web mode\'s Local sandbox child answer as that version', async () => {
    process.env.KESTRA_SANDBOX_VERSION = '0.24';
    const data = makeTempDir('hosted-persona');
    const accessToken = randomBytes(32).toString('base64url');
    const sandbox = await launchSandboxInChildProcess({ dataDir: data.path, accessToken });
    const headers = { Authorization: `Bearer ${accessToken}` };
    try {
      expect((await request(`${sandbox.url}/api/v1/configs`, { headers })).json().version).toBe('0.24.0');
      // 0.24 has no KV search: the route answers 404 as Kestra 0.24 does.
      expect((await request(`${sandbox.url}/api/v1/main/kv`, { headers })).status).toBe(404);
    } finally {
      await sandbox.close();
      data.remove();
    }
  });
});
