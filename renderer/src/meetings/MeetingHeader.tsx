// The meeting's header: the branch, kind, date and time, place, where it stands in its lifecycle, and the lock once the
// minutes are adopted.
import { ArrowLeftOutlined, DesktopOutlined, LockOutlined } from '@ant-design/icons';
import { Button, Card, Space, Steps, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import type { MeetingDetail } from '../../../core/api';
import { formatDate, formatDateTime } from '../format';
import { formatScheduledLong, leadTimeText } from './format';
import { StatusTag } from './MonthTable';
import { LIFECYCLE, MEETING_KIND_LONG } from './strings';

const DONE_STEPS: Record<MeetingDetail['status'], number> = { planned: 1, shared: 2, held: 3, adopted: 4, sent: 5 };

export function MeetingHeader({ meeting: m }: { meeting: MeetingDetail }) {
  const done = DONE_STEPS[m.status];
  const skippedSharing = done >= 3 && m.draftSharedAt === null;
  const content = [
    null,
    m.draftSharedAt !== null
      ? `${formatDateTime(m.draftSharedAt)}${m.leadHours !== null ? (m.sharedLate ? ` (muộn: ${leadTimeText(m.leadHours)})` : ` (${leadTimeText(m.leadHours)})`) : ''}`
      : skippedSharing
        ? 'Không gửi trước'
        : null,
    `${done >= 3 ? 'Đã họp ' : ''}${formatDate(m.scheduledAt.slice(0, 10))}, ${m.scheduledAt.slice(11, 16)}${m.endedAt ? `–${m.endedAt}` : ''}`,
    m.adoptedAt !== null ? formatDateTime(m.adoptedAt) : null,
    null,
  ];
  const month = m.scheduledAt.slice(0, 7);
  const navigate = useNavigate();

  return (
    <>
      <Link to={`/sinh-hoat?thang=${month}`} className="back-link">
        <ArrowLeftOutlined aria-hidden /> Sinh hoạt tháng {month.slice(5, 7)}/{month.slice(0, 4)}
      </Link>
      <div className="page-header">
        <div style={{ minWidth: 0 }}>
          <Typography.Title level={3} className="page-title">
            {m.branchName}
          </Typography.Title>
          <div className="page-subtitle meeting-facts" data-testid="meeting-facts">
            <span>{MEETING_KIND_LONG[m.kind]}</span>
            <span>{formatScheduledLong(m.scheduledAt)}</span>
            {m.place && <span>{m.place}</span>}
            {m.topic && m.kind !== 'regular' && <span>Chuyên đề: {m.topic}</span>}
          </div>
        </div>
        <Space size={8}>
          <Button type="primary" icon={<DesktopOutlined aria-hidden />} onClick={() => navigate(`/trinh-chieu/${m.id}`)}>
            Trình chiếu
          </Button>
          <StatusTag status={m.status} />
          {m.locked && (
            <Tag icon={<LockOutlined aria-hidden />} color="default" data-testid="locked-tag">
              Đã khóa
            </Tag>
          )}
        </Space>
      </div>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Steps
          size="small"
          current={Math.min(done, LIFECYCLE.length - 1)}
          status={done >= LIFECYCLE.length ? 'finish' : 'process'}
          items={LIFECYCLE.map((title, i) => ({
            title,
            content: content[i] ?? undefined,
            status: i === 1 && skippedSharing ? 'error' : undefined,
          }))}
        />
      </Card>
    </>
  );
}
