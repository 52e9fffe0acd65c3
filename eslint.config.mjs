import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import layering from './scripts/eslint-layering.mjs';

export default tseslint.config(
  { ignores: ['out*/**', 'dist/**', 'node_modules/**', 'test-results/**', 'bench-results/**', 'main/contract/kestra-api.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { layering },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'layering/no-cross-feature-imports': 'error',
      'layering/no-kestra-urls': 'error',
      // Writes go through the feature's actions module (renderer/features/<x>/<x>-actions.ts).
      'layering/writes-in-actions': 'error',
      // The renderer reaches main only through main/contract, and only for types.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/**', '!**/main/contract', '!**/main/contract/**'],
              message: 'The renderer may import only from main/contract/.',
            },
            {
              group: ['**/main/contract', '**/main/contract/**'],
              allowTypeImports: true,
              message: 'Import from main/contract/ with `import type` only.',
            },
            { group: ['electron', 'node:*', 'fs', 'path', 'child_process'], message: 'The renderer is sandboxed: no Node or Electron modules.' },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: { 'layering/pure-shared': 'error' },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/kestra/**', 'main/sandbox/**', '**/*.test.ts'],
    rules: { 'layering/no-kestra-urls': 'error' },
  },
);
