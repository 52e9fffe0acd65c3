// The packaged layout without downloading Electron: electron-builder `--dir` for Linux with
// `electronDist` pointing at a stand-in Electron folder made here (the file names of a real
// Linux dist, and an `electron` executable that carries a fuse wire at Electron's defaults, so
// electron-builder's fuse flipping runs for real and can be read back). Everything else is the
// real build: the same electron-builder.yml, the same out/ and node_modules.
//   node scripts/package-standin.mjs [outputDir]   (prints the unpacked app folder)
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '..');
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/**
 * Electron's own defaults, one byte per fuse in @electron/fuses' order: RunAsNode on, cookie
 * encryption off, NODE_OPTIONS on, --inspect on, asar integrity off, only-app-from-asar off,
 * browser-specific V8 snapshot off, file:// extra privileges on ('1' on, '0' off).
 */
export const ELECTRON_DEFAULT_FUSES = '10110001';

/** A folder laid out like a Linux Electron dist, with a stand-in `electron` executable. */
export function makeStandInElectronDist(dir, version) {
  mkdirSync(path.join(dir, 'locales'), { recursive: true });
  mkdirSync(path.join(dir, 'resources'), { recursive: true });
  const wire = Buffer.concat([Buffer.from(FUSE_SENTINEL), Buffer.from([1, ELECTRON_DEFAULT_FUSES.length]), Buffer.from(ELECTRON_DEFAULT_FUSES)]);
  const script = Buffer.from('#!/bin/sh\necho "stand-in for the Electron binary (npm run package:check)" >&2\nexit 1\n# ');
  writeFileSync(path.join(dir, 'electron'), Buffer.concat([script, wire, Buffer.from('\n')]), { mode: 0o755 });
  writeFileSync(path.join(dir, 'version'), version);
  writeFileSync(path.join(dir, 'LICENSE'), 'stand-in');
  writeFileSync(path.join(dir, 'LICENSES.chromium.html'), '<!doctype html><title>stand-in</title>');
  writeFileSync(path.join(dir, 'locales', 'en-US.pak'), '');
  for (const file of ['chrome_100_percent.pak', 'chrome_200_percent.pak', 'resources.pak', 'icudtl.dat', 'v8_context_snapshot.bin', 'snapshot_blob.bin']) {
    writeFileSync(path.join(dir, file), '');
  }
  return dir;
}

/** Runs electron-builder --dir (Linux, x64) against the stand-in; resolves with the unpacked app folder. */
export async function packageWithStandIn(outputDir = mkdtempSync(path.join(os.tmpdir(), 'kc-package-'))) {
  const { build, Platform, Arch } = await import('electron-builder');
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
  const electronDist = makeStandInElectronDist(path.join(outputDir, 'electron-dist'), pkg.devDependencies.electron);
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget(['dir'], Arch.x64),
    config: { ...config, electronDist, electronVersion: pkg.devDependencies.electron, directories: { ...config.directories, output: path.join(outputDir, 'dist') } },
    publish: 'never',
  });
  return path.join(outputDir, 'dist', 'linux-unpacked');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { ensureBuild } = await import('./ensure-build.mjs');
  ensureBuild();
  console.log(await packageWithStandIn(process.argv[2]));
}
