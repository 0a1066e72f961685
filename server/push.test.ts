// Push (§5) and epochs (§6): applying, idempotence, gaps, the token chain, and each op judged on its own.
import { expect, it } from 'vitest';
import { MAX_OPS, sha256Hex } from '../core/sync/protocol';
import { putBlobChunk } from './blobs';
import { describeEachDatabase, heldRecords } from './testing';

describeEachDatabase('push', (h) => {
  it('applies a batch, stores the owner from the signature, and answers with lastSeq and a token', async () => {
    const site = await h().site();
    const ops = [site.op('organisations', 'o-1'), site.op('members', 'm-1'), site.op('members', 'm-2', { version: 3 })];
    const res = await site.push(ops, { appVersion: '0.2.0' } as never);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ lastSeq: 3, applied: 3, skipped: 0, stale: [], rejected: [] });
    expect(res.json.token).toEqual(expect.any(String));
    const held = await heldRecords(h().env);
    expect(held.map((r) => `${r.table}/${r.key}/${r.owner}/${r.version}`)).toEqual([
      `members/m-1/${site.siteId}/1`,
      `members/m-2/${site.siteId}/3`,
      `organisations/o-1/${site.siteId}/1`,
    ]);
    expect(held[0]!.updatedAt).toBe(ops[1]!.updatedAt); // HLC stamps (> 2^31) come back exact, as numbers
    const row = await h().env.db.selectFrom('sites').select(['last_push_at', 'app_version']).where('site_id', '=', site.siteId).executeTakeFirstOrThrow();
    expect(row).toEqual({ last_push_at: h().clock.now, app_version: '0.2.0' });
    const stored = await h().env.db.selectFrom('records').select('data').where('record_key', '=', 'm-2').executeTakeFirstOrThrow();
    expect(JSON.parse(stored.data)).toEqual(ops[2]!.data);
  });

  it('is idempotent: the same batch again (a retry with the previous token, or a resend) changes no record', async () => {
    const site = await h().site();
    await site.push([site.op('organisations', 'o-1')]);
    const ops = [site.op('members', 'm-1'), site.op('members', 'm-2')];
    const t1 = site.token;
    await site.push(ops);
    const before = await heldRecords(h().env);
    h().clock.advance(1000);
    // The answer was lost: the site sends the same batch with the same afterToken.
    site.token = t1;
    site.lastSeq = 1;
    const retry = await site.push(ops);
    expect(retry.json).toMatchObject({ lastSeq: 3, applied: 0, skipped: 2, stale: [], rejected: [] });
    const again = await site.push([site.op('members', 'm-3')]);
    expect(again.json).toMatchObject({ lastSeq: 4, applied: 1 });
    // A resend of seq 2..3 after the chain moved on: accepted, and lastSeq never goes back.
    const resend = await site.push(ops, { fromSeq: 2, toSeq: 3 });
    expect(resend.json).toMatchObject({ lastSeq: 4, applied: 0, skipped: 2, stale: [] });
    const after = await heldRecords(h().env);
    expect(after.filter((r) => r.key !== 'm-3')).toEqual(before);
    const received = await h().env.db.selectFrom('records').select('received_at').where('record_key', '=', 'm-1').executeTakeFirstOrThrow();
    expect(received.received_at).toBe(h().clock.now - 1000);
  });

  it('answers a gap with the sequence it expects, and writes nothing', async () => {
    const site = await h().site();
    await site.push([site.op('members', 'm-1'), site.op('members', 'm-2')]);
    const token = site.token;
    const gap = await site.push([site.op('members', 'm-9', { seq: 7 })], { fromSeq: 5, toSeq: 7 });
    expect(gap.status).toBe(409);
    expect(gap.json.error).toMatchObject({ code: 'SEQUENCE_GAP', expected: 3 });
    expect((await heldRecords(h().env)).map((r) => r.key)).toEqual(['m-1', 'm-2']);
    expect((await site.push([site.op('members', 'm-3', { seq: 3 })])).status).toBe(200);
    expect(token).not.toBe(site.token);
  });

  it('accepts a retry with the previous token, then refuses the dropped token with EPOCH_CONFLICT and a new epoch', async () => {
    const site = await h().site();
    await site.push([site.op('members', 'm-1')]);
    const t1 = site.token;
    const lost = await site.push([site.op('members', 'm-2')]); // its answer "is lost"
    const t2 = lost.json.token as string;
    site.token = t1;
    site.lastSeq = 1;
    const retry = await site.push([site.op('members', 'm-2', { seq: 2 })]);
    expect(retry.status).toBe(200);
    expect(retry.json).toMatchObject({ lastSeq: 2, applied: 0, skipped: 1 });
    expect(retry.json.token).not.toBe(t2);
    // The token of the lost answer is gone for good.
    const stale = await site.push([site.op('members', 'm-3')], { afterToken: t2 });
    expect(stale.status).toBe(409);
    expect(stale.json.error).toMatchObject({ code: 'EPOCH_CONFLICT', epoch: 2 });
    // The site recovers in the new epoch: afterToken null, its fresh outbox from 1.
    site.epoch = 2;
    site.token = null;
    site.lastSeq = 0;
    const fresh = await site.push([site.op('members', 'm-1', { seq: 1 }), site.op('members', 'm-2'), site.op('members', 'm-3')]);
    expect(fresh.json).toMatchObject({ lastSeq: 3, applied: 1, skipped: 2 });
    // Epoch 1's chain still works for its other installation (a copied data folder).
    const copy = await site.push([site.op('members', 'm-4', { seq: 3 })], { epoch: 1, afterToken: retry.json.token, fromSeq: 3 });
    expect(copy.status).toBe(200);
    const epochs = await h().env.db.selectFrom('site_epochs').select(['epoch', 'last_seq']).orderBy('epoch').execute();
    expect(epochs).toEqual([
      { epoch: 1, last_seq: 3 },
      { epoch: 2, last_seq: 3 },
    ]);
  });

  it('answers an epoch it never assigned with EPOCH_CONFLICT, creating the new epoch at that moment', async () => {
    const site = await h().site();
    const res = await site.push([site.op('members', 'm-1')], { epoch: 7 });
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({ code: 'EPOCH_CONFLICT', epoch: 2 });
    expect(await heldRecords(h().env)).toEqual([]);
    const row = await h().env.db.selectFrom('sites').select('current_epoch').where('site_id', '=', site.siteId).executeTakeFirstOrThrow();
    expect(row.current_epoch).toBe(2);
    const bogus = await site.push([site.op('members', 'm-1', { seq: 1 })], { afterToken: 'never-issued', fromSeq: 1 });
    expect(bogus.json.error).toMatchObject({ code: 'EPOCH_CONFLICT', epoch: 3 });
  });

  it('rejects records of another owner (named in the row, or held for another site) and applies the rest', async () => {
    const a = await h().site('Phường A');
    const b = await h().site('Phường B');
    await a.push([a.op('members', 'shared-1')]);
    const forged = b.op('members', 'x-1', { data: { owner_site: a.siteId } });
    const takeover = b.op('members', 'shared-1', { version: 9 });
    const fine = b.op('members', 'b-1');
    const res = await b.push([forged, takeover, fine]);
    expect(res.status).toBe(200);
    expect(res.json.applied).toBe(1);
    expect(res.json.rejected).toEqual([
      { seq: forged.seq, table: 'members', key: 'x-1', code: 'OWNER_MISMATCH', reason: 'Bản ghi này thuộc đơn vị khác.' },
      { seq: takeover.seq, table: 'members', key: 'shared-1', code: 'OWNER_MISMATCH', reason: expect.any(String) },
    ]);
    const held = await heldRecords(h().env);
    expect(held.find((r) => r.key === 'shared-1')).toMatchObject({ owner: a.siteId, version: 1 });
    expect(held.find((r) => r.key === 'b-1')).toMatchObject({ owner: b.siteId });
    expect(held.find((r) => r.key === 'x-1')).toBeUndefined();
    expect(res.json.lastSeq).toBe(3); // the queue moves on past the rejected ops
  });

  it("rejects attendance at another site's meeting, accepts it at the site's own (even sent later in the batch)", async () => {
    const a = await h().site('Phường A');
    const b = await h().site('Phường B');
    await a.push([a.op('meetings', 'meet-a')]);
    const theirs = b.op('attendance', 'meet-a:mem-1');
    const ownAttendance = b.op('attendance', 'meet-b:mem-1');
    const ownMeeting = b.op('meetings', 'meet-b', { version: 2 }); // the meeting changed after the attendance was taken
    const unknownMeeting = b.op('attendance', 'meet-zz:mem-1');
    const res = await b.push([theirs, ownAttendance, ownMeeting, unknownMeeting]);
    expect(res.json.applied).toBe(2);
    expect(res.json.rejected.map((r: { key: string; code: string }) => `${r.key} ${r.code}`)).toEqual([
      'meet-a:mem-1 OWNER_MISMATCH',
      'meet-zz:mem-1 OWNER_MISMATCH',
    ]);
    expect((await heldRecords(h().env)).find((r) => r.key === 'meet-b:mem-1')).toMatchObject({ table: 'attendance', owner: b.siteId });
  });

  it('rejects unknown tables and malformed ops with a reason, and applies the rest', async () => {
    const site = await h().site();
    const good = site.op('members', 'm-1');
    const unknown = { ...site.op('members', 'u-1'), table: 'users' };
    const wrongKey = site.op('members', 'm-2', { data: { id: 'something-else' } });
    const noVersion = { ...site.op('members', 'm-3'), version: 0 };
    const notObject = { ...site.op('members', 'm-4'), data: 'a string' };
    const noOwner = site.op('agenda_items', 'a-1', { data: { owner_site: undefined } });
    const outOfRange = site.op('members', 'm-5', { seq: 99 });
    const ops = [good, unknown, wrongKey, noVersion, notObject, noOwner, outOfRange, 'not an op'];
    const res = await site.push(ops as never, { toSeq: 7 });
    expect(res.status).toBe(200);
    expect(res.json.applied).toBe(1);
    const codes = res.json.rejected.map((r: { key: string; code: string; reason: string }) => [r.key, r.code, r.reason.length > 0]);
    expect(codes).toEqual([
      ['', 'UNKNOWN_TABLE', true],
      ['u-1', 'UNKNOWN_TABLE', true],
      ['m-2', 'MALFORMED_OP', true],
      ['m-3', 'MALFORMED_OP', true],
      ['m-4', 'MALFORMED_OP', true],
      ['a-1', 'MALFORMED_OP', true],
      ['m-5', 'MALFORMED_OP', true],
    ]);
    expect((await heldRecords(h().env)).map((r) => r.key)).toEqual(['m-1']);
  });

  it('keeps the newer copy: an older or equal op is skipped, and listed as stale when the server holds newer', async () => {
    const site = await h().site();
    await site.push([site.op('members', 'm-1', { version: 5 })]);
    const older = site.op('members', 'm-1', { version: 4 });
    const same = site.op('members', 'm-1', { version: 5 });
    const res = await site.push([older, same]);
    expect(res.json).toMatchObject({ applied: 0, skipped: 2, stale: [{ seq: older.seq, table: 'members', key: 'm-1' }] });
    const newerStamp = site.op('members', 'm-1', { version: 5, updatedAt: h().clock.now * 1024 + 900 });
    expect((await site.push([newerStamp])).json.applied).toBe(1);
    const tombstone = site.op('members', 'm-1', { version: 6, deletedAt: h().clock.now });
    expect((await site.push([tombstone])).json.applied).toBe(1);
    const row = await h().env.db.selectFrom('records').select(['version', 'deleted_at']).where('record_key', '=', 'm-1').executeTakeFirstOrThrow();
    expect(row).toEqual({ version: 6, deleted_at: h().clock.now });
  });

  it('refuses an attachment before its blob with BLOB_MISSING, accepts it once the blob is complete', async () => {
    const site = await h().site();
    const bytes = Buffer.from('biên bản họp chi bộ');
    const sha = sha256Hex(bytes);
    const attachment = site.op('attachments', 'att-1', { data: { sha256: sha, name: 'bb.pdf', size: bytes.length } });
    const early = await site.push([attachment]);
    expect(early.json.rejected).toEqual([expect.objectContaining({ key: 'att-1', code: 'BLOB_MISSING' })]);
    await putBlobChunk(h().env, sha, 0, bytes.subarray(0, 5), bytes.length);
    const partial = await site.push([site.op('attachments', 'att-1', { data: { sha256: sha } })]);
    expect(partial.json.rejected[0].code).toBe('BLOB_MISSING');
    await putBlobChunk(h().env, sha, 5, bytes.subarray(5), bytes.length);
    const later = await site.push([site.op('attachments', 'att-1', { data: { sha256: sha } })]);
    expect(later.json).toMatchObject({ applied: 1, rejected: [] });
  });

  it('answers TOO_LARGE for more than 5,000 ops or a body over 8 MiB, and writes nothing', async () => {
    const site = await h().site();
    const ops = Array.from({ length: MAX_OPS + 1 }, (_, i) => site.op('members', `m-${i}`));
    const tooMany = await site.push(ops);
    expect(tooMany.status).toBe(413);
    expect(tooMany.json.error.code).toBe('TOO_LARGE');
    const big = site.op('members', 'big', { data: { notes: 'x'.repeat(8 * 1024 * 1024) } });
    const tooBig = await site.push([big], { fromSeq: 1 });
    expect(tooBig.status).toBe(413);
    expect(tooBig.json.error.code).toBe('TOO_LARGE');
    expect(await heldRecords(h().env)).toEqual([]);
    const epoch = await h().env.db.selectFrom('site_epochs').select(['last_seq', 'token_current']).executeTakeFirstOrThrow();
    expect(epoch).toEqual({ last_seq: 0, token_current: null });
  });

  it('applies a full batch of 5,000 ops in one go', async () => {
    const site = await h().site();
    const ops = Array.from({ length: MAX_OPS }, (_, i) => site.op('members', `m-${String(i).padStart(4, '0')}`));
    const res = await site.push(ops);
    expect(res.json).toMatchObject({ lastSeq: MAX_OPS, applied: MAX_OPS });
    const n = await h().env.db.selectFrom('records').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(MAX_OPS);
  });

  it('accepts an empty range (records all gone) and answers a malformed body with MALFORMED', async () => {
    const site = await h().site();
    const empty = await site.push([], { fromSeq: 1, toSeq: 4 });
    expect(empty.json).toMatchObject({ lastSeq: 4, applied: 0 });
    const backwards = await site.push([], { fromSeq: 6, toSeq: 5 });
    expect(backwards.json.error.code).toBe('MALFORMED');
    const v2 = await site.push([], { protocol: 2 } as never);
    expect(v2.json.error).toMatchObject({ code: 'PROTOCOL_UNSUPPORTED', supported: [1] });
    const notJson = await site.request('POST', '/v1/push', Buffer.from('{nope'), { contentType: 'application/json' });
    expect(notJson.json.error.code).toBe('MALFORMED');
    const text = await site.request('POST', '/v1/push', Buffer.from('{}'), { contentType: 'text/plain' });
    expect(text.status).toBe(400);
    expect(text.json.error.code).toBe('MALFORMED');
    const body = { protocol: 1, schema: 6, epoch: 1, afterToken: site.token, fromSeq: 5, toSeq: 5, ops: [], someFutureField: true };
    const charset = await site.request('POST', '/v1/push', Buffer.from(JSON.stringify(body)), { contentType: 'application/json; charset=utf-8' });
    expect(charset.json).toMatchObject({ lastSeq: 5 });
  });
});
