// Blobs (§8): files stored by SHA-256 under <dataDir>/blobs/ab/<sha256>, uploaded resumably. A name is checked to be 64
// lowercase hex characters before it is ever joined to a path, so no name can reach outside the folder. Bytes arrive in
// <sha>.partial; once they hash to the name, the file is renamed into place (atomic), so a complete blob is always whole.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { MAX_BLOB_BYTES, SHA256, sha256Hex } from '../core/sync/protocol';
import type { SyncEnv } from './context';
import { fail } from './errors';

/** Names the refusal of a HEAD /v1/blobs/:sha256 (§8), whose answer cannot carry the error body: the body's code. */
export const ERROR_HEADER = 'x-chibo-error';

export function checkSha(sha: unknown): string {
  if (typeof sha !== 'string' || !SHA256.test(sha)) {
    throw fail('MALFORMED', {}, 'Mã SHA-256 của tệp phải gồm đúng 64 ký tự 0-9, a-f (chữ thường).');
  }
  return sha;
}

export function blobPath(dataDir: string, sha: string): string {
  checkSha(sha);
  return path.join(dataDir, 'blobs', sha.slice(0, 2), sha);
}
const partialPath = (dataDir: string, sha: string) => `${blobPath(dataDir, sha)}.partial`;

// Uploads of one blob take turns within this process (two PUTs racing would interleave their bytes).
const queues = new Map<string, Promise<unknown>>();
function serialised<T>(sha: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(sha) ?? Promise.resolve();
  const next = previous.then(task, task);
  const settled = next.catch(() => undefined);
  queues.set(sha, settled);
  void settled.then(() => {
    if (queues.get(sha) === settled) queues.delete(sha);
  });
  return next;
}

export interface BlobState {
  received: number;
  complete: boolean;
  size: number | null;
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** What the server holds of a blob. The file is the last word: a partial file shorter than the row says (a crash
 *  between writing and recording) means the client resumes from the file's length. */
export async function blobState(env: SyncEnv, sha: string): Promise<BlobState> {
  const row = await env.db.selectFrom('blobs').select(['received', 'complete', 'size']).where('sha256', '=', sha).executeTakeFirst();
  if (!row) return { received: 0, complete: false, size: null };
  if (row.complete === 1) {
    if (fs.existsSync(blobPath(env.dataDir, sha))) return { received: row.size ?? row.received, complete: true, size: row.size ?? row.received };
    await env.db.deleteFrom('blobs').where('sha256', '=', sha).execute();
    return { received: 0, complete: false, size: null };
  }
  return { received: Math.min(row.received, fileSize(partialPath(env.dataDir, sha))), complete: false, size: null };
}

async function recordState(env: SyncEnv, sha: string, received: number, complete: boolean): Promise<void> {
  const now = env.clock();
  const values = { received, complete: complete ? 1 : 0, size: complete ? received : null, completed_at: complete ? now : null };
  await env.db
    .insertInto('blobs')
    .values({ sha256: sha, created_at: now, ...values })
    .onConflict((oc) => oc.column('sha256').doUpdateSet(values))
    .execute();
}

/** Writes `bytes` at `offset` of the partial file and cuts anything after them (left by an interrupted attempt). */
async function writeAt(file: string, offset: number, bytes: Buffer): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const handle = await fs.promises.open(file, fs.existsSync(file) ? 'r+' : 'w');
  try {
    await handle.write(bytes, 0, bytes.length, offset);
    await handle.truncate(offset + bytes.length);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function hashFile(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function completeBlob(env: SyncEnv, sha: string, size: number): Promise<void> {
  fs.renameSync(partialPath(env.dataDir, sha), blobPath(env.dataDir, sha));
  await recordState(env, sha, size, true);
}

async function discardBlob(env: SyncEnv, sha: string): Promise<void> {
  fs.rmSync(partialPath(env.dataDir, sha), { force: true });
  await env.db.deleteFrom('blobs').where('sha256', '=', sha).execute();
}

/** PUT /v1/blobs/:sha256: the next bytes of an upload. `total`, when the client gives it, is the blob's full length. */
export async function putBlobChunk(
  env: SyncEnv,
  sha: string,
  offset: number,
  bytes: Buffer,
  total?: number,
): Promise<{ received: number; complete: boolean }> {
  checkSha(sha);
  return serialised(sha, async () => {
    const state = await blobState(env, sha);
    if (state.complete) return { received: state.received, complete: true };
    if (offset !== state.received) throw fail('SEQUENCE_GAP', { expected: state.received });
    const received = offset + bytes.length;
    if (received > MAX_BLOB_BYTES || (total ?? 0) > MAX_BLOB_BYTES) {
      throw fail('TOO_LARGE', { maxBytes: MAX_BLOB_BYTES }, `Một tệp tối đa ${MAX_BLOB_BYTES / 1024 / 1024} MiB.`);
    }
    await writeAt(partialPath(env.dataDir, sha), offset, bytes);
    const reachedTotal = total !== undefined && received >= total;
    // Without a total, every chunk might be the last: the name itself says when the bytes are all there.
    if (total === undefined || reachedTotal) {
      if ((await hashFile(partialPath(env.dataDir, sha))) === sha) {
        await completeBlob(env, sha, received);
        return { received, complete: true };
      }
      if (reachedTotal) {
        await discardBlob(env, sha);
        throw fail('HASH_MISMATCH');
      }
    }
    await recordState(env, sha, received, false);
    return { received, complete: false };
  });
}

/** Stores a whole blob at once (a file's blob lines, a document's files). Returns its name. */
export async function storeBlob(env: SyncEnv, bytes: Buffer): Promise<string> {
  const sha = sha256Hex(bytes);
  if (bytes.length > MAX_BLOB_BYTES) throw fail('TOO_LARGE', { maxBytes: MAX_BLOB_BYTES });
  return serialised(sha, async () => {
    if ((await blobState(env, sha)).complete) return sha;
    await writeAt(partialPath(env.dataDir, sha), 0, bytes);
    await completeBlob(env, sha, bytes.length);
    return sha;
  });
}

/** The hashes of the list the server does not hold completely, in the order asked. */
export async function missingBlobs(env: SyncEnv, hashes: string[]): Promise<string[]> {
  const unique = [...new Set(hashes)];
  const complete = new Set<string>();
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await env.db
      .selectFrom('blobs')
      .select('sha256')
      .where('sha256', 'in', unique.slice(i, i + 500))
      .where('complete', '=', 1)
      .execute();
    for (const r of rows) if (fs.existsSync(blobPath(env.dataDir, r.sha256))) complete.add(r.sha256);
  }
  return unique.filter((h) => !complete.has(h));
}
