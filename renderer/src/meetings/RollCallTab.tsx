// Điểm danh: the whole roll on one screen, members expected to attend first. Three large choices per member; each one
// is saved at once and the totals the minutes carry follow live. Works with the keyboard: Tab moves from member to
// member, the arrow keys choose within a member's row, Enter saves a reason.
import { CheckOutlined, CloseOutlined, ExclamationOutlined, TeamOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Popconfirm, Radio, Tag, Tooltip, Typography } from 'antd';
import { useRef, useState } from 'react';
import type { MeetingDetail, Presence, RollRow } from '../../../core/api';
import { api } from '../api';
import { errorText } from '../forms';
import { MEMBER_STATUS } from '../strings';
import { formatShare } from './format';
import { ACTION, PRESENCE } from './strings';
import { meetingKey } from './useMeeting';

interface Mark {
  memberId: string;
  presence: Presence | null;
  reason: string | null;
}

const ICON: Record<Presence, React.ReactNode> = {
  present: <CheckOutlined aria-hidden />,
  absent_excused: <ExclamationOutlined aria-hidden />,
  absent_unexcused: <CloseOutlined aria-hidden />,
};

function Totals({ totals: t }: { totals: MeetingDetail['totals'] }) {
  const items: { label: string; value: React.ReactNode; note?: string; strong?: boolean }[] = [
    { label: 'Tổng số', value: t.total, strong: true },
    { label: 'Chính thức', value: t.official },
    { label: 'Dự bị', value: t.probationary },
    { label: 'Miễn sinh hoạt', value: t.exempt },
    { label: 'Sinh hoạt nơi khác', value: t.away },
    { label: 'Phải triệu tập', value: t.summoned, strong: true },
    { label: 'Có mặt', value: t.present, note: `chính thức ${t.presentOfficial} · dự bị ${t.presentProbationary}`, strong: true },
    { label: 'Miễn sinh hoạt có mặt', value: t.exemptPresent },
    { label: 'Vắng', value: t.absent, note: `có lý do ${t.absentExcused.length} · không lý do ${t.absentUnexcused.length}` },
    { label: 'Tỷ lệ dự họp', value: formatShare(t.rate), strong: true },
  ];
  return (
    <div className="roll-totals" data-testid="roll-totals" aria-live="polite">
      {items.map((item) => (
        <div className={`roll-total${item.strong ? ' roll-total-strong' : ''}`} key={item.label} data-testid={`total-${item.label}`}>
          <div className="roll-total-label">{item.label}</div>
          <div className="roll-total-value">{item.value}</div>
          {item.note && <div className="roll-total-note">{item.note}</div>}
        </div>
      ))}
    </div>
  );
}

function ReasonInput({ row, disabled, onSave }: { row: RollRow; disabled: boolean; onSave: (reason: string) => void }) {
  const [value, setValue] = useState(row.reason ?? '');
  const save = () => {
    if (value.trim() !== (row.reason ?? '')) onSave(value.trim());
  };
  return (
    <Input
      value={value}
      disabled={disabled}
      maxLength={200}
      placeholder="Lý do vắng: ốm, công tác…"
      aria-label={`Lý do vắng của ${row.name}`}
      onChange={(e) => setValue(e.target.value)}
      onBlur={save}
      onPressEnter={save}
    />
  );
}

