// Migration 5: the member list of a ward that shares its file with others (a whole city in one database, 475,880
// members) answered from indexes: filters, name order, total and search without reading the table row by row.
// - members_list_by_branch replaces members_by_branch (same leading columns): a branch's or a ward's members with the
//   columns the list filters on, so counting and sorting a ward's ≈3,700 members reads only this index.
// - members_list_by_name replaces members_by_name: every member in name order with the same filter columns and the
//   folded name, for reading a whole file in list order and stopping once a page is full.
// - members_deleted: the few deleted members, so a search can take them off the full-text count (members_fts indexes
//   every row of members) without a seek per match.
// - members_fts again, with prefix indexes for words of 1 to 7 letters (every Vietnamese syllable): the list searches
//   each word as a prefix ("nguyen"*), which without them merges the lists of every matching word on each query
//   (15–20 ms for "nguyen" over a city) and cannot skip to a range of rows. The index grows from ≈4.6 to ≈22 MB for
//   a city; a ward's is well under 1 MB. Triggers as in migration 3.
import type { Migration } from './types';

export const migration005: Migration = {
  version: 5,
  name: 'member-list',
  up(db) {
    db.exec(`
      DROP INDEX members_by_branch;
      CREATE INDEX members_list_by_branch ON members(branch_id, sort_key, status, standing, admission_date, deleted_at);
      DROP INDEX members_by_name;
      CREATE INDEX members_list_by_name ON members(sort_key, status, standing, deleted_at, search_name);
      CREATE INDEX members_deleted ON members(deleted_at) WHERE deleted_at IS NOT NULL;

      DROP TRIGGER members_fts_insert;
      DROP TRIGGER members_fts_delete;
      DROP TRIGGER members_fts_update;
      DROP TABLE members_fts;
      CREATE VIRTUAL TABLE members_fts USING fts5(
        search_name, content = 'members', content_rowid = 'rowid', tokenize = "unicode61 remove_diacritics 2",
        prefix = '1 2 3 4 5 6 7'
      );
      INSERT INTO members_fts(members_fts) VALUES ('rebuild');
      CREATE TRIGGER members_fts_insert AFTER INSERT ON members BEGIN
        INSERT INTO members_fts(rowid, search_name) VALUES (new.rowid, new.search_name);
      END;
      CREATE TRIGGER members_fts_delete AFTER DELETE ON members BEGIN
        INSERT INTO members_fts(members_fts, rowid, search_name) VALUES ('delete', old.rowid, old.search_name);
      END;
      CREATE TRIGGER members_fts_update AFTER UPDATE OF search_name ON members BEGIN
        INSERT INTO members_fts(members_fts, rowid, search_name) VALUES ('delete', old.rowid, old.search_name);
        INSERT INTO members_fts(rowid, search_name) VALUES (new.rowid, new.search_name);
      END;
    `);
  },
};
