// Sync by file (§9): the up file a ward carries to the superior, and the signed answer it brings back.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHlc } from '../../db/hlc';
import { openTempDatabase } from '../../db/testing';
import { ApiError } from '../api';
import type { ServiceContext } from '../context';
import { attachmentPath } from '../services/meetings';
import { exportUpFile, importDownFile } from './file';
import { SYNC_TEXT } from './messages';
import { sha256Hex, signText, verifyText, type KeyPair, type PushBody } from './protocol';
import { SITE, fakeEnrol, outboxRows, seedWard, type FakeEnrolment } from './sync.fixtures';

let store: ReturnType<typeof openTempDatabase>;
let ctx: ServiceContext;
let keys: FakeEnrolment;
const NOW = Date.parse('2026-11-26T09:00:00+07:00');
const BLOB = Buffer.from('%PDF-1.7 kế hoạch tháng 12');
const BLOB_SHA = sha256Hex(BLOB);

beforeEach(() => {
  store = openTempDatabase();
  seedWard(store.sqlite);
  store.sqlite.prepare("UPDATE attachments SET sha256 = ?, size = ? WHERE id = 'att-1'").run(BLOB_SHA, BLOB.length);
  fs.mkdirSync(path.dirname(attachmentPath(store.dir, BLOB_SHA)), { recursive: true });
  fs.writeFileSync(attachmentPath(store.dir, BLOB_SHA), BLOB);
  ctx = { store, clock: () => NOW, hlc: createHlc(() => NOW), dataDir: store.dir, emit: () => {} } as unknown as ServiceContext;
  keys = fakeEnrol(store.sqlite);
});
afterEach(() => store.cleanup());