export function RollCallTab({ meeting, editable }: { meeting: MeetingDetail; editable: boolean }) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  // Marks sent and not yet answered: shown at once, so a fast roll call never waits for the services.
  const [pending, setPending] = useState<Record<string, Mark>>({});
  const queue = useRef<Promise<void>>(Promise.resolve());

  const mark = (marks: Mark[]) => {
    setPending((p) => ({ ...p, ...Object.fromEntries(marks.map((m) => [m.memberId, m])) }));
    // One after another, in the order clicked, so the last answer is the last click.
    queue.current = queue.current.then(async () => {
      try {
        const detail = await api.attendance.mark({ meetingId: meeting.id, marks });
        queryClient.setQueryData(meetingKey(meeting.id), detail);
      } catch (error) {
        void message.error(errorText(error));
      } finally {
        setPending((p) => {
          const next = { ...p };
          for (const m of marks) if (next[m.memberId] === m) delete next[m.memberId];
          return next;
        });
      }
    });
  };

  const presenceOf = (row: RollRow) => (row.memberId in pending ? pending[row.memberId]!.presence : row.presence);
  const expected = meeting.roll.filter((r) => r.expected);
  const others = meeting.roll.filter((r) => !r.expected);
  const notPresent = expected.filter((r) => presenceOf(r) !== 'present');
  const unmarked = expected.filter((r) => presenceOf(r) === null).length;
  const overwrites = notPresent.some((r) => presenceOf(r) !== null);
  const allPresent = () => mark(notPresent.map((r) => ({ memberId: r.memberId, presence: 'present', reason: null })));

  const row = (r: RollRow, i: number) => {
    const presence = presenceOf(r);
    return (
      <div className={`roll-row roll-row-${presence ?? 'none'}`} key={r.memberId} data-testid="roll-row" data-member={r.name}>
        <span className="roll-no">{i + 1}</span>
        <div className="roll-name">
          <span className="roll-name-text">{r.name}</span>
          {r.status === 'probationary' && <Tag color="gold">{MEMBER_STATUS.probationary}</Tag>}
          {r.standing === 'exempt' && <Tag color="blue">Miễn sinh hoạt</Tag>}
          {r.standing === 'away' && <Tag color="purple">Sinh hoạt nơi khác</Tag>}
        </div>
        <Radio.Group
          className="roll-choice"
          optionType="button"
          buttonStyle="solid"
          size="large"
          value={presence}
          disabled={!editable}
          aria-label={`Điểm danh ${r.name}`}
          onChange={(e) => {
            const value = e.target.value as Presence;
            mark([{ memberId: r.memberId, presence: value, reason: value === 'absent_excused' ? r.reason : null }]);
          }}
          options={(['present', 'absent_excused', 'absent_unexcused'] as const).map((p) => ({
            value: p,
            label: (
              <span className={`roll-option roll-option-${p}`}>
                {ICON[p]} {PRESENCE[p]}
              </span>
            ),
          }))}
        />
        <div className="roll-reason">
          {presence === 'absent_excused' && (
            <ReasonInput
              row={r}
              disabled={!editable}
              key={r.reason ?? ''}
              onSave={(reason) => mark([{ memberId: r.memberId, presence: 'absent_excused', reason: reason || null }])}
            />
          )}
          {presence !== null && !r.expected && editable && (
            <Tooltip title="Bỏ điểm danh: người không phải triệu tập và không đến">
              <Button
                type="text"
                size="small"
                icon={<CloseOutlined aria-hidden />}
                aria-label={`Bỏ điểm danh ${r.name}`}
                onClick={() => mark([{ memberId: r.memberId, presence: null, reason: null }])}
              />
            </Tooltip>
          )}
        </div>
      </div>
    );
  };

  return (
    <div className="roll-call">
      <div className="roll-sticky">
        <Totals totals={meeting.totals} />
        <div className="tab-toolbar" style={{ marginBottom: 0 }}>
          <Typography.Text type="secondary">
            {unmarked > 0 ? `Còn ${unmarked} đồng chí phải triệu tập chưa điểm danh.` : 'Đã điểm danh đủ người phải triệu tập.'}
            {editable && ' Mỗi lần chọn được lưu ngay. Phím Tab chuyển người, phím mũi tên chọn.'}
          </Typography.Text>
          {editable && (
            <Popconfirm
              title="Ghi tất cả đảng viên phải triệu tập là có mặt?"
              description="Những người đã ghi vắng cũng sẽ được ghi có mặt."
              okText="Ghi có mặt"
              cancelText="Không"
              disabled={!overwrites}
              onConfirm={allPresent}
            >
              <Button type="primary" icon={<TeamOutlined aria-hidden />} disabled={notPresent.length === 0} onClick={overwrites ? undefined : allPresent}>
                {ACTION.allPresent}
              </Button>
            </Popconfirm>
          )}
        </div>
      </div>
      <div className="roll-section-title">Đảng viên phải triệu tập ({expected.length})</div>
      <div className="roll-list">{expected.map(row)}</div>
      {others.length > 0 && (
        <>
          <div className="roll-section-title">
            Không phải triệu tập ({others.length}): miễn sinh hoạt, sinh hoạt nơi khác. Ghi có mặt nếu đồng chí vẫn đến dự.
          </div>
          <div className="roll-list">{others.map((r, i) => row(r, expected.length + i))}</div>
        </>
      )}
    </div>
  );
}
