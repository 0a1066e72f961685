// The client against a scripted server (a fetch that answers as the protocol says): signatures, the server's clock,
// enrolment, and what a person sees when the server cannot be reached, refuses, or revoked the site. The whole client
// against the real server is server/integration/ward-sync.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../testing';
import { startTestRuntime, type TestRuntime } from '../testing';
import { SYNC_TEXT } from './messages';
import { enrolProofText, signingString, verifyText, type PushBody } from './protocol';
import { outboxRows } from './sync.fixtures';

interface Seen {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}
type Handler = (req: Seen) => { status?: number; json?: unknown; headers?: Record<string, string> } | 'network';

/** A fetch answering from a script; every answer carries the server's clock, `serverTime()`. */
function scripted(handler: Handler, serverTime: () => number = Date.now) {
  const seen: Seen[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const headers = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    const req = { method: init?.method ?? 'GET', path: url.pathname + url.search, headers, body: init?.body ? Buffer.from(init.body as Uint8Array) : Buffer.alloc(0) };
    seen.push(req);
    const answer = handler(req);
    if (answer === 'network') throw new TypeError('fetch failed');
    return new Response(answer.json === undefined ? null : JSON.stringify(answer.json), {
      status: answer.status ?? 200,
      headers: { 'content-type': 'application/json', 'chibo-server-time': String(serverTime()), ...answer.headers },
    });
  }) as typeof fetch;
  return { fetch: fetchImpl, seen };
}

const SERVER_KEY = 'MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=';
const enrolAnswer = (siteId: string) => ({ siteId, slotId: 'slot-7', server: { id: 'srv-1', name: 'Thành ủy Hà Nội', publicKey: SERVER_KEY }, epoch: 1, serverTime: Date.now() });
const empty = { status: 200, json: { changes: [], cursor: 0, more: false } };

let t: TestRuntime;
let admin: Caller;
let script: Handler;
let serverTime: () => number;
let wire: ReturnType<typeof scripted>;

beforeEach(async () => {
  script = () => ({ status: 404, json: { error: { code: 'NOT_FOUND', message: 'Không có.' } } });
  serverTime = Date.now;
  wire = scripted((req) => script(req), () => serverTime());
  t = startTestRuntime({ sync: { background: false, fetch: wire.fetch } });
  await t.caller().call('demo.create');
  admin = await t.as('ward_admin');
});
afterEach(() => t.close());

const siteId = () => t.runtime.store.sqlite.prepare('SELECT id FROM sites WHERE is_self = 1').pluck().get() as string;

async function enrolled() {
  script = (req) => (req.path === '/v1/enrol' ? { json: enrolAnswer(siteId()) } : { status: 500 });
  await admin.call('sync.enrol', { serverUrl: 'http://thanhuy.test', code: 'abcd-efgh-jkmn' });
}

