// What every service is handed: the store, the clocks, where it runs. Nothing here is global; each host (the Electron
// main process, the preview, the command line, a test) builds one context and passes it in.
import type { Store } from '../db/connection';
import type { Hlc } from '../db/hlc';
import type { Events, SessionUser, Topic } from './api';
import type { SessionRef, Sessions } from './auth/sessions';

export interface ServiceContext {
  store: Store;
  /** Wall clock in milliseconds; tests pass a fixed one. */
  clock: () => number;
  hlc: Hlc;
  dataDir: string;
  host: 'electron' | 'preview' | 'cli';
  appVersion: string;
  emit<T extends Topic>(topic: T, payload: Events[T]): void;
  sessions: Sessions;
  /** Minutes of inactivity before the app locks and a session ends. */
  idleLockMinutes: number;
  /** Prints a print view to PDF: Electron's printToPDF in the app, the system Chromium in the preview and the CLI. */
  printPdf(html: string): Promise<Uint8Array>;
}

/** Who is calling: the signed-in user, if any, and the caller's session slot that sign-in and sign-out change. */
export interface Call {
  user: SessionUser | null;
  session: SessionRef;
}

/** The signed-in user of a call whose method the dispatcher only lets signed-in users reach. */
export function signedIn(call: Call): SessionUser {
  if (!call.user) throw new Error('signedIn() on a call without a user: check ACCESS in core/auth/access.ts');
  return call.user;
}
