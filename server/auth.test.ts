// Signed requests (§3): each check, in order, and that nothing is written before they all pass.
import { expect, it } from 'vitest';
import { CLOCK_WINDOW_MS, makeKeyPair, NONCE_TTL_MS, signRequest } from '../core/sync/protocol';
import { revokeSite } from './admin';
import { describeEachDatabase, heldRecords, TestSite } from './testing';

describeEachDatabase('signed requests', (h) => {
  it('lets a correctly signed request through and records when the site was last seen', async () => {
    const site = await h().site();
    h().clock.advance(1000);
    const res = await site.request('GET', '/v1/pull?cursor=0');
    expect(res.status).toBe(200);
    expect(res.headers.get('chibo-server-time')).toBe(String(h().clock.now));
    const row = await h().env.db.selectFrom('sites').select('last_seen_at').where('site_id', '=', site.siteId).executeTakeFirstOrThrow();
    expect(row.last_seen_at).toBe(h().clock.now);
  });

  it('answers UNAUTHENTICATED for an unknown site and for missing headers', async () => {
    const stranger = new TestSite(h(), 'Không đăng ký');
    const unknown = await stranger.request('GET', '/v1/pull');
    expect(unknown.status).toBe(401);
    expect(unknown.json.error.code).toBe('UNAUTHENTICATED');
    const site = await h().site();
    const bare = await fetch(`${h().url}/v1/pull`, { headers: { 'chibo-site': site.siteId } });
    expect(bare.status).toBe(401);
    expect(((await bare.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });

  it('answers BAD_SIGNATURE when the signature does not verify with the registered key', async () => {
    const site = await h().site();
    const forger = makeKeyPair();
    const forged = signRequest(forger.privateKey, { method: 'GET', path: '/v1/pull', site: site.siteId, body: '', now: h().clock.now });
    const res = await fetch(`${h().url}/v1/pull`, { headers: forged });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BAD_SIGNATURE');
    // The path, the body and the time are all covered.
    const moved = await site.request('GET', '/v1/pull?cursor=0', undefined, {
      tamper: (headers) => void (headers['chibo-time'] = String(h().clock.now + 1)),
    });
    expect(moved.json.error.code).toBe('BAD_SIGNATURE');
    const op = site.op('members', 'm-1');
    const signedFor = signRequest(site.keys.privateKey, { method: 'POST', path: '/v1/push', site: site.siteId, body: '{}', now: h().clock.now });
    const swapped = await fetch(`${h().url}/v1/push`, {
      method: 'POST',
      headers: { ...signedFor, 'content-type': 'application/json' },
      body: JSON.stringify({ protocol: 1, schema: 6, epoch: 1, afterToken: null, fromSeq: 1, toSeq: 1, ops: [op] }),
    });
    expect(swapped.status).toBe(401);
    expect(await heldRecords(h().env)).toEqual([]);
  });

  it('answers CLOCK_SKEW beyond 300 s, with the server time to set the offset from, and accepts it at the edge', async () => {
    const site = await h().site();
    const late = await site.request('GET', '/v1/pull', undefined, { now: h().clock.now - CLOCK_WINDOW_MS - 1 });
    expect(late.status).toBe(401);
    expect(late.json.error).toMatchObject({ code: 'CLOCK_SKEW', serverTime: h().clock.now });
    const early = await site.request('GET', '/v1/pull', undefined, { now: h().clock.now + CLOCK_WINDOW_MS + 1 });
    expect(early.json.error.code).toBe('CLOCK_SKEW');
    expect((await site.request('GET', '/v1/pull', undefined, { now: h().clock.now + CLOCK_WINDOW_MS })).status).toBe(200);
  });

  it('answers REPLAY for a nonce used before, and forgets nonces after 600 s', async () => {
    const site = await h().site();
    const headers = signRequest(site.keys.privateKey, { method: 'GET', path: '/v1/pull', site: site.siteId, body: '', now: h().clock.now });
    expect((await fetch(`${h().url}/v1/pull`, { headers })).status).toBe(200);
    const replay = await fetch(`${h().url}/v1/pull`, { headers });
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error: { code: string } }).error.code).toBe('REPLAY');
    const count = async () => Number((await h().env.db.selectFrom('nonces').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(await count()).toBe(1);
    h().clock.advance(NONCE_TTL_MS + 1);
    expect((await site.request('GET', '/v1/pull')).status).toBe(200);
    expect(await count()).toBe(1); // the expired one was pruned
  });

  it('stops a revoked site at its very next request, before checking anything else', async () => {
    const site = await h().site();
    expect((await site.request('GET', '/v1/pull')).status).toBe(200);
    await revokeSite(h().env.db, site.slotId, h().clock.fn);
    const res = await site.push([site.op('members', 'm-1')]);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('SITE_REVOKED');
    expect(res.json.error.message).toMatch(/thu hồi/);
    // Even with a stale clock the answer is SITE_REVOKED: the revocation is checked first.
    expect((await site.request('GET', '/v1/pull', undefined, { now: 0 })).json.error.code).toBe('SITE_REVOKED');
    expect(await heldRecords(h().env)).toEqual([]);
  });

  it('writes nothing (no nonce) when a check fails', async () => {
    const site = await h().site();
    await site.request('GET', '/v1/pull', undefined, { now: 0 });
    await site.request('GET', '/v1/pull', undefined, { tamper: (x) => void (x['chibo-nonce'] = 'AAAAAAAAAAAAAAAAAAAAAA') });
    const nonces = await h().env.db.selectFrom('nonces').selectAll().execute();
    expect(nonces).toEqual([]);
  });

  it('answers NOT_FOUND with the error shape and the server time on unknown paths', async () => {
    const res = await fetch(`${h().url}/v1/nothing-here`);
    expect(res.status).toBe(404);
    expect(res.headers.get('chibo-server-time')).toBe(String(h().clock.now));
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'NOT_FOUND', message: expect.any(String) });
  });
});
