// The database's tables as Kysely sees them. The migrations in ./migrations are the source of truth; this file
// follows them, and db/schema.test.ts fails when the two disagree.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Columns every synced row has (ARCHITECTURE.md, Data). `updated_at` is a hybrid logical clock stamp (db/hlc.ts). */
export interface SyncedColumns {
  owner_site: string;
  version: Generated<number>;
  updated_at: number;
  deleted_at: number | null;
}

export type OrganisationKind = 'province' | 'district' | 'ward' | 'branch';
export type BranchKind = 'residential' | 'agency' | 'enterprise' | 'school' | 'other';

/** Party organisations as a tree of any depth: Thành ủy → (Quận ủy) → Đảng bộ phường/xã → Chi bộ. */
export interface OrganisationTable extends SyncedColumns {
  id: string;
  parent_id: string | null;
  kind: OrganisationKind;
  name: string;
  sort_order: Generated<number>;
  /** Only for branches (kind = 'branch'); added by migration 2. */
  branch_kind: BranchKind | null;
  dissolved_at: string | null;
}

export interface SiteTable {
  id: string;
  organisation_id: string;
  name: string;
  is_self: Generated<0 | 1>;
  public_key: string | null;
  created_at: number;
}

export type UserRole = 'ward_admin' | 'ward_staff' | 'branch_secretary' | 'viewer';

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: UserRole;
  organisation_id: string | null;
  failed_attempts: Generated<number>;
  locked_until: number | null;
  created_at: number;
  disabled_at: number | null;
}

export interface SettingTable {
  key: string;
  value: string;
}

/** Append-only: triggers refuse UPDATE and DELETE. */
export interface AuditLogTable {
  id: string;
  at: number;
  user_id: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
}

export type MemberStatus = 'official' | 'probationary';
export type MemberStanding = 'active' | 'exempt' | 'away' | 'transferred_out' | 'removed' | 'deceased';
export type Gender = 'male' | 'female';

export interface MemberTable extends SyncedColumns {
  id: string;
  branch_id: string;
  full_name: string;
  /** db/names.ts nameSortKey(full_name) */
  sort_key: string;
  /** db/names.ts foldDiacritics(full_name) */
  search_name: string;
  gender: Gender;
  birth_date: string | null;
  admission_date: string | null;
  official_date: string | null;
  card_number: string | null;
  citizen_id: string | null;
  phone: string | null;
  status: MemberStatus;
  standing: MemberStanding;
  /** Since when the current standing holds (exempt from, away from, left on). Migration 3. */
  standing_since: string | null;
  /** Why: the exemption's grounds, where the member went, why they were removed. */
  standing_reason: string | null;
  /** The branch resolution that granted an exemption (số nghị quyết). */
  standing_resolution: string | null;
  away_until: string | null;
  away_place: string | null;
}

export type MemberEventKind =
  | 'created'
  | 'imported'
  | 'edited'
  | 'official'
  | 'exempted'
  | 'exemption_ended'
  | 'away'
  | 'returned'
  | 'moved'
  | 'transferred_in'
  | 'transferred_out'
  | 'removed'
  | 'deceased';

/** A member's history: append-only, one row per change (triggers refuse UPDATE and DELETE). */
export interface MemberEventTable extends SyncedColumns {
  id: string;
  member_id: string;
  kind: MemberEventKind;
  effective_date: string | null;
  from_branch_id: string | null;
  to_branch_id: string | null;
  /** JSON: the fields before and after, or the reason. */
  details: string | null;
  recorded_at: number;
  recorded_by: string | null;
}

export type OfficerRole = 'secretary' | 'deputy_secretary' | 'committee_member';

/** Chi ủy: the branch's committee for a term (nhiệm kỳ). */
export interface BranchOfficerTable extends SyncedColumns {
  id: string;
  branch_id: string;
  member_id: string;
  role: OfficerRole;
  term_label: string;
  term_start: string;
  term_end: string | null;
}

export type MeetingKind = 'regular' | 'thematic' | 'combined';
export type MeetingStatus = 'planned' | 'shared' | 'held' | 'adopted' | 'sent';

export interface MeetingTable extends SyncedColumns {
  id: string;
  branch_id: string;
  kind: MeetingKind;
  /** Local date and time, 'YYYY-MM-DDTHH:mm'. */
  scheduled_at: string;
  place: string | null;
  status: MeetingStatus;
  chair_id: string | null;
  secretary_id: string | null;
  // Migration 4.
  topic: string | null;
  /** JSON: [{ name, role }] */
  guests: string | null;
  /** 'HH:mm' */
  ended_at: string | null;
  conclusion: string | null;
  draft_shared_at: number | null;
  vote_for: number | null;
  vote_against: number | null;
  vote_abstain: number | null;
  minutes_text: string | null;
  /** SHA-256 of the adopted minutes' text. */
  minutes_hash: string | null;
  minutes_approval: number | null;
  adopted_at: number | null;
  term_label: string | null;
  resolution_number: number | null;
}

export interface AgendaItemTable extends SyncedColumns {
  id: string;
  meeting_id: string;
  position: number;
  title: string;
  minutes: number;
  presenter: Generated<string>;
  summary: string | null;
}

/** Dự thảo nghị quyết: one row per version; content is JSON [{ heading, paragraphs }]. */
export interface DraftTable extends SyncedColumns {
  id: string;
  meeting_id: string;
  version_no: number;
  content: string;
  source: 'written' | 'docx' | 'comments';
  created_at: number;
  created_by: string | null;
}

