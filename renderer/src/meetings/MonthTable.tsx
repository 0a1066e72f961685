// The ward's month, one row per branch: where its meeting stands, when, how early the draft reached members, how many
// came and spoke. A branch late with its meeting is highlighted.
import { Button, Table, Tag, Tooltip, Typography } from 'antd';
import type { MonthRow } from '../../../core/api';
import { compareVietnamese } from '../format';
import { formatScheduled, formatShare, leadTimeText } from './format';
import { ACTION, MEETING_KIND, MEETING_STATUS, STATUS_COLOR } from './strings';

export function StatusTag({ status }: { status: keyof typeof MEETING_STATUS }) {
  return <Tag color={STATUS_COLOR[status]}>{MEETING_STATUS[status]}</Tag>;
}

/** The draft's lead time: "trước 3 ngày", or in red "muộn: 20 giờ" when it reached members less than a day ahead. */
export function LeadTime({ hours, late }: { hours: number | null; late: boolean }) {
  if (hours === null) return <Typography.Text type="secondary">Chưa gửi</Typography.Text>;
  if (!late) return <span>{leadTimeText(hours)}</span>;
  return (
    <Tooltip title="Dự thảo phải đến đảng viên trước buổi họp ít nhất 1 ngày (Hướng dẫn 42-HD/BTCTW).">
      <Tag color="red" variant="solid">
        muộn: {leadTimeText(hours)}
      </Tag>
    </Tooltip>
  );
}

export function MonthTable({
  rows,
  loading,
  canPlan,
  onPlan,
  onOpen,
}: {
  rows: MonthRow[] | undefined;
  loading: boolean;
  canPlan: boolean;
  onPlan: (branchId: string) => void;
  onOpen: (meetingId: string) => void;
}) {
  return (
    <Table<MonthRow>
      rowKey="branchId"
      size="middle"
      className="clickable-rows nowrap-head"
      loading={loading}
      dataSource={rows}
      pagination={false}
      rowClassName={(row) => (row.overdue ? 'meeting-row-overdue' : '')}
      onRow={(row) => ({ onClick: () => row.meeting && onOpen(row.meeting.id) })}
      locale={{ emptyText: 'Đảng bộ chưa có chi bộ nào.' }}
      columns={[
        {
          title: 'Chi bộ',
          dataIndex: 'branchName',
          sorter: (a, b) => compareVietnamese(a.branchName, b.branchName),
          render: (name: string, row) =>
            row.meeting ? (
              <Typography.Link strong onClick={(e) => e.preventDefault()}>
                {name}
              </Typography.Link>
            ) : (
              name
            ),
        },
        {
          title: 'Tình trạng',
          key: 'status',
          width: 230,
          filters: Object.entries(MEETING_STATUS).map(([value, text]) => ({ value, text })),
          onFilter: (value, row) => (row.meeting?.status ?? 'none') === value,
          render: (_: unknown, row) => (
            <>
              <StatusTag status={row.meeting?.status ?? 'none'} />
              {row.overdue && (
                <Tag color="red" variant="solid">
                  Quá hạn
                </Tag>
              )}
            </>
          ),
        },
        {
          title: 'Ngày giờ',
          key: 'when',
          width: 170,
          sorter: (a, b) => (a.meeting?.scheduledAt ?? '9').localeCompare(b.meeting?.scheduledAt ?? '9'),
          render: (_: unknown, row) =>
            row.meeting ? (
              <>
                <div>{formatScheduled(row.meeting.scheduledAt)}</div>
                <div className="cell-note">{MEETING_KIND[row.meeting.kind]}</div>
              </>
            ) : null,
        },
        {
          title: 'Gửi dự thảo',
          key: 'lead',
          width: 150,
          render: (_: unknown, row) => (row.meeting ? <LeadTime hours={row.meeting.leadHours} late={row.meeting.sharedLate} /> : null),
        },
        {
          title: 'Dự họp',
          key: 'rate',
          align: 'right',
          width: 100,
          render: (_: unknown, row) =>
            row.meeting?.attendanceRate !== null && row.meeting?.attendanceRate !== undefined ? formatShare(row.meeting.attendanceRate) : null,
        },
        {
          title: 'Ý kiến',
          key: 'opinions',
          align: 'right',
          width: 80,
          render: (_: unknown, row) => (row.meeting ? row.meeting.opinions : null),
        },
        ...(canPlan
          ? [
              {
                title: '',
                key: 'actions',
                width: 150,
                render: (_: unknown, row: MonthRow) =>
                  row.meeting ? null : (
                    <Button
                      size="small"
                      onClick={(e) => {
                        e.stopPropagation();
                        onPlan(row.branchId);
                      }}
                    >
                      {ACTION.plan}
                    </Button>
                  ),
              },
            ]
          : []),
      ]}
    />
  );
}
