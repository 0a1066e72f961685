// The administrator's work, as plain functions on the database: the command line, the tests and (later) the web
// console call these. Every change that goes down to sites writes its record and its change-log entries in one
// transaction; every administrative act leaves a line in the audit table.
import type { Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { CODE_TTL_MS, makeCode, type ServerTable } from '../core/sync/protocol';
import { HLC_TICKS_PER_MS } from '../db/hlc';
import { storeBlob } from './blobs';
import { audiencesOfRecord, compactChangeLog, lockChangeLog, logChange } from './changes';
import { projectWrites } from './console/projections';
import type { SyncEnv } from './context';
import type { ServerKysely } from './db';
import { hashCode } from './enrol';
import { audit, serverIdentity } from './meta';
import type { ServerDatabase } from './schema';

export { importFile, exportAnswerFile, type ImportResult, type Ack } from './syncfile';

type Clock = () => number;

/** A refusal the administrator can act on; the message is Vietnamese. */
export class AdminError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdminError';
  }
}

const ADMIN = 'admin';

// ---- Sites -----------------------------------------------------------------------------------------------------------

export interface CreatedSite {
  slotId: string;
  /** XXXX-XXXX-XXXX: shown once, stored only as its hash. */
  code: string;
  expiresAt: number;
}

export async function createSite(db: ServerKysely, name: string, clock: Clock = Date.now, actor: string = ADMIN): Promise<CreatedSite> {
  const trimmed = name.trim();
  if (!trimmed) throw new AdminError('Hãy đặt tên cho đơn vị.');
  const now = clock();
  const code = makeCode();
  const slotId = uuidv7();
  const expiresAt = now + CODE_TTL_MS;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sites')
      .values({ slot_id: slotId, name: trimmed, code_hash: hashCode(code)!, code_expires_at: expiresAt, created_at: now })
      .execute();
    await audit(trx, { at: now, actor, action: 'site.create', detail: { slotId, name: trimmed } });
  });
  return { slotId, code, expiresAt };
}

/** Takes effect on the site's next request (SITE_REVOKED). Revoking twice changes nothing. */
export async function revokeSite(db: ServerKysely, slotId: string, clock: Clock = Date.now, actor: string = ADMIN): Promise<void> {
  const now = clock();
  await db.transaction().execute(async (trx) => {
    const site = await trx.selectFrom('sites').select(['name', 'revoked_at']).where('slot_id', '=', slotId).executeTakeFirst();
    if (!site) throw new AdminError(`Không có đơn vị nào mang mã khe "${slotId}".`);
    if (site.revoked_at !== null) return;
    await trx.updateTable('sites').set({ revoked_at: now }).where('slot_id', '=', slotId).execute();
    await audit(trx, { at: now, actor, action: 'site.revoke', detail: { slotId, name: site.name } });
  });
}

export type SiteStatus = 'waiting' | 'expired' | 'enrolled' | 'revoked';

export interface SiteInfo {
  slotId: string;
  name: string;
  status: SiteStatus;
  siteId: string | null;
  organisation: { id: string; name: string } | null;
  createdAt: number;
  codeExpiresAt: number;
  enrolledAt: number | null;
  revokedAt: number | null;
  lastSeenAt: number | null;
  lastPushAt: number | null;
  appVersion: string | null;
  currentEpoch: number | null;
  /** Every epoch of the site: more than one means a restored backup or a copied installation (§6). */
  epochs: { epoch: number; lastSeq: number; createdAt: number }[];
}

function statusOf(site: { revoked_at: number | null; enrolled_at: number | null; code_expires_at: number }, now: number): SiteStatus {
  if (site.revoked_at !== null) return 'revoked';
  if (site.enrolled_at !== null) return 'enrolled';
  return now > site.code_expires_at ? 'expired' : 'waiting';
}

export async function listSites(db: ServerKysely, clock: Clock = Date.now): Promise<SiteInfo[]> {
  const now = clock();
  const sites = await db.selectFrom('sites').selectAll().orderBy('created_at').orderBy('slot_id').execute();
  const epochs = await db.selectFrom('site_epochs').select(['slot_id', 'epoch', 'last_seq', 'created_at']).orderBy('epoch').execute();
  return sites.map((s) => ({
    slotId: s.slot_id,
    name: s.name,
    status: statusOf(s, now),
    siteId: s.site_id,
    organisation: s.organisation_id ? { id: s.organisation_id, name: s.organisation_name ?? '' } : null,
    createdAt: s.created_at,
    codeExpiresAt: s.code_expires_at,
    enrolledAt: s.enrolled_at,
    revokedAt: s.revoked_at,
    lastSeenAt: s.last_seen_at,
    lastPushAt: s.last_push_at,
    appVersion: s.app_version,
    currentEpoch: s.current_epoch,
    epochs: epochs.filter((e) => e.slot_id === s.slot_id).map((e) => ({ epoch: e.epoch, lastSeq: e.last_seq, createdAt: e.created_at })),
  }));
}

