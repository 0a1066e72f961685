// Builds the renderer once for every spec, so no preview has to build it while a test waits.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function globalSetup() {
  const root = path.resolve(import.meta.dirname, '..');
  execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer.vite.config.ts'], {
    cwd: root,
    stdio: 'inherit',
  });
}
