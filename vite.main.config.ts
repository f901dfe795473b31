import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

/**
 * The desktop shell's two bundles: the main process as ES modules (`--mode main`) and the preload as one
 * CommonJS file (`--mode preload`), which a sandboxed renderer requires.
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
          outDir: 'dist/main',
          emptyOutDir: true,
          minify: false,
          target: 'node20',
          ssr: 'electron/main/index.ts',
          rollupOptions: { external, output: { format: 'es', entryFileNames: 'index.js' } },
        },
      },
);
