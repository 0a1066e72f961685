// §5 step 1: a push on the previous token is the retry of a push whose answer was lost only if it resends everything
// that push carried (same or newer); otherwise (a ward restored from a backup made just before it) EPOCH_CONFLICT.
import { expect, it } from 'vitest';
import { describeEachDatabase, heldRecords } from './testing';

describeEachDatabase('push on the previous token', (h) => {
  /** A site with one acknowledged push (m-1), then a push whose answer "is lost" (m-2, m-3 and m-1 at version 2). */
  async function lostAnswer() {
    const site = await h().site();
    await site.push([site.op('members', 'm-1')]);
    const t1 = site.token;
    const lost = [site.op('members', 'm-2'), site.op('members', 'm-3'), site.op('members', 'm-1', { version: 2 })];
    expect((await site.push(lost)).status).toBe(200);
    site.token = t1;
    site.lastSeq = 1;
    return { site, lost };
  }

  it('is a retry when it resends every record of the last push at the same version', async () => {
    const { site, lost } = await lostAnswer();
    const retry = await site.push(lost);
    expect(retry.status).toBe(200);
    expect(retry.json).toMatchObject({ lastSeq: 4, applied: 0, skipped: 3 });
  });

  it('is a retry when a record changed again before the retry (sent newer, at a later seq)', async () => {
    const { site, lost } = await lostAnswer();
    h().clock.advance(1000);
    const retry = await site.push([lost[0]!, lost[1]!, site.op('members', 'm-1', { version: 3, seq: 5 })], { fromSeq: 2 });
    expect(retry.status).toBe(200);
    expect(retry.json).toMatchObject({ lastSeq: 5, applied: 1, skipped: 2 });
    // A retry of that retry must still resend what the first push carried.
    const token = site.token;
    expect((await site.push([site.op('members', 'm-4', { seq: 6 })])).status).toBe(200);
    site.token = token;
    site.lastSeq = 5;
    const partial = await site.push([site.op('members', 'm-4', { seq: 6 })], { fromSeq: 6 });
    expect(partial.status).toBe(200); // the last push carried only m-4: resending it is a retry
  });

  it('answers EPOCH_CONFLICT when the push lacks a record the last push carried (a restored backup), writing nothing', async () => {
    const { site, lost } = await lostAnswer();
    const before = await heldRecords(h().env);
    // The restored ward never had m-2 and m-3, and made a new record instead, numbered like the lost push.
    const restored = await site.push([site.op('members', 'r-1', { seq: 2 })], { fromSeq: 2 });
    expect(restored.status).toBe(409);
    expect(restored.json.error).toMatchObject({ code: 'EPOCH_CONFLICT', epoch: 2 });
    expect(await heldRecords(h().env)).toEqual(before);
    // The same when it resends every record but one of them older than the last push had it.
    const older = await site.push([lost[0]!, lost[1]!, site.op('members', 'm-1', { version: 1, seq: 4 })], { fromSeq: 2 });
    expect(older.status).toBe(409);
    expect(older.json.error).toMatchObject({ code: 'EPOCH_CONFLICT', epoch: 3 });
    // The genuine retry still works: the site's chain in epoch 1 is untouched.
    expect((await site.push(lost)).json).toMatchObject({ lastSeq: 4, applied: 0, skipped: 3 });
  });

  it('answers EPOCH_CONFLICT for a first push retried without a token that does not resend it', async () => {
    const site = await h().site();
    expect((await site.push([site.op('members', 'm-1'), site.op('members', 'm-2')])).status).toBe(200);
    site.token = null;
    site.lastSeq = 0;
    expect((await site.push([site.op('members', 'm-1', { seq: 1 })])).json.error).toMatchObject({ code: 'EPOCH_CONFLICT' });
  });

  it('refuses a late request signed before the last push went through (STALE_REQUEST): no epoch opened, the chain goes on', async () => {
    const site = await h().site();
    const signedEarly = h().clock.now;
    await site.push([site.op('members', 'm-1')]);
    const t1 = site.token;
    h().clock.advance(2000);
    // The retry of the next push went through while its original was held by the network…
    const next = [site.op('members', 'm-2', { seq: 2 })];
    expect((await site.push(next, { fromSeq: 2 })).status).toBe(200);
    const current = { token: site.token, lastSeq: site.lastSeq };
    const epochs = async () => (await h().env.db.selectFrom('site_epochs').select('epoch').execute()).length;
    const before = { held: await heldRecords(h().env), epochs: await epochs() };
    // …and the original arrives now, on the previous token, signed before the retry was applied.
    site.token = t1;
    const late = await site.push(next, { fromSeq: 2 }, { now: signedEarly + 1000 });
    expect(late.status).toBe(409);
    expect(late.json.error).toMatchObject({ code: 'STALE_REQUEST', serverTime: h().clock.now });
    expect(late.json.error.message).toMatch(/đã cũ/);
    // A late request on a token the server never issued: refused the same way, no new epoch.
    site.token = 'never-issued';
    expect((await site.push(next, { fromSeq: 2 }, { now: signedEarly + 1000 })).json.error).toMatchObject({ code: 'STALE_REQUEST' });
    expect({ held: await heldRecords(h().env), epochs: await epochs() }).toEqual(before);
    // The site's own chain is untouched: its next push on the token it holds goes through.
    Object.assign(site, current);
    expect((await site.push([site.op('members', 'm-3', { seq: 3 })], { fromSeq: 3 })).json).toMatchObject({ lastSeq: 3, applied: 1 });
    // Signed after the last push, the same stray token is a divergence: EPOCH_CONFLICT, as before.
    site.token = 'never-issued';
    expect((await site.push([site.op('members', 'm-4', { seq: 4 })], { fromSeq: 4 })).json.error).toMatchObject({ code: 'EPOCH_CONFLICT' });
  });
});
