// The Kysely types in schema.ts must name exactly the columns the migrations create. The object below is checked by
// the compiler against the types, and by this test against the database.
import { describe, expect, it } from 'vitest';
import type { Database } from './schema';
import { openTempDatabase } from './testing';

const columns: { [T in keyof Database]: Record<keyof Database[T], true> } = {
  organisations: { id: true, parent_id: true, kind: true, name: true, sort_order: true, branch_kind: true, dissolved_at: true, owner_site: true, version: true, updated_at: true, deleted_at: true },
  sites: { id: true, organisation_id: true, name: true, is_self: true, public_key: true, created_at: true },
  users: { id: true, username: true, display_name: true, password_hash: true, role: true, organisation_id: true, failed_attempts: true, locked_until: true, created_at: true, disabled_at: true },
  settings: { key: true, value: true },
  audit_log: { id: true, at: true, user_id: true, action: true, entity: true, entity_id: true, before: true, after: true },
  members: { id: true, branch_id: true, full_name: true, sort_key: true, search_name: true, gender: true, birth_date: true, admission_date: true, official_date: true, card_number: true, citizen_id: true, phone: true, status: true, standing: true, standing_since: true, standing_reason: true, standing_resolution: true, away_until: true, away_place: true, owner_site: true, version: true, updated_at: true, deleted_at: true },
  meetings: { id: true, branch_id: true, kind: true, scheduled_at: true, place: true, status: true, chair_id: true, secretary_id: true, topic: true, guests: true, ended_at: true, conclusion: true, draft_shared_at: true, vote_for: true, vote_against: true, vote_abstain: true, minutes_text: true, minutes_hash: true, minutes_approval: true, adopted_at: true, term_label: true, resolution_number: true, owner_site: true, version: true, updated_at: true, deleted_at: true },
  member_events: { id: true, member_id: true, kind: true, effective_date: true, from_branch_id: true, to_branch_id: true, details: true, recorded_at: true, recorded_by: true, owner_site: true, version: true, updated_at: true, deleted_at: true },
  branch_officers: { id: true, branch_id: true, member_id: true, role: true, term_label: true, term_start: true, term_end: true, owner_site: true, version: true, updated_at: true, deleted_at: true },
  agenda_items: { id: true, meeting_id: true, position: true, title: true, minutes: true, presenter: true, summary: true, owner_site: true, version: true, updated_at: true, deleted_at: true },
  drafts: { id: true, meeting_id: true, version_no: true, content: true, source: true, created_at: true, created_by: true, owner_site: true, version: true, updated_at: true, deleted_at: true },
  attachments: { id: true, meeting_id: true, name: true, mime: true, sha256: true, size: true, created_at: true, owner_site: true, version: true, updated_at: true, deleted_at: true },
  comments: { id: true, meeting_id: true, draft_version: true, source: true, author_name: true, line_from: true, line_to: true, text: true, proposed_text: true, decision: true, decision_note: true, created_at: true, owner_site: true, version: true, updated_at: true, deleted_at: true },
  opinions: { id: true, meeting_id: true, agenda_item_id: true, member_id: true, speaker_name: true, summary: true, position: true, owner_site: true, version: true, updated_at: true, deleted_at: true },
  minutes_addenda: { id: true, meeting_id: true, text: true, created_at: true, created_by: true, owner_site: true, version: true, updated_at: true, deleted_at: true },
  attendance: { meeting_id: true, member_id: true, status: true, reason: true, version: true, updated_at: true, deleted_at: true },
  sync_state: { id: true, enrolled: true, server_url: true, server_id: true, server_name: true, server_public_key: true, slot_id: true, private_key: true, public_key: true, epoch: true, token: true, last_seq: true, pull_cursor: true, clock_offset_ms: true, last_success_at: true, last_attempt_at: true, next_attempt_at: true, last_error: true, state: true, file_to_seq: true },
  outbox: { seq: true, tbl: true, key: true, at: true },
  sync_rejections: { tbl: true, key: true, seq: true, code: true, reason: true, at: true },
  sync_stale: { tbl: true, key: true, at: true },
  superior_documents: { id: true, kind: true, title: true, body: true, published_at: true, files: true, version: true, updated_at: true, deleted_at: true, received_at: true, read_at: true },
  superior_feedback: { id: true, meeting_id: true, draft_version: true, line_from: true, line_to: true, author_name: true, text: true, created_at: true, version: true, updated_at: true, deleted_at: true },
};

describe('schema types', () => {
  it('match the tables the migrations create', async () => {
    const store = openTempDatabase();
    const tables = store.sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'members_fts%' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual(Object.keys(columns).sort());
    for (const [table, cols] of Object.entries(columns)) {
      const actual = (store.sqlite.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name).sort();
      expect(actual, table).toEqual(Object.keys(cols).sort());
    }
    await store.cleanup();
  });
});