// ---- Server-owned records: documents and feedback ----------------------------------------------------------------------

/** The next HLC stamp of a record this server writes: past the previous one, and no earlier than now. */
const nextStamp = (previous: number, now: number) => Math.max(previous + 1, now * HLC_TICKS_PER_MS);

type Trx = Transaction<ServerDatabase>;

/** Writes one server-owned record, its blob references and its change-log entries. Runs inside the caller's
 *  transaction. Returns the new version. */
async function writeServerRecord(
  trx: Trx,
  input: { table: ServerTable; key: string; data: Record<string, unknown>; deletedAt: number | null; audiences: string[]; files: string[] },
  now: number,
): Promise<number> {
  await lockChangeLog(trx);
  const server = await serverIdentity(trx);
  const held = await trx
    .selectFrom('records')
    .select(['version', 'updated_at'])
    .where('table_name', '=', input.table)
    .where('record_key', '=', input.key)
    .executeTakeFirst();
  const row = {
    owner_site: server.id,
    version: (held?.version ?? 0) + 1,
    updated_at: nextStamp(held?.updated_at ?? 0, now),
    deleted_at: input.deletedAt,
    data: JSON.stringify(input.data),
    received_at: now,
  };
  await trx
    .insertInto('records')
    .values({ table_name: input.table, record_key: input.key, ...row })
    .onConflict((oc) => oc.columns(['table_name', 'record_key']).doUpdateSet(row))
    .execute();
  await trx.deleteFrom('blob_refs').where('table_name', '=', input.table).where('record_key', '=', input.key).execute();
  const files = [...new Set(input.files)];
  if (files.length > 0) {
    await trx
      .insertInto('blob_refs')
      .values(files.map((sha256) => ({ sha256, table_name: input.table, record_key: input.key })))
      .execute();
  }
  await logChange(trx, input.table, input.key, input.audiences, now);
  return row.version;
}

/** §11: a record the server above published, published again here under the same id to the audiences the relay
 *  chose. A copy already held unchanged writes nothing, so relaying the same change twice sends nothing new down. */
export async function republishRecord(
  db: ServerKysely,
  input: { table: ServerTable; key: string; data: Record<string, unknown>; deletedAt: number | null; audiences: string[]; files: string[] },
  clock: Clock = Date.now,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const held = await trx
      .selectFrom('records')
      .select(['data', 'deleted_at'])
      .where('table_name', '=', input.table)
      .where('record_key', '=', input.key)
      .executeTakeFirst();
    if (held && held.data === JSON.stringify(input.data) && held.deleted_at === input.deletedAt) return false;
    await writeServerRecord(trx, input, clock());
    return true;
  });
}

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
/** A file of a document: its name and type as sites will show them, or just its hash (named by the hash, binary). */
const fileSchema = z.union([
  z.object({ name: z.string().trim().min(1).max(255), mime: z.string().min(1).max(200), sha256 }),
  sha256.transform((hash) => ({ name: hash, mime: 'application/octet-stream', sha256: hash })),
]);

const documentSchema = z.object({
  id: z.string().min(1).max(100).optional(),
  kind: z.enum(['document', 'directive', 'news']),
  title: z.string().trim().min(1).max(500),
  body: z.string().max(1_000_000),
  files: z.array(fileSchema).max(100).default([]),
  /** 'all', or the sites it goes to: site ids, slot ids or organisation ids. */
  audience: z.union([z.literal('all'), z.array(z.string().min(1)).min(1)]),
});

export type DocumentInput = z.input<typeof documentSchema>;

function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new AdminError(`Dữ liệu không hợp lệ ở trường "${result.error.issues[0]?.path.join('.') ?? ''}".`);
}

/** Publishes a document, directive or news item (or, given the id of one, a new version of it). Its files must
 *  already be stored completely (storeFile). */
