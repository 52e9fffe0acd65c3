import { chmodSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { CliCredentialsError, openWarning, readCliCredentials } from './cli-credentials';

describe('sandbox CLI credentials', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cli-creds-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses secrets on the command line, whatever else is given', () => {
    expect(() => readCliCredentials({ user: 'a', password: 'pw' }, {})).toThrow(CliCredentialsError);
    expect(() => readCliCredentials({ token: 't' }, { KESTRA_SANDBOX_TOKEN: 'x' })).toThrow(/visible to every user/);
  });

  it('reads basic auth or a token from the environment', () => {
    expect(readCliCredentials({}, { KESTRA_SANDBOX_USER: 'u@x', KESTRA_SANDBOX_PASSWORD: 'p' })).toEqual({ username: 'u@x', password: 'p' });
    expect(readCliCredentials({ user: 'cli@x' }, { KESTRA_SANDBOX_PASSWORD: 'p' })).toEqual({ username: 'cli@x', password: 'p' });
    expect(readCliCredentials({}, { KESTRA_SANDBOX_TOKEN: 'tok' })).toEqual({ bearerToken: 'tok' });
    expect(() => readCliCredentials({}, { KESTRA_SANDBOX_PASSWORD: 'p' })).toThrow(/needs a username/);
    expect(() => readCliCredentials({ user: 'u' }, {})).toThrow(/needs a password/);
    expect(readCliCredentials({}, {})).toBeUndefined();
  });

  it('reads a credentials file only when other users cannot', () => {
    const file = path.join(dir, 'creds.json');
    writeFileSync(file, JSON.stringify({ username: 'f@x', password: 'fp' }));
    chmodSync(file, 0o644);
    expect(() => readCliCredentials({ credentialsFile: file }, {})).toThrow(/chmod 600/);
    chmodSync(file, 0o600);
    expect(readCliCredentials({ credentialsFile: file }, { KESTRA_SANDBOX_TOKEN: 'ignored' })).toEqual({ username: 'f@x', password: 'fp' });
    writeFileSync(file, JSON.stringify({ token: 'ft' }));
    expect(readCliCredentials({ credentialsFile: file }, {})).toEqual({ bearerToken: 'ft' });
    writeFileSync(file, 'not json');
    expect(() => readCliCredentials({ credentialsFile: file }, {})).toThrow(/not JSON/);
    expect(() => readCliCredentials({ credentialsFile: path.join(dir, 'missing.json') }, {})).toThrow(/cannot be read/);
  });

  it('warns in words that say what an open sandbox allows', () => {
    expect(openWarning('http://127.0.0.1:8080', true)).toMatch(/no authentication.*run shell commands as you/);
    expect(openWarning('http://0.0.0.0:8080', false)).toMatch(/anyone who can reach it on the network/);
  });
});
