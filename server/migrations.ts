// The server's schema as numbered migrations, run by Kysely's Migrator on SQLite and PostgreSQL alike. Column types are
// chosen to mean the same on both: `bigint` (SQLite gives it integer affinity) for milliseconds and HLC stamps, `text`
// for ids and JSON, integers 0/1 for flags. Only the auto-numbered columns differ by dialect. Never edit a migration
// that has shipped; add the next number.
import { sql, type Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';
import { rebuildProjections } from './console/projections';
import type { ServerKysely } from './db';

export type DialectName = 'sqlite' | 'postgres';

async function initial(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const schema = db.schema;
  await schema
    .createTable('server_meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await schema
    .createTable('sites')
    .addColumn('slot_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('site_id', 'text', (c) => c.unique())
    .addColumn('organisation_id', 'text')
    .addColumn('organisation_name', 'text')
    .addColumn('public_key', 'text')
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('code_expires_at', 'bigint', (c) => c.notNull())
    .addColumn('code_used_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('enrolled_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .addColumn('last_seen_at', 'bigint')
    .addColumn('last_push_at', 'bigint')
    .addColumn('app_version', 'text')
    .addColumn('current_epoch', 'integer')
    .execute();

  await schema
    .createTable('site_epochs')
    .addColumn('slot_id', 'text', (c) => c.notNull().references('sites.slot_id'))
    .addColumn('epoch', 'integer', (c) => c.notNull())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .addColumn('token_current', 'text')
    .addColumn('token_previous', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('site_epochs_pk', ['slot_id', 'epoch'])
    .execute();

  await schema
    .createTable('records')
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('record_key', 'text', (c) => c.notNull())
    .addColumn('owner_site', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('records_pk', ['table_name', 'record_key'])
    .execute();
  // GET /v1/own walks one owner's records in (table, key) order.
  await schema.createIndex('records_owner').on('records').columns(['owner_site', 'table_name', 'record_key']).execute();

  // Auto-numbered keys are the one difference: AUTOINCREMENT in SQLite (a number is never reused), bigserial in PostgreSQL.
  const changeLog =
    dialect === 'postgres'
      ? schema.createTable('change_log').addColumn('cursor', 'bigserial', (c) => c.primaryKey())
      : schema.createTable('change_log').addColumn('cursor', 'integer', (c) => c.primaryKey().autoIncrement());
  await changeLog
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('record_key', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await schema.createIndex('change_log_record').on('change_log').columns(['table_name', 'record_key']).execute();
  // A pull reads one site's audiences in cursor order.
  await schema.createIndex('change_log_audience').on('change_log').columns(['audience', 'cursor']).execute();

  await schema
    .createTable('nonces')
    .addColumn('slot_id', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('expires', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('nonces_pk', ['slot_id', 'nonce'])
    .execute();
  await schema.createIndex('nonces_expires').on('nonces').column('expires').execute();

  await schema
    .createTable('blobs')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size', 'bigint')
    .addColumn('received', 'bigint', (c) => c.notNull())
    .addColumn('complete', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .execute();

  await schema
    .createTable('blob_refs')
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('record_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('blob_refs_pk', ['table_name', 'record_key', 'sha256'])
    .execute();
  await schema.createIndex('blob_refs_sha').on('blob_refs').column('sha256').execute();

  const audit =
    dialect === 'postgres'
      ? schema.createTable('audit').addColumn('id', 'bigserial', (c) => c.primaryKey())
      : schema.createTable('audit').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  await audit
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .execute();

  await schema
    .createTable('file_imports')
    .addColumn('file_id', 'text', (c) => c.primaryKey())
    .addColumn('slot_id', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'bigint', (c) => c.notNull())
    .addColumn('acks', 'text', (c) => c.notNull())
    .execute();
}

/** §11: this server as a site of the server above it. `upstream` holds one row (id 1) once enrolled upward; the
 *  signing key is the server's own (server_meta). `relay_outbox` is the upward outbox: one entry per ward record applied
 *  here, written in the push's transaction, and only while enrolled upward. */
async function upstream(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const schema = db.schema;
  await schema
    .createTable('upstream')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('slot_id', 'text', (c) => c.notNull())
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('server_id', 'text', (c) => c.notNull())
    .addColumn('server_name', 'text', (c) => c.notNull())
    .addColumn('server_public_key', 'text', (c) => c.notNull())
    .addColumn('epoch', 'integer', (c) => c.notNull())
    .addColumn('token', 'text')
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .addColumn('pull_cursor', 'bigint', (c) => c.notNull())
    .addColumn('clock_offset_ms', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('enrolled_at', 'bigint', (c) => c.notNull())
    .addColumn('last_attempt_at', 'bigint')
    .addColumn('last_success_at', 'bigint')
    .addColumn('last_error', 'text')
    .execute();
  const outbox =
    dialect === 'postgres'
      ? schema.createTable('relay_outbox').addColumn('seq', 'bigserial', (c) => c.primaryKey())
      : schema.createTable('relay_outbox').addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement());
  await outbox
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('record_key', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
}

/** Issue 6: what each epoch's last accepted push wrote, `{ "fromSeq", "toSeq", "records": { <table>: [[key, version,
 *  updatedAt], …] } }` as JSON, so a push on the previous token is taken as a retry only when it resends all of it
 *  (docs/sync-protocol.md §5 step 1). */
async function epochLastPush(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('site_epochs').addColumn('last_push', 'text').execute();
}

/** Issue 7: the superior committee's web console. Accounts (scrypt hashes, lockout), their sessions (only the token's
 *  hash is stored), the wards a reviewer or viewer sees, and receipts: when a site fetched a record sent down to it. */
async function consoleAccounts(db: Kysely<unknown>): Promise<void> {
  const schema = db.schema;
  await schema
    .createTable('console_users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('disabled_at', 'bigint')
    .addColumn('last_login_at', 'bigint')
    .execute();
  await schema
    .createTable('console_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('console_users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await schema.createIndex('console_sessions_user').on('console_sessions').column('user_id').execute();
  await schema
    .createTable('console_user_sites')
    .addColumn('user_id', 'text', (c) => c.notNull().references('console_users.id'))
    .addColumn('slot_id', 'text', (c) => c.notNull().references('sites.slot_id'))
    .addPrimaryKeyConstraint('console_user_sites_pk', ['user_id', 'slot_id'])
    .execute();
  await schema
    .createTable('console_receipts')
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('record_key', 'text', (c) => c.notNull())
    .addColumn('slot_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('console_receipts_pk', ['table_name', 'record_key', 'slot_id'])
    .execute();
}

/** Issue 7: the change-log cursor each site last said it had stored (its pull's cursor), so receipts are written for
 *  the range since then only (server/console/receipts.ts). */
async function consoleReceipts(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sites').addColumn('acked_cursor', 'bigint').execute();
}

/** Issue 7: the console's typed projections of the wards' records (server/console/projections.ts), kept in step by every
 *  push. A server upgraded with records already held fills them here, once, from `records`. */
async function consoleProjections(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const schema = db.schema;
  await schema
    .createTable('console_branches')
    .addColumn('branch_id', 'text', (c) => c.primaryKey())
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('search_name', 'text', (c) => c.notNull())
    .addColumn('sort_key', 'text', (c) => c.notNull())
    .addColumn('dissolved_at', 'text')
    .execute();
  await schema.createIndex('console_branches_site').on('console_branches').column('site_id').execute();
  // Clustered by month and ward (SQLite: WITHOUT ROWID on that key), so a month of the city is read in one sweep however
  // the wards' histories arrived; PostgreSQL reads the month from a covering index instead (index-only scan).
  let meetings = schema
    .createTable('console_meetings')
    .addColumn('meeting_id', 'text', (c) => c.notNull())
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('branch_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('scheduled_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('present', 'integer')
    .addColumn('summoned', 'integer')
    .addColumn('opinions', 'integer', (c) => c.notNull())
    .addColumn('draft_shared_at', 'bigint')
    .addColumn('lead_hours', 'integer')
    .addColumn('late', 'integer', (c) => c.notNull())
    .addColumn('feedback', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('console_meetings_pk', ['month', 'site_id', 'meeting_id']);
  if (dialect === 'sqlite') meetings = meetings.modifyEnd(sql`without rowid`);
  await meetings.execute();
  await schema.createIndex('console_meetings_id').unique().on('console_meetings').column('meeting_id').execute();
  // The meeting page reads a branch's history.
  await schema.createIndex('console_meetings_branch').on('console_meetings').columns(['branch_id', 'scheduled_at']).execute();
  if (dialect === 'postgres') {
    await sql`create index console_meetings_month on console_meetings (month, site_id) include (meeting_id, branch_id, kind, scheduled_at, status,
      present, summoned, opinions, draft_shared_at, lead_hours, late, feedback)`.execute(db);
  }
  // The month overview's per-branch view (projections.ts branchMonths), clustered by month and ward like the meetings
  // (PostgreSQL: a covering index, read index-only).
  let branchMonths = schema
    .createTable('console_branch_months')
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('site_id', 'text', (c) => c.notNull())
    .addColumn('branch_id', 'text', (c) => c.notNull())
    .addColumn('meeting_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('scheduled_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('present', 'integer')
    .addColumn('summoned', 'integer')
    .addColumn('opinions', 'integer', (c) => c.notNull())
    .addColumn('draft_shared_at', 'bigint')
    .addColumn('lead_hours', 'integer')
    .addColumn('late', 'integer', (c) => c.notNull())
    .addColumn('feedback', 'integer', (c) => c.notNull())
    .addColumn('meetings', 'integer', (c) => c.notNull())
    .addColumn('sum_present', 'integer', (c) => c.notNull())
    .addColumn('sum_summoned', 'integer', (c) => c.notNull())
    .addColumn('held', 'integer', (c) => c.notNull())
    .addColumn('held_opinions', 'integer', (c) => c.notNull())
    .addColumn('late_drafts', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('console_branch_months_pk', ['month', 'site_id', 'branch_id']);
  if (dialect === 'sqlite') branchMonths = branchMonths.modifyEnd(sql`without rowid`);
  await branchMonths.execute();
  if (dialect === 'postgres') {
    await sql`create index console_branch_months_month on console_branch_months (month, site_id, branch_id) include (meeting_id, kind, scheduled_at,
      status, present, summoned, opinions, draft_shared_at, lead_hours, late, feedback, meetings, sum_present, sum_summoned, held, held_opinions,
      late_drafts)`.execute(db);
  }
  await schema
    .createTable('console_links')
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('record_key', 'text', (c) => c.notNull())
    .addColumn('meeting_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('console_links_pk', ['table_name', 'record_key'])
    .execute();
  await schema.createIndex('console_links_meeting').on('console_links').columns(['meeting_id', 'table_name']).execute();
  await rebuildProjections(db as unknown as ServerKysely);
}

/** Issue 6: the upward cycle's lease (`upstream.lease_until`, `lease_holder`), so that two cycles never run at once, even
 *  from two processes on one database; and the records the server above refused, one row per record, for review. */
async function upstreamLeaseRejections(db: Kysely<unknown>): Promise<void> {
  const schema = db.schema;
  await schema.alterTable('upstream').addColumn('lease_until', 'bigint').execute();
  await schema.alterTable('upstream').addColumn('lease_holder', 'text').execute();
  await schema
    .createTable('upstream_rejections')
    .addColumn('table_name', 'text', (c) => c.notNull())
    .addColumn('record_key', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('upstream_rejections_pk', ['table_name', 'record_key'])
    .execute();
}

/** The server's migrations, by name; Kysely applies them in name order and records them in `kysely_migration`. */
export function serverMigrations(dialect: DialectName): MigrationProvider {
  const list: Record<string, Migration> = {
    '001-initial': { up: (db) => initial(db, dialect) },
    '002-upstream': { up: (db) => upstream(db, dialect) },
    '003-epoch-last-push': { up: (db) => epochLastPush(db) },
    '004-console-accounts': { up: (db) => consoleAccounts(db) },
    '005-console-projections': { up: (db) => consoleProjections(db, dialect) },
    '006-console-receipts': { up: (db) => consoleReceipts(db) },
    '007-upstream-lease-rejections': { up: (db) => upstreamLeaseRejections(db) },
  };
  return { getMigrations: async () => list };
}
