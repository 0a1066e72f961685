// Danh sách đảng viên: one page of members, in Vietnamese name order, filtered by branch and by a search that ignores
// diacritics.
import { sql } from 'kysely';
import { foldDiacritics } from '../../db/names';
import type { MemberRow, Page, ParsedInput } from '../api';
import type { ServiceContext } from '../context';

export async function list(input: ParsedInput<'members.list'>, ctx: ServiceContext): Promise<Page<MemberRow>> {
  let query = ctx.store.db
    .selectFrom('members as m')
    .innerJoin('organisations as o', 'o.id', 'm.branch_id')
    .where('m.deleted_at', 'is', null);
  if (input.branchId) query = query.where('m.branch_id', '=', input.branchId);
  const search = input.search ? foldDiacritics(input.search) : '';
  if (search) {
    const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(sql<boolean>`m.search_name LIKE ${pattern} ESCAPE '\\'`);
  }

  const [{ n: total }] = (await query.select((eb) => eb.fn.countAll<number>().as('n')).execute()) as [{ n: number }];
  const rows = await query
    .select([
      'm.id',
      'm.full_name',
      'm.branch_id',
      'o.name as branch_name',
      'm.gender',
      'm.birth_date',
      'm.admission_date',
      'm.status',
      'm.standing',
    ])
    .orderBy('m.sort_key')
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize)
    .execute();
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      fullName: r.full_name,
      branchId: r.branch_id,
      branchName: r.branch_name,
      gender: r.gender,
      birthDate: r.birth_date,
      admissionDate: r.admission_date,
      status: r.status,
      standing: r.standing,
    })),
  };
}
