// Blobs (§8): which are missing, resumable uploads verified by hash, names that can never be paths, who may download.
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { Transport, toSyncError, uploadBlob } from '../core/sync/client';
import { makeKeyPair, sha256Hex } from '../core/sync/protocol';
import { publishDocument, revokeSite, storeFile } from './admin';
import { describeEachDatabase, type Answer, type RequestOptions } from './testing';

const file = (text: string) => {
  const bytes = Buffer.from(text.repeat(200));
  return { bytes, sha: sha256Hex(bytes) };
};

describeEachDatabase('blobs', (h) => {
  it('lists the hashes it lacks', async () => {
    const site = await h().site();
    const have = file('có rồi');
    const lack = file('chưa có');
    await storeFile(h().env, have.bytes);
    const res = await site.request('POST', '/v1/blobs/missing', { hashes: [have.sha, lack.sha, lack.sha] });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ missing: [lack.sha] });
    const tooMany = await site.request('POST', '/v1/blobs/missing', { hashes: Array.from({ length: 1001 }, () => lack.sha) });
    expect(tooMany.json.error.code).toBe('TOO_LARGE');
    expect((await site.request('POST', '/v1/blobs/missing', { hashes: ['ABC'] })).json.error.code).toBe('MALFORMED');
  });

  it('takes an upload in two parts, resuming from what HEAD reports, and renames it into place when complete', async () => {
    const site = await h().site();
    const { bytes, sha } = file('biên bản ');
    const head0 = await site.request('HEAD', `/v1/blobs/${sha}`);
    expect(head0.status).toBe(404);
    expect(head0.headers.get('chibo-received')).toBe('0');
    const half = 700;
    const first = await site.request('PUT', `/v1/blobs/${sha}`, bytes.subarray(0, half), {
      headers: { 'chibo-offset': '0', 'chibo-total': String(bytes.length) },
    });
    expect(first.json).toEqual({ received: half, complete: false });
    const head1 = await site.request('HEAD', `/v1/blobs/${sha}`);
    expect(head1.status).toBe(404);
    expect(head1.headers.get('chibo-received')).toBe(String(half));
    expect(fs.existsSync(path.join(h().dataDir, 'blobs', sha.slice(0, 2), `${sha}.partial`))).toBe(true);
    // A wrong offset is answered with the one expected.
    const wrong = await site.request('PUT', `/v1/blobs/${sha}`, bytes.subarray(10), { headers: { 'chibo-offset': '10' } });
    expect(wrong.status).toBe(409);
    expect(wrong.json.error).toMatchObject({ code: 'SEQUENCE_GAP', expected: half });
    const second = await site.request('PUT', `/v1/blobs/${sha}`, bytes.subarray(half), {
      headers: { 'chibo-offset': String(half), 'chibo-total': String(bytes.length) },
    });
    expect(second.json).toEqual({ received: bytes.length, complete: true });
    const head2 = await site.request('HEAD', `/v1/blobs/${sha}`);
    expect(head2.status).toBe(200);
    expect(head2.headers.get('content-length')).toBe(String(bytes.length));
    expect(head2.headers.get('chibo-server-time')).toBe(String(h().clock.now));
    const final = path.join(h().dataDir, 'blobs', sha.slice(0, 2), sha);
    expect(fs.readFileSync(final).equals(bytes)).toBe(true);
    expect(fs.existsSync(`${final}.partial`)).toBe(false);
    // Sending it again changes nothing.
    const again = await site.request('PUT', `/v1/blobs/${sha}`, bytes, { headers: { 'chibo-offset': '0' } });
    expect(again.json).toEqual({ received: bytes.length, complete: true });
  });

  it('completes without chibo-total as soon as the bytes hash to the name', async () => {
    const site = await h().site();
    const { bytes, sha } = file('không báo tổng ');
    expect((await site.request('PUT', `/v1/blobs/${sha}`, bytes.subarray(0, 100), { headers: { 'chibo-offset': '0' } })).json).toEqual({
      received: 100,
      complete: false,
    });
    expect((await site.request('PUT', `/v1/blobs/${sha}`, bytes.subarray(100), { headers: { 'chibo-offset': '100' } })).json).toEqual({
      received: bytes.length,
      complete: true,
    });
  });

  it('takes an empty file', async () => {
    const site = await h().site();
    const sha = sha256Hex(Buffer.alloc(0));
    const res = await site.request('PUT', `/v1/blobs/${sha}`, Buffer.alloc(0), { headers: { 'chibo-offset': '0', 'chibo-total': '0' } });
    expect(res.json).toEqual({ received: 0, complete: true });
    const head = await site.request('HEAD', `/v1/blobs/${sha}`);
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('0');
  });

  it('discards an upload whose bytes do not hash to its name', async () => {
    const site = await h().site();
    const { bytes, sha } = file('nội dung thật ');
    const fake = Buffer.from(bytes);
    fake[5] = fake[5]! ^ 0xff;
    await site.request('PUT', `/v1/blobs/${sha}`, fake.subarray(0, 50), { headers: { 'chibo-offset': '0', 'chibo-total': String(fake.length) } });
    const res = await site.request('PUT', `/v1/blobs/${sha}`, fake.subarray(50), { headers: { 'chibo-offset': '50', 'chibo-total': String(fake.length) } });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('HASH_MISMATCH');
    expect(fs.existsSync(path.join(h().dataDir, 'blobs', sha.slice(0, 2), `${sha}.partial`))).toBe(false);
    const head = await site.request('HEAD', `/v1/blobs/${sha}`);
    expect(head.headers.get('chibo-received')).toBe('0');
    const retry = await site.request('PUT', `/v1/blobs/${sha}`, bytes, { headers: { 'chibo-offset': '0', 'chibo-total': String(bytes.length) } });
    expect(retry.json.complete).toBe(true);
  });

  it('answers MALFORMED for any name that is not 64 lowercase hex characters, so no name is a path', async () => {
    const site = await h().site();
    const { sha } = file('x');
    const names = ['..%2Fx', '..%2F..%2Fserver.sqlite', sha.toUpperCase(), sha.slice(1), `${sha}0`, `${sha.slice(0, 62)}.%2F`, `${sha.slice(0, 63)}g`];
    for (const name of names) {
      for (const method of ['PUT', 'GET']) {
        const res = await site.request(method, `/v1/blobs/${name}`, method === 'PUT' ? Buffer.from('x') : undefined, { headers: { 'chibo-offset': '0' } });
        expect(res.status, `${method} ${name}`).toBe(400);
        expect(res.json.error.code).toBe('MALFORMED');
      }
      expect((await site.request('HEAD', `/v1/blobs/${name}`)).status).toBe(400);
    }
    expect(fs.readdirSync(h().dataDir).filter((n) => n !== 'server.sqlite' && !n.startsWith('server.sqlite-'))).toEqual([]);
    const noOffset = await site.request('PUT', `/v1/blobs/${sha}`, Buffer.from('x'));
    expect(noOffset.json.error.code).toBe('MALFORMED');
  });

  it('lets a site download the files of its own attachments and of documents sent to it, and no others', async () => {
    const a = await h().site('A');
    const b = await h().site('B');
    const own = file('tệp của A ');
    await a.request('PUT', `/v1/blobs/${own.sha}`, own.bytes, { headers: { 'chibo-offset': '0' } });
    await a.push([a.op('attachments', 'att-1', { data: { sha256: own.sha } })]);
    const doc = file('văn bản cấp trên ');
    await storeFile(h().env, doc.bytes);
    await publishDocument(
      h().env.db,
      { kind: 'document', title: 'Hướng dẫn', body: '', files: [{ name: 'hd.pdf', mime: 'application/pdf', sha256: doc.sha }], audience: [b.siteId] },
      h().clock.fn,
    );
    const mine = await a.request('GET', `/v1/blobs/${own.sha}`);
    expect(mine.status).toBe(200);
    expect(mine.bytes.equals(own.bytes)).toBe(true);
    expect(mine.headers.get('content-type')).toBe('application/octet-stream');
    expect((await b.request('GET', `/v1/blobs/${own.sha}`)).json.error.code).toBe('FORBIDDEN');
    expect((await b.request('GET', `/v1/blobs/${doc.sha}`)).bytes.equals(doc.bytes)).toBe(true);
    expect((await a.request('GET', `/v1/blobs/${doc.sha}`)).status).toBe(403);
    const pulled = await b.request('GET', '/v1/pull?cursor=0');
    expect(JSON.parse(pulled.json.changes[0].data.files)).toEqual([{ name: 'hd.pdf', mime: 'application/pdf', size: doc.bytes.length, sha256: doc.sha }]);
    // Files may also be named by their hash alone; a file the server does not hold cannot be published.
    const { id } = await publishDocument(h().env.db, { kind: 'news', title: 'Ảnh', body: '', files: [doc.sha], audience: 'all' }, h().clock.fn);
    const record = await h().env.db.selectFrom('records').select('data').where('record_key', '=', id).executeTakeFirstOrThrow();
    expect(JSON.parse(JSON.parse(record.data).files)).toEqual([{ name: doc.sha, mime: 'application/octet-stream', size: doc.bytes.length, sha256: doc.sha }]);
    await expect(publishDocument(h().env.db, { kind: 'news', title: 'Thiếu', body: '', files: [file('không có').sha], audience: 'all' })).rejects.toThrow(
      /chưa được lưu/,
    );
  });

  it('names every refusal of a HEAD, which has no body, in x-chibo-error', async () => {
    const site = await h().site();
    const { bytes, sha } = file('hỏi trước khi gửi ');
    const head = (options?: RequestOptions, name = sha) => site.request('HEAD', `/v1/blobs/${name}`, undefined, options);
    const refusal = (res: Answer) => ({ status: res.status, code: res.headers.get('x-chibo-error'), body: res.bytes.length });

    expect(refusal(await head())).toEqual({ status: 404, code: 'NOT_FOUND', body: 0 });
    expect(refusal(await head(undefined, sha.toUpperCase()))).toEqual({ status: 400, code: 'MALFORMED', body: 0 });
    expect(refusal(await head(undefined, '..%2F..%2Fserver.sqlite'))).toEqual({ status: 400, code: 'MALFORMED', body: 0 });
    const badlySigned = await head({ tamper: (headers) => void (headers['chibo-signature'] = Buffer.alloc(64).toString('base64')) });
    expect(refusal(badlySigned)).toEqual({ status: 401, code: 'BAD_SIGNATURE', body: 0 });
    const unsigned = await fetch(`${h().url}/v1/blobs/${sha}`, { method: 'HEAD' });
    expect({ status: unsigned.status, code: unsigned.headers.get('x-chibo-error') }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(refusal(await head({ now: h().clock.now - 3600_000 }))).toEqual({ status: 401, code: 'CLOCK_SKEW', body: 0 });

    // A partial upload is still not there: 404, with how much is.
    await site.request('PUT', `/v1/blobs/${sha}`, bytes.subarray(0, 100), { headers: { 'chibo-offset': '0', 'chibo-total': String(bytes.length) } });
    const partial = await head();
    expect(refusal(partial)).toEqual({ status: 404, code: 'NOT_FOUND', body: 0 });
    expect(partial.headers.get('chibo-received')).toBe('100');
    // A complete blob is no refusal.
    await site.request('PUT', `/v1/blobs/${sha}`, bytes.subarray(100), { headers: { 'chibo-offset': '100', 'chibo-total': String(bytes.length) } });
    const complete = await head();
    expect({ status: complete.status, code: complete.headers.get('x-chibo-error') }).toEqual({ status: 200, code: null });

    await revokeSite(h().env.db, site.slotId, h().clock.fn);
    expect(refusal(await head())).toEqual({ status: 403, code: 'SITE_REVOKED', body: 0 });
  });

  it('the ward’s client tells HEAD refusals apart by x-chibo-error, and retries a clock skew once', async () => {
    const site = await h().site();
    const { bytes, sha } = file('tải lên từ phường ');
    const client = (privateKey: string, offsetMs = 0) =>
      new Transport(h().url, { site: site.siteId, privateKey }, offsetMs, { wallClock: h().clock.fn });
    // A clock 1 hour slow: the HEAD is refused with CLOCK_SKEW, the offset learned from chibo-server-time, and retried.
    const skewed = client(site.keys.privateKey, -3600_000);
    await uploadBlob(skewed, sha, bytes, { blobChunkBytes: 500 });
    expect(skewed.offsetMs).toBe(0);
    expect((await site.request('HEAD', `/v1/blobs/${sha}`)).status).toBe(200);

    const other = file('chưa tải ');
    await expect(uploadBlob(client(makeKeyPair().privateKey), other.sha, other.bytes)).rejects.toMatchObject({ status: 401, code: 'BAD_SIGNATURE' });
    await revokeSite(h().env.db, site.slotId, h().clock.fn);
    const revoked = await uploadBlob(client(site.keys.privateKey), other.sha, other.bytes).catch((error: unknown) => toSyncError(error));
    expect(revoked).toMatchObject({ kind: 'revoked', code: 'SITE_REVOKED' });
  });

  it('refuses a blob over 25 MiB', async () => {
    const site = await h().site();
    const { sha } = file('lớn');
    const res = await site.request('PUT', `/v1/blobs/${sha}`, Buffer.alloc(10), {
      headers: { 'chibo-offset': '0', 'chibo-total': String(26 * 1024 * 1024) },
    });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe('TOO_LARGE');
  });
});
