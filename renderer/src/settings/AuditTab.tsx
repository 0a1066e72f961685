// Nhật ký thay đổi, for the ward administrator: who did what and when, with the values before and after. Read-only:
// the database refuses to change or delete an entry, and the app offers no way to.
import { useQuery } from '@tanstack/react-query';
import { Alert, DatePicker, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { AuditRow } from '../../../core/api';
import { api } from '../api';
import { DATE_INPUT, errorText } from '../forms';
import { formatDate, formatDateTime, formatNumber } from '../format';
import { OFFICER_ROLE } from '../branches/strings';
import { BRANCH_KIND, GENDER, MEMBER_STANDING, MEMBER_STATUS, ROLE } from '../strings';
import { AUDIT_ACTION, AUDIT_ACTION_GROUPS, AUDIT_ENTITY, AUDIT_FIELD } from './strings';

const PAGE_SIZE = 20;
const BRANCH_KEYS = new Set(['branchId', 'branch_id', 'toBranchId']);
const VALUE_LABELS: Record<string, Record<string, string>> = {
  // Accounts and committee posts both record a "role".
  role: { ...ROLE, ...OFFICER_ROLE },
  standing: MEMBER_STANDING,
  status: MEMBER_STATUS,
  gender: GENDER,
  branchKind: BRANCH_KIND,
  branch_kind: BRANCH_KIND,
  superiorKind: { province: 'Tỉnh ủy, thành ủy', district: 'Quận ủy, huyện ủy' },
};

type Lookup = (id: string) => string | undefined;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A record's id nobody reads whole: its last characters, enough to tell two apart. */
const shortId = (id: string) => `mã …${id.slice(-8)}`;

function show(key: string, value: unknown, branchName: Lookup): string {
  if (value === null || value === undefined || value === '') return '(trống)';
  if (typeof value === 'boolean') return value ? 'Có' : 'Không';
  if (typeof value === 'string') {
    if (BRANCH_KEYS.has(key)) return branchName(value) ?? shortId(value);
    if (UUID.test(value)) return shortId(value);
    if (VALUE_LABELS[key]?.[value]) return VALUE_LABELS[key][value];
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
    return value.length > 80 ? `${value.slice(0, 80)}…` : value;
  }
  if (typeof value === 'number') return formatNumber(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(', ');
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 80)}…` : json;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One line per changed field: "Điện thoại: 0912… → 0987…"; only-after values as "Field: value". */
export function diffLines(before: unknown, after: unknown, branchName: Lookup): string[] {
  const label = (k: string) => AUDIT_FIELD[k] ?? k;
  if (!isRecord(before) && !isRecord(after)) {
    if (before == null && after == null) return [];
    return [`${show('', before, branchName)} → ${show('', after, branchName)}`];
  }
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => k !== 'id' && k !== 'sort_key' && k !== 'search_name');
  const lines: string[] = [];
  for (const k of keys) {
    const inBefore = k in b;
    const inAfter = k in a;
    if (inBefore && inAfter) {
      if (JSON.stringify(b[k]) === JSON.stringify(a[k])) continue;
      lines.push(`${label(k)}: ${show(k, b[k], branchName)} → ${show(k, a[k], branchName)}`);
    } else if (inAfter) lines.push(`${label(k)}: ${show(k, a[k], branchName)}`);
    else lines.push(`${label(k)} (trước): ${show(k, b[k], branchName)}`);
  }
  return lines;
}

/** What the entry is about: a name where the entry or the lists at hand give one, else the record's short id. */
function subject(row: AuditRow, names: { branch: Lookup; user: Lookup }): string {
  const entity = AUDIT_ENTITY[row.entity] ?? row.entity;
  const a = isRecord(row.after) ? row.after : {};
  const known =
    row.entityId && row.entity === 'users' ? names.user(row.entityId) : row.entityId && row.entity === 'organisations' ? names.branch(row.entityId) : undefined;
  const hint = known ?? [a.fullName, a.full_name, a.name, a.wardName, a.displayName, a.username, a.fileName].find((v) => typeof v === 'string');
  if (hint) return `${entity}: ${String(hint)}`;
  return row.entityId ? `${entity} · ${shortId(row.entityId)}` : entity;
}

export function AuditTab() {
  const [entity, setEntity] = useState<string | undefined>();
  const [action, setAction] = useState<string | undefined>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [page, setPage] = useState(1);
  const filters = {
    entity,
    action,
    from: range?.[0]?.startOf('day').valueOf(),
    to: range?.[1]?.endOf('day').valueOf(),
  };
  const audit = useQuery({
    queryKey: ['audit.list', filters, page],
    queryFn: () => api.audit.list({ ...filters, page, pageSize: PAGE_SIZE }),
    placeholderData: (previous) => previous,
  });
  const branches = useQuery({ queryKey: ['branches.list'], queryFn: () => api.branches.list() });
  const users = useQuery({ queryKey: ['users.list'], queryFn: () => api.users.list() });
  const branchName: Lookup = (id) => branches.data?.find((b) => b.id === id)?.name;
  const userName: Lookup = (id) => {
    const u = users.data?.find((x) => x.id === id);
    return u && `${u.displayName} (${u.username})`;
  };
  const reset = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };

  return (
    <>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="Nhật ký chỉ để xem"
        description="Mỗi thay đổi hồ sơ, tài khoản và mỗi lần đăng nhập được ghi lại cùng lúc với thay đổi. Không ai sửa hay xóa được nhật ký từ phần mềm."
      />
      <Space wrap style={{ marginBottom: 16 }} size={[12, 12]}>
        <Select
          allowClear
          placeholder="Mọi đối tượng"
          style={{ width: 200 }}
          options={Object.entries(AUDIT_ENTITY).map(([value, label]) => ({ value, label }))}
          onChange={reset(setEntity)}
          aria-label="Lọc theo đối tượng"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder="Mọi thao tác"
          style={{ width: 280 }}
          options={[
            { label: 'Nhóm thao tác', options: AUDIT_ACTION_GROUPS },
            { label: 'Từng thao tác', options: Object.entries(AUDIT_ACTION).map(([value, label]) => ({ value, label })) },
          ]}
          onChange={reset(setAction)}
          aria-label="Lọc theo thao tác"
        />
        <DatePicker.RangePicker
          format={DATE_INPUT}
          placeholder={['Từ ngày', 'Đến ngày']}
          allowEmpty={[true, true]}
          onChange={(v) => reset(setRange)(v as [Dayjs | null, Dayjs | null] | null)}
          aria-label="Lọc theo khoảng ngày"
        />
      </Space>
      {audit.isError && <Alert type="error" showIcon title={errorText(audit.error)} style={{ marginBottom: 16 }} />}
      <Table<AuditRow>
        rowKey="id"
        size="small"
        loading={audit.isFetching}
        dataSource={audit.data?.rows}
        locale={{ emptyText: 'Không có mục nào khớp với bộ lọc.' }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: audit.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => `${formatNumber(total)} mục`,
          onChange: setPage,
        }}
        columns={[
          { title: 'Thời gian', dataIndex: 'at', width: 150, render: (ms: number) => formatDateTime(ms) },
          {
            title: 'Người thực hiện',
            dataIndex: 'userName',
            width: 190,
            render: (name: string | null) => name ?? <Typography.Text type="secondary">(chưa đăng nhập)</Typography.Text>,
          },
          { title: 'Thao tác', dataIndex: 'action', width: 210, render: (a: string) => AUDIT_ACTION[a] ?? a },
          { title: 'Đối tượng', key: 'subject', width: 240, render: (_: unknown, row) => subject(row, { branch: branchName, user: userName }) },
          {
            title: 'Trước / Sau',
            key: 'diff',
            render: (_: unknown, row) => {
              const lines = diffLines(row.before, row.after, branchName);
              return lines.length === 0 ? null : (
                <div className="audit-diff">
                  {lines.map((line, i) => (
                    <div key={i}>{line}</div>
                  ))}
                </div>
              );
            },
          },
        ]}
      />
    </>
  );
}