function split(bytes: Buffer) {
  const [header, signature, ...rest] = bytes.toString('utf8').split('\n');
  return { header: header!, signature: signature!, payload: rest.join('\n'), lines: rest.filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

function downFile(lines: unknown[], options: { key?: KeyPair; siteId?: string; direction?: string; epoch?: number } = {}): Buffer {
  const payload = lines.map((l) => `${JSON.stringify(l)}\n`).join('');
  const header = JSON.stringify({
    format: 'chibo-sync',
    version: 1,
    direction: options.direction ?? 'down',
    siteId: options.siteId ?? SITE,
    epoch: options.epoch ?? 1,
    createdAt: NOW,
    payloadSha256: sha256Hex(payload),
  });
  return Buffer.from(`${header}\n${signText((options.key ?? keys.server).privateKey, header)}\n${payload}`);
}

const change = (table: string, key: string, data: Record<string, unknown>, cursor: number) => ({ cursor, table, key, version: 1, updatedAt: NOW * 1024, deletedAt: null, data });
const answerFile = () =>
  downFile([
    { ack: { lastSeq: 15, token: 'tok-file-1', applied: 15, skipped: 0, stale: [], rejected: [] } },
    {
      pull: {
        changes: [
          change('documents', 'doc-1', { id: 'doc-1', kind: 'document', title: 'Hướng dẫn', body: '…', published_at: NOW, files: '[]' }, 3),
          change('feedback', 'fb-1', { id: 'fb-1', meeting_id: 'mtg-1', draft_version: 1, line_from: 1, line_to: 2, author_name: 'Ban Tổ chức', text: 'Bổ sung.', created_at: NOW }, 4),
        ],
        cursor: 4,
        more: false,
      },
    },
  ]);

/** Everything an import could change, to compare before and after. */
function snapshot() {
  const q = (sql: string) => store.sqlite.prepare(sql).all();
  return {
    outbox: q('SELECT * FROM outbox ORDER BY seq'),
    state: q('SELECT token, last_seq, pull_cursor, epoch, file_to_seq FROM sync_state'),
    documents: q('SELECT * FROM superior_documents ORDER BY id'),
    feedback: q('SELECT * FROM superior_feedback ORDER BY id'),
    comments: q('SELECT * FROM comments ORDER BY id'),
    rejections: q('SELECT * FROM sync_rejections'),
  };
}

describe('the up file', () => {
  it('is signed by the site’s key, covers the outbox in pushes with the blobs they need, and removes nothing', () => {
    const up = exportUpFile(ctx, null);
    expect(up.fileName).toBe('dong-bo-dang-bo-phuong-hong-ha-2026-11-26.chibo');
    const { header, signature, payload, lines } = split(up.bytes);
    expect(verifyText(keys.site.publicKey, header, signature)).toBe(true);
    const h = JSON.parse(header) as Record<string, unknown>;
    expect(h).toMatchObject({ format: 'chibo-sync', version: 1, direction: 'up', siteId: SITE, epoch: 1, createdAt: NOW, cursor: 0 });
    expect(h.payloadSha256).toBe(sha256Hex(payload));
    expect(lines[0]).toEqual({ blob: { sha256: BLOB_SHA, data: BLOB.toString('base64') } });
    const pushes = lines.filter((l) => l.push).map((l) => l.push as PushBody);
    expect(pushes).toHaveLength(1);
    expect(pushes[0]).toMatchObject({ protocol: 1, schema: 6, epoch: 1, afterToken: null, fromSeq: 1, toSeq: 15 });
    expect(pushes[0]!.ops).toHaveLength(15);
    expect(lines.at(-1)).toEqual({ pull: { cursor: 0 } });
    expect(outboxRows(store.sqlite)).toHaveLength(15);
    expect(store.sqlite.prepare('SELECT file_to_seq FROM sync_state').pluck().get()).toBe(15);
    expect(store.sqlite.prepare("SELECT count(*) FROM audit_log WHERE action = 'sync.exportFile'").pluck().get()).toBe(1);
  });

  it('splits a large outbox into chained pushes that all name the token the site holds', () => {
    store.sqlite.prepare("UPDATE sync_state SET token = 'tok-0'").run();
    const insert = store.sqlite.prepare(
      "INSERT INTO members (id, branch_id, full_name, sort_key, search_name, gender, status, owner_site, updated_at) VALUES (?, 'org-b1', 'Đảng viên', 'k', 'dang vien', 'male', 'official', ?, 1)",
    );
    store.sqlite.transaction(() => {
      for (let i = 0; i < 5200; i++) insert.run(`mem-bulk-${i}`, SITE);
    })();
    const pushes = split(exportUpFile(ctx, null).bytes).lines.filter((l) => l.push).map((l) => l.push as PushBody);
    expect(pushes.length).toBe(2);
    expect(pushes.map((p) => p.afterToken)).toEqual(['tok-0', 'tok-0']);
    expect(pushes[1]!.fromSeq).toBe(pushes[0]!.toSeq + 1);
    expect(pushes.reduce((n, p) => n + p.ops.length, 0)).toBe(5215);
  });

  it('needs an enrolled site', () => {
    store.sqlite.prepare('UPDATE sync_state SET enrolled = 0').run();
    expect(() => exportUpFile(ctx, null)).toThrow(SYNC_TEXT.notEnrolled);
  });
});

describe('the down file', () => {
  it('applies the acknowledgements and the pull; importing it twice changes nothing more', () => {
    exportUpFile(ctx, null);
    const effect = importDownFile(ctx, answerFile(), null);
    expect(effect).toMatchObject({ acks: 1, removed: 15, newEpoch: null });
    expect(effect.pulled).toMatchObject({ documents: 1, feedback: 1, comments: 1 });
    expect(effect.summary).toContain('máy chủ đã nhận 15 thay đổi');
    const after = snapshot();
    expect(after.state).toEqual([{ token: 'tok-file-1', last_seq: 15, pull_cursor: 4, epoch: 1, file_to_seq: 15 }]);
    expect(after.outbox.map((r) => (r as { tbl: string }).tbl)).toEqual(['comments']); // the superior comment, to go up
    expect(after.documents).toHaveLength(1);

    const again = importDownFile(ctx, answerFile(), null);
    expect(again).toMatchObject({ acks: 0, acksSeen: 1, removed: 0 });
    expect(again.summary).toContain('không có gì mới');
    expect(snapshot()).toEqual(after);
  });

  it('never removes entries made after the up file was written', () => {
    exportUpFile(ctx, null);
    store.sqlite.prepare("UPDATE members SET phone = '0909', version = version + 1, updated_at = updated_at + 1 WHERE id = 'mem-1'").run();
    // The server had more than this file (lastSeq 40): only what the file covered goes.
    importDownFile(ctx, downFile([{ ack: { lastSeq: 40, token: 't', applied: 0, skipped: 0, stale: [], rejected: [] } }]), null);
    expect(outboxRows(store.sqlite).map((r) => [r.seq, r.key])).toEqual([[16, 'mem-1']]);
  });

  it('refuses a file that was changed, signed by another key or not a down file, in Vietnamese, writing nothing', () => {
    exportUpFile(ctx, null);
    const before = snapshot();
    const audit = store.sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get();
    const good = answerFile();
    const text = good.toString('utf8');
    const refused = (bytes: Buffer, message: string) => {
      let error: unknown;
      try {
        importDownFile(ctx, bytes, null);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ApiError);
      expect((error as Error).message).toBe(message);
    };
    refused(Buffer.from(text.replace('Bổ sung.', 'Bổ sung!')), SYNC_TEXT.fileTampered);
    refused(Buffer.from(text.replace('"epoch":1', '"epoch":2')), SYNC_TEXT.fileTampered);
    refused(Buffer.from(`${text}{"ack":{"lastSeq":99,"token":"x"}}\n`), SYNC_TEXT.fileTampered);
    refused(downFile([], { key: keys.site }), SYNC_TEXT.fileTampered);
    refused(downFile([], { direction: 'up' }), SYNC_TEXT.fileWrongDirection);
    refused(downFile([], { siteId: 'site-elsewhere' }), SYNC_TEXT.fileOtherSite);
    refused(Buffer.from('không phải tệp đồng bộ'), SYNC_TEXT.fileUnreadable);
    refused(Buffer.from('{"format":"chibo-sync"}\nxx\n'), SYNC_TEXT.fileUnreadable);
    expect(snapshot()).toEqual(before);
    expect(store.sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(audit);
  });

  it('starts the new epoch the server opened, with a fresh outbox, and asks for the records back at the next online sync', () => {
    store.sqlite.prepare("UPDATE sync_state SET token = 'old', last_seq = 40").run();
    const effect = importDownFile(ctx, downFile([{ ack: { error: { code: 'EPOCH_CONFLICT', message: 'Khác kỳ', epoch: 2 } } }], { epoch: 2 }), null);
    expect(effect.newEpoch).toBe(2);
    expect(store.sqlite.prepare('SELECT epoch, token, last_seq FROM sync_state').get()).toEqual({ epoch: 2, token: null, last_seq: 0 });
    expect(outboxRows(store.sqlite)[0]!.seq).toBe(1);
    expect(outboxRows(store.sqlite)).toHaveLength(15);
    expect(store.sqlite.prepare('SELECT count(*) FROM sync_stale').pluck().get()).toBe(1);
    // Twice: the same epoch is not started again.
    expect(importDownFile(ctx, downFile([{ ack: { error: { code: 'EPOCH_CONFLICT', epoch: 2 } } }], { epoch: 2 }), null).newEpoch).toBeNull();
  });
});
