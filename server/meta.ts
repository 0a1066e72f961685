// The server's own facts (server_meta) and its audit trail. The identity (id, name, Ed25519 key pair) is made once, on
// the first start, and stored in the database so that it travels with the data whichever database holds it.
import { v7 as uuidv7 } from 'uuid';
import type { Kysely } from 'kysely';
import { makeKeyPair } from '../core/sync/protocol';
import type { ServerDatabase } from './schema';

type Db = Kysely<ServerDatabase>;

export interface ServerIdentity {
  id: string;
  name: string;
  /** base64 SPKI DER: what sites verify the server's files with. */
  publicKey: string;
  /** PKCS#8 PEM. */
  privateKey: string;
}

export const DEFAULT_SERVER_NAME = 'Máy chủ đồng bộ Chi bộ số';

/** Meta keys. `tombstone_horizon`: the highest change-log cursor whose tombstone compaction dropped (§7). */
export const META = {
  id: 'server_id',
  name: 'server_name',
  publicKey: 'public_key',
  privateKey: 'private_key',
  createdAt: 'created_at',
  tombstoneHorizon: 'tombstone_horizon',
} as const;

export async function getMeta(db: Db, key: string): Promise<string | null> {
  const row = await db.selectFrom('server_meta').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

export async function setMeta(db: Db, key: string, value: string): Promise<void> {
  await db
    .insertInto('server_meta')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** Makes the identity on the first start. One multi-row insert that skips existing keys, so two processes starting
 *  at once cannot leave a public key from one and a private key from the other. */
export async function ensureServerIdentity(db: Db, options: { name?: string; now: number }): Promise<void> {
  if (await getMeta(db, META.id)) return;
  const keys = makeKeyPair();
  await db
    .insertInto('server_meta')
    .values([
      { key: META.id, value: uuidv7() },
      { key: META.name, value: options.name?.trim() || DEFAULT_SERVER_NAME },
      { key: META.publicKey, value: keys.publicKey },
      { key: META.privateKey, value: keys.privateKey },
      { key: META.createdAt, value: String(options.now) },
    ])
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

const identities = new WeakMap<object, ServerIdentity>();

/** The server's identity; read once per database handle (it never changes). */
export async function serverIdentity(db: Db): Promise<ServerIdentity> {
  const cached = identities.get(db);
  if (cached) return cached;
  const rows = await db.selectFrom('server_meta').select(['key', 'value']).execute();
  const meta = new Map(rows.map((r) => [r.key, r.value]));
  const [id, name, publicKey, privateKey] = [META.id, META.name, META.publicKey, META.privateKey].map((k) => meta.get(k));
  if (!id || !name || !publicKey || !privateKey) throw new Error('Máy chủ chưa có định danh: cơ sở dữ liệu chưa được khởi tạo.');
  const identity = { id, name, publicKey, privateKey };
  identities.set(db, identity);
  return identity;
}

/** One line of the audit trail: who did what, when. `detail` is stored as JSON. */
export async function audit(db: Db, entry: { at: number; actor: string; action: string; detail?: unknown }): Promise<void> {
  await db
    .insertInto('audit')
    .values({ at: entry.at, actor: entry.actor, action: entry.action, detail: entry.detail === undefined ? null : JSON.stringify(entry.detail) })
    .execute();
}
