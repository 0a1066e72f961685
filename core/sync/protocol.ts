// The sync protocol's shapes and its signatures, shared by the ward's client (core/sync) and the server (server/):
// one definition, so the two cannot drift apart. docs/sync-protocol.md is the specification this code follows.
import crypto from 'node:crypto';

export const PROTOCOL = 1;
export const MAX_BODY_BYTES = 8 * 1024 * 1024;
export const MAX_OPS = 5000;
export const MAX_BLOB_BYTES = 25 * 1024 * 1024;
export const MAX_PULL = 5000;
export const CLOCK_WINDOW_MS = 300_000;
export const NONCE_TTL_MS = 600_000;
export const CODE_TTL_MS = 7 * 24 * 3600_000;
export const TOMBSTONE_TTL_MS = 90 * 24 * 3600_000;

/** Ward tables a site pushes, in the order a fresh outbox enqueues them (parents before children). */
export const WARD_TABLES = [
  'organisations',
  'members',
  'member_events',
  'branch_officers',
  'meetings',
  'attendance',
  'agenda_items',
  'drafts',
  'attachments',
  'comments',
  'opinions',
  'minutes_addenda',
] as const;
export type WardTable = (typeof WARD_TABLES)[number];

/** Server tables a site pulls. */
export const SERVER_TABLES = ['documents', 'feedback'] as const;
export type ServerTable = (typeof SERVER_TABLES)[number];

export function isWardTable(name: unknown): name is WardTable {
  return typeof name === 'string' && (WARD_TABLES as readonly string[]).includes(name);
}

/** The key of a row: its id, or `<meeting_id>:<member_id>` for attendance. */
export function rowKey(table: WardTable | ServerTable, row: Record<string, unknown>): string | null {
  if (table === 'attendance') {
    return typeof row.meeting_id === 'string' && typeof row.member_id === 'string' ? `${row.meeting_id}:${row.member_id}` : null;
  }
  return typeof row.id === 'string' ? row.id : null;
}

export type ErrorCode =
  | 'MALFORMED'
  | 'UNAUTHENTICATED'
  | 'BAD_SIGNATURE'
  | 'CLOCK_SKEW'
  | 'REPLAY'
  | 'SITE_REVOKED'
  | 'CODE_INVALID'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'SEQUENCE_GAP'
  | 'EPOCH_CONFLICT'
  | 'STALE_REQUEST'
  | 'HASH_MISMATCH'
  | 'PROTOCOL_UNSUPPORTED'
  | 'TOO_LARGE'
  | 'INTERNAL';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; [detail: string]: unknown };
}

export type RejectCode = 'UNKNOWN_TABLE' | 'MALFORMED_OP' | 'OWNER_MISMATCH' | 'BLOB_MISSING';

export interface Op {
  seq: number;
  table: WardTable;
  key: string;
  version: number;
  updatedAt: number;
  deletedAt: number | null;
  data: Record<string, unknown>;
}

export interface PushBody {
  protocol: number;
  schema: number;
  epoch: number;
  afterToken: string | null;
  fromSeq: number;
  toSeq: number;
  ops: Op[];
}

export interface PushAnswer {
  lastSeq: number;
  token: string;
  applied: number;
  skipped: number;
  stale: { seq: number; table: string; key: string }[];
  rejected: { seq: number; table: string; key: string; code: RejectCode; reason: string }[];
}

export interface Change {
  cursor: number;
  table: ServerTable;
  key: string;
  version: number;
  updatedAt: number;
  deletedAt: number | null;
  data: Record<string, unknown>;
}

export type PullAnswer = { changes: Change[]; cursor: number; more: boolean } | { reset: true; cursor: 0 };

export interface OwnAnswer {
  records: { table: WardTable; key: string; version: number; updatedAt: number; deletedAt: number | null; data: Record<string, unknown> }[];
  next: string | null;
}

export interface EnrolBody {
  protocol: number;
  code: string;
  siteId: string;
  organisation: { id: string; name: string };
  publicKey: string;
  appVersion: string;
  proof: string;
}

export interface EnrolAnswer {
  siteId: string;
  slotId: string;
  server: { id: string; name: string; publicKey: string };
  epoch: number;
  serverTime: number;
}

// ---- Keys and signatures -------------------------------------------------------------------------------------------

export interface KeyPair {
  /** base64 SPKI DER. */
  publicKey: string;
  /** PKCS#8 PEM; never leaves the machine that made it. */
  privateKey: string;
}

export function makeKeyPair(): KeyPair {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  return {
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

export function signText(privateKeyPem: string, text: string | Buffer): string {
  return crypto.sign(null, typeof text === 'string' ? Buffer.from(text, 'utf8') : text, privateKeyPem).toString('base64');
}

export function verifyText(publicKeyB64: string, text: string | Buffer, signature: string): boolean {
  try {
    const key = crypto.createPublicKey({ key: Buffer.from(publicKeyB64, 'base64'), format: 'der', type: 'spki' });
    return crypto.verify(null, typeof text === 'string' ? Buffer.from(text, 'utf8') : text, key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

export function sha256Hex(bytes: Buffer | string): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

export const SHA256 = /^[0-9a-f]{64}$/;

/** The string a request's signature covers (§3). */
export function signingString(r: { method: string; path: string; site: string; time: string; nonce: string; body: Buffer | string }): string {
  return ['CHIBO1', r.method.toUpperCase(), r.path, r.site, r.time, r.nonce, sha256Hex(r.body ?? '')].join('\n');
}

/** The headers of a signed request. */
export function signRequest(
  privateKeyPem: string,
  r: { method: string; path: string; site: string; body: Buffer | string; now: number },
): Record<string, string> {
  const time = String(Math.round(r.now));
  const nonce = crypto.randomBytes(16).toString('base64url');
  const signature = signText(privateKeyPem, signingString({ ...r, time, nonce }));
  return { 'chibo-site': r.site, 'chibo-time': time, 'chibo-nonce': nonce, 'chibo-signature': signature };
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A one-time enrolment code: 12 characters, shown as XXXX-XXXX-XXXX. */
export function makeCode(): string {
  const bytes = crypto.randomBytes(12);
  const chars = [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/** Dashes, spaces and case do not matter; null when it cannot be a code. */
export function normaliseCode(code: string): string | null {
  const plain = code.replace(/[\s-]/g, '').toUpperCase();
  return plain.length === 12 && [...plain].every((c) => CODE_ALPHABET.includes(c)) ? plain : null;
}

export function enrolProofText(code: string, siteId: string): string {
  return `CHIBO1-ENROL\n${normaliseCode(code) ?? code}\n${siteId}`;
}

/** The body of POST /v1/enrol (§4), as a ward and a server enrolling upward both send it: the code shown with its
 *  dashes, and the proof that the sender holds the private key of the public key it registers. */
export function enrolRequestBody(input: {
  code: string;
  siteId: string;
  organisation: { id: string; name: string };
  keys: KeyPair;
  appVersion: string;
}): EnrolBody {
  const code = normaliseCode(input.code) ?? input.code;
  return {
    protocol: PROTOCOL,
    code: `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`,
    siteId: input.siteId,
    organisation: input.organisation,
    publicKey: input.keys.publicKey,
    appVersion: input.appVersion,
    proof: signText(input.keys.privateKey, enrolProofText(code, input.siteId)),
  };
}
