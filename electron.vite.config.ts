import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import react from '@vitejs/plugin-react';

// electron-vite picks the Node and Chrome build targets from the installed electron package.
// Electron is an optional dependency (tools/electron): give it the pinned version, so the
// bundles target the same Electron whether or not its package could be installed here.
const electronPin = JSON.parse(readFileSync(resolve('tools/electron/package.json'), 'utf8')) as { optionalDependencies: { electron: string } };
process.env.ELECTRON_MAJOR_VER ??= electronPin.optionalDependencies.electron.split('.')[0];

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/main',
      // The core runs in a worker thread (src-main/core-thread): its entry is built beside
      // index.js, which starts it as ./coreWorker.js. Shared modules become common chunks. The
      // core starts its WAL checkpointer (src-main/core/db/checkpointer.ts) as ./checkpointWorker.js.
      rollupOptions: {
        input: {
          index: resolve('src-main/index.ts'),
          coreWorker: resolve('src-main/core-thread/entry.ts'),
          checkpointWorker: resolve('src-main/core/db/checkpoint-worker.mjs'),
        },
      },
    },
  },
  preload: {
    // The preload runs sandboxed: it cannot require node_modules, so zod and the contract
    // are bundled in rather than externalized.
    plugins: [externalizeDepsPlugin({ exclude: ['zod'] })],
    build: {
      outDir: 'out/preload',
      rollupOptions: { input: { index: resolve('src-preload/index.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve('src-renderer'),
    plugins: [react()],
    build: {
      outDir: resolve('out/renderer'),
      rollupOptions: { input: { index: resolve('src-renderer/index.html') } },
    },
  },
});
