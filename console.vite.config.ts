// Builds the superior committee's web console (renderer/console), served by the sync server at /console/ under a strict
// CSP: one module script from the same origin, styles allowed inline. It shares the app's theme, styles and helpers by
// importing them from renderer/src.
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = path.resolve(import.meta.dirname, 'renderer/console');

export default defineConfig({
  root,
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: path.resolve(import.meta.dirname, 'out/console'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    // No inline module-preload polyfill: the CSP allows no inline script.
    modulePreload: { polyfill: false },
  },
  logLevel: 'warn',
});
