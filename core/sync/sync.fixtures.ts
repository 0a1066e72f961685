// For the sync tests: a small ward with one row in every ward table, and an enrolment made without a server (the keys
// and the server's key written straight into sync_state), so the client's parts can be tested on their own.
import type BetterSqlite3 from 'better-sqlite3';
import { enqueueAll } from './outbox';
import { makeKeyPair, type KeyPair } from './protocol';

export const SITE = 'site-self';
export const OTHER = 'site-other';

/** One row in every ward table, owned by this site; the meeting is still open (held, not adopted). */
export function seedWard(sqlite: BetterSqlite3.Database, owner = SITE): void {
  sqlite.exec(`
    INSERT INTO organisations (id, parent_id, kind, name, owner_site, updated_at) VALUES
      ('org-city', NULL, 'province', 'Thành ủy', '${owner}', 1024),
      ('org-ward', 'org-city', 'ward', 'Đảng bộ phường Hồng Hà', '${owner}', 1024),
      ('org-b1', 'org-ward', 'branch', 'Chi bộ Tổ dân phố số 1', '${owner}', 1024);
    INSERT INTO sites (id, organisation_id, name, is_self, created_at) VALUES ('${SITE}', 'org-ward', 'Đảng bộ phường Hồng Hà', 1, 1);
    INSERT INTO settings (key, value) VALUES ('ward.id', '"org-ward"');
    INSERT INTO members (id, branch_id, full_name, sort_key, search_name, gender, status, owner_site, updated_at)
      VALUES ('mem-1', 'org-b1', 'Đặng Thị Ưng', 'ung', 'dang thi ung', 'female', 'official', '${owner}', 1024),
             ('mem-2', 'org-b1', 'Lê Văn Bình', 'binh', 'le van binh', 'male', 'official', '${owner}', 1024);
    INSERT INTO member_events (id, member_id, kind, recorded_at, owner_site, updated_at) VALUES ('ev-1', 'mem-1', 'created', 1, '${owner}', 1024);
    INSERT INTO branch_officers (id, branch_id, member_id, role, term_label, term_start, owner_site, updated_at)
      VALUES ('off-1', 'org-b1', 'mem-1', 'secretary', '2025-2030', '2025-06-01', '${owner}', 1024);
    INSERT INTO meetings (id, branch_id, kind, scheduled_at, status, owner_site, updated_at)
      VALUES ('mtg-1', 'org-b1', 'regular', '2026-11-05T19:30', 'held', '${owner}', 1024);
    INSERT INTO attendance (meeting_id, member_id, status, updated_at) VALUES ('mtg-1', 'mem-1', 'present', 1024);
    INSERT INTO agenda_items (id, meeting_id, position, title, minutes, owner_site, updated_at) VALUES ('ag-1', 'mtg-1', 1, 'Khai mạc', 5, '${owner}', 1024);
    INSERT INTO drafts (id, meeting_id, version_no, content, source, created_at, owner_site, updated_at)
      VALUES ('dr-1', 'mtg-1', 1, '[{"heading":"I. NHIỆM VỤ","paragraphs":["Một.","Hai.","Ba."]}]', 'written', 1, '${owner}', 1024);
    INSERT INTO attachments (id, meeting_id, name, mime, sha256, size, created_at, owner_site, updated_at)
      VALUES ('att-1', 'mtg-1', 'ke-hoach.pdf', 'application/pdf', '${'a'.repeat(64)}', 10, 1, '${owner}', 1024);
    INSERT INTO comments (id, meeting_id, draft_version, source, author_name, line_from, line_to, text, created_at, owner_site, updated_at)
      VALUES ('cm-1', 'mtg-1', 1, 'member', 'Lê Văn Bình', 1, 1, 'Rõ hơn.', 1, '${owner}', 1024);
    INSERT INTO opinions (id, meeting_id, speaker_name, summary, position, owner_site, updated_at) VALUES ('op-1', 'mtg-1', 'Lê Văn Bình', 'Đồng ý.', 1, '${owner}', 1024);
    INSERT INTO minutes_addenda (id, meeting_id, text, created_at, owner_site, updated_at) VALUES ('add-1', 'mtg-1', 'Sửa tên.', 1, '${owner}', 1024);
  `);
}

export interface FakeEnrolment {
  site: KeyPair;
  server: KeyPair;
}

/** Marks the site enrolled with a server that never existed, and enqueues every record it owns. */
export function fakeEnrol(sqlite: BetterSqlite3.Database, options: { serverUrl?: string; epoch?: number } = {}): FakeEnrolment {
  const site = makeKeyPair();
  const server = makeKeyPair();
  sqlite
    .prepare(
      `UPDATE sync_state SET enrolled = 1, server_url = ?, server_id = 'srv', server_name = 'Thành ủy (thử)', server_public_key = ?, slot_id = 'slot-1',
         private_key = ?, public_key = ?, epoch = ?, token = NULL, last_seq = 0, pull_cursor = 0, state = 'idle' WHERE id = 1`,
    )
    .run(options.serverUrl ?? 'http://127.0.0.1:9', server.publicKey, site.privateKey, site.publicKey, options.epoch ?? 1);
  enqueueAll(sqlite);
  return { site, server };
}

export function outboxRows(sqlite: BetterSqlite3.Database): { seq: number; tbl: string; key: string }[] {
  return sqlite.prepare('SELECT seq, tbl, key FROM outbox ORDER BY seq').all() as { seq: number; tbl: string; key: string }[];
}
