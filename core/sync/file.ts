// Sync by file (§9), for a ward with no network: an up file carries the outbox's pushes (nothing is removed until the
// answer comes back), the blobs of the attachments they name and the pull cursor, signed by the site's key; the down
// file the server answers with carries its acknowledgements and the pull pages, signed by the server's key. A down file
// that does not verify is refused whole, and importing one twice changes nothing the second time.
import { ApiError } from '../api';
import { recordAudit } from '../audit';
import type { ServiceContext } from '../context';
import { localDate } from '../dates';
import { foldDiacritics } from '../../db/names';
import { currentWardId } from '../services/setup';
import { addPullEffect, applyPullPage, emptyPullEffect, resetServerRecords, type PullEffect } from './apply';
import { readBlob, writeBlob } from './blobs';
import { SYNC_TEXT } from './messages';
import { applyPushAnswer, buildBatch, enqueueAll, pendingBlobs } from './outbox';
import { PROTOCOL, sha256Hex, signText, verifyText, type Change, type PushAnswer, type PushBody } from './protocol';
import { readState, selfSite, updateState, writeChainMarker } from './state';
import { fileHeader, fileLine } from './wire';

export interface UpFile {
  fileName: string;
  bytes: Buffer;
  pushes: number;
  ops: number;
  blobs: number;
  fromSeq: number | null;
  toSeq: number | null;
}

function slug(text: string): string {
  return (
    foldDiacritics(text)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'dang-bo'
  );
}

/** The up file: pushes covering the whole outbox as it is, the blobs they need, and where the pull stands. */
export function exportUpFile(ctx: ServiceContext, userId: string | null): UpFile {
  const sqlite = ctx.store.sqlite;
  const st = readState(sqlite);
  const siteId = selfSite(sqlite);
  if (!st.enrolled || !st.private_key || !siteId || st.epoch === null) throw new ApiError('CONFLICT', SYNC_TEXT.notEnrolled);
  const lines: string[] = [];
  let blobs = 0;
  for (const blob of pendingBlobs(sqlite)) {
    const bytes = readBlob(ctx.dataDir, blob.sha256);
    if (!bytes || sha256Hex(bytes) !== blob.sha256) continue;
    lines.push(JSON.stringify({ blob: { sha256: blob.sha256, data: bytes.toString('base64') } }));
    blobs++;
  }
  const schema = sqlite.pragma('user_version', { simple: true }) as number;
  let pushes = 0;
  let ops = 0;
  let fromSeq: number | null = null;
  let toSeq: number | null = null;
  for (let next: number | undefined; ; ) {
    const batch = buildBatch(sqlite, { fromSeq: next });
    if (!batch || batch.toSeq < batch.fromSeq) break;
    // Every push names the token the site holds: the server chains a file's pushes itself (server/syncfile.ts).
    const push: PushBody = { protocol: PROTOCOL, schema, epoch: st.epoch, afterToken: st.token, fromSeq: batch.fromSeq, toSeq: batch.toSeq, ops: batch.ops };
    lines.push(JSON.stringify({ push }));
    pushes++;
    ops += batch.ops.length;
    fromSeq ??= batch.fromSeq;
    toSeq = batch.toSeq;
    next = batch.toSeq + 1;
  }
  lines.push(JSON.stringify({ pull: { cursor: st.pull_cursor } }));
  const payload = lines.map((line) => `${line}\n`).join('');
  const createdAt = ctx.clock();
  const header = JSON.stringify({
    format: 'chibo-sync',
    version: 1,
    direction: 'up',
    siteId,
    epoch: st.epoch,
    createdAt,
    payloadSha256: sha256Hex(payload),
    cursor: st.pull_cursor,
  });
  const bytes = Buffer.from(`${header}\n${signText(st.private_key, header)}\n${payload}`, 'utf8');
  const wardId = currentWardId(ctx);
  const wardName = wardId ? (sqlite.prepare('SELECT name FROM organisations WHERE id = ?').pluck().get(wardId) as string | undefined) : undefined;
  const fileName = `dong-bo-${slug(wardName ?? 'dang-bo')}-${localDate(createdAt)}.chibo`;
  sqlite.transaction(() => {
    if (toSeq !== null) sqlite.prepare('UPDATE sync_state SET file_to_seq = max(file_to_seq, ?) WHERE id = 1').run(toSeq);
    recordAudit(sqlite, {
      at: createdAt,
      userId,
      action: 'sync.exportFile',
      entity: 'sync_state',
      entityId: siteId,
      after: { fileName, bytes: bytes.length, pushes, ops, blobs, fromSeq, toSeq, cursor: st.pull_cursor },
    });
  })();
  return { fileName, bytes, pushes, ops, blobs, fromSeq, toSeq };
}

