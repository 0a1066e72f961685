// Builds the renderer and the console once for every spec, so no preview has to build it while a test waits.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function globalSetup() {
  const root = path.resolve(import.meta.dirname, '..');
  const vite = path.join(root, 'node_modules/vite/bin/vite.js');
  // The app's renderer, then the superior committee's console (served by the sync server at /console/).
  for (const config of ['renderer.vite.config.ts', 'console.vite.config.ts']) {
    execFileSync(process.execPath, [vite, 'build', '--config', config], { cwd: root, stdio: 'inherit' });
  }
}
