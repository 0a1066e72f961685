// Báo cáo sinh hoạt chi bộ over a range of months: for each branch and month, whether it met, the attendance, the number
// of opinions and whether the draft reached members a day ahead; exported as Excel for the superior committee.
import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { MeetingReportRow } from '../../../core/api';
import { api } from '../api';
import { saveBase64, XLSX_TYPE } from '../download';
import { errorText } from '../forms';
import { formatShare } from './format';
import { ACTION, DONE } from './strings';

interface BranchLine {
  branchId: string;
  branchName: string;
  months: Record<string, MeetingReportRow>;
}

function ReportCell({ row }: { row: MeetingReportRow | undefined }) {
  if (!row) return null;
  if (!row.held) return <Typography.Text type="secondary">Chưa họp</Typography.Text>;
  return (
    <div className="report-cell">
      <Tag color="green">Đã họp</Tag>
      <div>
        {row.attendanceRate !== null ? `dự ${formatShare(row.attendanceRate)}` : 'chưa điểm danh'} · {row.opinions} ý kiến
      </div>
      {row.sharedOnTime !== null && (
        <div className={row.sharedOnTime ? 'cell-note' : 'cell-note report-late'}>{row.sharedOnTime ? 'dự thảo đúng hạn' : 'dự thảo gửi muộn'}</div>
      )}
    </div>
  );
}

export function ReportTab({ initialMonth }: { initialMonth: Dayjs }) {
  const { message } = App.useApp();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([initialMonth.subtract(5, 'month'), initialMonth]);
  const from = range[0].format('YYYY-MM');
  const to = range[1].format('YYYY-MM');
  const report = useQuery({ queryKey: ['reports.meetings', from, to], queryFn: () => api.reports.meetings({ from, to }) });
  const exportXlsx = useMutation({
    mutationFn: () => api.reports.meetingsXlsx({ from, to }),
    onSuccess: (file) => {
      saveBase64(file.fileName, file.data, XLSX_TYPE);
      void message.success(DONE.downloaded(file.fileName));
    },
    onError: (error) => void message.error(errorText(error)),
  });

  const months: string[] = [];
  for (let m = range[0].startOf('month'); !m.isAfter(range[1], 'month'); m = m.add(1, 'month')) months.push(m.format('YYYY-MM'));
  const lines = new Map<string, BranchLine>();
  for (const row of report.data ?? []) {
    const line = lines.get(row.branchId) ?? { branchId: row.branchId, branchName: row.branchName, months: {} };
    line.months[row.month] = row;
    lines.set(row.branchId, line);
  }
  const data = [...lines.values()];
  const heldIn = (month: string) => data.filter((l) => l.months[month]?.held).length;

  return (
    <>
      <div className="tab-toolbar">
        <Space wrap>
          <span>Từ tháng đến tháng</span>
          <DatePicker.RangePicker
            picker="month"
            format="MM/YYYY"
            allowClear={false}
            value={range}
            disabledDate={(d) => d.isAfter(dayjs().add(12, 'month'), 'month')}
            onChange={(value) => value?.[0] && value[1] && setRange([value[0], value[1]])}
            aria-label="Khoảng tháng của báo cáo"
          />
        </Space>
        <Button icon={<DownloadOutlined aria-hidden />} loading={exportXlsx.isPending} onClick={() => exportXlsx.mutate()}>
          {ACTION.exportXlsx}
        </Button>
      </div>
      {report.isError && <Alert type="error" showIcon title={errorText(report.error)} style={{ marginBottom: 16 }} />}
      <Table<BranchLine>
        rowKey="branchId"
        size="small"
        className="report-table nowrap-head"
        loading={report.isFetching}
        dataSource={data}
        pagination={false}
        scroll={{ x: 240 + months.length * 135 }}
        bordered
        columns={[
          { title: 'Chi bộ', dataIndex: 'branchName', fixed: 'start', width: 240 },
          ...months.map((month) => ({
            title: `${month.slice(5, 7)}/${month.slice(0, 4)}`,
            key: month,
            width: 135,
            render: (_: unknown, line: BranchLine) => <ReportCell row={line.months[month]} />,
          })),
        ]}
        summary={() =>
          data.length > 0 && (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <Typography.Text strong>Số chi bộ đã họp</Typography.Text>
              </Table.Summary.Cell>
              {months.map((month, i) => (
                <Table.Summary.Cell index={i + 1} key={month}>
                  <Typography.Text strong>
                    {heldIn(month)}/{data.length}
                  </Typography.Text>
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          )
        }
      />
    </>
  );
}
