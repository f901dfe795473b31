import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is served by Electron from file:// and by the headless daemon from its own origin:
// relative asset paths work for both.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // The window loads its script from the disk or the loopback daemon, never over a network: one bundle of well
    // under a megabyte starts faster than pages split into parts, so Vite's warning at 500 kB is moved, not obeyed.
    chunkSizeWarningLimit: 800,
  },
});