/** A file stored by SHA-256 in the content-addressed folder beside the database. */
export interface AttachmentTable extends SyncedColumns {
  id: string;
  meeting_id: string;
  name: string;
  mime: string;
  sha256: string;
  size: number;
  created_at: number;
}

/** Góp ý on a draft, anchored to a line range of the version it was made on. */
export interface CommentTable extends SyncedColumns {
  id: string;
  meeting_id: string;
  draft_version: number;
  source: 'member' | 'superior';
  author_name: string;
  line_from: number;
  line_to: number;
  text: string;
  proposed_text: string | null;
  decision: Generated<'pending' | 'accepted' | 'partly' | 'rejected'>;
  decision_note: string | null;
  created_at: number;
}

/** Ý kiến phát biểu in the meeting. */
export interface OpinionTable extends SyncedColumns {
  id: string;
  meeting_id: string;
  agenda_item_id: string | null;
  member_id: string | null;
  speaker_name: string;
  summary: string;
  position: number;
}

/** Corrections to adopted minutes: append-only. */
export interface MinutesAddendumTable extends SyncedColumns {
  id: string;
  meeting_id: string;
  text: string;
  created_at: number;
  created_by: string | null;
}

export type AttendanceStatus = 'present' | 'absent_excused' | 'absent_unexcused';

/** One row per expected member per meeting; owned by the meeting's owner site. */
export interface AttendanceTable {
  meeting_id: string;
  member_id: string;
  status: AttendanceStatus;
  reason: string | null;
  version: Generated<number>;
  updated_at: number;
  deleted_at: number | null;
}

// ---- Sync with the superior committee (migration 6, docs/sync-protocol.md) ----------------------------------------

export type SyncStoredState = 'not_enrolled' | 'idle' | 'offline' | 'error' | 'revoked';

/** One row (id = 1): this site's enrolment, keys, its place in the push chain and the pull, and the last outcome. */
export interface SyncStateTable {
  id: Generated<number>;
  enrolled: Generated<0 | 1>;
  server_url: string | null;
  server_id: string | null;
  server_name: string | null;
  /** base64 SPKI DER: verifies the files the server signs. */
  server_public_key: string | null;
  slot_id: string | null;
  /** PKCS#8 PEM; never leaves this machine. */
  private_key: string | null;
  public_key: string | null;
  epoch: number | null;
  /** The token of the last acknowledged push; null before the first push of an epoch. */
  token: string | null;
  last_seq: Generated<number>;
  pull_cursor: Generated<number>;
  clock_offset_ms: Generated<number>;
  last_success_at: number | null;
  last_attempt_at: number | null;
  next_attempt_at: number | null;
  /** Vietnamese, for the person. */
  last_error: string | null;
  state: Generated<SyncStoredState>;
  /** The last outbox entry an exported sync file covered: a file's acknowledgement removes nothing beyond it. */
  file_to_seq: Generated<number>;
}

/** One entry per change of a record this site owns, written by triggers once the site is enrolled. */
export interface OutboxTable {
  seq: Generated<number>;
  tbl: string;
  key: string;
  at: number;
}

/** Changes the server refused, with its reason (one per record, the latest). */
export interface SyncRejectionTable {
  tbl: string;
  key: string;
  seq: number;
  code: string;
  reason: string;
  at: number;
}

/** Records the server holds a newer copy of (a restored backup): pulled back from /v1/own. */
export interface SyncStaleTable {
  tbl: string;
  key: string;
  at: number;
}

/** Văn bản, chỉ đạo, tin tức from the superior committee. */
export interface SuperiorDocumentTable {
  id: string;
  kind: 'document' | 'directive' | 'news';
  title: string;
  body: string;
  published_at: number;
  /** JSON: [{ name, mime, size, sha256 }] */
  files: Generated<string>;
  version: number;
  updated_at: number;
  deleted_at: number | null;
  received_at: number;
  read_at: number | null;
}

/** The superior committee's góp ý on a draft resolution of this ward, as the server sent it. */
export interface SuperiorFeedbackTable {
  id: string;
  meeting_id: string;
  draft_version: number;
  line_from: number;
  line_to: number;
  author_name: string;
  text: string;
  created_at: number;
  version: number;
  updated_at: number;
  deleted_at: number | null;
}

export interface Database {
  organisations: OrganisationTable;
  sites: SiteTable;
  users: UserTable;
  settings: SettingTable;
  audit_log: AuditLogTable;
  members: MemberTable;
  meetings: MeetingTable;
  attendance: AttendanceTable;
  member_events: MemberEventTable;
  branch_officers: BranchOfficerTable;
  agenda_items: AgendaItemTable;
  drafts: DraftTable;
  attachments: AttachmentTable;
  comments: CommentTable;
  opinions: OpinionTable;
  minutes_addenda: MinutesAddendumTable;
  sync_state: SyncStateTable;
  outbox: OutboxTable;
  sync_rejections: SyncRejectionTable;
  sync_stale: SyncStaleTable;
  superior_documents: SuperiorDocumentTable;
  superior_feedback: SuperiorFeedbackTable;
}

export type Organisation = Selectable<OrganisationTable>;
export type NewOrganisation = Insertable<OrganisationTable>;
export type Member = Selectable<MemberTable>;
export type Meeting = Selectable<MeetingTable>;
export type Timestamp = ColumnType<number, number, number>;
