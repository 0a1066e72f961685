// Builds the Electron app: the main process (out/main/main.js, ES module), the sandboxed preload
// (out/preload/preload.cjs, one CommonJS file that requires nothing but 'electron') and the renderer (out/renderer).
// The preview's build of the same renderer is renderer.vite.config.ts.
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin, ResolvedConfig } from 'vite';
import { methods } from './core/api';
import { devServerAdditions, extendCsp, hashSource, inlineScripts, metaCsp, RENDERER_CSP, replaceMetaCsp } from './electron/csp';

const root = import.meta.dirname;

/**
 * Checks renderer/index.html's CSP meta tag against electron/csp.ts when building (a build without one fails: the
 * built page loads from disk, where the tag is its only policy). While developing, widens the tag by what Vite's dev
 * server needs (the hashes of its inline scripts, its HMR websocket), as main.ts does for the header.
 */
function rendererCsp(devScriptHashes: readonly string[]): Plugin {
  let config: ResolvedConfig;
  const warned = new Set<string>();
  const warnOnce = (message: string) => {
    if (!warned.has(message)) config.logger.warn(message);
    warned.add(message);
  };
  return {
    name: 'chibo:renderer-csp',
    configResolved(resolved) {
      config = resolved;
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        const policy = metaCsp(html);
        if (policy === null) {
          const message = 'renderer/index.html has no <meta http-equiv="Content-Security-Policy">; add the policy from electron/csp.ts (RENDERER_CSP).';
          if (config.command === 'build') throw new Error(message);
          warnOnce(message);
          return html;
        }
        if (policy !== RENDERER_CSP) {
          warnOnce(`renderer/index.html's CSP differs from electron/csp.ts.\n  page:     ${policy}\n  expected: ${RENDERER_CSP}`);
        }
        if (config.command !== 'serve') return html;
        const hashes = inlineScripts(html).map(hashSource);
        const uncovered = hashes.filter((hash) => !devScriptHashes.includes(hash));
        if (uncovered.length > 0) {
          warnOnce(`inline script(s) ${uncovered.join(' ')} are not in main's development CSP header; the page will refuse them.`);
        }
        const port = context.server?.config.server.port ?? 5173;
        return replaceMetaCsp(html, extendCsp(policy, devServerAdditions(`http://localhost:${port}`, hashes)));
      },
    },
  };
}

export default defineConfig(({ command }) => {
  // The React Refresh preamble @vitejs/plugin-react puts inline in the page on the dev server (base '/').
  const devScriptHashes = command === 'serve' ? [hashSource(react.preambleCode.replace('__BASE__', '/'))] : [];
  return {
    main: {
      define: { __CHIBO_DEV_SCRIPT_HASHES__: JSON.stringify(devScriptHashes) },
      build: {
        outDir: path.resolve(root, 'out/main'),
        // Dependencies load from node_modules (electron-builder ships them); better-sqlite3 must, being native.
        externalizeDeps: true,
        rollupOptions: {
          input: { main: path.resolve(root, 'electron/main.ts') },
          external: ['better-sqlite3'],
        },
      },
    },
    preload: {
      define: { __CHIBO_METHODS__: JSON.stringify(methods) },
      build: {
        outDir: path.resolve(root, 'out/preload'),
        // A sandboxed preload can require only 'electron': everything else is bundled in.
        externalizeDeps: false,
        rollupOptions: {
          input: { preload: path.resolve(root, 'electron/preload.ts') },
          output: { format: 'cjs', entryFileNames: '[name].cjs' },
        },
      },
    },
    renderer: {
      root: path.resolve(root, 'renderer'),
      plugins: [react(), rendererCsp(devScriptHashes)],
      build: {
        outDir: path.resolve(root, 'out/renderer'),
        chunkSizeWarningLimit: 4000,
        rollupOptions: { input: path.resolve(root, 'renderer/index.html') },
      },
    },
  };
});
