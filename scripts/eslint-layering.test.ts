import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { METHOD_NAMES } from '../main/contract/channels';
import { METHOD_POLICY } from '../main/contract/method-policy';
import { readMethodAccess } from './eslint-layering.mjs';

const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, '..') });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.resolve(import.meta.dirname, '..', filePath) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('layering lint rules', () => {
  it('lets the renderer import contract types only', async () => {
    expect(await ruleIds("import type { ServerView } from '../../main/contract/servers';\nexport type X = ServerView;\n", 'renderer/lib/x.ts')).toEqual([]);
    expect(await ruleIds("import { METHOD_NAMES } from '../../main/contract/channels';\nexport const x = METHOD_NAMES;\n", 'renderer/lib/x.ts')).toContain(
      '@typescript-eslint/no-restricted-imports',
    );
    expect(await ruleIds("import type { HandlerTable } from '../../main/ipc/handler-table';\nexport type X = HandlerTable;\n", 'renderer/lib/x.ts')).toContain(
      '@typescript-eslint/no-restricted-imports',
    );
  });

  it('keeps renderer features from importing each other', async () => {
    expect(await ruleIds("import { a } from '../kv/a';\nexport const b = a;\n", 'renderer/features/flows/b.ts')).toContain('layering/no-cross-feature-imports');
    expect(await ruleIds("import { a } from './a';\nexport const b = a;\n", 'renderer/features/flows/b.ts')).toEqual([]);
    expect(await ruleIds("import { a } from '../../lib/a';\nexport const b = a;\n", 'renderer/features/flows/b.ts')).toEqual([]);
  });

  it('lets only main/kestra build Kestra URLs', async () => {
    const code = 'export const u = `/api/v1/main/flows/${1}`;\n';
    expect(await ruleIds(code, 'renderer/lib/u.ts')).toContain('layering/no-kestra-urls');
    expect(await ruleIds(code, 'main/servers/u.ts')).toContain('layering/no-kestra-urls');
    expect(await ruleIds(code, 'main/kestra/u.ts')).toEqual([]);
  });

  it('keeps writes in the actions modules: a component sending a write, uploading or reaching the bridge fails', async () => {
    const importCall = "import { call } from '../../lib/call';\n";
    const write = `${importCall}export const put = () => call('kv.put', { serverId: 's', namespace: 'n', key: 'k', type: 'STRING', value: 'v' });\n`;
    expect(await ruleIds(write, 'renderer/features/kv/kv-pane.tsx')).toEqual(['layering/writes-in-actions']);
    expect(await ruleIds(write.replace('kv.put', 'flows.delete'), 'renderer/features/flows/flow-list.tsx')).toEqual(['layering/writes-in-actions']);
    // The same call in the feature's actions module, or in an actions/ folder, is the write path.
    expect(await ruleIds(write, 'renderer/features/kv/kv-actions.ts')).toEqual([]);
    expect(await ruleIds(write.replace('../../lib/call', '../../../lib/call'), 'renderer/features/flows/actions/flow-mutations.ts')).toEqual([]);
    expect(await ruleIds(write.replace('../../lib/call', '../../../lib/call'), 'renderer/features/flows/editor/flow-toolbar.tsx')).toEqual(['layering/writes-in-actions']);
    // Reads stay where the component needs them.
    expect(await ruleIds(`${importCall}export const list = () => call('kv.list', { serverId: 's', namespace: 'n' });\n`, 'renderer/features/kv/kv-pane.tsx')).toEqual([]);
    expect(await ruleIds("import { call } from '../lib/call';\nexport const any = (m: 'kv.put') => call(m, {} as never);\n", 'renderer/app/x.ts')).toEqual(['layering/writes-in-actions']);
    expect(await ruleIds("import { uploadFile } from '../../lib/call';\nexport const up = (f: File) => uploadFile({ serverId: 's', namespace: 'n', path: '/a' }, f);\n", 'renderer/features/files/files-pane.tsx')).toEqual([
      'layering/writes-in-actions',
    ]);
    expect(await ruleIds("import { getBridge } from '../../lib/bridge';\nexport const b = getBridge;\n", 'renderer/features/files/files-pane.tsx')).toEqual(['layering/writes-in-actions']);
    expect(await ruleIds("export const k = () => window.kestra?.methods['kv.put'];\n", 'renderer/app/x.ts')).toEqual(['layering/writes-in-actions']);
    // renderer/lib is the bridge layer itself.
    expect(await ruleIds("import { getBridge } from './bridge';\nexport const b = getBridge;\n", 'renderer/lib/call-helpers.ts')).toEqual([]);
  });

  it('reads every method\'s access from the policy table main judges with', () => {
    const access = readMethodAccess(fs.readFileSync(path.resolve(import.meta.dirname, '..', 'main', 'contract', 'method-policy.ts'), 'utf8'));
    expect([...access.keys()].sort()).toEqual([...METHOD_NAMES].sort());
    for (const method of METHOD_NAMES) expect(access.get(method), method).toBe(METHOD_POLICY[method].access);
  });
});
