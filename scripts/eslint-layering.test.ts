import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ESLint } from 'eslint';

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
});
