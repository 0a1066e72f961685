// Sinh hoạt: the ward's month (every branch and its meeting), the same month as a calendar, planning meetings for
// several branches at once, and the report over months. A branch's meeting opens at /sinh-hoat/:id.
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Space, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../api';
import { errorText } from '../forms';
import { monthLabel } from '../meetings/format';
import { MonthCalendar } from '../meetings/MonthCalendar';
import { MonthTable } from '../meetings/MonthTable';
import { PlanModal } from '../meetings/PlanModal';
import { ReportTab } from '../meetings/ReportTab';
import { ACTION, MEETINGS_TAB } from '../meetings/strings';
import { canEditMeetings, canReadReports } from '../meetings/useMeeting';
import '../meetings/meetings.css';
import { useSessionUser } from '../session';
import { NAV } from '../strings';

type TabKey = keyof typeof MEETINGS_TAB;

export function MeetingsPage() {
  const user = useSessionUser();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const monthParam = params.get('thang');
  const month = monthParam && /^\d{4}-\d{2}$/.test(monthParam) ? dayjs(`${monthParam}-01`) : dayjs().startOf('month');
  const monthKey = month.format('YYYY-MM');
  const tab = (params.get('xem') as TabKey | null) ?? 'month';
  const [planning, setPlanning] = useState<string[] | null>(null);
  const canPlan = canEditMeetings(user);
  const reports = canReadReports(user);

  const rows = useQuery({ queryKey: ['meetings.month', monthKey], queryFn: () => api.meetings.month({ month: monthKey }) });
  const setParam = (key: string, value: string | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value === null) next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );
  const open = (id: string) => navigate(`/sinh-hoat/${id}`);

  const data = rows.data ?? [];
  const planned = data.filter((r) => r.meeting).length;
  const held = data.filter((r) => r.meeting && !['planned', 'shared'].includes(r.meeting.status)).length;
  const overdue = data.filter((r) => r.overdue).length;
  const late = data.filter((r) => r.meeting?.sharedLate).length;

  return (
    <>
      <div className="page-header">
        <div>
          <Typography.Title level={3} className="page-title">
            {NAV.meetings}
          </Typography.Title>
          <div className="page-subtitle">
            {user?.role === 'branch_secretary' && user.branchName ? `${user.branchName}. ` : ''}
            Buổi sinh hoạt của từng chi bộ trong tháng: kế hoạch, dự thảo, điểm danh, biểu quyết và biên bản. Bấm vào một chi bộ để mở buổi
            sinh hoạt.
          </div>
        </div>
        {canPlan && (
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setPlanning([])}>
            {ACTION.plan}
          </Button>
        )}
      </div>
      {rows.isError && <Alert type="error" showIcon title={errorText(rows.error)} style={{ marginBottom: 16 }} />}
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => setParam('xem', key === 'month' ? null : key)}
          tabBarExtraContent={
            tab !== 'report' && (
              <Space>
                <span>Tháng</span>
                <DatePicker
                  picker="month"
                  format="MM/YYYY"
                  allowClear={false}
                  value={month}
                  onChange={(value) => value && setParam('thang', value.format('YYYY-MM'))}
                  aria-label="Chọn tháng"
                  style={{ width: 130 }}
                />
              </Space>
            )
          }
          items={[
            {
              key: 'month',
              label: MEETINGS_TAB.month,
              children: (
                <>
                  <Space wrap size={[8, 8]} style={{ marginBottom: 12 }} data-testid="month-summary">
                    <Typography.Text strong>{monthLabel(monthKey).replace(/^t/, 'T')}:</Typography.Text>
                    <Tag>{data.length} chi bộ</Tag>
                    <Tag color="blue">{planned} đã có kế hoạch</Tag>
                    <Tag color="green">{held} đã họp</Tag>
                    {overdue > 0 && <Tag color="red">{overdue} quá hạn</Tag>}
                    {late > 0 && <Tag color="orange">{late} gửi dự thảo muộn</Tag>}
                  </Space>
                  <MonthTable rows={rows.data} loading={rows.isFetching} canPlan={canPlan} onPlan={(id) => setPlanning([id])} onOpen={open} />
                </>
              ),
            },
            { key: 'calendar', label: MEETINGS_TAB.calendar, children: <MonthCalendar month={month} rows={data} onOpen={open} /> },
            ...(reports ? [{ key: 'report', label: MEETINGS_TAB.report, children: <ReportTab initialMonth={dayjs().startOf('month')} /> }] : []),
          ]}
        />
      </Card>
      {canPlan && (
        <PlanModal
          open={planning !== null}
          rows={data}
          initialBranchIds={planning ?? []}
          onClose={() => setPlanning(null)}
          onPlanned={(m) => setParam('thang', m === dayjs().format('YYYY-MM') ? null : m)}
        />
      )}
    </>
  );
}
