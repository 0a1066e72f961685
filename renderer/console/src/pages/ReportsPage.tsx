// Báo cáo: a month's or a quarter's statistics per ward (and, opened, per branch), its Excel workbook, and the trend of
// the last twelve months.
import { DownloadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Radio, Select, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { ReportRow } from '../../../../core/consoleApi';
import { consoleApi, reportExportUrl } from '../api';
import { currentMonth, decimalOrDash, formatNumber, shareOrDash } from '../format';
import { TrendChart } from './TrendChart';

type Mode = 'month' | 'quarter';

function periodOf(mode: Mode, month: string): string {
  if (mode === 'month') return month;
  const q = Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1;
  return `${month.slice(0, 4)}-Q${q}`;
}

const Num = ({ v, late }: { v: number; late?: boolean }) => <span className={late && v > 0 ? 'num late' : 'num'}>{formatNumber(v)}</span>;

export function ReportsPage() {
  const [mode, setMode] = useState<Mode>('month');
  const [month, setMonth] = useState(currentMonth());
  const [slotId, setSlotId] = useState<string | undefined>();
  const period = periodOf(mode, month);
  const report = useQuery({
    queryKey: ['reports.period', period, slotId],
    queryFn: () => consoleApi.reports.period({ period, slotId, branches: true }),
    placeholderData: keepPreviousData,
  });
  const trend = useQuery({
    queryKey: ['reports.trend', month, slotId],
    queryFn: () => consoleApi.reports.trend({ to: month, months: 12, slotId }),
    placeholderData: keepPreviousData,
  });
  const wardOptions = useQuery({
    queryKey: ['reports.wards', period],
    queryFn: () => consoleApi.reports.period({ period, branches: false }),
    select: (r) => r.rows.filter((row) => row.branchId === null).map((row) => ({ value: row.slotId, label: row.wardName })),
  });

  const rows = report.data?.rows ?? [];
  const wardRows = rows
    .filter((r) => r.branchId === null)
    .map((w) => ({ ...w, key: w.slotId, children: rows.filter((r) => r.branchId !== null && r.slotId === w.slotId).map((b) => ({ ...b, key: `${b.slotId}/${b.branchId}` })) }))
    .map((w) => (w.children.length === 0 ? { ...w, children: undefined } : w));

  type Row = ReportRow & { key: string; children?: Row[] };

  return (
    <>
      <div className="page-header">
        <div>
          <Typography.Title level={2} className="page-title">
            Báo cáo
          </Typography.Title>
          <div className="page-subtitle">Thống kê sinh hoạt chi bộ theo tháng hoặc quý, từng đơn vị và từng chi bộ.</div>
        </div>
        <Button type="primary" icon={<DownloadOutlined aria-hidden />} href={reportExportUrl(period, slotId)} download>
          Tải Excel
        </Button>
      </div>
      <div className="filters" role="search" aria-label="Kỳ báo cáo">
        <Radio.Group
          optionType="button"
          value={mode}
          onChange={(e) => setMode(e.target.value as Mode)}
          options={[
            { value: 'month', label: 'Theo tháng' },
            { value: 'quarter', label: 'Theo quý' },
          ]}
        />
        <DatePicker
          picker={mode}
          allowClear={false}
          format={mode === 'month' ? 'MM/YYYY' : (d) => `Quý ${['I', 'II', 'III', 'IV'][Math.floor(d.month() / 3)]}/${d.year()}`}
          value={dayjs(`${month}-01`)}
          onChange={(d) => d && setMonth(d.format('YYYY-MM'))}
          aria-label={mode === 'month' ? 'Tháng' : 'Quý'}
          style={{ width: 150 }}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder="Tất cả đơn vị"
          aria-label="Đơn vị"
          style={{ width: 260 }}
          value={slotId}
          onChange={(v: string | undefined) => setSlotId(v)}
          options={wardOptions.data ?? []}
        />
      </div>
      {report.isError && <Alert type="error" showIcon title={report.error.message} style={{ marginBottom: 16 }} />}
      {report.data && (
        <div className="stat-strip">
          <Card size="small">
            <div className="stat-label">Buổi phải họp</div>
            <div className="stat-value">{formatNumber(report.data.all.expected)}</div>
            <div className="stat-note">{formatNumber(report.data.all.branches)} chi bộ</div>
          </Card>
          <Card size="small">
            <div className="stat-label">Đã họp</div>
            <div className="stat-value">{formatNumber(report.data.all.held)}</div>
            <div className="stat-note">{report.data.all.expected > 0 ? shareOrDash(report.data.all.held / report.data.all.expected) : '—'} số buổi phải họp</div>
          </Card>
          <Card size="small">
            <div className="stat-label">Thông qua biên bản</div>
            <div className="stat-value">{formatNumber(report.data.all.adopted)}</div>
          </Card>
          <Card size="small">
            <div className="stat-label">Sinh hoạt chuyên đề</div>
            <div className="stat-value">{formatNumber(report.data.all.thematic)}</div>
          </Card>
          <Card size="small">
            <div className="stat-label">Tỷ lệ dự họp</div>
            <div className="stat-value">{shareOrDash(report.data.all.attendanceRate)}</div>
          </Card>
          <Card size="small">
            <div className="stat-label">Ý kiến mỗi buổi</div>
            <div className="stat-value">{decimalOrDash(report.data.all.opinionsPerMeeting)}</div>
          </Card>
          <Card size="small" className={report.data.all.lateDrafts > 0 ? 'stat-alert' : undefined}>
            <div className="stat-label">Gửi dự thảo muộn</div>
            <div className="stat-value">{formatNumber(report.data.all.lateDrafts)}</div>
          </Card>
        </div>
      )}
      <Card size="small" title={report.data ? `Số liệu ${report.data.label.charAt(0).toLowerCase()}${report.data.label.slice(1)}` : 'Số liệu'} style={{ marginBottom: 16 }}>
        <Table<Row>
          size="small"
          scroll={{ x: 'max-content' }}
          loading={report.isFetching}
          dataSource={wardRows as Row[]}
          aria-label="Báo cáo theo đơn vị"
          pagination={wardRows.length > 30 ? { pageSize: 30, showSizeChanger: false } : false}
          locale={{ emptyText: 'Không có số liệu trong kỳ này.' }}
          columns={[
            {
              title: 'Đơn vị / chi bộ',
              key: 'name',
              onCell: () => ({ style: { minWidth: 250 } }),
              render: (_, r) => (r.branchId === null ? <strong>{r.wardName}</strong> : r.branchName),
            },
            { title: 'Chi bộ', dataIndex: 'branches', align: 'right', render: (v: number, r) => (r.branchId === null ? <Num v={v} /> : '') },
            { title: 'Phải họp', dataIndex: 'expected', align: 'right', render: (v: number) => <Num v={v} /> },
            { title: 'Đã họp', dataIndex: 'held', align: 'right', render: (v: number) => <Num v={v} /> },
            {
              title: (
                <>
                  Tỷ lệ
                  <br />
                  đã họp
                </>
              ),
              key: 'heldRate',
              align: 'right',
              render: (_, r) => <span className="num">{r.expected > 0 ? shareOrDash(r.held / r.expected) : '—'}</span>,
            },
            { title: (
                <>
                  Thông qua
                  <br />
                  biên bản
                </>
              ), dataIndex: 'adopted', align: 'right', render: (v: number) => <Num v={v} /> },
            { title: 'Chuyên đề', dataIndex: 'thematic', align: 'right', render: (v: number) => <Num v={v} /> },
            { title: 'Dự họp', dataIndex: 'attendanceRate', align: 'right', render: (v: number | null) => <span className="num">{shareOrDash(v)}</span> },
            { title: (
                <>
                  Ý kiến
                  <br />
                  mỗi buổi
                </>
              ), dataIndex: 'opinionsPerMeeting', align: 'right', render: (v: number | null) => <span className="num">{decimalOrDash(v)}</span> },
            { title: 'Gửi muộn', dataIndex: 'lateDrafts', align: 'right', render: (v: number) => <Num v={v} late /> },
            { title: (
                <>
                  Góp ý
                  <br />
                  cấp trên
                </>
              ), dataIndex: 'feedback', align: 'right', render: (v: number) => <Num v={v} /> },
          ]}
        />
      </Card>
      <Card size="small" title="Xu hướng 12 tháng">
        {trend.isError && <Alert type="error" showIcon title={trend.error.message} />}
        {trend.data && <TrendChart points={trend.data} />}
      </Card>
    </>
  );
}
