// The organisation tree (Thành ủy → Đảng bộ phường → Chi bộ) and the ward's branches with their member counts.
import type { BranchKind, BranchSummary, OrganisationKind, OrganisationNode, SessionUser } from '../api';
import type { ServiceContext } from '../context';
import { currentWardId } from './setup';

// Members still on a branch's roll: the ones counted in the minutes' totals.
const ON_ROLL = "standing IN ('active', 'exempt', 'away')";

export function tree(ctx: ServiceContext, user: SessionUser): OrganisationNode[] {
  const rows = ctx.store.sqlite
    .prepare(
      `SELECT o.id, o.parent_id, o.kind, o.name, o.branch_kind, o.dissolved_at, coalesce(m.n, 0) AS member_count
         FROM organisations o
         LEFT JOIN (SELECT branch_id, count(*) AS n FROM members WHERE deleted_at IS NULL AND ${ON_ROLL} GROUP BY branch_id) m
           ON m.branch_id = o.id
        WHERE o.deleted_at IS NULL
        ORDER BY o.sort_order, o.name`,
    )
    .all() as {
    id: string;
    parent_id: string | null;
    kind: OrganisationKind;
    name: string;
    branch_kind: BranchKind | null;
    dissolved_at: string | null;
    member_count: number;
  }[];
  return scoped(rows, user).map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    kind: r.kind,
    name: r.name,
    branchKind: r.branch_kind,
    dissolved: r.dissolved_at !== null,
    memberCount: r.member_count,
  }));
}

/** This installation's ward's branches (their parent is the ward) with the members on each one's roll. */
export function branches(ctx: ServiceContext, user: SessionUser): BranchSummary[] {
  const wardId = currentWardId(ctx);
  // Counted from members_list_by_branch (migration 5) without reading the table; the latest meeting held is the first
  // one found reading a branch's meetings backwards from the newest.
  const rows = ctx.store.sqlite
    .prepare(
      `SELECT o.id, o.name, coalesce(o.branch_kind, 'other') AS branch_kind, o.dissolved_at,
              coalesce(m.official, 0) AS official, coalesce(m.probationary, 0) AS probationary,
              coalesce(m.exempt, 0) AS exempt, coalesce(m.away, 0) AS away,
              (SELECT substr(scheduled_at, 1, 10) FROM meetings
                WHERE branch_id = o.id AND deleted_at IS NULL AND status IN ('held', 'adopted', 'sent')
                ORDER BY scheduled_at DESC LIMIT 1) AS last_meeting
         FROM organisations o
         LEFT JOIN (
           SELECT branch_id,
                  sum(status = 'official') AS official, sum(status = 'probationary') AS probationary,
                  sum(standing = 'exempt') AS exempt, sum(standing = 'away') AS away
             FROM members
            WHERE branch_id IN (SELECT id FROM organisations WHERE parent_id = @ward AND kind = 'branch')
              AND deleted_at IS NULL AND ${ON_ROLL}
            GROUP BY branch_id
         ) m ON m.branch_id = o.id
        WHERE o.kind = 'branch' AND o.parent_id = @ward AND o.deleted_at IS NULL
        ORDER BY o.sort_order, o.name`,
    )
    .all({ ward: wardId }) as {
    id: string;
    name: string;
    branch_kind: BranchKind;
    dissolved_at: string | null;
    official: number;
    probationary: number;
    exempt: number;
    away: number;
    last_meeting: string | null;
  }[];
  return rows.filter((r) => user.role !== 'branch_secretary' || r.id === user.branchId).map((r) => ({
    id: r.id,
    name: r.name,
    branchKind: r.branch_kind,
    dissolved: r.dissolved_at !== null,
    official: r.official,
    probationary: r.probationary,
    exempt: r.exempt,
    away: r.away,
    lastMeetingDate: r.last_meeting,
  }));
}

/** A branch secretary sees their own branch and the organisations above it; everyone else, the whole tree. */
function scoped<T extends { id: string; parent_id: string | null }>(rows: T[], user: SessionUser): T[] {
  if (user.role !== 'branch_secretary') return rows;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const keep = new Set<string>();
  for (let node = byId.get(user.branchId ?? ''); node; node = node.parent_id ? byId.get(node.parent_id) : undefined) keep.add(node.id);
  return rows.filter((r) => keep.has(r.id));
}