export async function publishDocument(
  db: ServerKysely,
  input: DocumentInput,
  clock: Clock = Date.now,
  actor: string = ADMIN,
): Promise<{ id: string; version: number }> {
  const doc = parseInput(documentSchema, input);
  const now = clock();
  const id = doc.id ?? uuidv7();
  return db.transaction().execute(async (trx) => {
    const hashes = doc.files.map((f) => f.sha256);
    const blobs =
      hashes.length === 0
        ? []
        : await trx.selectFrom('blobs').select(['sha256', 'size']).where('sha256', 'in', hashes).where('complete', '=', 1).execute();
    const sizes = new Map(blobs.map((b) => [b.sha256, b.size ?? 0]));
    const absent = doc.files.find((f) => !sizes.has(f.sha256));
    if (absent) throw new AdminError(`Tệp "${absent.name}" chưa được lưu trên máy chủ.`);
    const held = await trx.selectFrom('records').select('data').where('table_name', '=', 'documents').where('record_key', '=', id).executeTakeFirst();
    const publishedAt = held ? Number((JSON.parse(held.data) as { published_at?: number }).published_at ?? now) : now;
    const files = doc.files.map((f) => ({ name: f.name, mime: f.mime, size: sizes.get(f.sha256)!, sha256: f.sha256 }));
    const data = { id, kind: doc.kind, title: doc.title, body: doc.body, published_at: publishedAt, files: JSON.stringify(files) };
    const audiences = doc.audience === 'all' ? ['*'] : doc.audience;
    const version = await writeServerRecord(
      trx,
      { table: 'documents', key: id, data, deletedAt: null, audiences, files: files.map((f) => f.sha256) },
      now,
    );
    await audit(trx, { at: now, actor, action: 'document.publish', detail: { id, version, kind: doc.kind, title: doc.title, audience: doc.audience } });
    return { id, version };
  });
}

/** Withdraws a document: a tombstone sent to the sites that had it. */
export async function withdrawDocument(db: ServerKysely, id: string, clock: Clock = Date.now, actor: string = ADMIN): Promise<void> {
  const now = clock();
  await db.transaction().execute(async (trx) => {
    const held = await trx
      .selectFrom('records')
      .select(['data', 'deleted_at'])
      .where('table_name', '=', 'documents')
      .where('record_key', '=', id)
      .executeTakeFirst();
    if (!held) throw new AdminError(`Không có văn bản mang mã "${id}".`);
    if (held.deleted_at !== null) return;
    const audiences = await audiencesOfRecord(trx, 'documents', id);
    await writeServerRecord(trx, { table: 'documents', key: id, data: JSON.parse(held.data), deletedAt: now, audiences, files: [] }, now);
    await audit(trx, { at: now, actor, action: 'document.withdraw', detail: { id } });
  });
}

const feedbackSchema = z.object({
  meetingId: z.string().min(1),
  draftVersion: z.number().int().min(1),
  lineFrom: z.number().int().min(1),
  lineTo: z.number().int().min(1),
  authorName: z.string().trim().min(1).max(200),
  text: z.string().trim().min(1).max(20_000),
});

export type FeedbackInput = z.input<typeof feedbackSchema>;

/** Feedback on a draft resolution: it goes to the site owning the meeting, and to no other. */
export async function addFeedback(
  db: ServerKysely,
  input: FeedbackInput,
  clock: Clock = Date.now,
  actor: string = ADMIN,
): Promise<{ id: string; siteId: string; createdAt: number }> {
  const fb = parseInput(feedbackSchema, input);
  if (fb.lineTo < fb.lineFrom) throw new AdminError('Dòng kết thúc phải sau dòng bắt đầu.');
  const now = clock();
  const id = uuidv7();
  return db.transaction().execute(async (trx) => {
    const meeting = await trx
      .selectFrom('records')
      .select('owner_site')
      .where('table_name', '=', 'meetings')
      .where('record_key', '=', fb.meetingId)
      .executeTakeFirst();
    if (!meeting) throw new AdminError(`Máy chủ chưa nhận cuộc họp mang mã "${fb.meetingId}".`);
    const data = {
      id,
      meeting_id: fb.meetingId,
      draft_version: fb.draftVersion,
      line_from: fb.lineFrom,
      line_to: fb.lineTo,
      author_name: fb.authorName,
      text: fb.text,
      created_at: now,
    };
    await writeServerRecord(trx, { table: 'feedback', key: id, data, deletedAt: null, audiences: [meeting.owner_site], files: [] }, now);
    await projectWrites(trx, [{ table: 'feedback', key: id, deletedAt: null, data }], { site_id: meeting.owner_site }, now);
    await audit(trx, { at: now, actor, action: 'feedback.add', detail: { id, meetingId: fb.meetingId, siteId: meeting.owner_site } });
    return { id, siteId: meeting.owner_site, createdAt: now };
  });
}

// ---- Files and housekeeping ------------------------------------------------------------------------------------------

/** Stores a file's bytes (a document's attachment) by SHA-256; returns the hash to name in publishDocument. */
export function storeFile(env: SyncEnv, bytes: Buffer): Promise<string> {
  return storeBlob(env, bytes);
}

/** Forgets tombstones older than 90 days (§7); sites whose cursor predates them are told to reset. */
export function compactTombstones(db: ServerKysely, clock: Clock = Date.now): Promise<{ removed: number; horizon: number }> {
  return compactChangeLog(db, clock());
}
