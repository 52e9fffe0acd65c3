import { describe, expect, it } from 'vitest';
import { FEATURE_IDS } from '../contract/capabilities';
import { deriveCapabilities, parseVersion } from './capabilities';

const oss = (version: string, extra: Partial<Parameters<typeof deriveCapabilities>[0]> = {}) => deriveCapabilities({ version, edition: 'OSS', ...extra });

describe('deriveCapabilities', () => {
  it('reads the version strings Kestra servers report', () => {
    expect(parseVersion('1.3.25')).toEqual({ major: 1, minor: 3, patch: 25 });
    expect(parseVersion('0.22.4-SNAPSHOT')).toEqual({ major: 0, minor: 22, patch: 4 });
    expect(parseVersion('v2.0')).toEqual({ major: 2, minor: 0, patch: 0 });
    expect(parseVersion('2.0.3-ee')).toEqual({ major: 2, minor: 0, patch: 3 });
    expect(parseVersion('develop')).toBeUndefined();
    expect(parseVersion(undefined)).toBeUndefined();
  });

  it('pre-0.23 open source: legacy paths, plain search parameters, none of the 1.x features', () => {
    const c = oss('0.22.6');
    expect(c.api).toMatchObject({ paths: 'legacy', search: 'params', executionActions: 'direct', kvList: 'namespace', taskRunOutputs: 'inline', sseStartFrame: false, errors: 'json-error', duplicateFlowStatus: 422 });
    expect(c.features['kv.inheritance']).toEqual({ available: false, since: '1.0', reason: 'Needs Kestra ≥ 1.0; this server runs 0.22.6.' });
    expect(c.features['files.revisions'].reason).toBe('Needs Kestra ≥ 1.2; this server runs 0.22.6.');
    expect(c.features['kv.search'].available).toBe(false);
    expect(c.warning).toBeUndefined();
    expect(c.basis).toBe('0.22');
  });

  it('0.23 and 0.24: tenant paths, but still the 0.x features and parameters', () => {
    const c = oss('0.24.3');
    expect(c.api.paths).toBe('tenant');
    expect(c.api.search).toBe('params');
    expect(c.features['kv.inheritance'].available).toBe(false);
    expect(c.features['files.revisions'].reason).toContain('this server runs 0.24.3');
  });

  it('opens each 1.x feature at the release that added it', () => {
    expect(oss('1.0.0').features['kv.inheritance'].available).toBe(true);
    expect(oss('1.0.0').features['kv.search'].available).toBe(false);
    expect(oss('1.1.4').features['kv.search'].available).toBe(true);
    expect(oss('1.1.4').features['files.revisions'].available).toBe(false);
    expect(oss('1.2.0').features['files.revisions'].available).toBe(true);
    const c = oss('1.3.25');
    expect(c.api).toMatchObject({ paths: 'tenant', search: 'filters', executionActions: 'direct', kvList: 'namespace', taskRunOutputs: 'inline', taskRunsInLists: true, sseStartFrame: true });
  });

  it('2.x: actions routes, outputs endpoints, KV list through search, problem details, 409 on duplicates', () => {
    const c = oss('2.0.3');
    expect(c.api).toMatchObject({ executionActions: 'actions', kvList: 'search', taskRunOutputs: 'endpoint', taskRunsInLists: false, logFilters: 'filters', namespaceSearch: 'filters', errors: 'problem', duplicateFlowStatus: 409 });
    for (const id of ['kv.inheritance', 'kv.search', 'files.revisions'] as const) expect(c.features[id].available).toBe(true);
    expect(c.warning).toBeUndefined();
  });

  it('gates edition features through the same table', () => {
    expect(oss('1.3.0').features['tenants.list']).toMatchObject({ available: false, edition: 'EE', reason: expect.stringMatching(/Enterprise/) });
    const ee = deriveCapabilities({ version: '1.3.0', edition: 'EE', tenant: 'acme' });
    expect(ee.edition).toBe('EE');
    expect(ee.features['tenants.list'].available).toBe(true);
    expect(ee.features['auth.apiTokens'].available).toBe(true);
    // Anything but "EE" is the open-source edition.
    expect(deriveCapabilities({ version: '1.3.0', edition: 'CLOUD?' }).edition).toBe('OSS');
  });

  it('an Enterprise tenant uses tenant paths even on an old version', () => {
    expect(deriveCapabilities({ version: '0.21.0', edition: 'EE', tenant: 'acme' }).api.paths).toBe('tenant');
    expect(deriveCapabilities({ version: '0.21.0', edition: 'EE' }).api.paths).toBe('legacy');
  });

  it('a future major uses the newest known behaviour and says so', () => {
    const c = oss('3.1.0');
    expect(c.basis).toBe('2.0');
    expect(c.api.executionActions).toBe('actions');
    expect(c.warning).toMatch(/Kestra 3\.1\.0 is newer than this console knows/);
    for (const id of FEATURE_IDS) if (id !== 'tenants.list' && id !== 'auth.apiTokens') expect(c.features[id].available).toBe(true);
  });

  it('an unreadable or missing version never refuses: newest known, or 0.22 when the probe saw legacy paths', () => {
    const odd = oss('develop-SNAPSHOT');
    expect(odd.basis).toBe('2.0');
    expect(odd.warning).toMatch(/cannot read/);
    const unknown = oss('unknown');
    expect(unknown.warning).toMatch(/did not report its Kestra version/);
    const legacy = oss('unknown', { probedPaths: 'legacy' });
    expect(legacy.basis).toBe('0.22');
    expect(legacy.api.paths).toBe('legacy');
    expect(legacy.features['kv.inheritance'].reason).toBe('Needs Kestra ≥ 1.0; this server runs an unknown version.');
  });

  it('every feature has a status', () => {
    for (const version of ['0.20.7', '0.24.0', '1.0.0', '1.3.25', '2.0.0', '9.9.9', 'x']) {
      const c = oss(version);
      expect(Object.keys(c.features).sort()).toEqual([...FEATURE_IDS].sort());
      for (const status of Object.values(c.features)) if (!status.available) expect(status.reason).toBeTruthy();
    }
  });
});
