// Files on this machine by SHA-256, in the content-addressed folder the attachments use (core/services/meetings.ts):
// written to a temporary name and renamed, so a crash or a full disk never leaves half a file under a real name.
import fs from 'node:fs';
import path from 'node:path';
import { attachmentPath } from '../services/meetings';
import { SYNC_TEXT, SyncError } from './messages';
import { sha256Hex } from './protocol';

export function hasBlob(dataDir: string, sha256: string): boolean {
  return fs.existsSync(attachmentPath(dataDir, sha256));
}

export function readBlob(dataDir: string, sha256: string): Buffer | null {
  try {
    return fs.readFileSync(attachmentPath(dataDir, sha256));
  } catch {
    return null;
  }
}

/** Stores bytes under their hash; refuses bytes that do not hash to the name. Answers false when they do not. */
export function writeBlob(dataDir: string, sha256: string, bytes: Buffer): boolean {
  if (sha256Hex(bytes) !== sha256) return false;
  const file = attachmentPath(dataDir, sha256);
  if (fs.existsSync(file)) return true;
  const temp = `${file}.${process.pid}.partial`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temp, bytes);
    fs.renameSync(temp, file);
    return true;
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw writeError(error, 'tệp tải về');
  }
}

/** A failed write as the person should read it: a full disk says so. */
export function writeError(error: unknown, what: string): SyncError {
  const code = (error as NodeJS.ErrnoException).code;
  return new SyncError('error', code === 'ENOSPC' ? SYNC_TEXT.diskFull : SYNC_TEXT.writeFailed(what, (error as Error).message), code ?? null);
}
