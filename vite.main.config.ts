import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

/**
 * The Node-side bundles: the main process as ES modules (`--mode main`), the preload as one CommonJS file
 * (`--mode preload`), which a sandboxed renderer requires, and the headless daemon's CLI (`--mode daemon`),
 * which runs on plain Node without a TypeScript loader.
 */
const external = [
  'electron',
  /^electron\//,
  ...builtinModules,
  ...builtinModules.map((name) => `node:${name}`),
  ...Object.keys(pkg.dependencies ?? {}).flatMap((name) => [name, new RegExp(`^${name}/`)]),
];

export default defineConfig(({ mode }) =>
  mode === 'preload'
    ? {
        build: {
          outDir: 'dist/preload',
          emptyOutDir: true,
          minify: false,
          lib: { entry: 'electron/preload/index.ts', formats: ['cjs'], fileName: () => 'preload.cjs' },
          rollupOptions: { external: ['electron'] },
        },
      }
    : {
        build: {
          outDir: mode === 'daemon' ? 'dist/daemon' : 'dist/main',
          emptyOutDir: true,
          minify: false,
          target: 'node20',
          ssr: mode === 'daemon' ? 'electron/daemon/cli.ts' : 'electron/main/index.ts',
          rollupOptions: {
            external,
            output: {
              format: 'es',
              entryFileNames: mode === 'daemon' ? 'cli.js' : 'index.js',
              // Beside the entry, so paths a command finds relative to its own file stay the same.
              chunkFileNames: '[name]-[hash].js',
              ...(mode === 'daemon' ? { banner: '#!/usr/bin/env node' } : {}),
            },
          },
        },
      },
);
