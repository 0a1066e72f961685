// The host's sync controller: one per runtime, so never two cycles at a time. It records each cycle's outcome in
// sync_state and says so with `sync.changed`. With `background` (the Electron app and the preview, not the command line
// or tests) it also runs cycles by itself: shortly after start, about 5 s after a local change, every 5 minutes, and
// after a failure again after 30 s, doubling up to 30 minutes, with jitter. A revoked site waits for a person.
import type { SyncStatus } from '../api';
import type { ServiceContext } from '../context';
import { runCycle, toSyncError, type ClientOptions, type CycleSummary, type SyncPhaseProgress } from './client';
import { SYNC_TEXT, type SyncError } from './messages';
import { outboxCount } from './outbox';
import { buildStatus, outboxByTable, readState, updateState, type LiveSync } from './state';

export interface SyncTiming {
  startDelayMs: number;
  changeDebounceMs: number;
  intervalMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export const DEFAULT_TIMING: SyncTiming = {
  startDelayMs: 3_000,
  changeDebounceMs: 5_000,
  intervalMs: 5 * 60_000,
  backoffBaseMs: 30_000,
  backoffMaxMs: 30 * 60_000,
};

export interface SyncControllerOptions {
  background: boolean;
  fetch?: typeof fetch;
  wallClock?: () => number;
  timing?: Partial<SyncTiming>;
  random?: () => number;
  log?: (message: string, error?: unknown) => void;
}

export interface CycleOutcome {
  status: SyncStatus;
  summary: CycleSummary | null;
  error: SyncError | null;
}

export interface SyncController {
  status(): SyncStatus;
  /** Runs a cycle now; if one is running, waits for it and runs another. */
  run(): Promise<CycleOutcome>;
  /** A local change: in the background, a cycle a few seconds later (when the outbox holds something). */
  poke(): void;
  /** Announces the current status (after an enrolment or a file import). */
  changed(): void;
  /** How this host talks to the server (its fetch and clock), for requests outside a cycle (enrolment). */
  clientOptions(): ClientOptions;
  start(): void;
  stop(): Promise<void>;
}

/** The wait after `failures` failures in a row: 30 s doubling to 30 minutes, ±20 %. */
export function backoffMs(failures: number, timing: SyncTiming = DEFAULT_TIMING, random: () => number = Math.random): number {
  const base = Math.min(timing.backoffMaxMs, timing.backoffBaseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export function createSyncController(ctx: ServiceContext, options: SyncControllerOptions): SyncController {
  const timing = { ...DEFAULT_TIMING, ...options.timing };
  const random = options.random ?? Math.random;
  const live: LiveSync = { running: false, progress: null };
  let running: Promise<CycleOutcome> | null = null;
  let queued: Promise<CycleOutcome> | null = null;
  let failures = 0;
  let stopped = false;
  let started = false;
  let timer: NodeJS.Timeout | null = null;
  let debounce: NodeJS.Timeout | null = null;
  let abort = new AbortController();
  let lastEmit = 0;
  let lastPhase: string | null = null;

  // The outbox's counts as last read: progress reports (four a second at most) reuse them for up to two seconds, since
  // counting a full outbox costs tens of milliseconds of the thread that builds the next push.
  let counted: { at: number; byTable: SyncStatus['waitingByTable'] } | null = null;
  const status = (reuseCounts = false) => {
    if (!reuseCounts || !counted || Date.now() - counted.at > 2000) counted = { at: Date.now(), byTable: outboxByTable(ctx.store.sqlite) };
    return buildStatus(ctx.store.sqlite, live, counted.byTable);
  };
  const emit = (reuseCounts = false) => {
    lastEmit = Date.now();
    try {
      ctx.emit('sync.changed', status(reuseCounts));
    } catch (error) {
      options.log?.('sync status not emitted', error);
    }
  };
  const onProgress = (progress: SyncPhaseProgress) => {
    live.progress = progress;
    if (progress.phase !== lastPhase || Date.now() - lastEmit > 250 || progress.done === progress.total) {
      const fresh = progress.phase !== lastPhase || progress.done === progress.total;
      lastPhase = progress.phase;
      emit(!fresh);
    }
  };

  const enrolled = () => {
    const st = readState(ctx.store.sqlite);
    return st.enrolled === 1 ? st : null;
  };

  function schedule(delayMs: number | null) {
    if (timer) clearTimeout(timer);
    timer = null;
    if (stopped || !started || delayMs === null) {
      updateState(ctx.store.sqlite, { next_attempt_at: null });
      return;
    }
    updateState(ctx.store.sqlite, { next_attempt_at: ctx.clock() + delayMs });
    timer = setTimeout(() => {
      timer = null;
      void run().catch((error: unknown) => options.log?.('background sync failed', error));
    }, delayMs);
    timer.unref?.();
  }

  async function cycle(): Promise<CycleOutcome> {
    const sqlite = ctx.store.sqlite;
    if (!enrolled()) {
      if (!stopped) schedule(timing.intervalMs);
      return { status: status(), summary: null, error: null };
    }
    live.running = true;
    live.progress = null;
    lastPhase = null;
    updateState(sqlite, { last_attempt_at: ctx.clock() });
    emit();
    let summary: CycleSummary | null = null;
    let error: SyncError | null = null;
    try {
      const clientOptions: ClientOptions = { fetch: options.fetch, wallClock: options.wallClock, signal: abort.signal, onProgress, log: options.log };
      summary = await runCycle(ctx, clientOptions);
      if (summary.heldAt) {
        updateState(sqlite, { state: 'error', last_error: SYNC_TEXT.blobFailed(summary.heldAt) });
        failures++;
      } else {
        updateState(sqlite, { state: 'idle', last_error: null, last_success_at: ctx.clock() });
        failures = 0;
      }
    } catch (caught) {
      error = toSyncError(caught);
      if (stopped) error = null;
      else {
        updateState(sqlite, { state: error.kind, last_error: error.message });
        failures++;
      }
    } finally {
      live.running = false;
      live.progress = null;
    }
    if (!stopped) {
      const st = readState(sqlite);
      // Changes made while the cycle was pulling wait a few seconds, not the whole interval.
      const next = failures > 0 ? backoffMs(failures, timing, random) : outboxCount(sqlite) > 0 ? timing.changeDebounceMs : timing.intervalMs;
      schedule(st.state === 'revoked' ? null : next);
      emit();
    }
    return { status: status(), summary, error };
  }

  function run(): Promise<CycleOutcome> {
    if (!running) {
      running = cycle().finally(() => {
        running = null;
      });
      return running;
    }
    if (!queued) {
      const after = running;
      queued = after
        .catch(() => undefined)
        .then(() => {
          queued = null;
          return run();
        });
    }
    return queued;
  }

  return {
    status: () => status(),
    run,
    poke() {
      if (!options.background || stopped || !started) return;
      if (debounce) clearTimeout(debounce);
      debounce = setTimeout(() => {
        debounce = null;
        const st = enrolled();
        if (!st || st.state === 'revoked' || running) return;
        // After a failure the backoff decides; a change does not hammer a server that is down.
        if (failures > 0 && st.next_attempt_at !== null && st.next_attempt_at > ctx.clock()) return;
        if (outboxCount(ctx.store.sqlite) === 0) return;
        void run().catch((error: unknown) => options.log?.('background sync failed', error));
      }, timing.changeDebounceMs);
      debounce.unref?.();
    },
    changed: () => emit(),
    clientOptions: () => ({ fetch: options.fetch, wallClock: options.wallClock, log: options.log }),
    start() {
      if (!options.background || started || stopped) return;
      started = true;
      abort = new AbortController();
      const st = enrolled();
      schedule(st && st.state !== 'revoked' ? timing.startDelayMs : timing.intervalMs);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (debounce) clearTimeout(debounce);
      timer = debounce = null;
      abort.abort();
      await (queued ?? running)?.catch(() => undefined);
    },
  };
}
