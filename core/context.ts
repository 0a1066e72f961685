// What every service is handed: the store, the clocks, where it runs. Nothing here is global; each host (the Electron
// main process, the preview, the command line, a test) builds one context and passes it in.
import type { Store } from '../db/connection';
import type { Hlc } from '../db/hlc';
import type { Deck, Events, PresentationState, SessionUser, Topic } from './api';
import type { SessionRef, Sessions } from './auth/sessions';
import type { SyncController } from './sync/scheduler';

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
  /** The projection on this machine: one at a time, held here so the console and the projector render from it. */
  presentation: PresentationHolder;
  /** Opens the projector's own window where the host can (Electron); null in the preview, whose console opens one. */
  projector: ProjectorHost | null;
  /** Sync with the superior's server: one cycle at a time; in the background where the host asked for it. */
  sync: SyncController;
}

export interface PresentationHolder {
  state: PresentationState | null;
  /** The console's deck of the current meeting, kept so a slide change does not rebuild it. */
  deck: Deck | null;
}

/** What a host with windows of its own (Electron's main process) does for the presentation. */
export interface ProjectorHost {
  /** Opens the projector window, or moves it to the right display; says where it went and anything to warn about. */
  open(): { mode: 'fullscreen' | 'windowed'; warning: string | null };
  /** Closes the projector window, if open. */
  close(): void;
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
