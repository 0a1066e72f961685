// Đồng bộ với cấp trên, and the documents the superior committee sends down: the services behind `sync.*` and
// `documents.*`. The work is in core/sync; this file checks, audits and answers as the screens need it.
import { ApiError, type Output, type ParsedInput, type SessionUser, type SuperiorDocument, type SyncStatus } from '../api';
import type { ServiceContext } from '../context';
import { parseDocumentFiles } from '../sync/apply';
import { hasBlob, readBlob } from '../sync/blobs';
import { enrol as enrolSite } from '../sync/client';
import { exportUpFile, importDownFile } from '../sync/file';
import { SYNC_TEXT } from '../sync/messages';
import { readState } from '../sync/state';

export function status(ctx: ServiceContext): SyncStatus {
  return ctx.sync.status();
}

export async function enrol(input: ParsedInput<'sync.enrol'>, ctx: ServiceContext, user: SessionUser | null): Promise<SyncStatus> {
  await enrolSite(ctx, input, user?.id ?? null, ctx.sync.clientOptions());
  ctx.sync.changed();
  // The initial sync follows in the background where the host runs one; otherwise at the next `sync.now`.
  ctx.sync.poke();
  return ctx.sync.status();
}

export async function now(ctx: ServiceContext, _user: SessionUser | null): Promise<SyncStatus> {
  if (!readState(ctx.store.sqlite).enrolled) throw new ApiError('CONFLICT', SYNC_TEXT.notEnrolled);
  return (await ctx.sync.run()).status;
}

export async function exportFile(ctx: ServiceContext, user: SessionUser | null): Promise<Output<'sync.exportFile'>> {
  const file = exportUpFile(ctx, user?.id ?? null);
  return { fileName: file.fileName, data: file.bytes.toString('base64') };
}

export async function importFile(input: ParsedInput<'sync.importFile'>, ctx: ServiceContext, user: SessionUser | null): Promise<Output<'sync.importFile'>> {
  if (ctx.sync.status().state === 'syncing') throw new ApiError('CONFLICT', SYNC_TEXT.busy);
  const effect = importDownFile(ctx, Buffer.from(input.data, 'base64'), user?.id ?? null);
  ctx.sync.changed();
  return { summary: effect.summary, status: ctx.sync.status() };
}

interface DocumentRow {
  id: string;
  kind: SuperiorDocument['kind'];
  title: string;
  body: string;
  published_at: number;
  files: string;
  read_at: number | null;
}

export function listDocuments(ctx: ServiceContext): SuperiorDocument[] {
  const rows = ctx.store.sqlite
    .prepare('SELECT id, kind, title, body, published_at, files, read_at FROM superior_documents WHERE deleted_at IS NULL ORDER BY published_at DESC, id DESC')
    .all() as DocumentRow[];
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    publishedAt: r.published_at,
    files: parseDocumentFiles(r.files).map((f) => ({ ...f, available: hasBlob(ctx.dataDir, f.sha256) })),
    readAt: r.read_at,
  }));
}

export function markDocumentRead(input: ParsedInput<'documents.markRead'>, ctx: ServiceContext, _user: SessionUser): null {
  const sqlite = ctx.store.sqlite;
  const found = sqlite.prepare('SELECT read_at FROM superior_documents WHERE id = ? AND deleted_at IS NULL').get(input.id) as { read_at: number | null } | undefined;
  if (!found) throw new ApiError('NOT_FOUND', SYNC_TEXT.documentMissing);
  if (found.read_at === null) {
    sqlite.prepare('UPDATE superior_documents SET read_at = ? WHERE id = ?').run(ctx.clock(), input.id);
    ctx.emit('data.changed', { areas: ['documents'] });
  }
  return null;
}

export function documentFile(input: ParsedInput<'documents.file'>, ctx: ServiceContext): Output<'documents.file'> {
  const files = ctx.store.sqlite.prepare('SELECT files FROM superior_documents WHERE id = ? AND deleted_at IS NULL').pluck().get(input.id) as string | undefined;
  if (files === undefined) throw new ApiError('NOT_FOUND', SYNC_TEXT.documentMissing);
  const file = parseDocumentFiles(files).find((f) => f.sha256 === input.sha256);
  if (!file) throw new ApiError('NOT_FOUND', SYNC_TEXT.documentMissing);
  const bytes = readBlob(ctx.dataDir, file.sha256);
  if (!bytes) throw new ApiError('NOT_FOUND', SYNC_TEXT.documentFileMissing);
  return { fileName: file.name, mime: file.mime, data: bytes.toString('base64') };
}
