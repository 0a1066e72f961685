// Where an installation keeps its data: the OS user-data folder Electron would use for "Chi bộ số", unless
// CHIBO_DATA_DIR names another. Pure, so the preview, the command line and the shell agree on one place.
import path from 'node:path';

export const PRODUCT_NAME = 'Chi bộ số';

export function defaultDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  if (env.CHIBO_DATA_DIR) return path.resolve(env.CHIBO_DATA_DIR);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
}