describe('enrolment', () => {
  it('sends the ward, its new public key and the proof, stores the server’s answer and queues every record', async () => {
    let body: Record<string, unknown> = {};
    script = (req) => {
      body = JSON.parse(req.body.toString('utf8'));
      return { json: enrolAnswer(siteId()) };
    };
    const status = await admin.call('sync.enrol', { serverUrl: 'http://thanhuy.test/', code: ' abcd-efgh-jkmn ' });
    expect(wire.seen[0]).toMatchObject({ method: 'POST', path: '/v1/enrol' });
    expect(wire.seen[0]!.headers['chibo-signature']).toBeUndefined();
    expect(body).toMatchObject({ protocol: 1, code: 'ABCD-EFGH-JKMN', siteId: siteId(), appVersion: '0.0.0-test', organisation: { name: expect.stringContaining('Đảng bộ') } });
    expect(verifyText(body.publicKey as string, enrolProofText('ABCDEFGHJKMN', siteId()), body.proof as string)).toBe(true);
    expect(status).toMatchObject({ enrolled: true, serverUrl: 'http://thanhuy.test', serverName: 'Thành ủy Hà Nội', epoch: 1, state: 'waiting', siteId: siteId() });
    const sqlite = t.runtime.store.sqlite;
    const owned = ['organisations', 'members', 'meetings'].reduce((n, table) => n + (sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number), 0);
    const attendance = sqlite.prepare('SELECT count(*) FROM attendance').pluck().get() as number;
    expect(status.waiting).toBe(outboxRows(sqlite).length);
    expect(status.waiting).toBeGreaterThanOrEqual(owned + attendance);
    expect(sqlite.prepare("SELECT count(*) FROM audit_log WHERE action = 'sync.enrol'").pluck().get()).toBe(1);
    await expect(admin.call('sync.enrol', { serverUrl: 'http://thanhuy.test', code: 'abcd-efgh-jkmn' })).rejects.toThrow('đã đăng ký đồng bộ');
  });

  it('says plainly when the code is refused or the server cannot be reached, and stores nothing', async () => {
    script = () => ({ status: 403, json: { error: { code: 'CODE_INVALID', message: 'Mã không hợp lệ.' } } });
    await expect(admin.call('sync.enrol', { serverUrl: 'http://thanhuy.test', code: 'abcd-efgh-jkmn' })).rejects.toThrow(SYNC_TEXT.codeInvalid);
    script = () => 'network';
    await expect(admin.call('sync.enrol', { serverUrl: 'http://thanhuy.test', code: 'abcd-efgh-jkmn' })).rejects.toThrow(SYNC_TEXT.unreachable('http://thanhuy.test'));
    await expect(admin.call('sync.enrol', { serverUrl: 'http://thanhuy.test', code: 'abcd-efgh-jkm0' })).rejects.toThrow(SYNC_TEXT.codeFormat);
    expect((await admin.call('sync.status')).enrolled).toBe(false);
    expect(outboxRows(t.runtime.store.sqlite)).toEqual([]);
  });

  it('is for the administrator only; the office runs sync, everyone sees its state', async () => {
    const staff = await t.as('ward_staff');
    await expect(staff.call('sync.enrol', { serverUrl: 'http://thanhuy.test', code: 'abcd-efgh-jkmn' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const viewer = await t.as('viewer');
    expect((await viewer.call('sync.status')).state).toBe('not_enrolled');
    await expect(viewer.call('sync.now')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(staff.call('sync.now')).rejects.toThrow(SYNC_TEXT.notEnrolled);
  });
});

describe('a cycle', () => {
  it('signs every request with the site’s key, at the server’s time as learned from its clock', async () => {
    await enrolled();
    const key = t.runtime.store.sqlite.prepare('SELECT public_key FROM sync_state').pluck().get() as string;
    serverTime = () => Date.now() + 120_000; // the server's clock runs two minutes ahead
    script = (req) => {
      if (req.path === '/v1/push') {
        const push = JSON.parse(req.body.toString('utf8')) as PushBody;
        return { json: { lastSeq: push.toSeq, token: `tok-${push.toSeq}`, applied: push.ops.length, skipped: 0, stale: [], rejected: [] } };
      }
      if (req.path.startsWith('/v1/pull')) return empty;
      if (req.path === '/v1/blobs/missing') return { json: { missing: [] } };
      return { status: 404, json: { error: { code: 'NOT_FOUND', message: '' } } };
    };
    const status = await admin.call('sync.now');
    expect(status).toMatchObject({ state: 'idle', waiting: 0, lastError: null });
    const signed = wire.seen.filter((r) => r.path !== '/v1/enrol');
    expect(signed.length).toBeGreaterThan(2);
    for (const r of signed) {
      const text = signingString({ method: r.method, path: r.path, site: siteId(), time: r.headers['chibo-time']!, nonce: r.headers['chibo-nonce']!, body: r.body });
      expect(r.headers['chibo-site']).toBe(siteId());
      expect(verifyText(key, text, r.headers['chibo-signature']!)).toBe(true);
    }
    expect(new Set(signed.map((r) => r.headers['chibo-nonce'])).size).toBe(signed.length);
    // After the first answer the client's time is the server's: within a few seconds of it.
    expect(Math.abs(Number(signed.at(-1)!.headers['chibo-time']) - (Date.now() + 120_000))).toBeLessThan(5_000);
    const pushes = signed.filter((r) => r.path === '/v1/push').map((r) => JSON.parse(r.body.toString('utf8')) as PushBody);
    expect(pushes[0]).toMatchObject({ protocol: 1, schema: 6, epoch: 1, afterToken: null, fromSeq: 1 });
    expect(pushes[1]).toMatchObject({ afterToken: `tok-${pushes[0]!.toSeq}`, fromSeq: pushes[0]!.toSeq + 1 });
  });

  it('after CLOCK_SKEW sets its clock from the server’s and retries once', async () => {
    await enrolled();
    serverTime = () => Date.now() + 3_600_000;
    let skews = 0;
    script = (req) => {
      const lag = Math.abs(Number(req.headers['chibo-time']) - serverTime());
      if (lag > 300_000) {
        skews++;
        return { status: 401, json: { error: { code: 'CLOCK_SKEW', message: 'Lệch giờ.', serverTime: serverTime() } }, headers: { 'chibo-server-time': 'x' } };
      }
      if (req.path.startsWith('/v1/pull')) return empty;
      if (req.path === '/v1/blobs/missing') return { json: { missing: [] } };
      const push = JSON.parse(req.body.toString('utf8')) as PushBody;
      return { json: { lastSeq: push.toSeq, token: 't', applied: 0, skipped: push.ops.length, stale: [], rejected: [] } };
    };
    const status = await admin.call('sync.now');
    expect(skews).toBe(1);
    expect(status.state).toBe('idle');
    expect(t.runtime.store.sqlite.prepare('SELECT clock_offset_ms FROM sync_state').pluck().get()).toBeGreaterThan(3_590_000);
  });

  it('keeps everything and says the server is unreachable when the network is down', async () => {
    await enrolled();
    const events: string[] = [];
    t.runtime.subscribe('sync.changed', (s) => events.push(s.state));
    script = () => 'network';
    const status = await admin.call('sync.now');
    expect(status).toMatchObject({ state: 'offline', lastError: SYNC_TEXT.unreachable('http://thanhuy.test') });
    expect(status.waiting).toBeGreaterThan(0);
    expect(events[0]).toBe('syncing');
    expect(events.at(-1)).toBe('offline');
    expect(new Set(events)).toEqual(new Set(['syncing', 'offline']));
  });

  it('stops at SITE_REVOKED and shows why', async () => {
    await enrolled();
    script = () => ({ status: 403, json: { error: { code: 'SITE_REVOKED', message: 'Đã thu hồi.' } } });
    const status = await admin.call('sync.now');
    expect(status).toMatchObject({ state: 'revoked', lastError: SYNC_TEXT.revoked, nextAttemptAt: null });
    expect(wire.seen.filter((r) => r.path !== '/v1/enrol')).toHaveLength(1); // the demo has no attachments: one push, then stop
  });

  it('resends from the sequence the server expects after SEQUENCE_GAP', async () => {
    await enrolled();
    const sqlite = t.runtime.store.sqlite;
    const first = (sqlite.prepare('SELECT min(seq) FROM outbox').pluck().get() as number) + 10;
    sqlite.prepare('DELETE FROM outbox WHERE seq < ?').run(first); // as if 1..first-1 had been acknowledged
    sqlite.prepare('UPDATE sync_state SET token = ?, last_seq = ?').run('tok-a', first - 1);
    let lastSeq = first - 3; // the server is behind: it lost two entries
    const starts: number[] = [];
    script = (req) => {
      if (req.path.startsWith('/v1/pull')) return empty;
      if (req.path === '/v1/blobs/missing') return { json: { missing: [] } };
      const push = JSON.parse(req.body.toString('utf8')) as PushBody;
      starts.push(push.fromSeq);
      if (push.fromSeq > lastSeq + 1) return { status: 409, json: { error: { code: 'SEQUENCE_GAP', message: '', expected: lastSeq + 1 } } };
      lastSeq = Math.max(lastSeq, push.toSeq);
      return { json: { lastSeq, token: `t${lastSeq}`, applied: push.ops.length, skipped: 0, stale: [], rejected: [] } };
    };
    const status = await admin.call('sync.now');
    expect(status.state).toBe('idle');
    expect(starts.slice(0, 2)).toEqual([first, first - 2]);
    expect(status.waiting).toBe(0);
  });
});
