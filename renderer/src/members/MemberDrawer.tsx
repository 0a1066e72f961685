// Hồ sơ đảng viên: every field of the record, its standing, the history of changes, and the actions that fit the
// member's standing and the signed-in person's role.
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Divider, Drawer, Empty, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import type { BranchSummary, MemberDetail, MemberEvent, SessionUser } from '../../../core/api';
import { api } from '../api';
import { errorText, useLastNonNull } from '../forms';
import { formatDate, formatDateTime } from '../format';
import { canEditMembers, isOffice } from '../session';
import { GENDER, MEMBER_STANDING, MEMBER_STATUS } from '../strings';
import { EditMemberModal } from './EditMemberModal';
import { MemberActionModal, type MemberActionKind } from './MemberActionModal';
import { ACTION, COLUMN_LABEL, EVENT_DETAIL, EVENT_KIND, MEMBER_FIELD } from './strings';

const ON_ROLL = ['active', 'exempt', 'away'];

/** The actions that fit this member now, for this person. The services refuse the rest anyway. */
export function memberActions(member: MemberDetail, user: SessionUser | null): MemberActionKind[] {
  if (!canEditMembers(user)) return [];
  const onRoll = ON_ROLL.includes(member.standing);
  const actions: MemberActionKind[] = [];
  if (member.status === 'probationary' && onRoll) actions.push('recognizeOfficial');
  if (member.standing === 'active') actions.push('exempt', 'markAway');
  if (member.standing === 'exempt') actions.push('endExemption');
  if (member.standing === 'away') actions.push('markReturned');
  if (onRoll && isOffice(user)) actions.push('move');
  if (onRoll) actions.push('transferOut', 'remove', 'deceased');
  return actions;
}

export function StatusTags({ status, standing }: Pick<MemberDetail, 'status' | 'standing'>) {
  return (
    <>
      <Tag color={status === 'official' ? 'red' : 'gold'}>{MEMBER_STATUS[status]}</Tag>
      {standing !== 'active' && <Tag color={ON_ROLL.includes(standing) ? 'blue' : 'default'}>{MEMBER_STANDING[standing]}</Tag>}
    </>
  );
}

const empty = <Typography.Text type="secondary">Chưa ghi</Typography.Text>;
const orEmpty = (value: React.ReactNode) => (value === null || value === undefined || value === '' ? empty : value);

function standingItems(m: MemberDetail) {
  const items: { key: string; label: string; children: React.ReactNode }[] = [{ key: 'standing', label: MEMBER_FIELD.standing, children: MEMBER_STANDING[m.standing] }];
  if (m.standing === 'active' && !m.standingSince) return items;
  const since = { active: 'Sinh hoạt trở lại từ', exempt: 'Miễn từ ngày', away: 'Đi từ ngày', transferred_out: 'Chuyển đi ngày', removed: 'Xóa tên ngày', deceased: 'Từ trần ngày' };
  items.push({ key: 'since', label: since[m.standing], children: orEmpty(formatDate(m.standingSince)) });
  if (m.standing === 'exempt') {
    items.push({ key: 'reason', label: 'Lý do', children: orEmpty(m.standingReason) });
    items.push({ key: 'resolution', label: 'Nghị quyết', children: orEmpty(m.standingResolution) });
  }
  if (m.standing === 'away') {
    items.push({ key: 'place', label: 'Nơi sinh hoạt tạm thời', children: orEmpty(m.awayPlace) });
    items.push({ key: 'until', label: 'Dự kiến về', children: orEmpty(formatDate(m.awayUntil)) });
  }
  if (m.standing === 'transferred_out') items.push({ key: 'dest', label: 'Nơi chuyển đến', children: orEmpty(m.standingReason) });
  if (m.standing === 'removed' || m.standing === 'deceased') items.push({ key: 'reason', label: 'Ghi chú', children: orEmpty(m.standingReason) });
  return items;
}

function eventText(e: MemberEvent): React.ReactNode[] {
  const lines: React.ReactNode[] = [];
  if (e.fromBranchName && e.toBranchName) lines.push(`${e.fromBranchName} → ${e.toBranchName}`);
  else if (e.toBranchName) lines.push(`Vào ${e.toBranchName}`);
  else if (e.fromBranchName && e.kind !== 'removed' && e.kind !== 'deceased') lines.push(`Rời ${e.fromBranchName}`);
  const details = e.details ?? {};
  if (Array.isArray(details.changed)) {
    const changed = (details.changed as string[]).map((c) => COLUMN_LABEL[c] ?? c);
    lines.push(changed.length ? `Đã sửa: ${changed.join(', ')}` : 'Không có thay đổi');
  }
  for (const [key, label] of Object.entries(EVENT_DETAIL)) {
    const value = details[key];
    if (value === null || value === undefined || value === '') continue;
    lines.push(`${label}: ${key === 'until' ? formatDate(String(value)) : String(value)}`);
  }
  return lines;
}

