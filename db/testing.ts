// Helpers for tests that need a real database file: a fresh temporary folder each, removed afterwards.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { databasePath, openDatabase, type OpenOptions, type Store } from './connection';

export function makeTempDir(prefix = 'chibo-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Opens a database in a new temporary folder; `cleanup` closes it and removes the folder. */
export function openTempDatabase(options: OpenOptions = {}): Store & { dir: string; cleanup(): Promise<void> } {
  const dir = makeTempDir();
  const store = openDatabase(databasePath(dir), options);
  return {
    ...store,
    dir,
    async cleanup() {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
