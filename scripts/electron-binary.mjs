// Finds Electron's executable without fetching it. `require('electron')` would try to download the binary from
// Electron's release host when it is missing, which hangs or fails on a machine with no route there; this only looks.
import fs from 'node:fs';
import path from 'node:path';

/**
 * @param {string} root the project folder
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {import('./electron-binary.d.mts').ElectronBinary}
 */
export function findElectronBinary(root, env = process.env) {
  const dir = path.join(root, 'node_modules', 'electron');
  let version = '';
  try {
    version = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  } catch {
    return { present: false, version, reason: 'node_modules/electron is not installed (run npm ci)' };
  }
  if (env.ELECTRON_EXEC_PATH) {
    return fs.existsSync(env.ELECTRON_EXEC_PATH)
      ? { present: true, version, executable: env.ELECTRON_EXEC_PATH }
      : { present: false, version, reason: `ELECTRON_EXEC_PATH does not exist: ${env.ELECTRON_EXEC_PATH}` };
  }
  let relative;
  try {
    relative = fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
  } catch {
    return { present: false, version, reason: 'node_modules/electron/path.txt is missing: the binary was never downloaded' };
  }
  const executable = path.join(env.ELECTRON_OVERRIDE_DIST_PATH || path.join(dir, 'dist'), relative);
  if (!fs.existsSync(executable)) return { present: false, version, reason: `${executable} is missing` };
  return { present: true, version, executable };
}
