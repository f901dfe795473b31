import { builtinModules } from 'node:module';
import { defineConfig, type UserConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

/**
 * The Node-side bundles: the main process as ES modules (`--mode main`), the preload as one CommonJS file
 * (`--mode preload`), which a sandboxed renderer requires, the headless daemon's CLI (`--mode daemon`),
 * which runs on plain Node without a TypeScript loader, and the agents' file tool (`--mode mcp`).
 */
const builtins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const external = ['electron', /^electron\//, ...builtins, ...Object.keys(pkg.dependencies ?? {}).flatMap((name) => [name, new RegExp(`^${name}/`)])];

/**
 * The MCP server agents start to send files: a plain `node` runs it from app.asar.unpacked, where no node_modules
 * is, so everything it uses is in its one file.
 */
const mcp: UserConfig = {
  ssr: { noExternal: true },
  build: {
    outDir: 'dist/mcp',
    emptyOutDir: true,
    minify: false,
    target: 'node20',
    ssr: 'electron/mcp/send-files.ts',
    rollupOptions: { external: builtins, output: { format: 'es', entryFileNames: 'send-files.js', codeSplitting: false } },
  },
};

export default defineConfig(({ mode }) =>
  mode === 'mcp'
    ? mcp
    : mode === 'preload'
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
