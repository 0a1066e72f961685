// Sync by file (§9). An up file from a ward with no network is checked whole (its signature by the site's key, its
// payload's hash, every line's shape, every blob's bytes) before anything is written; then its blobs and pushes are
// applied by the very code the HTTP routes use. The answer is a down file signed by the server's key.
import fs from 'node:fs';
import { z } from 'zod';
import { MAX_PULL, sha256Hex, signText, verifyText, type ErrorBody, type PullAnswer, type PushAnswer } from '../core/sync/protocol';
import { blobPath, checkSha, storeBlob } from './blobs';
import { pull } from './changes';
import type { EnrolledSite, SyncEnv } from './context';
import { fail, SyncError } from './errors';
import { serverIdentity } from './meta';
import { applyPush, parsePush, type ParsedPush } from './push';
import { parseWith, safeInt } from './validate';

export const FILE_FORMAT = 'chibo-sync';
export const FILE_VERSION = 1;

export type Ack = PushAnswer | ErrorBody;

export interface ImportResult {
  siteId: string;
  slotId: string;
  siteName: string;
  /** The epoch the site is in after the import (a new one if a push met EPOCH_CONFLICT). */
  epoch: number;
  /** One per push applied, in file order; the first whole-batch error ends the list (later pushes build on it). */
  acks: Ack[];
  /** The pull cursor the up file named (header `cursor` or a `{"pull": {"cursor": n}}` line; 0 when absent). */
  cursor: number;
  blobs: number;
  /** This file had been imported before: nothing was applied again, the earlier acknowledgements are repeated. */
  repeated: boolean;
}

const headerSchema = z.object({
  format: z.literal(FILE_FORMAT),
  version: z.number(),
  direction: z.literal('up'),
  siteId: z.string().min(1),
  epoch: safeInt.min(1),
  createdAt: safeInt,
  payloadSha256: z.string().regex(/^[0-9a-f]{64}$/),
  cursor: safeInt.min(0).optional(),
});

const blobLineSchema = z.object({ sha256: z.string(), data: z.string() });
const pullLineSchema = z.object({ cursor: safeInt.min(0) });

interface Parsed {
  headerLine: Buffer;
  header: z.infer<typeof headerSchema>;
  signature: string;
  pushes: ParsedPush[];
  blobs: { sha256: string; bytes: Buffer }[];
  cursor: number;
}

/** Line 1 the header, line 2 its signature, the rest the payload: its bytes are exactly what payloadSha256 covers. */
function split(file: Buffer): { headerLine: Buffer; signature: string; payload: Buffer } {
  const first = file.indexOf(0x0a);
  const second = first < 0 ? -1 : file.indexOf(0x0a, first + 1);
  if (second < 0) throw fail('MALFORMED', {}, 'Tệp đồng bộ không đúng định dạng: thiếu dòng tiêu đề hoặc chữ ký.');
  return { headerLine: file.subarray(0, first), signature: file.subarray(first + 1, second).toString('utf8').trim(), payload: file.subarray(second + 1) };
}

function parseHeader(line: Buffer): z.infer<typeof headerSchema> {
  let raw: unknown;
  try {
    raw = JSON.parse(line.toString('utf8'));
  } catch {
    throw fail('MALFORMED', {}, 'Dòng đầu của tệp đồng bộ không phải JSON.');
  }
  const version = (raw as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version !== FILE_VERSION) throw fail('PROTOCOL_UNSUPPORTED', { supported: [FILE_VERSION] });
  return parseWith(headerSchema, raw);
}

function parsePayload(payload: Buffer): Pick<Parsed, 'pushes' | 'blobs'> & { cursor: number | undefined } {
  const out = { pushes: [] as ParsedPush[], blobs: [] as Parsed['blobs'], cursor: undefined as number | undefined };
  const lines = payload.toString('utf8').split('\n');
  lines.forEach((text, index) => {
    if (text.trim() === '') return;
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw fail('MALFORMED', { line: index + 3 }, `Dòng ${index + 3} của tệp đồng bộ không phải JSON.`);
    }
    if ('push' in line) out.pushes.push(parsePush(line.push));
    else if ('blob' in line) {
      const blob = parseWith(blobLineSchema, line.blob);
      const bytes = Buffer.from(blob.data, 'base64');
      if (sha256Hex(bytes) !== checkSha(blob.sha256)) throw fail('HASH_MISMATCH', { sha256: blob.sha256 });
      out.blobs.push({ sha256: blob.sha256, bytes });
    } else if ('pull' in line) out.cursor = parseWith(pullLineSchema, line.pull).cursor;
    // Other kinds of line: ignored, as unknown fields are (§10).
  });
  return out;
}

async function findSite(env: SyncEnv, siteId: string): Promise<EnrolledSite> {
  const site = await env.db.selectFrom('sites').selectAll().where('site_id', '=', siteId).executeTakeFirst();
  if (!site || site.enrolled_at === null || !site.public_key) throw fail('UNAUTHENTICATED', {}, 'Tệp đến từ một đơn vị chưa đăng ký với máy chủ này.');
  if (site.revoked_at !== null) throw fail('SITE_REVOKED');
  return site as EnrolledSite;
}

/** Everything is checked here, before any write: a file that fails anywhere is refused whole. */
async function verify(env: SyncEnv, file: Buffer): Promise<{ parsed: Parsed; site: EnrolledSite }> {
  const { headerLine, signature, payload } = split(file);
  const header = parseHeader(headerLine);
  const site = await findSite(env, header.siteId);
  if (!verifyText(site.public_key, headerLine, signature)) throw fail('BAD_SIGNATURE', {}, 'Chữ ký của tệp đồng bộ không hợp lệ.');
  if (sha256Hex(payload) !== header.payloadSha256) {
    throw fail('BAD_SIGNATURE', {}, 'Nội dung tệp đồng bộ đã bị thay đổi sau khi ký; tệp bị từ chối.');
  }
  const body = parsePayload(payload);
  return { parsed: { headerLine, header, signature, ...body, cursor: header.cursor ?? body.cursor ?? 0 }, site };
}

