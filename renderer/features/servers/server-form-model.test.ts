import { describe, expect, it } from 'vitest';
import type { ServerView } from '../../../main/contract/servers';
import { emptyServerForm, formFromServer, toServerInput, validateServerForm, withEnvironmentDefaults } from './server-form-model';

const valid = { ...emptyServerForm(), name: 'Prod', url: 'https://kestra.example.com/' };

describe('server form', () => {
  it('accepts a valid form and normalises the URL', () => {
    expect(validateServerForm(valid)).toEqual({});
    expect(toServerInput(valid).url).toBe('https://kestra.example.com');
  });

  it('rejects bad addresses with a reason', () => {
    expect(validateServerForm({ ...valid, url: 'ftp://x' }).url).toMatch(/http/);
    expect(validateServerForm({ ...valid, url: 'https://user:pw@x.com' }).url).toMatch(/credentials/);
    expect(validateServerForm({ ...valid, url: 'https://x.com/ui/' }).url).toMatch(/ui/);
    expect(validateServerForm({ ...valid, url: ['https://x.com', 'api', 'v1', 'main'].join('/') }).url).toMatch(/API/);
    expect(validateServerForm({ ...valid, url: 'nope' }).url).toMatch(/valid/);
  });

  it('checks names, secrets, tenants, TLS and timeouts', () => {
    expect(validateServerForm({ ...valid, name: ' ' }).name).toBeDefined();
    expect(validateServerForm(valid, { otherNames: ['prod'] }).name).toMatch(/already/);
    expect(validateServerForm({ ...valid, authKind: 'basic' }).username).toBeDefined();
    expect(validateServerForm({ ...valid, authKind: 'bearer' }, { needsSecret: true }).secret).toBe('Enter the token.');
    expect(validateServerForm({ ...valid, tenant: 'a b' }).tenant).toBeDefined();
    expect(validateServerForm({ ...valid, pinnedSha256: 'abc' }).pinnedSha256).toBeDefined();
    expect(validateServerForm({ ...valid, pinnedSha256: 'AB:'.repeat(31) + 'AB' }).pinnedSha256).toBeUndefined();
    expect(validateServerForm({ ...valid, caCertificate: 'hello' }).caCertificate).toBeDefined();
    expect(validateServerForm({ ...valid, connectMs: '10' }).connectMs).toBeDefined();
    expect(validateServerForm({ ...valid, environment: 'custom' }).environmentLabel).toBeDefined();
  });

  it('does not check the address of the built-in sandbox', () => {
    expect(validateServerForm({ ...valid, url: '' }, { builtIn: true })).toEqual({});
  });

  it('turns typed confirmation on when a server becomes production', () => {
    expect(withEnvironmentDefaults(valid, 'production').confirmDestructive).toBe(true);
    expect(withEnvironmentDefaults({ ...valid, environment: 'production', confirmDestructive: false }, 'production').confirmDestructive).toBe(false);
  });

  it('round-trips a saved profile without inventing a username for other auth kinds', () => {
    const server: ServerView = {
      id: 's',
      name: 'S',
      url: 'http://x',
      authKind: 'bearer',
      username: 'ignored',
      color: '#123456',
      environment: 'staging',
      policy: { confirmDestructive: true, readOnly: false },
      tls: {},
      timeouts: { connectMs: 5000, requestMs: 20000 },
      builtIn: false,
      hasCredentials: true,
    };
    const input = toServerInput(formFromServer(server));
    expect(input).toMatchObject({ name: 'S', url: 'http://x', authKind: 'bearer', username: undefined, policy: server.policy, timeouts: server.timeouts });
    expect(JSON.stringify(input)).not.toMatch(/secret|password|token/i);
  });
});
