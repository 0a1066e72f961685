// Sync by file (§9): a signed up file in, a signed down file out; a tampered file refused whole; twice is once.
import { expect, it } from 'vitest';
import { PROTOCOL, sha256Hex, signText, verifyText, type Op, type PushBody } from '../core/sync/protocol';
import { exportAnswerFile, importFile, publishDocument, revokeSite, storeFile } from './admin';
import { SyncError } from './errors';
import { serverIdentity } from './meta';
import { describeEachDatabase, get, heldRecords, type Harness, type Json, type TestSite } from './testing';

interface UpOptions {
  epoch?: number;
  pushes?: Partial<PushBody>[];
  blobs?: Buffer[];
  cursor?: number;
}

/** An up file as a ward's app writes it: header, its signature, then one JSON document per line. */
function upFile(site: TestSite, h: Harness, options: UpOptions): string {
  const lines = [
    ...(options.blobs ?? []).map((b) => JSON.stringify({ blob: { sha256: sha256Hex(b), data: b.toString('base64') } })),
    ...(options.pushes ?? []).map((p) =>
      JSON.stringify({ push: { protocol: PROTOCOL, schema: 6, epoch: options.epoch ?? site.epoch, afterToken: site.token, ...p } }),
    ),
  ];
  const payload = lines.map((l) => `${l}\n`).join('');
  const header = JSON.stringify({
    format: 'chibo-sync',
    version: 1,
    direction: 'up',
    siteId: site.siteId,
    epoch: options.epoch ?? site.epoch,
    createdAt: h.clock.now,
    payloadSha256: sha256Hex(payload),
    ...(options.cursor === undefined ? {} : { cursor: options.cursor }),
  });
  return `${header}\n${signText(site.keys.privateKey, header)}\n${payload}`;
}

const push = (ops: Op[], fromSeq: number, toSeq = Math.max(fromSeq, ...ops.map((o) => o.seq))): Partial<PushBody> => ({ fromSeq, toSeq, ops });

/** Reads a down file, checking its signature with the key /v1/info publishes. */
async function readDown(h: Harness, text: string): Promise<{ header: Json; lines: Json[] }> {
  const [header, signature, ...rest] = text.split('\n');
  const info = await get(h.url, '/v1/info');
  expect(verifyText(info.json.server.publicKey, header!, signature!)).toBe(true);
  const payload = rest.join('\n');
  const parsed = JSON.parse(header!);
  expect(parsed.payloadSha256).toBe(sha256Hex(payload));
  return { header: parsed, lines: rest.filter((l) => l !== '').map((l) => JSON.parse(l)) };
}

async function snapshot(h: Harness) {
  const db = h.env.db;
  return {
    records: await heldRecords(h.env),
    epochs: await db.selectFrom('site_epochs').selectAll().orderBy('slot_id').orderBy('epoch').execute(),
    blobs: await db.selectFrom('blobs').select(['sha256', 'complete']).orderBy('sha256').execute(),
    imports: await db.selectFrom('file_imports').select('file_id').execute(),
  };
}

