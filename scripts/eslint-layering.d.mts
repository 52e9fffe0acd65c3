// Types for the local ESLint plugin (scripts/eslint-layering.mjs), for its tests.
import type { ESLint } from 'eslint';

/** Each contract method's access, parsed from main/contract/method-policy.ts. */
export function readMethodAccess(source: string): Map<string, string>;

declare const plugin: ESLint.Plugin;
export default plugin;
