// Local ESLint rules that keep the layers apart (see README "Layout").
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

export default { rules: { 'no-cross-feature-imports': noCrossFeatureImports, 'no-kestra-urls': noKestraUrls, 'pure-shared': pureShared } };
