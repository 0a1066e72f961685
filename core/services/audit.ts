// Nhật ký thay đổi, for administrators: read and filter only. Nothing in the app edits it (the table refuses).
import type { AuditRow, Page, ParsedInput } from '../api';
import type { ServiceContext } from '../context';

export function list(input: ParsedInput<'audit.list'>, ctx: ServiceContext): Page<AuditRow> {
  const filters: [string, string | number | undefined][] = [
    ['a.entity = ?', input.entity],
    ['a.user_id = ?', input.userId],
    // "members." names a whole area; "auth.login" that action alone (not auth.loginFailed).
    [input.action?.endsWith('.') ? "a.action LIKE ? || '%'" : 'a.action = ?', input.action],
    ['a.at >= ?', input.from],
    ['a.at <= ?', input.to],
  ];
  const used = filters.filter(([, value]) => value !== undefined);
  const where = used.map(([condition]) => condition);
  const params = used.map(([, value]) => value as string | number);
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const sqlite = ctx.store.sqlite;
  const total = sqlite.prepare(`SELECT count(*) FROM audit_log a ${clause}`).pluck().get(...params) as number;
  const rows = sqlite
    .prepare(
      `SELECT a.*, u.display_name AS user_name FROM audit_log a LEFT JOIN users u ON u.id = a.user_id ${clause}
        ORDER BY a.at DESC, a.id DESC LIMIT ? OFFSET ?`,
    )
    .all(...params, input.pageSize, (input.page - 1) * input.pageSize) as {
    id: string;
    at: number;
    user_name: string | null;
    action: string;
    entity: string;
    entity_id: string | null;
    before: string | null;
    after: string | null;
  }[];
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      at: r.at,
      userName: r.user_name,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      before: r.before ? JSON.parse(r.before) : null,
      after: r.after ? JSON.parse(r.after) : null,
    })),
  };
}
