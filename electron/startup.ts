// Decisions the main process makes before it opens the database: which folder holds the data, which better-sqlite3
// build to load, and what to tell the person when the database cannot be opened. Pure; main.ts supplies the facts.
import path from 'node:path';
import { startupErrors as t } from './strings';

/** `CHIBO_DATA_DIR` when set (tests, a second installation), else Electron's userData folder. */
export function chooseDataDir(env: NodeJS.ProcessEnv, userDataPath: string): string {
  const override = env.CHIBO_DATA_DIR?.trim();
  return override ? path.resolve(override) : userDataPath;
}

/**
 * With CHIBO_DATA_DIR set, Electron's own profile (Chromium's storage, the single-instance lock, window-state.json)
 * moves inside it too, so a test run or a second installation never meets the everyday app's lock or window state.
 */
export function chooseUserDataDir(env: NodeJS.ProcessEnv): string | null {
  const override = env.CHIBO_DATA_DIR?.trim();
  return override ? path.join(path.resolve(override), 'electron-profile') : null;
}

export const NATIVE_DIR = '.electron-native';
export const NATIVE_FILE = 'better_sqlite3.node';

export type NativeBinding =
  /** Packaged: electron-builder rebuilt better-sqlite3 for Electron in place; let it find its own build. */
  | { kind: 'bundled' }
  /** Development: the build scripts/start.mjs made for Electron's ABI (node_modules keeps Node's build for the tests). */
  | { kind: 'file'; file: string }
  | { kind: 'missing'; file: string };

export function chooseNativeBinding(options: { isPackaged: boolean; appPath: string; exists: (file: string) => boolean }): NativeBinding {
  if (options.isPackaged) return { kind: 'bundled' };
  const file = path.join(options.appPath, NATIVE_DIR, NATIVE_FILE);
  return options.exists(file) ? { kind: 'file', file } : { kind: 'missing', file };
}

export interface StartupFailure {
  title: string;
  content: string;
}

/**
 * The error box for a database that will not open. A DatabaseOpenError (db/connection.ts) already says, in Vietnamese,
 * what happened and what to do, and guarantees the file was left as it was; anything else gets a general sentence and
 * its own text for the administrator.
 */
export function describeStartupFailure(error: unknown, dataDir: string): StartupFailure {
  const message = error instanceof Error ? error.message : String(error);
  const lines: string[] = [];
  if (error instanceof Error && error.name === 'DatabaseOpenError') lines.push(message);
  else lines.push(t.unexpected, '', message);
  if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version/i.test(message)) lines.push('', t.nativeModule);
  lines.push('', t.dataDir(dataDir), t.quitting);
  return { title: t.title, content: lines.join('\n') };
}

export function describeMissingNativeBinding(file: string, dataDir: string): StartupFailure {
  return { title: t.title, content: [t.nativeModuleMissing(file), '', t.dataDir(dataDir), t.quitting].join('\n') };
}
