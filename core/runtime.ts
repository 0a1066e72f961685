// Opens the store for a host and wires the services to it: the single place the database is opened. The Electron
// main process, the preview and the command line each start one runtime and close it on exit.
import { databasePath, openDatabase, type Store } from '../db/connection';
import { createHlc } from '../db/hlc';
import type { Envelope, Events, Topic } from './api';
import { createSessions, type SessionRef } from './auth/sessions';
import type { ProjectorHost, ServiceContext } from './context';
import { createDispatcher } from './dispatch';
import { createPdfPrinter } from './export/pdf';
import { handlers } from './services/index';
import { createSyncController } from './sync/scheduler';

export interface RuntimeOptions {
  dataDir: string;
  host: ServiceContext['host'];
  appVersion: string;
  /** better-sqlite3 built for Electron's ABI, when running inside Electron. */
  nativeBinding?: string;
  clock?: () => number;
  log?: (error: unknown) => void;
  /** Minutes without activity before the app locks and a session ends; 15 unless set. */
  idleLockMinutes?: number;
  /** How to print a print view to PDF; the system Chromium unless the host has its own (Electron). */
  printPdf?: (html: string) => Promise<Uint8Array>;
  /** The database file, when not the one in dataDir (the benchmarks open a generated one). */
  databaseFile?: string;
  /** The host's projector window (Electron); the preview's console opens a browser window instead. */
  projector?: ProjectorHost;
  /** Sync with the superior's server. `background`: run cycles by themselves (the app and the preview; not the command
   *  line or tests, which run them on request). `fetch`: for tests. */
  sync?: { background: boolean; fetch?: typeof fetch };
}

export interface Runtime {
  context: ServiceContext;
  store: Store;
  dispatch(method: unknown, input: unknown, session?: SessionRef): Promise<Envelope<unknown>>;
  subscribe<T extends Topic>(topic: T, handler: (payload: Events[T]) => void): () => void;
  close(): Promise<void>;
}

export function startRuntime(options: RuntimeOptions): Runtime {
  const store = openDatabase(options.databaseFile ?? databasePath(options.dataDir), { nativeBinding: options.nativeBinding });
  const clock = options.clock ?? Date.now;
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const idleLockMinutes = options.idleLockMinutes ?? 15;
  const printer = options.printPdf ? null : createPdfPrinter();
  const base: Omit<ServiceContext, 'sync'> = {
    sessions: createSessions(clock, idleLockMinutes * 60_000),
    idleLockMinutes,
    printPdf: options.printPdf ?? ((html) => printer!.print(html)),
    store,
    clock,
    hlc: createHlc(clock),
    dataDir: options.dataDir,
    host: options.host,
    appVersion: options.appVersion,
    presentation: { state: null, deck: null },
    projector: options.projector ?? null,
    emit(topic, payload) {
      for (const handler of listeners.get(topic) ?? []) {
        try {
          (handler as (p: typeof payload) => void)(payload);
        } catch (error) {
          (options.log ?? console.error)(error);
        }
      }
    },
  };
  const context: ServiceContext = Object.assign(base, {
    sync: createSyncController(base as ServiceContext, {
      background: options.sync?.background ?? false,
      fetch: options.sync?.fetch,
      log: (message: string, error?: unknown) => (options.log ?? console.error)(error === undefined ? message : Object.assign(new Error(message), { cause: error })),
    }),
  });
  const onChange = () => context.sync.poke();
  listeners.set('data.changed', new Set([onChange as (payload: never) => void]));
  context.sync.start();
  return {
    context,
    store,
    dispatch: createDispatcher(context, handlers, options.log),
    subscribe(topic, handler) {
      const set = listeners.get(topic) ?? new Set();
      listeners.set(topic, set);
      set.add(handler as (payload: never) => void);
      return () => set.delete(handler as (payload: never) => void);
    },
    async close() {
      await context.sync.stop();
      await printer?.close();
      await store.close();
    },
  };
}