function History({ memberId }: { memberId: string }) {
  const history = useQuery({ queryKey: ['members.history', memberId], queryFn: () => api.members.history({ id: memberId }) });
  if (history.isPending) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (history.isError) return <Alert type="error" showIcon title={errorText(history.error)} />;
  if (history.data.length === 0) return <Empty description="Chưa có thay đổi nào được ghi." />;
  return (
    <Timeline
      className="member-history"
      items={history.data.map((e) => ({
        key: e.id,
        color: e.kind === 'removed' || e.kind === 'deceased' || e.kind === 'transferred_out' ? 'gray' : e.kind === 'edited' ? 'blue' : 'red',
        content: (
          <div data-testid="history-entry">
            <div>
              <Typography.Text strong>{EVENT_KIND[e.kind]}</Typography.Text>
              {e.effectiveDate && <Typography.Text> · {formatDate(e.effectiveDate)}</Typography.Text>}
            </div>
            {eventText(e).map((line, i) => (
              <div key={i}>{line}</div>
            ))}
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              Ghi lúc {formatDateTime(e.recordedAt)}
              {e.recordedBy ? ` bởi ${e.recordedBy}` : ''}
            </Typography.Text>
          </div>
        ),
      }))}
    />
  );
}

export function MemberDrawer({
  memberId: target,
  onClose,
  user,
  branches,
}: {
  memberId: string | null;
  onClose: () => void;
  user: SessionUser | null;
  branches: BranchSummary[];
}) {
  const memberId = useLastNonNull(target);
  const member = useQuery({
    queryKey: ['members.get', memberId],
    queryFn: () => api.members.get({ id: memberId! }),
    enabled: memberId !== null,
  });
  const [editing, setEditing] = useState(false);
  const [action, setAction] = useState<MemberActionKind | null>(null);
  const m = member.data;
  const actions = m ? memberActions(m, user) : [];

  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      size={640}
      destroyOnHidden
      title={m ? m.fullName : 'Hồ sơ đảng viên'}
      extra={m && <StatusTags status={m.status} standing={m.standing} />}
    >
      {member.isPending && <Skeleton active />}
      {member.isError && <Alert type="error" showIcon title={errorText(member.error)} />}
      {m && (
        <>
          {canEditMembers(user) && (
            <Space wrap style={{ marginBottom: 16 }} aria-label="Thao tác với hồ sơ">
              <Button type="primary" onClick={() => setEditing(true)}>
                {ACTION.edit}
              </Button>
              {actions.map((a) => (
                <Button key={a} danger={a === 'remove' || a === 'deceased'} onClick={() => setAction(a)}>
                  {a === 'deceased' ? ACTION.deceased : ACTION[a]}
                </Button>
              ))}
            </Space>
          )}
          <Descriptions
            bordered
            size="small"
            column={1}
            styles={{ label: { width: 190 } }}
            items={[
              { key: 'name', label: MEMBER_FIELD.fullName, children: <Typography.Text strong>{m.fullName}</Typography.Text> },
              { key: 'gender', label: MEMBER_FIELD.gender, children: GENDER[m.gender] },
              { key: 'birth', label: MEMBER_FIELD.birthDate, children: orEmpty(formatDate(m.birthDate)) },
              { key: 'admission', label: MEMBER_FIELD.admissionDate, children: orEmpty(formatDate(m.admissionDate)) },
              {
                key: 'official',
                label: MEMBER_FIELD.officialDate,
                children: m.officialDate ? formatDate(m.officialDate) : <Typography.Text type="secondary">Chưa (đảng viên dự bị)</Typography.Text>,
              },
              ...(m.status === 'probationary' ? [{ key: 'probation', label: MEMBER_FIELD.probationEnd, children: orEmpty(formatDate(m.probationEnd)) }] : []),
              { key: 'card', label: MEMBER_FIELD.cardNumber, children: orEmpty(m.cardNumber) },
              { key: 'citizen', label: MEMBER_FIELD.citizenId, children: orEmpty(m.citizenId) },
              { key: 'phone', label: MEMBER_FIELD.phone, children: orEmpty(m.phone) },
              { key: 'branch', label: MEMBER_FIELD.branch, children: m.branchName },
              { key: 'status', label: MEMBER_FIELD.status, children: MEMBER_STATUS[m.status] },
              ...standingItems(m),
            ]}
          />
          <Divider titlePlacement="start" style={{ marginTop: 28 }}>
            Quá trình
          </Divider>
          <History memberId={m.id} />
          <EditMemberModal member={m} open={editing} onClose={() => setEditing(false)} />
          <MemberActionModal kind={action} member={m} branches={branches} onClose={() => setAction(null)} />
        </>
      )}
    </Drawer>
  );
}
