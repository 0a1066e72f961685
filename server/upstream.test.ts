// §11: a district server that is itself a site of a city server. Two real servers on port 0 (each with its own data
// folder and database or schema); wards push to the district with signed requests built by hand (testing.ts).
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { addFeedback, createSite, publishDocument, revokeSite, storeFile, withdrawDocument } from './admin';
import { serverIdentity } from './meta';
import { queueAllForRelay } from './relay';
import { describeEachDatabase, startHarness, type DbKind, type Harness, type TestSite } from './testing';
import { enrolUpstream, LEASE_MS, startUpstreamScheduler, syncUpstream, UPSTREAM_BUSY, UPSTREAM_TEXT, upstreamStatus } from './upstream';

let city: Harness | undefined;
afterEach(async () => {
  await city?.close();
  city = undefined;
});

const sha = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');
const PDF = Buffer.from('%PDF-1.7\n% biên bản họp chi bộ\n'.repeat(300));

async function uploadBlob(site: TestSite, bytes: Buffer) {
  const res = await site.request('PUT', `/v1/blobs/${sha(bytes)}`, bytes, { headers: { 'chibo-offset': '0', 'chibo-total': String(bytes.length) } });
  expect(res.json).toMatchObject({ complete: true });
}

/** A ward's records: its organisation, a member, a meeting with attendance, an attachment with its file. */
async function pushWard(site: TestSite, prefix: string) {
  await uploadBlob(site, PDF);
  const res = await site.push([
    site.op('organisations', `${prefix}-org`),
    site.op('members', `${prefix}-m1`),
    site.op('meetings', `${prefix}-mt1`),
    site.op('attendance', `${prefix}-mt1:${prefix}-m1`),
    site.op('attachments', `${prefix}-a1`, { data: { sha256: sha(PDF), meeting_id: `${prefix}-mt1` } }),
  ]);
  expect(res.json).toMatchObject({ applied: 5, rejected: [] });
}