/** Applies the pushes in order. Within one file a site cannot know the token each push will earn, so a push naming
 *  the same afterToken as the file's first continues the chain from the previous push's answer. */
async function applyPushes(env: SyncEnv, site: EnrolledSite, pushes: ParsedPush[]): Promise<Ack[]> {
  const acks: Ack[] = [];
  const base = pushes[0]?.afterToken;
  let previous: string | undefined;
  for (const push of pushes) {
    const body = previous !== undefined && push.afterToken === base ? { ...push, afterToken: previous } : push;
    try {
      const answer = await applyPush(env, site, body);
      acks.push(answer);
      previous = answer.token;
    } catch (error) {
      if (!(error instanceof SyncError)) throw error;
      acks.push(error.toBody());
      break;
    }
  }
  return acks;
}

function epochAfter(acks: Ack[], fileEpoch: number): number {
  const last = acks[acks.length - 1];
  return last && 'error' in last && last.error.code === 'EPOCH_CONFLICT' ? Number(last.error.epoch) : fileEpoch;
}

export async function importFile(env: SyncEnv, file: Buffer | string): Promise<ImportResult> {
  const bytes = typeof file === 'string' ? Buffer.from(file, 'utf8') : file;
  const { parsed, site } = await verify(env, bytes);
  const fileId = sha256Hex(parsed.headerLine);
  const base = { siteId: site.site_id, slotId: site.slot_id, siteName: site.name, cursor: parsed.cursor };

  const earlier = await env.db.selectFrom('file_imports').select('acks').where('file_id', '=', fileId).executeTakeFirst();
  if (earlier) {
    const acks = JSON.parse(earlier.acks) as Ack[];
    return { ...base, epoch: epochAfter(acks, parsed.header.epoch), acks, blobs: 0, repeated: true };
  }

  // Blobs first: an attachment pushed in the same file then finds its file complete.
  for (const blob of parsed.blobs) await storeBlob(env, blob.bytes);
  const acks = await applyPushes(env, site, parsed.pushes);
  await env.db
    .insertInto('file_imports')
    .values({ file_id: fileId, slot_id: site.slot_id, imported_at: env.clock(), acks: JSON.stringify(acks) })
    .onConflict((oc) => oc.column('file_id').doNothing())
    .execute();
  return { ...base, epoch: epochAfter(acks, parsed.header.epoch), acks, blobs: parsed.blobs.length, repeated: false };
}

/** The pull pages after `cursor`, as many as it takes; a reset is followed by the pages from 0. */
async function pullAll(env: SyncEnv, site: EnrolledSite, from: number): Promise<PullAnswer[]> {
  const pages: PullAnswer[] = [];
  let cursor = from;
  for (;;) {
    // Only the cursor the up file named is one the site has stored; the later pages are still on their way to it.
    const page = await pull(env, site, cursor, MAX_PULL, { acknowledge: cursor === from });
    pages.push(page);
    if ('reset' in page) {
      if (cursor === 0) break;
      cursor = 0;
      continue;
    }
    if (!page.more) break;
    cursor = page.cursor;
  }
  return pages;
}

/** The files of the documents in the pages, as `{"blob": …}` lines: a ward with no network has no other way to get
 *  them. (An addition to §9, which lists ack and pull lines; the ward's reader takes blob lines in either direction.) */
function documentBlobs(env: SyncEnv, pages: PullAnswer[]): string[] {
  const hashes = new Set<string>();
  for (const page of pages) {
    if ('reset' in page) continue;
    for (const change of page.changes) {
      if (change.table !== 'documents' || change.deletedAt !== null || typeof change.data.files !== 'string') continue;
      for (const file of JSON.parse(change.data.files) as { sha256?: unknown }[]) if (typeof file.sha256 === 'string') hashes.add(file.sha256);
    }
  }
  return [...hashes].flatMap((sha256) => {
    const file = blobPath(env.dataDir, checkSha(sha256));
    return fs.existsSync(file) ? [JSON.stringify({ blob: { sha256, data: fs.readFileSync(file).toString('base64') } })] : [];
  });
}

/** The down file answering an import: `{"ack": …}` lines, the documents' files, then `{"pull": …}` pages, signed by
 *  the server's key. */
export async function exportAnswerFile(env: SyncEnv, result: ImportResult): Promise<string> {
  const site = await env.db.selectFrom('sites').selectAll().where('slot_id', '=', result.slotId).executeTakeFirstOrThrow();
  const server = await serverIdentity(env.db);
  const pages = await pullAll(env, site as EnrolledSite, result.cursor);
  const lines = [
    ...result.acks.map((ack) => JSON.stringify({ ack })),
    ...documentBlobs(env, pages),
    ...pages.map((page) => JSON.stringify({ pull: page })),
  ];
  const payload = lines.map((line) => `${line}\n`).join('');
  const header = JSON.stringify({
    format: FILE_FORMAT,
    version: FILE_VERSION,
    direction: 'down',
    siteId: result.siteId,
    epoch: result.epoch,
    createdAt: env.clock(),
    payloadSha256: sha256Hex(payload),
    serverId: server.id,
  });
  return `${header}\n${signText(server.privateKey, header)}\n${payload}`;
}
