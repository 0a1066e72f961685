// The server's tables as Kysely sees them. server/migrations.ts creates them; the same types serve SQLite and PostgreSQL.
// Times are integer milliseconds and `updated_at` is a hybrid logical clock stamp (ms × 1024): both exceed 2^31, so
// they are `bigint` columns, read back as JS numbers (server/db.ts sets pg's int8 parser).
import type { Generated } from 'kysely';

/** Key/value facts about this server: its id, name, key pair, the tombstone horizon. */
export interface ServerMetaTable {
  key: string;
  value: string;
}

/** One row per site the administrator created (a slot); bound to the ward's own site id at enrolment. */
export interface SitesTable {
  slot_id: string;
  name: string;
  site_id: string | null;
  organisation_id: string | null;
  organisation_name: string | null;
  public_key: string | null;
  /** SHA-256 (hex) of the normalised one-time code. */
  code_hash: string;
  code_expires_at: number;
  code_used_at: number | null;
  created_at: number;
  enrolled_at: number | null;
  revoked_at: number | null;
  last_seen_at: number | null;
  last_push_at: number | null;
  app_version: string | null;
  current_epoch: number | null;
  /** The change-log cursor the site last said it had stored (migration 006-console-receipts); null before its first pull. */
  acked_cursor: number | null;
}

/** A site's chain of pushes within one epoch (§5, §6). */
export interface SiteEpochsTable {
  slot_id: string;
  epoch: number;
  last_seq: number;
  token_current: string | null;
  token_previous: string | null;
  created_at: number;
  /** What the last accepted push wrote (migration 003-epoch-last-push): JSON, or null before the first push. */
  last_push: string | null;
}

/** Every synced record the server holds: the wards' records and its own (documents, feedback). */
export interface RecordsTable {
  table_name: string;
  record_key: string;
  /** The ward's site id, or this server's id for the records it publishes. */
  owner_site: string;
  version: number;
  updated_at: number;
  deleted_at: number | null;
  /** The whole row as JSON text. */
  data: string;
  received_at: number;
}

/** The latest change of each server-owned record, once per audience ('*', a site id, a slot id or an organisation id). */
export interface ChangeLogTable {
  cursor: Generated<number>;
  table_name: string;
  record_key: string;
  audience: string;
  at: number;
}

export interface NoncesTable {
  slot_id: string;
  nonce: string;
  expires: number;
}

export interface BlobsTable {
  sha256: string;
  /** Known once complete. */
  size: number | null;
  received: number;
  complete: number;
  created_at: number;
  completed_at: number | null;
}

/** Which records name which blob: decides who may download it (§8). */
export interface BlobRefsTable {
  sha256: string;
  table_name: string;
  record_key: string;
}

export interface AuditTable {
  id: Generated<number>;
  at: number;
  actor: string;
  action: string;
  /** JSON. */
  detail: string | null;
}

/** Up files already imported (§9), so importing one twice changes nothing. */
export interface FileImportsTable {
  file_id: string;
  slot_id: string;
  imported_at: number;
  /** JSON: the acknowledgements written into the answer. */
  acks: string;
}

/** §11: the server above this one, once this server enrolled there (one row, id 1). The key is the server's own. */
export interface UpstreamTable {
  id: number;
  url: string;
  slot_id: string;
  /** The site id used upward: this server's id. */
  site_id: string;
  server_id: string;
  server_name: string;
  server_public_key: string;
  epoch: number;
  token: string | null;
  last_seq: number;
  pull_cursor: number;
  clock_offset_ms: number;
  revoked_at: number | null;
  enrolled_at: number;
  last_attempt_at: number | null;
  last_success_at: number | null;
  last_error: string | null;
  /** Until when a cycle holds the upward lease (issue 6); null when none runs. */
  lease_until: number | null;
  /** The cycle holding it, so that only that cycle extends or releases it. */
  lease_holder: string | null;
}

/** A ward record the server above refused (its push answer's `rejected`), until it accepts it. */
export interface UpstreamRejectionsTable {
  table_name: string;
  record_key: string;
  seq: number;
  code: string;
  reason: string;
  at: number;
}

/** The upward outbox: one entry per change of a ward record applied here while enrolled upward. */
export interface RelayOutboxTable {
  seq: Generated<number>;
  table_name: string;
  record_key: string;
  at: number;
}

// ---- The web console (issue 7) ----------------------------------------------------------------------------------------