describeEachDatabase('sync by file', (h) => {
  it('imports an up file (blobs first, then pushes) and answers with a signed down file of acks and pulls', async () => {
    const site = await h().site();
    const attachment = Buffer.from('tệp kèm chỉ thị');
    const docFile = await storeFile(h().env, attachment);
    const { id: docId } = await publishDocument(h().env.db, { kind: 'directive', title: 'Chỉ thị', body: '', files: [docFile], audience: 'all' }, h().clock.fn);
    const blob = Buffer.from('tệp đính kèm gửi bằng USB');
    const ops = [site.op('meetings', 'meet-1'), site.op('attachments', 'att-1', { data: { sha256: sha256Hex(blob) } })];
    const text = upFile(site, h(), { pushes: [push(ops, 1)], blobs: [blob], cursor: 0 });

    const result = await importFile(h().env, text);
    expect(result).toMatchObject({ siteId: site.siteId, slotId: site.slotId, epoch: 1, blobs: 1, repeated: false, cursor: 0 });
    expect(result.acks).toEqual([expect.objectContaining({ lastSeq: 2, applied: 2, rejected: [] })]);
    const down = await readDown(h(), await exportAnswerFile(h().env, result));
    expect(down.header).toMatchObject({ format: 'chibo-sync', version: 1, direction: 'down', siteId: site.siteId, epoch: 1 });
    expect(down.header.serverId).toBe((await serverIdentity(h().env.db)).id);
    expect(down.lines[0].ack).toEqual(result.acks[0]);
    expect(down.lines[1].blob).toEqual({ sha256: docFile, data: attachment.toString('base64') }); // the document's file travels too
    expect(down.lines[2].pull).toMatchObject({ more: false, changes: [expect.objectContaining({ table: 'documents', key: docId })] });
    expect((await heldRecords(h().env)).filter((r) => r.owner === site.siteId).map((r) => r.key)).toEqual(['att-1', 'meet-1']);

    // The token of the ack continues the chain online.
    site.token = down.lines[0].ack.token;
    site.lastSeq = 2;
    expect((await site.push([site.op('members', 'm-1')])).status).toBe(200);
  });

  it('chains several pushes of one file, each continuing from the previous answer', async () => {
    const site = await h().site();
    const first = [site.op('members', 'm-1'), site.op('members', 'm-2')];
    const second = [site.op('members', 'm-3')];
    const result = await importFile(h().env, upFile(site, h(), { pushes: [push(first, 1), push(second, 3)] }));
    expect(result.acks).toEqual([expect.objectContaining({ lastSeq: 2, applied: 2 }), expect.objectContaining({ lastSeq: 3, applied: 1 })]);
    const epoch = await h().env.db.selectFrom('site_epochs').selectAll().executeTakeFirstOrThrow();
    const [ack1, ack2] = result.acks as { token: string }[];
    expect(epoch).toMatchObject({ last_seq: 3, token_current: ack2!.token, token_previous: ack1!.token });
  });

  it('refuses a tampered file whole, writing nothing', async () => {
    const site = await h().site();
    const blob = Buffer.from('tệp');
    const text = upFile(site, h(), { pushes: [push([site.op('members', 'm-1')], 1)], blobs: [blob] });
    const before = await snapshot(h());
    const [header, signature, ...payload] = text.split('\n');
    const tampered = [
      [header, signature, ...payload].join('\n').replace('members m-1', 'members m-X'), // payload changed after signing
      [header!.replace('"epoch":1', '"epoch":2'), signature, ...payload].join('\n'), // header changed
      [header, signText(site.keys.privateKey, 'something else'), ...payload].join('\n'), // signature of something else
      'not a sync file',
    ];
    for (const file of tampered) {
      await expect(importFile(h().env, file)).rejects.toBeInstanceOf(SyncError);
    }
    await expect(importFile(h().env, tampered[0]!)).rejects.toMatchObject({ code: 'BAD_SIGNATURE' });
    expect(await snapshot(h())).toEqual(before);
  });

  it('refuses a well-signed file whose blob does not match its name, writing nothing', async () => {
    const site = await h().site();
    const lines = [JSON.stringify({ blob: { sha256: sha256Hex('a'), data: Buffer.from('b').toString('base64') } })];
    const payload = lines.map((l) => `${l}\n`).join('');
    const header = JSON.stringify({ format: 'chibo-sync', version: 1, direction: 'up', siteId: site.siteId, epoch: 1, createdAt: 1, payloadSha256: sha256Hex(payload) });
    const before = await snapshot(h());
    await expect(importFile(h().env, `${header}\n${signText(site.keys.privateKey, header)}\n${payload}`)).rejects.toMatchObject({ code: 'HASH_MISMATCH' });
    expect(await snapshot(h())).toEqual(before);
  });

  it('changes nothing when the same file is imported twice', async () => {
    const site = await h().site();
    const text = upFile(site, h(), { pushes: [push([site.op('members', 'm-1'), site.op('members', 'm-2')], 1)] });
    const first = await importFile(h().env, text);
    const after = await snapshot(h());
    h().clock.advance(60_000);
    const second = await importFile(h().env, text);
    expect(second.repeated).toBe(true);
    expect(second.acks).toEqual(first.acks);
    expect(await snapshot(h())).toEqual(after);
    const down = await readDown(h(), await exportAnswerFile(h().env, second));
    expect(down.lines[0].ack).toEqual(first.acks[0]);
  });

  it('writes the push error into the ack, with the new epoch in the header, when the chain diverged', async () => {
    const site = await h().site();
    await site.push([site.op('members', 'm-1')]);
    site.token = 'an-old-token';
    const result = await importFile(h().env, upFile(site, h(), { pushes: [push([site.op('members', 'm-2')], 2)] }));
    expect(result.acks).toEqual([{ error: expect.objectContaining({ code: 'EPOCH_CONFLICT', epoch: 2 }) }]);
    const down = await readDown(h(), await exportAnswerFile(h().env, result));
    expect(down.header.epoch).toBe(2);
  });

  it('refuses a file from a revoked or unknown site', async () => {
    const site = await h().site();
    const text = upFile(site, h(), { pushes: [push([site.op('members', 'm-1')], 1)] });
    await revokeSite(h().env.db, site.slotId, h().clock.fn);
    await expect(importFile(h().env, text)).rejects.toMatchObject({ code: 'SITE_REVOKED' });
    expect(await heldRecords(h().env)).toEqual([]);
  });
});
