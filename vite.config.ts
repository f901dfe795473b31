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
  },
});
