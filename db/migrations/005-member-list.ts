// Migration 5: indexes for the member list of a ward that shares its file with others (a whole city in one database,
// 475,880 members): the list, its filters and its total are answered from an index, without reading the table.
// - members_list_by_branch replaces members_by_branch (same leading columns): a branch's or a ward's members with the
//   columns the list filters on, so counting and sorting a ward's ≈3,700 members reads only this index.
// - members_list_by_name replaces members_by_name: every member in name order with the same filter columns, for
//   reading a whole file in list order and stopping once a page is full.
// - members_deleted: the few deleted members, so a search can take them off the full-text count (members_fts indexes
//   every row of members) without a seek per match.
import type { Migration } from './types';

export const migration005: Migration = {
  version: 5,
  name: 'member-list',
  up(db) {
    db.exec(`
      DROP INDEX members_by_branch;
      CREATE INDEX members_list_by_branch ON members(branch_id, sort_key, status, standing, admission_date, deleted_at);
      DROP INDEX members_by_name;
      CREATE INDEX members_list_by_name ON members(sort_key, status, standing, deleted_at);
      CREATE INDEX members_deleted ON members(deleted_at) WHERE deleted_at IS NOT NULL;
    `);
  },
};
