// What every service is handed: the store, the clocks, where it runs. Nothing here is global; each host (the Electron
// main process, the preview, the command line, a test) builds one context and passes it in.
import type { Store } from '../db/connection';
import type { Hlc } from '../db/hlc';
import type { Events, Topic } from './api';

export interface ServiceContext {
  store: Store;
  /** Wall clock in milliseconds; tests pass a fixed one. */
  clock: () => number;
  hlc: Hlc;
  dataDir: string;
  host: 'electron' | 'preview' | 'cli';
  appVersion: string;
  emit<T extends Topic>(topic: T, payload: Events[T]): void;
}
