import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { preloadInitialPane } from './scripts/vite-startup-plugins';

// KESTRA_CONSOLE_OUT lets parallel work build into separate folders (default: out).
const outRoot = resolve(import.meta.dirname, process.env.KESTRA_CONSOLE_OUT ?? 'out');

// electron-vite builds the three Electron targets from main/ and renderer/ (never src/).
// Main-process entries: the Electron app itself and the sandbox, which Electron runs in a
// utility process, with its engine thread. Web mode (`npm run web`) and `npm run sandbox` run the
// same sources via tsx.
export default defineConfig({
  main: {
    build: {
      outDir: resolve(outRoot, 'main'),
      rollupOptions: {
        input: {
          'electron-main': resolve(import.meta.dirname, 'main/electron/main.ts'),
          'sandbox-process': resolve(import.meta.dirname, 'main/sandbox/utility-process.ts'),
          // The sandbox's engine thread (a worker_threads Worker the sandbox starts by this file name).
          'sandbox-engine': resolve(import.meta.dirname, 'main/sandbox/engine-thread/worker-entry.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(outRoot, 'preload'),
      // A sandboxed preload cannot require() anything but a few Electron modules: bundle it whole.
      externalizeDeps: false,
      rollupOptions: {
        input: { preload: resolve(import.meta.dirname, 'main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    plugins: [react(), preloadInitialPane('renderer/features/flows/index.tsx')],
    worker: { format: 'es' },
    build: {
      outDir: resolve(outRoot, 'renderer'),
      emptyOutDir: true,
      // electron-vite leaves the renderer unminified by default; minified code parses faster,
      // which is most of the renderer's cold start (npm run bench: renderer cold start).
      minify: 'oxc',
      chunkSizeWarningLimit: 8000,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'renderer/index.html') },
      },
    },
  },
});