export interface ConsoleUsersTable {
  id: string;
  username: string;
  display_name: string;
  /** 'admin' | 'reviewer' | 'viewer' (core/consoleApi.ts ConsoleRole). */
  role: string;
  /** core/auth/passwords.ts: scrypt. */
  password_hash: string;
  must_change_password: number;
  failed_attempts: number;
  locked_until: number | null;
  created_at: number;
  disabled_at: number | null;
  last_login_at: number | null;
}

export interface ConsoleSessionsTable {
  /** SHA-256 (hex) of the cookie's token; the token itself is never stored. */
  token_hash: string;
  user_id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

/** The wards (slots) a reviewer or viewer sees. An administrator sees every ward and has no rows here. */
export interface ConsoleUserSitesTable {
  user_id: string;
  slot_id: string;
}

/** When a site fetched (pulled past) a version of a record sent down to it: documents and feedback. */
export interface ConsoleReceiptsTable {
  table_name: string;
  record_key: string;
  slot_id: string;
  version: number;
  received_at: number;
}

// ---- The console's projections (issue 7, server/console/projections.ts) -------------------------------------------

/** One row per live branch (organisations, kind 'branch') of an enrolled ward, kept in step with every push. */
export interface ConsoleBranchesTable {
  branch_id: string;
  /** The ward's site id (records.owner_site). */
  site_id: string;
  name: string;
  /** db/names.ts foldDiacritics(name): search without diacritics. */
  search_name: string;
  /** projections.ts orgSortKey(name): binary order is the Vietnamese order, numbers by value. */
  sort_key: string;
  /** 'YYYY-MM-DD' once dissolved. */
  dissolved_at: string | null;
}

/** One row per live meeting, with what the console's overview, reports and trend read. */
export interface ConsoleMeetingsTable {
  meeting_id: string;
  site_id: string;
  branch_id: string;
  /** 'YYYY-MM' of scheduled_at. */
  month: string;
  kind: string;
  scheduled_at: string;
  status: string;
  /** Null before the roll call. */
  present: number | null;
  summoned: number | null;
  opinions: number;
  draft_shared_at: number | null;
  lead_hours: number | null;
  /** 1: shared less than a day before the meeting. */
  late: number;
  feedback: number;
}

/** One row per branch, month and ward with meetings (the meetings' own site, as console_meetings.site_id): the month
 *  overview's view of the branch, kept by projections.ts recomputeMeetings. The main meeting (the first regular or
 *  combined one by time, else the first one) with its columns as in console_meetings, and sums over all the month's
 *  meetings of the branch for the ward totals. */
export interface ConsoleBranchMonthsTable {
  month: string;
  site_id: string;
  branch_id: string;
  meeting_id: string;
  kind: string;
  scheduled_at: string;
  status: string;
  present: number | null;
  summoned: number | null;
  opinions: number;
  draft_shared_at: number | null;
  lead_hours: number | null;
  late: number;
  feedback: number;
  /** How many meetings the branch has in the month. */
  meetings: number;
  /** Over the meetings with a roll call: present, and summoned. */
  sum_present: number;
  sum_summoned: number;
  /** Meetings held (held, adopted or sent), and their opinions. */
  held: number;
  held_opinions: number;
  /** Meetings whose draft went out late. */
  late_drafts: number;
}

/** Which meeting a live child record belongs to (agenda, drafts, comments, opinions, addenda, feedback): the meeting's
 *  page and the counts read it by meeting instead of scanning `records`. */
export interface ConsoleLinksTable {
  table_name: string;
  record_key: string;
  meeting_id: string;
}

export interface ServerDatabase {
  server_meta: ServerMetaTable;
  sites: SitesTable;
  site_epochs: SiteEpochsTable;
  records: RecordsTable;
  change_log: ChangeLogTable;
  nonces: NoncesTable;
  blobs: BlobsTable;
  blob_refs: BlobRefsTable;
  audit: AuditTable;
  file_imports: FileImportsTable;
  upstream: UpstreamTable;
  relay_outbox: RelayOutboxTable;
  upstream_rejections: UpstreamRejectionsTable;
  console_users: ConsoleUsersTable;
  console_sessions: ConsoleSessionsTable;
  console_user_sites: ConsoleUserSitesTable;
  console_receipts: ConsoleReceiptsTable;
  console_branches: ConsoleBranchesTable;
  console_meetings: ConsoleMeetingsTable;
  console_branch_months: ConsoleBranchMonthsTable;
  console_links: ConsoleLinksTable;
}
