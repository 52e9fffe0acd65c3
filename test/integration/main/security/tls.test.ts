// TLS: a self-signed server is refused; accepted with its CA or its pinned fingerprint; refused
// again when its certificate changes. Test connection shows the fingerprint and never sends
// credentials to a server it does not trust.
import type { Server as HttpsServer } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerInput } from '../../../../main/contract/methods';
import { startTestCore, type TestCore } from '../../../fixtures/console-core';
import { json, startScriptedServer, type ScriptedServer } from '../../../fixtures/scripted-server';
import { makeTestCertificates, type TestCertificates } from '../../../fixtures/tls-certificates';

const SECRET = `Tls-Canary-${Math.random().toString(36).slice(2)}`;

describe('per-server TLS trust', () => {
  let t: TestCore;
  let certs: TestCertificates;
  let selfSigned: ScriptedServer;
  let caSigned: ScriptedServer;

  const input = (url: string, tls: ServerInput['tls'], name: string): ServerInput => ({
    name,
    url,
    authKind: 'bearer',
    color: '#0055aa',
    environment: 'staging',
    policy: { confirmDestructive: false, readOnly: false },
    tls,
  });

  beforeAll(async () => {
    certs = makeTestCertificates();
    t = await startTestCore({ withSandbox: false });
    selfSigned = await startScriptedServer({ tls: certs.selfSigned });
    caSigned = await startScriptedServer({ tls: certs.signed, host: 'localhost' });
    for (const server of [selfSigned, caSigned]) server.on('/api/v1/main/flows/search', (_req, res) => json(res, 200, { results: [], total: 0 }));
  });
  afterAll(async () => {
    await selfSigned?.close();
    await caSigned?.close();
    await t?.stop();
    certs?.remove();
  });

  it('refuses a self-signed server without trust settings, and Test connection offers its fingerprint', async () => {
    const { id } = await t.call('servers.create', { input: input(selfSigned.url, {}, 'Untrusted'), secret: SECRET });
    const error = await t.fail('flows.search', { serverId: id });
    expect(error.kind).toBe('tls');
    expect(error.message).toMatch(/self-signed/);
    const report = await t.call('servers.testConnection', { serverId: id });
    expect(report.certificateSha256).toBe(certs.selfSigned.fingerprint256);
    expect(report.checks.find((c) => c.id === 'tls')).toMatchObject({ status: 'fail' });
    expect(report.checks.find((c) => c.id === 'credentials')).toMatchObject({ status: 'skip' });
    // Nothing carrying the token ever reached the untrusted server.
    expect(selfSigned.requests.filter((r) => r.headers.authorization)).toEqual([]);
    const health = await t.call('servers.health', { serverId: id });
    expect(health.status).toBe('tls-failed');
  });

  it('accepts the pinned certificate, and refuses again once the certificate changes', async () => {
    const { id } = await t.call('servers.create', { input: input(selfSigned.url, { pinnedSha256: certs.selfSigned.fingerprint256.replace(/:/g, '').toLowerCase() }, 'Pinned'), secret: SECRET });
    expect(await t.call('flows.search', { serverId: id })).toEqual({ results: [], total: 0 });
    expect(selfSigned.requests.at(-1)!.headers.authorization).toBe(`Bearer ${SECRET}`);
    const pass = await t.call('servers.testConnection', { serverId: id });
    expect(pass.checks.find((c) => c.id === 'tls')).toMatchObject({ status: 'pass' });

    const before = selfSigned.requests.length;
    (selfSigned.server as HttpsServer).setSecureContext({ key: certs.otherSelfSigned.key, cert: certs.otherSelfSigned.cert });
    // Open keep-alive connections still carry the old session; a new one must be refused.
    selfSigned.server.closeAllConnections();
    const error = await t.fail('flows.search', { serverId: id });
    expect(error.kind).toBe('tls');
    expect(error.message).toMatch(/pinned fingerprint/);
    expect(selfSigned.requests.length).toBe(before);
    const report = await t.call('servers.testConnection', { serverId: id });
    expect(report.certificateSha256).toBe(certs.otherSelfSigned.fingerprint256);
    expect(report.checks.find((c) => c.id === 'tls')!.message).toMatch(/does not match the pinned/);
    (selfSigned.server as HttpsServer).setSecureContext({ key: certs.selfSigned.key, cert: certs.selfSigned.cert });
    selfSigned.server.closeAllConnections();
  });

  it('accepts a server signed by the configured CA, and refuses a certificate the CA did not sign', async () => {
    const refused = await t.call('servers.create', { input: input(caSigned.url, {}, 'No CA yet'), secret: SECRET });
    expect((await t.fail('flows.search', { serverId: refused.id })).kind).toBe('tls');
    const { id } = await t.call('servers.create', { input: input(caSigned.url, { caCertificate: certs.caCert }, 'With CA'), secret: SECRET });
    expect(await t.call('flows.search', { serverId: id })).toEqual({ results: [], total: 0 });
    const report = await t.call('servers.testConnection', { serverId: id });
    expect(report.checks.find((c) => c.id === 'tls')).toMatchObject({ status: 'pass' });

    (caSigned.server as HttpsServer).setSecureContext({ key: certs.otherSelfSigned.key, cert: certs.otherSelfSigned.cert });
    caSigned.server.closeAllConnections();
    expect((await t.fail('flows.search', { serverId: id })).kind).toBe('tls');
  });

  it('reports a plain http server reached over https as a TLS failure', async () => {
    const plain = await startScriptedServer();
    try {
      const { id } = await t.call('servers.create', { input: input(plain.url.replace('http:', 'https:'), {}, 'Wrong scheme'), secret: SECRET });
      const error = await t.fail('kestra.configs', { serverId: id });
      expect(error.kind).toBe('tls');
    } finally {
      await plain.close();
    }
  });
});
