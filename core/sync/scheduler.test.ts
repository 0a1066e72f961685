// The sync controller: one cycle at a time, and the background loop's timing (after a change, on failure backoff,
// nothing more once revoked).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../testing';
import type { PushBody } from './protocol';
import { DEFAULT_TIMING, backoffMs, createSyncController, type SyncController } from './scheduler';
import { readState } from './state';
import { fakeEnrol } from './sync.fixtures';

const json = (value: unknown, status = 200) =>
  new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json', 'chibo-server-time': String(Date.now()) } });

/** A server that takes every push and has nothing to send down; `hold` keeps a pull waiting. */
function server() {
  const calls: { path: string; at: number }[] = [];
  let hold: Promise<void> | null = null;
  let active = 0;
  let maxActive = 0;
  let mode: 'ok' | 'down' | 'revoked' = 'ok';
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    calls.push({ path: url.pathname, at: Date.now() });
    if (init?.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    if (mode === 'down') throw new TypeError('fetch failed');
    if (mode === 'revoked') return json({ error: { code: 'SITE_REVOKED', message: 'Thu hồi.' } }, 403);
    if (url.pathname === '/v1/push') {
      const push = JSON.parse(Buffer.from(init!.body as Uint8Array).toString('utf8')) as PushBody;
      return json({ lastSeq: push.toSeq, token: `t${push.toSeq}`, applied: push.ops.length, skipped: 0, stale: [], rejected: [] });
    }
    if (url.pathname === '/v1/pull') {
      active++;
      maxActive = Math.max(maxActive, active);
      try {
        await Promise.race([
          hold,
          new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))),
        ]);
      } finally {
        active--;
      }
      return json({ changes: [], cursor: 0, more: false });
    }
    return json({ error: { code: 'NOT_FOUND', message: '' } }, 404);
  }) as typeof fetch;
  return {
    fetch: fetchImpl,
    calls,
    pulls: () => calls.filter((c) => c.path === '/v1/pull').length,
    get maxActive() {
      return maxActive;
    },
    set mode(m: 'ok' | 'down' | 'revoked') {
      mode = m;
    },
    holdPulls() {
      let release!: () => void;
      hold = new Promise((resolve) => (release = resolve));
      return () => {
        hold = null;
        release();
      };
    },
  };
}

const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
};

let t: TestRuntime;
let controller: SyncController | null = null;
beforeEach(async () => {
  t = startTestRuntime();
  await t.caller().call('demo.create');
  fakeEnrol(t.runtime.store.sqlite, { serverUrl: 'http://thanhuy.test' });
});
afterEach(async () => {
  await controller?.stop();
  controller = null;
  await t.close();
});

describe('backoff', () => {
  it('starts at 30 s, doubles, stops at 30 minutes, with ±20 % jitter', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 12].map((n) => backoffMs(n, DEFAULT_TIMING, mid))).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_800_000, 1_800_000,
    ]);
    expect(backoffMs(1, DEFAULT_TIMING, () => 0)).toBe(24_000);
    expect(backoffMs(1, DEFAULT_TIMING, () => 1)).toBe(36_000);
  });
});

describe('the controller', () => {
  it('never runs two cycles at once: a second request waits and then runs its own', async () => {
    const s = server();
    controller = createSyncController(t.runtime.context, { background: false, fetch: s.fetch });
    const release = s.holdPulls();
    const first = controller.run();
    await until(() => s.pulls() === 1);
    const second = controller.run();
    const third = controller.run(); // joins the second
    expect(controller.status().state).toBe('syncing');
    await new Promise((r) => setTimeout(r, 30));
    expect(s.pulls()).toBe(1);
    release();
    const outcomes = await Promise.all([first, second, third]);
    expect(s.maxActive).toBe(1);
    expect(s.pulls()).toBe(2);
    expect(outcomes.map((o) => o.status.state)).toEqual(['idle', 'idle', 'idle']);
    expect(outcomes[0]!.summary!.pushed).toBeGreaterThan(0);
    expect(outcomes[1]!.summary!.pushed).toBe(0);
  });

  it('in the background: runs soon after start, backs off on failures, and syncs a few seconds after a local change', async () => {
    const s = server();
    s.mode = 'down';
    controller = createSyncController(t.runtime.context, {
      background: true,
      fetch: s.fetch,
      random: () => 0.5,
      timing: { startDelayMs: 10, changeDebounceMs: 30, intervalMs: 60_000, backoffBaseMs: 60, backoffMaxMs: 1000 },
    });
    controller.start();
    await until(() => s.calls.length >= 3);
    const gaps = s.calls.slice(1, 3).map((c, i) => c.at - s.calls[i]!.at);
    expect(gaps[0]).toBeGreaterThanOrEqual(55);
    expect(gaps[1]).toBeGreaterThanOrEqual(115);
    const st = readState(t.runtime.store.sqlite);
    expect(st.state).toBe('offline');
    expect(st.next_attempt_at).toBeGreaterThan(Date.now() - 1000);

    // The network is back; the next attempt succeeds and the loop falls back to its interval.
    s.mode = 'ok';
    await until(() => readState(t.runtime.store.sqlite).state === 'idle');
    expect(controller.status().waiting).toBe(0);

    // A local change: a cycle after the debounce, for the outbox holds something again.
    const before = s.pulls();
    t.runtime.store.sqlite.prepare("UPDATE members SET phone = '0912345678', version = version + 1 WHERE id = (SELECT min(id) FROM members)").run();
    controller.poke();
    controller.poke();
    await until(() => s.pulls() === before + 1);
    await new Promise((r) => setTimeout(r, 80));
    expect(s.pulls()).toBe(before + 1);
    expect(controller.status().waiting).toBe(0);
    // Nothing waiting: a change elsewhere (documents read, say) does not start a cycle.
    controller.poke();
    await new Promise((r) => setTimeout(r, 80));
    expect(s.pulls()).toBe(before + 1);
  });

  it('in the background stops trying once the site is revoked', async () => {
    const s = server();
    s.mode = 'revoked';
    controller = createSyncController(t.runtime.context, {
      background: true,
      fetch: s.fetch,
      timing: { startDelayMs: 5, changeDebounceMs: 5, intervalMs: 20, backoffBaseMs: 20, backoffMaxMs: 40 },
    });
    controller.start();
    await until(() => readState(t.runtime.store.sqlite).state === 'revoked');
    await new Promise((r) => setTimeout(r, 100));
    expect(s.calls).toHaveLength(1);
    expect(controller.status()).toMatchObject({ state: 'revoked', nextAttemptAt: null });
  });

  it('stops a running cycle when the host closes, writing no failure', async () => {
    const s = server();
    controller = createSyncController(t.runtime.context, { background: false, fetch: s.fetch });
    s.holdPulls();
    const running = controller.run();
    await until(() => s.pulls() === 1);
    await controller.stop();
    await running;
    expect(readState(t.runtime.store.sqlite).last_error).toBeNull();
  });
});
