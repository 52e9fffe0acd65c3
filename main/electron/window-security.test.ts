import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppUrl, isSafeExternalUrl, SECURE_WEB_PREFERENCES } from './window-security';

describe('window security policy', () => {
  it('keeps the renderer isolated and sandboxed, and main.ts spells out every flag of the policy', () => {
    expect(SECURE_WEB_PREFERENCES).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    // main.ts writes the flags out literally (for Electronegativity): each must match the policy.
    const main = readFileSync(path.join(import.meta.dirname, 'main.ts'), 'utf8');
    const block = /webPreferences: \{([\s\S]*?)\n {4}\}/.exec(main)?.[1] ?? '';
    for (const [flag, value] of Object.entries(SECURE_WEB_PREFERENCES)) {
      expect(block, flag).toMatch(new RegExp(`\\b${flag}: ${typeof value === 'string' ? `'${value}'` : String(value)},`));
    }
  });

  it('recognises only our own app origin, by parsing', () => {
    expect(isAppUrl('app://console/index.html')).toBe(true);
    expect(isAppUrl('app://console.attacker.example/index.html')).toBe(false);
    expect(isAppUrl('https://console/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('opens only https links externally', () => {
    expect(isSafeExternalUrl('https://kestra.io/docs')).toBe(true);
    expect(isSafeExternalUrl('http://kestra.io')).toBe(false);
    expect(isSafeExternalUrl('file:///bin/sh')).toBe(false);
    expect(isSafeExternalUrl('smb://host/share')).toBe(false);
    expect(isSafeExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isSafeExternalUrl('https://user:pw@kestra.io')).toBe(false);
  });
});