const relayCount = async (h: Harness) => Number((await h.env.db.selectFrom('relay_outbox').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

/** The city's copy of every record: (table, key, owner, version, origin, owner named in the row). */
async function cityRecords() {
  const rows = await city!.env.db.selectFrom('records').selectAll().orderBy('table_name').orderBy('record_key').execute();
  return rows.map((r) => {
    const data = JSON.parse(r.data) as Record<string, unknown>;
    return { table: r.table_name, key: r.record_key, owner: r.owner_site, version: r.version, origin: data.origin_site, rowOwner: data.owner_site ?? null };
  });
}

/** A district with two wards that pushed their records, enrolled at a fresh city server. */
async function districtAndCity(h: Harness, kind: DbKind) {
  city = await startHarness(kind);
  const ward = await h.site('Phường Bến Nghé');
  const other = await h.site('Phường Đa Kao');
  await pushWard(ward, 'bn');
  await pushWard(other, 'dk');
  // Nothing is queued before the district enrols upward.
  expect(await relayCount(h)).toBe(0);
  const { code, slotId } = await createSite(city.env.db, 'Quận 1', city.clock.fn);
  const status = await enrolUpstream(h.env, { url: city.url, code });
  expect(status).toMatchObject({ state: 'enrolled', server: { name: expect.any(String) }, slotId, epoch: 1, waiting: 10 });
  const district = await serverIdentity(h.env.db);
  return { ward, other, slotId, districtId: district.id };
}

describeEachDatabase('relaying to the server above', (h, kind) => {
  it('puts every ward record on the city exactly once, owned by the district, the ward kept as origin_site; a second run changes nothing', async () => {
    const { ward, other, districtId } = await districtAndCity(h(), kind);
    // A change after enrolment is queued in the push's transaction; the member goes up once, at its last version.
    await ward.push([ward.op('members', 'bn-m1', { version: 2, data: { full_name: 'Nguyễn Văn An' } })]);
    expect(await relayCount(h())).toBe(11);

    const summary = await syncUpstream(h().env);
    expect(summary).toMatchObject({ pushes: 1, pushed: 10, applied: 10, skipped: 0, rejected: [], blobsUploaded: 1 });
    const held = await cityRecords();
    expect(held).toHaveLength(10);
    for (const r of held) {
      expect(r.owner).toBe(districtId);
      expect(r.origin).toBe(r.key.startsWith('bn') ? ward.siteId : other.siteId);
      expect(r.rowOwner).toBe(r.table === 'attendance' ? null : districtId);
    }
    expect(held.find((r) => r.key === 'bn-m1')).toMatchObject({ version: 2 });
    const blob = await city!.env.db.selectFrom('blobs').selectAll().where('sha256', '=', sha(PDF)).executeTakeFirstOrThrow();
    expect(blob).toMatchObject({ complete: 1, size: PDF.length });
    expect(await upstreamStatus(h().env.db)).toMatchObject({ waiting: 0, lastSeq: 11, lastError: null, lastSuccessAt: h().clock.now });

    const before = await city!.env.db.selectFrom('records').selectAll().orderBy('table_name').orderBy('record_key').execute();
    const again = await syncUpstream(h().env);
    expect(again).toMatchObject({ pushes: 0, pushed: 0, documents: 0, feedback: 0 });
    expect(await city!.env.db.selectFrom('records').selectAll().orderBy('table_name').orderBy('record_key').execute()).toEqual(before);
  });

  it('sends a city directive (with its file) to every ward through the district once, and the city’s feedback to the ward whose meeting it is', async () => {
    const { ward, other } = await districtAndCity(h(), kind);
    await syncUpstream(h().env);
    const file = Buffer.from('%PDF-1.7\n% Chỉ thị của Thành ủy\n'.repeat(200));
    const fileSha = await storeFile(city!.env, file);
    const { id: docId } = await publishDocument(
      city!.env.db,
      { kind: 'directive', title: 'Chỉ thị số 15', body: 'Tổ chức đại hội chi bộ.', files: [{ name: 'ct15.pdf', mime: 'application/pdf', sha256: fileSha }], audience: 'all' },
      city!.clock.fn,
    );
    const { id: fbId, siteId } = await addFeedback(
      city!.env.db,
      { meetingId: 'bn-mt1', draftVersion: 1, lineFrom: 2, lineTo: 3, authorName: 'Ban Tổ chức Thành ủy', text: 'Nêu rõ giải pháp.' },
      city!.clock.fn,
    );
    expect(siteId).toBe((await serverIdentity(h().env.db)).id);

    expect(await syncUpstream(h().env)).toMatchObject({ documents: 1, feedback: 1, filesDownloaded: 1 });
    const pulled = (await ward.request('GET', '/v1/pull?cursor=0')).json;
    expect(pulled.changes.map((c: { table: string; key: string }) => `${c.table}:${c.key}`).sort()).toEqual([`documents:${docId}`, `feedback:${fbId}`]);
    expect(pulled.changes.find((c: { table: string }) => c.table === 'documents').data).toMatchObject({ id: docId, kind: 'directive', title: 'Chỉ thị số 15' });
    expect(pulled.changes.find((c: { table: string }) => c.table === 'feedback').data).toMatchObject({ meeting_id: 'bn-mt1', line_from: 2, text: 'Nêu rõ giải pháp.' });
    const download = await ward.request('GET', `/v1/blobs/${fileSha}`);
    expect(download.status).toBe(200);
    expect(download.bytes.equals(file)).toBe(true);
    // The other ward gets the directive, not the feedback on someone else's meeting.
    const otherPulled = (await other.request('GET', '/v1/pull?cursor=0')).json;
    expect(otherPulled.changes.map((c: { table: string }) => c.table)).toEqual(['documents']);

    // Pulling again publishes nothing again: the ward sees nothing new.
    expect(await syncUpstream(h().env)).toMatchObject({ documents: 0, feedback: 0, filesDownloaded: 0 });
    expect((await ward.request('GET', `/v1/pull?cursor=${pulled.cursor}`)).json.changes).toEqual([]);

    // A withdrawal upstairs reaches the ward as a tombstone.
    await withdrawDocument(city!.env.db, docId, city!.clock.fn);
    expect(await syncUpstream(h().env)).toMatchObject({ documents: 1 });
    const withdrawn = (await ward.request('GET', `/v1/pull?cursor=${pulled.cursor}`)).json.changes;
    expect(withdrawn).toEqual([expect.objectContaining({ table: 'documents', key: docId, deletedAt: expect.any(Number) })]);
  });

  it('answers EPOCH_CONFLICT with a new epoch and everything queued again, and SEQUENCE_GAP by sending again from where the city stands', async () => {
    const { ward, slotId } = await districtAndCity(h(), kind);
    await syncUpstream(h().env);
    const count = (await cityRecords()).length;

    // The district was restored from a backup: its token is one the city does not accept.
    await ward.push([ward.op('members', 'bn-m2')]);
    await h().env.db.updateTable('upstream').set({ token: 'a-token-the-city-never-issued' }).execute();
    const conflict = await syncUpstream(h().env);
    expect(conflict).toMatchObject({ newEpoch: 2, pushed: 11, applied: 1, skipped: 10, rejected: [] });
    expect(await upstreamStatus(h().env.db)).toMatchObject({ epoch: 2, waiting: 0 });
    expect(await cityRecords()).toHaveLength(count + 1);

    // The city loses the end of the district's chain (restored from a backup): it expects seq 1 again.
    await ward.push([ward.op('members', 'bn-m3')]);
    await city!.env.db.updateTable('site_epochs').set({ last_seq: 0 }).where('slot_id', '=', slotId).execute();
    const gap = await syncUpstream(h().env);
    expect(gap).toMatchObject({ applied: 1, skipped: 11, rejected: [] });
    expect(await cityRecords()).toHaveLength(count + 2);
  });

  it('stops when the city revokes the district, and queues nothing more', async () => {
    const { ward, slotId } = await districtAndCity(h(), kind);
    await syncUpstream(h().env);
    await revokeSite(city!.env.db, slotId, city!.clock.fn);
    await ward.push([ward.op('members', 'bn-m2')]);
    await expect(syncUpstream(h().env)).rejects.toMatchObject({ kind: 'revoked' });
    expect(await upstreamStatus(h().env.db)).toMatchObject({ state: 'revoked', lastError: expect.stringMatching(/thu hồi/) });

    await ward.push([ward.op('members', 'bn-m3')]);
    expect(await relayCount(h())).toBe(1);
    let calls = 0;
    const counting: typeof fetch = (...args) => {
      calls++;
      return fetch(...args);
    };
    await expect(syncUpstream(h().env, { fetch: counting })).rejects.toMatchObject({ kind: 'revoked' });
    expect(calls).toBe(0);
  });

  it('runs one upward cycle at a time: of two started together one runs, the other is refused; an expired lease is taken over', async () => {
    const { ward } = await districtAndCity(h(), kind);
    const outcomes = await Promise.allSettled([syncUpstream(h().env), syncUpstream(h().env)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const ran = outcomes.find((o) => o.status === 'fulfilled')!;
    const refused = outcomes.find((o) => o.status === 'rejected')!;
    expect(ran.value).toMatchObject({ pushes: 1, pushed: 10, applied: 10 });
    expect(refused.reason).toMatchObject({ code: UPSTREAM_BUSY, message: 'Một lượt đồng bộ lên cấp trên khác đang chạy; thử lại sau.' });
    // The refused cycle recorded nothing; the one that ran released the lease.
    expect(await upstreamStatus(h().env.db)).toMatchObject({ lastError: null, leaseUntil: null, waiting: 0 });
    expect(await cityRecords()).toHaveLength(10);

    // A cycle that died (in another process) left its lease: refused until the lease expires, then taken over.
    await ward.push([ward.op('members', 'bn-m2')]);
    await h().env.db.updateTable('upstream').set({ lease_until: h().clock.now + LEASE_MS, lease_holder: 'a-cycle-that-died' }).execute();
    await expect(syncUpstream(h().env)).rejects.toMatchObject({ code: UPSTREAM_BUSY });
    expect(await relayCount(h())).toBe(1);
    h().clock.advance(LEASE_MS);
    expect(await syncUpstream(h().env)).toMatchObject({ pushed: 1, applied: 1 });
    expect(await upstreamStatus(h().env.db)).toMatchObject({ lastError: null, leaseUntil: null, waiting: 0 });
    expect(await cityRecords()).toHaveLength(11);
  });

  it('stops before pushing when its lease was taken over while it uploaded files', async () => {
    await districtAndCity(h(), kind);
    // While the district uploads the attachment's file, its lease runs out and another cycle takes it.
    const takingOver: typeof fetch = async (input, init) => {
      if (init?.method === 'PUT') {
        await h().env.db.updateTable('upstream').set({ lease_until: h().clock.now + LEASE_MS, lease_holder: 'a cycle that took over' }).execute();
      }
      return fetch(input, init);
    };
    await expect(syncUpstream(h().env, { fetch: takingOver })).rejects.toMatchObject({ code: 'UPSTREAM_LEASE_LOST', message: UPSTREAM_TEXT.leaseLost });
    // Nothing was pushed by the cycle that lost its lease; everything still waits, for the cycle that holds it now.
    expect(await cityRecords()).toHaveLength(0);
    expect(await relayCount(h())).toBe(10);
  });

  it('skips a background round while another cycle holds the lease, and syncs once it is free', async () => {
    const { ward } = await districtAndCity(h(), kind);
    await h().env.db.updateTable('upstream').set({ lease_until: h().clock.now + LEASE_MS, lease_holder: 'upstream sync on the command line' }).execute();
    const logged: string[] = [];
    const scheduler = startUpstreamScheduler(h().env, { debounceMs: 20, intervalMs: 60_000, log: (m) => logged.push(m) });
    try {
      await ward.push([ward.op('members', 'bn-m2')]);
      await new Promise((r) => setTimeout(r, 200));
      expect(await cityRecords()).toHaveLength(0);
      expect(logged).toEqual([]);
      expect(await upstreamStatus(h().env.db)).toMatchObject({ lastError: null, lastAttemptAt: null, waiting: 11 });
      await h().env.db.updateTable('upstream').set({ lease_until: null, lease_holder: null }).execute();
      for (let i = 0; i < 200 && (await cityRecords()).length < 11; i++) await new Promise((r) => setTimeout(r, 25));
      expect(await cityRecords()).toHaveLength(11);
    } finally {
      await scheduler.stop();
    }
  });

  it('keeps the records the city refuses for review, with its reason, until the city accepts them', async () => {
    const { ward } = await districtAndCity(h(), kind);
    // The district lost the attachments' file: it cannot upload it, so the city refuses both attachments.
    fs.rmSync(path.join(h().dataDir, 'blobs', sha(PDF).slice(0, 2), sha(PDF)));
    const first = await syncUpstream(h().env);
    expect(first).toMatchObject({ applied: 8, blobsUploaded: 0 });
    expect(first.rejected.map((r) => r.key).sort()).toEqual(['bn-a1', 'dk-a1']);
    const refused = await upstreamStatus(h().env.db);
    expect(refused).toMatchObject({ rejected: 2, waiting: 0 });
    expect(refused.rejections).toEqual([
      { table: 'attachments', key: 'bn-a1', seq: expect.any(Number), code: 'BLOB_MISSING', reason: expect.stringMatching(/Tệp đính kèm chưa được tải lên/), at: h().clock.now },
      { table: 'attachments', key: 'dk-a1', seq: expect.any(Number), code: 'BLOB_MISSING', reason: expect.stringMatching(/Tệp đính kèm chưa được tải lên/), at: h().clock.now },
    ]);

    // Everything sent again (as after a SEQUENCE_GAP): refused again, each row is replaced, not added.
    h().clock.advance(1000);
    city!.clock.advance(1000);
    await queueAllForRelay(h().env.db, h().clock.now);
    expect(await syncUpstream(h().env)).toMatchObject({ applied: 0, skipped: 8 });
    expect((await upstreamStatus(h().env.db)).rejections.map((r) => [r.key, r.at])).toEqual([
      ['bn-a1', h().clock.now],
      ['dk-a1', h().clock.now],
    ]);

    // The file is back and the ward changes its attachment: the city takes it, and it leaves the list.
    await storeFile(h().env, PDF);
    await ward.push([ward.op('attachments', 'bn-a1', { version: 2, data: { sha256: sha(PDF), meeting_id: 'bn-mt1' } })]);
    expect(await syncUpstream(h().env)).toMatchObject({ applied: 1, rejected: [], blobsUploaded: 1 });
    expect(await upstreamStatus(h().env.db)).toMatchObject({ rejected: 1, rejections: [expect.objectContaining({ key: 'dk-a1' })] });
  });

  it('syncs in the background shortly after a ward pushes', async () => {
    const { ward } = await districtAndCity(h(), kind);
    const scheduler = startUpstreamScheduler(h().env, { debounceMs: 20, intervalMs: 60_000 });
    try {
      await ward.push([ward.op('members', 'bn-m2')]);
      scheduler.nudge();
      for (let i = 0; i < 200 && (await cityRecords()).length < 11; i++) await new Promise((r) => setTimeout(r, 25));
      expect(await cityRecords()).toHaveLength(11);
    } finally {
      await scheduler.stop();
    }
  });

  it('npm run server -- upstream enrol, sync and status', async () => {
    city = await startHarness(kind);
    const ward = await h().site();
    await ward.push([ward.op('organisations', 'o-1'), ward.op('members', 'm-1')]);
    const { code } = await createSite(city.env.db, 'Quận 3', city.clock.fn);
    const root = path.resolve(import.meta.dirname, '..');
    // Asynchronous: the city answers from this process while the command runs.
    const cli = (args: string[]) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'server/cli.ts'), ...args], {
          cwd: root,
          env: { ...process.env, ...h().cliEnv },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      });
    const enrolled = await cli(['upstream', 'enrol', '--server', city.url, '--code', code]);
    expect(enrolled.status, enrolled.stderr).toBe(0);
    expect(enrolled.stdout).toMatch(/Đã đăng ký với máy chủ cấp trên .*; 2 bản ghi chờ gửi lên/);
    const synced = await cli(['upstream', 'sync']);
    expect(synced.status, synced.stderr).toBe(0);
    expect(synced.stdout).toMatch(/gửi 2 bản ghi trong 1 lượt \(áp dụng 2/);
    const status = JSON.parse((await cli(['upstream', 'status', '--json'])).stdout);
    expect(status).toMatchObject({ state: 'enrolled', url: city.url, waiting: 0, lastSeq: 2, lastError: null, leaseUntil: null, rejected: 0, rejections: [] });
    expect(await cityRecords()).toHaveLength(2);

    // The city refuses an attachment whose file the district does not hold: status lists it with the city's reason.
    const missing = Buffer.from('%PDF-1.7\n% không có ở quận\n');
    await storeFile(h().env, missing);
    await ward.push([ward.op('attachments', 'a-1', { data: { sha256: sha(missing) } })]);
    fs.rmSync(path.join(h().dataDir, 'blobs', sha(missing).slice(0, 2), sha(missing)));
    expect((await syncUpstream(h().env)).rejected).toHaveLength(1);
    const listed = await cli(['upstream', 'status']);
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/cấp trên từ chối 1 bản ghi/);
    expect(listed.stdout).toMatch(/attachments a-1 \(.*\): Tệp đính kèm chưa được tải lên máy chủ đầy đủ/);
    expect(JSON.parse((await cli(['upstream', 'status', '--json'])).stdout)).toMatchObject({
      rejected: 1,
      rejections: [{ table: 'attachments', key: 'a-1', code: 'BLOB_MISSING', reason: expect.any(String) }],
    });

    // While another cycle holds the lease, `upstream sync` says so and fails.
    await h().env.db.updateTable('upstream').set({ lease_until: Date.now() + LEASE_MS, lease_holder: 'the server in the background' }).execute();
    const busy = await cli(['upstream', 'sync']);
    expect(busy.status).toBe(1);
    expect(busy.stderr.trim()).toBe(UPSTREAM_TEXT.busy);
  });
});