export interface DownFileEffect {
  acks: number;
  /** Acknowledgements already applied before (this file, or a later one, was imported). */
  acksSeen: number;
  removed: number;
  rejected: number;
  /** The server's refusals of whole pushes (its messages). */
  refusals: string[];
  newEpoch: number | null;
  pulled: PullEffect;
  blobs: number;
  summary: string;
}

type Parsed = { ack?: PushAnswer | { error: { code: string; message?: string; [k: string]: unknown } }; pull?: unknown; blob?: { sha256: string; data: string } };

/** Reads a down file: everything is checked before anything is written. */
export function importDownFile(ctx: ServiceContext, file: Buffer, userId: string | null): DownFileEffect {
  const sqlite = ctx.store.sqlite;
  const st = readState(sqlite);
  const siteId = selfSite(sqlite);
  if (!st.enrolled || !siteId || !st.server_public_key) throw new ApiError('CONFLICT', SYNC_TEXT.notEnrolled);

  const first = file.indexOf(0x0a);
  const second = first < 0 ? -1 : file.indexOf(0x0a, first + 1);
  if (second < 0) throw new ApiError('INVALID_INPUT', SYNC_TEXT.fileUnreadable);
  const headerLine = file.subarray(0, first);
  const signature = file.subarray(first + 1, second).toString('utf8').trim();
  const payload = file.subarray(second + 1);
  let header;
  try {
    header = fileHeader.parse(JSON.parse(headerLine.toString('utf8')));
  } catch {
    throw new ApiError('INVALID_INPUT', SYNC_TEXT.fileUnreadable);
  }
  if (header.direction !== 'down') throw new ApiError('INVALID_INPUT', SYNC_TEXT.fileWrongDirection);
  if (!verifyText(st.server_public_key, headerLine, signature) || sha256Hex(payload) !== header.payloadSha256) {
    throw new ApiError('INVALID_INPUT', SYNC_TEXT.fileTampered);
  }
  if (header.siteId !== siteId) throw new ApiError('INVALID_INPUT', SYNC_TEXT.fileOtherSite);

  const lines: Parsed[] = [];
  for (const text of payload.toString('utf8').split('\n')) {
    if (!text.trim()) continue;
    try {
      const line = JSON.parse(text) as Record<string, unknown>;
      if (line.ack && typeof line.ack === 'object' && 'error' in (line.ack as object)) {
        lines.push({ ack: line.ack as Parsed['ack'] });
        continue;
      }
      lines.push(fileLine.parse(line) as Parsed);
    } catch {
      throw new ApiError('INVALID_INPUT', SYNC_TEXT.fileUnreadable);
    }
  }

  // Files first (content-addressed, so an interrupted import leaves nothing wrong), then the records in one transaction.
  let blobs = 0;
  for (const line of lines) {
    if (!line.blob) continue;
    try {
      if (writeBlob(ctx.dataDir, line.blob.sha256, Buffer.from(line.blob.data, 'base64'))) blobs++;
    } catch (error) {
      throw new ApiError('UNAVAILABLE', (error as Error).message);
    }
  }

  const effect: DownFileEffect = { acks: 0, acksSeen: 0, removed: 0, rejected: 0, refusals: [], newEpoch: null, pulled: emptyPullEffect(), blobs, summary: '' };
  sqlite.transaction(() => {
    for (const line of lines) {
      if (line.ack && 'error' in line.ack) {
        const { code, message, epoch } = line.ack.error as { code: string; message?: string; epoch?: unknown };
        const now = readState(sqlite);
        if (code === 'EPOCH_CONFLICT' && Number.isSafeInteger(epoch) && now.epoch !== epoch) {
          // The server opened a new epoch: start it as §6 says; this site's records come back from /v1/own at the next
          // sync over the network (the marker row below asks for it).
          updateState(sqlite, { epoch: epoch as number, token: null, last_seq: 0, file_to_seq: 0 });
          enqueueAll(sqlite, 0);
          sqlite.prepare("INSERT OR REPLACE INTO sync_stale (tbl, key, at) VALUES ('*', '*', ?)").run(ctx.clock());
          effect.newEpoch = epoch as number;
        } else if (code !== 'EPOCH_CONFLICT') effect.refusals.push(message || code);
        continue;
      }
      if (line.ack) {
        const now = readState(sqlite);
        if (header.epoch !== undefined && header.epoch !== null && header.epoch !== now.epoch) continue;
        if (line.ack.lastSeq <= now.last_seq) {
          effect.acksSeen++;
          continue;
        }
        const applied = applyPushAnswer(sqlite, line.ack, { toSeq: now.file_to_seq, ops: null }, ctx.clock());
        effect.acks++;
        effect.removed += applied.removed;
        effect.rejected += applied.rejected;
        continue;
      }
      if (line.pull && typeof line.pull === 'object') {
        const page = line.pull as { reset?: boolean; changes?: Change[]; cursor?: number };
        if (page.reset) resetServerRecords(sqlite);
        else if (Array.isArray(page.changes)) addPullEffect(effect.pulled, applyPullPage(ctx, { changes: page.changes, cursor: page.cursor ?? 0 }));
      }
    }
    recordAudit(sqlite, {
      at: ctx.clock(),
      userId,
      action: 'sync.importFile',
      entity: 'sync_state',
      entityId: siteId,
      after: {
        createdAt: header.createdAt,
        epoch: header.epoch,
        acks: effect.acks,
        acksSeen: effect.acksSeen,
        removed: effect.removed,
        rejected: effect.rejected,
        refusals: effect.refusals,
        newEpoch: effect.newEpoch,
        changes: effect.pulled.applied,
        blobs,
      },
    });
  })();
  const after = readState(sqlite);
  if (after.epoch !== null) writeChainMarker(ctx.store.file, { siteId, epoch: after.epoch, token: after.token, lastSeq: after.last_seq });
  effect.summary = describe(effect);
  const areas = [...(effect.pulled.documents || blobs ? ['documents'] : []), ...(effect.pulled.comments ? ['meetings'] : [])];
  if (areas.length) ctx.emit('data.changed', { areas });
  return effect;
}

function describe(e: DownFileEffect): string {
  const parts: string[] = [];
  if (e.acks) parts.push(`máy chủ đã nhận ${e.removed} thay đổi`);
  if (e.rejected) parts.push(`${e.rejected} thay đổi bị từ chối (xem lý do trong mục Đồng bộ)`);
  if (e.pulled.documents) parts.push(`nhận ${e.pulled.documents} văn bản từ cấp trên`);
  if (e.pulled.feedback) parts.push(`nhận ${e.pulled.feedback} góp ý của cấp trên`);
  if (e.blobs) parts.push(`${e.blobs} tệp kèm theo`);
  if (e.newEpoch !== null) {
    parts.push('máy chủ thấy dữ liệu máy này đã được khôi phục từ bản sao lưu nên đã bắt đầu lại: toàn bộ hồ sơ sẽ được gửi lại trong tệp tới');
  }
  if (e.refusals.length) parts.push(`máy chủ từ chối: ${e.refusals.join('; ')}`);
  if (parts.length === 0) return 'Đã nhập tệp đồng bộ; không có gì mới (tệp này có thể đã được nhập trước đó).';
  return `Đã nhập tệp đồng bộ: ${parts.join('; ')}.`;
}
