// Local ESLint rules that keep the layers apart (see README "Layout").
import fs from 'node:fs';
import path from 'node:path';

const FEATURES_DIR = `${path.sep}renderer${path.sep}features${path.sep}`;

function featureOf(file) {
  const index = file.indexOf(FEATURES_DIR);
  if (index < 0) return undefined;
  return file.slice(index + FEATURES_DIR.length).split(path.sep)[0];
}

/** renderer/features/<a> never imports renderer/features/<b>. */
const noCrossFeatureImports = {
  meta: { type: 'problem', messages: { cross: "Feature '{{from}}' must not import feature '{{to}}'; move shared code to renderer/components or renderer/lib." } },
  create(context) {
    const file = context.filename;
    const own = featureOf(file);
    if (!own) return {};
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = featureOf(path.resolve(path.dirname(file), source) + path.sep);
      if (target && target !== own) context.report({ node, messageId: 'cross', data: { from: own, to: target } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

const KESTRA_PATH = /\/api\/v1(\/|$|\b)/;

/** Only main/kestra (the client) builds Kestra URLs. */
const noKestraUrls = {
  meta: { type: 'problem', messages: { url: 'Kestra API paths are built only in main/kestra; call the client instead.' } },
  create(context) {
    const report = (node, text) => {
      if (KESTRA_PATH.test(text)) context.report({ node, messageId: 'url' });
    };
    return {
      Literal(node) {
        if (typeof node.value === 'string') report(node, node.value);
      },
      TemplateElement(node) {
        report(node, node.value.raw);
      },
    };
  },
};

const SHARED_DIR = `${path.sep}shared${path.sep}`;

/**
 * shared/ holds pure modules that main and the renderer both run: they import only each other (no
 * packages, no Node or DOM modules, nothing from main/ or renderer/), so the renderer can take them
 * as values without reaching into main.
 */
const pureShared = {
  meta: { type: 'problem', messages: { impure: "shared/ modules import only other shared/ modules ('{{source}}' is outside shared/)." } },
  create(context) {
    const file = context.filename;
    const index = file.lastIndexOf(SHARED_DIR);
    if (index < 0) return {};
    const sharedRoot = file.slice(0, index + SHARED_DIR.length);
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string') return;
      // Tests may use their runner.
      if (source === 'vitest' && /\.test\.tsx?$/.test(file)) return;
      const inside = source.startsWith('.') && (path.resolve(path.dirname(file), source) + path.sep).startsWith(sharedRoot);
      if (!inside) context.report({ node, messageId: 'impure', data: { source } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

/**
 * Each contract method's access ('read' | 'write' | 'destructive'), read from the one table main
 * judges calls with (main/contract/method-policy.ts). Parsed, not imported: the table is TypeScript.
 */
export function readMethodAccess(source) {
  const aliases = new Map();
  for (const match of source.matchAll(/^const (\w+) = \{ access: '(\w+)'/gm)) aliases.set(match[1], match[2]);
  const start = source.indexOf('export const METHOD_POLICY = {');
  if (start < 0) throw new Error('METHOD_POLICY not found in main/contract/method-policy.ts');
  const table = source.slice(start, source.indexOf('} as const', start));
  const access = new Map();
  for (const match of table.matchAll(/'([\w.]+)':\s*(?:\{\s*access:\s*'(\w+)'|(\w+))/g)) {
    const value = match[2] ?? aliases.get(match[3]);
    if (!value) throw new Error(`Unknown policy '${match[3]}' for ${match[1]} in main/contract/method-policy.ts`);
    access.set(match[1], value);
  }
  return access;
}

let methodAccess;
function accessOf(method, root) {
  methodAccess ??= readMethodAccess(fs.readFileSync(path.join(root, 'main', 'contract', 'method-policy.ts'), 'utf8'));
  return methodAccess.get(method);
}

const RENDERER_DIR = `${path.sep}renderer${path.sep}`;
const RENDERER_LIB_DIR = `${RENDERER_DIR}lib${path.sep}`;

/** A feature's actions module: `<x>-actions.ts(x)`, or anything in an `actions/` folder. */
function isActionsModule(file) {
  return /-actions\.tsx?$/.test(path.basename(file)) || file.split(path.sep).includes('actions');
}

/** Functions of lib/call.ts that send a write whatever their arguments. */
const WRITE_HELPERS = new Set(['uploadFile', 'stageLocalFile']);

/**
 * In the renderer, a write reaches main only from a feature's actions module, where it is a
 * mutation with its invalidations: a component that sends a write method (per main's policy table),
 * uploads or stages a file itself, or reaches the bridge around lib/call.ts, fails lint.
 */
const writesInActions = {
  meta: {
    type: 'problem',
    messages: {
      write: "'{{method}}' is a {{access}} call: send it from this feature's actions module (<feature>-actions.ts or actions/), as a mutation with its invalidations.",
      helper: '{{name}}() sends a file to main for a write: call it from this feature\'s actions module.',
      dynamic: 'call() with a computed method name cannot be checked: name the method, or move the call to an actions module.',
      bridge: 'Reach main through renderer/lib/call.ts (reads) and the feature\'s actions module (writes), not the bridge itself.',
    },
  },
  create(context) {
    const file = context.filename;
    const index = file.lastIndexOf(RENDERER_DIR);
    if (index < 0 || file.includes(RENDERER_LIB_DIR) || isActionsModule(file) || /\.test\.tsx?$/.test(file)) return {};
    const root = file.slice(0, index);
    /** Local names of lib/call.ts's `call` and write helpers. */
    const callNames = new Set();
    const helperNames = new Map();
    return {
      ImportDeclaration(node) {
        const source = node.source.value;
        if (typeof source !== 'string' || node.importKind === 'type') return;
        const target = path.resolve(path.dirname(file), source);
        if (target === path.join(root, 'renderer', 'lib', 'bridge')) {
          if (node.specifiers.some((specifier) => specifier.importKind !== 'type')) context.report({ node, messageId: 'bridge' });
          return;
        }
        if (target !== path.join(root, 'renderer', 'lib', 'call')) return;
        for (const specifier of node.specifiers) {
          if (specifier.type !== 'ImportSpecifier' || specifier.importKind === 'type') continue;
          const imported = specifier.imported.name ?? specifier.imported.value;
          if (imported === 'call') callNames.add(specifier.local.name);
          if (WRITE_HELPERS.has(imported)) helperNames.set(specifier.local.name, imported);
        }
      },
      CallExpression(node) {
        if (node.callee.type !== 'Identifier') return;
        const name = node.callee.name;
        if (helperNames.has(name)) {
          context.report({ node, messageId: 'helper', data: { name: helperNames.get(name) } });
          return;
        }
        if (!callNames.has(name)) return;
        const [method] = node.arguments;
        if (!method || method.type !== 'Literal' || typeof method.value !== 'string') {
          context.report({ node, messageId: 'dynamic' });
          return;
        }
        const access = accessOf(method.value, root);
        if (access && access !== 'read') context.report({ node: method, messageId: 'write', data: { method: method.value, access } });
      },
      MemberExpression(node) {
        if (node.object.type === 'Identifier' && node.object.name === 'window' && node.property.type === 'Identifier' && node.property.name === 'kestra') {
          context.report({ node, messageId: 'bridge' });
        }
      },
    };
  },
};

export default {
  rules: { 'no-cross-feature-imports': noCrossFeatureImports, 'no-kestra-urls': noKestraUrls, 'pure-shared': pureShared, 'writes-in-actions': writesInActions },
};
