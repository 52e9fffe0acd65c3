// Helpers the sandbox puts on a script's path, written for the sandbox (the real `kestra` pip
// package and `@kestra-io/libs` npm package are not used): `from kestra import Kestra` in Python and
// `require('@kestra-io/libs')` in Node send outputs, metrics and logs as the `::{…}::` lines the
// script runner reads. Also `python`/`pip` shims where only `python3`/`pip3` exist, so the commands
// Kestra's images accept (`python main.py`) work on the host.
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const PYTHON_HELPER = `"""Kestra script helper of the local sandbox: outputs, metrics and logs as ::{...}:: lines."""
import json
import logging
import sys
import time

__all__ = ["Kestra"]


def _send(message):
    sys.stdout.write("::" + json.dumps(message, default=str) + "::\\n")
    sys.stdout.flush()


class _KestraLogHandler(logging.Handler):
    _LEVELS = {"CRITICAL": "ERROR", "FATAL": "ERROR", "ERROR": "ERROR", "WARNING": "WARN", "WARN": "WARN", "INFO": "INFO", "DEBUG": "DEBUG", "NOTSET": "TRACE"}

    def emit(self, record):
        try:
            message = self.format(record)
        except Exception:  # noqa: BLE001 - a log line must never break the script
            message = str(record.msg)
        _send({"logs": [{"level": self._LEVELS.get(record.levelname, "INFO"), "message": message}]})


class Kestra:
    """Same calls as the kestra package: Kestra.outputs({...}), Kestra.counter(...), Kestra.timer(...), Kestra.logger()."""

    _logger = None

    @staticmethod
    def outputs(values):
        if not isinstance(values, dict):
            raise TypeError("Kestra.outputs expects a dict")
        _send({"outputs": values})

    @staticmethod
    def _metric(name, kind, value, tags=None):
        _send({"metrics": [{"name": name, "type": kind, "value": value, "tags": tags or {}}]})

    @staticmethod
    def counter(name, value, tags=None):
        Kestra._metric(name, "counter", value, tags)

    @staticmethod
    def timer(name, duration, tags=None):
        if callable(duration):
            start = time.perf_counter()
            duration()
            duration = time.perf_counter() - start
        Kestra._metric(name, "timer", duration, tags)

    @staticmethod
    def logger():
        if Kestra._logger is None:
            logger = logging.getLogger("kestra")
            logger.setLevel(logging.DEBUG)
            logger.propagate = False
            handler = _KestraLogHandler()
            handler.setFormatter(logging.Formatter("%(message)s"))
            logger.addHandler(handler)
            Kestra._logger = logger
        return Kestra._logger
`;

const NODE_HELPER = `'use strict';
// Kestra script helper of the local sandbox: outputs, metrics and logs as ::{...}:: lines.
function send(message) {
  process.stdout.write('::' + JSON.stringify(message) + '::\\n');
}
function metric(name, type, value, tags) {
  send({ metrics: [{ name: name, type: type, value: value, tags: tags || {} }] });
}
const Kestra = {
  outputs(values) {
    send({ outputs: values });
  },
  counter(name, value, tags) {
    metric(name, 'counter', value, tags);
  },
  timer(name, duration, tags) {
    if (typeof duration === 'function') {
      const start = process.hrtime.bigint();
      duration();
      duration = Number(process.hrtime.bigint() - start) / 1e9;
    }
    metric(name, 'timer', duration, tags);
  },
  logger() {
    const log = (level) => (...parts) => send({ logs: [{ level: level, message: parts.map(String).join(' ') }] });
    return { trace: log('TRACE'), debug: log('DEBUG'), info: log('INFO'), warn: log('WARN'), error: log('ERROR') };
  },
};
module.exports = Kestra;
module.exports.Kestra = Kestra;
module.exports.default = Kestra;
`;

export interface ScriptHelpers {
  /** Prepend to PYTHONPATH. */
  pythonPath: string;
  /** Prepend to NODE_PATH. */
  nodePath: string;
  /** Prepend to PATH (python/pip shims), or undefined when none is needed. */
  binPath: string | undefined;
}

const prepared = new Map<string, ScriptHelpers>();

function onPath(name: string, searchPath: string | undefined): boolean {
  return (searchPath ?? '').split(path.delimiter).some((dir) => dir !== '' && existsSync(path.join(dir, name)));
}

function which(name: string, searchPath: string | undefined): string | undefined {
  for (const dir of (searchPath ?? '').split(path.delimiter)) {
    if (dir !== '' && existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/** Writes the helpers under `cacheDir` once per process and returns the paths to add. */
export function scriptHelpers(cacheDir: string, env: NodeJS.ProcessEnv = process.env): ScriptHelpers {
  const existing = prepared.get(cacheDir);
  if (existing) return existing;
  const pythonPath = path.join(cacheDir, 'python-helper');
  mkdirSync(pythonPath, { recursive: true });
  writeFileSync(path.join(pythonPath, 'kestra.py'), PYTHON_HELPER);
  const nodePath = path.join(cacheDir, 'node-helper', 'node_modules');
  mkdirSync(path.join(nodePath, '@kestra-io', 'libs'), { recursive: true });
  writeFileSync(path.join(nodePath, '@kestra-io', 'libs', 'index.js'), NODE_HELPER);
  writeFileSync(path.join(nodePath, '@kestra-io', 'libs', 'package.json'), JSON.stringify({ name: '@kestra-io/libs', version: '0.0.0-sandbox', main: 'index.js' }));
  let binPath: string | undefined;
  const shims: [string, string][] = [
    ['python', 'python3'],
    ['pip', 'pip3'],
  ];
  for (const [name, target] of shims) {
    if (onPath(name, env.PATH)) continue;
    const found = which(target, env.PATH);
    if (!found) continue;
    binPath ??= path.join(cacheDir, 'bin');
    mkdirSync(binPath, { recursive: true });
    const link = path.join(binPath, name);
    if (!existsSync(link)) symlinkSync(found, link);
  }
  const helpers = { pythonPath, nodePath, binPath };
  prepared.set(cacheDir, helpers);
  return helpers;
}

/** `a:b` with `first` in front (no empty segments). */
export function prependPath(first: string | undefined, rest: string | undefined): string {
  return [first, rest].filter((p): p is string => p !== undefined && p !== '').join(path.delimiter);
}
