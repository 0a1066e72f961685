// Tổng quan tháng: every branch in the account's wards and how its month's meeting stands, with the totals of all the
// wards on top and per ward below them; filters, sorting and paging happen on the server. The filters live in the
// address so that coming back from a meeting finds the list as it was.
import { SearchOutlined, WarningOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Card, DatePicker, Input, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import type { BranchMonthRow, BranchMonthStatus, ConsoleUser, OverviewSort, WardMonthTotals } from '../../../../core/consoleApi';
import { consoleApi } from '../api';
import { currentMonth, decimalOrDash, durationText, formatNumber, formatScheduled, monthLabel, shareOrDash } from '../format';
import { BRANCH_STATUS, BRANCH_STATUS_COLOR, FLAG, FLAG_COLOR, MEETING_KIND } from '../strings';

const STATUSES: BranchMonthStatus[] = ['none', 'planned', 'shared', 'held', 'adopted'];
const STATUS_BAR: Record<BranchMonthStatus, string> = {
  none: '#d9d9d9',
  planned: '#69b1ff',
  shared: '#597ef7',
  held: '#faad14',
  adopted: '#52c41a',
};
const PAGE_SIZE = 50;
const SORTS: OverviewSort[] = ['attention', 'ward', 'branch', 'date', 'attendance', 'opinions', 'lead'];

type Totals = Omit<WardMonthTotals, 'slotId' | 'wardName'>;

function Stat({ label, value, note, alert, testId }: { label: string; value: React.ReactNode; note?: React.ReactNode; alert?: boolean; testId?: string }) {
  return (
    <Card size="small" className={alert ? 'stat-alert' : undefined}>
      <div className="stat-label">{label}</div>
      <div className="stat-value" data-testid={testId}>
        {value}
      </div>
      {note && <div className="stat-note">{note}</div>}
    </Card>
  );
}

function StatusBar({ byStatus, branches }: { byStatus: Record<BranchMonthStatus, number>; branches: number }) {
  const title = STATUSES.map((s) => `${BRANCH_STATUS[s]}: ${byStatus[s]}`).join(' · ');
  return (
    <Tooltip title={title}>
      <div className="status-bar" role="img" aria-label={title}>
        {branches > 0 &&
          STATUSES.map((s) => (byStatus[s] > 0 ? <span key={s} style={{ width: `${(byStatus[s] / branches) * 100}%`, background: STATUS_BAR[s] }} /> : null))}
      </div>
    </Tooltip>
  );
}

const held = (t: Totals) => t.byStatus.held + t.byStatus.adopted;

function AllTotals({ all }: { all: Totals }) {
  return (
    <div className="stat-strip" aria-label="Tổng hợp các đơn vị">
      <Stat label="Chi bộ" value={formatNumber(all.branches)} testId="total-branches" />
      <Stat
        label="Đã họp"
        value={formatNumber(held(all))}
        note={all.branches > 0 ? `${shareOrDash(held(all) / all.branches)} số chi bộ` : undefined}
        testId="total-held"
      />
      <Stat label="Thông qua biên bản" value={formatNumber(all.byStatus.adopted)} />
      <Stat label="Chưa có kế hoạch" value={formatNumber(all.byStatus.none)} alert={all.byStatus.none > 0} />
      <Stat label="Tỷ lệ dự họp" value={shareOrDash(all.attendanceRate)} />
      <Stat label="Ý kiến mỗi buổi" value={decimalOrDash(all.opinionsPerMeeting)} />
      <Stat label="Gửi dự thảo muộn" value={formatNumber(all.lateDrafts)} alert={all.lateDrafts > 0} testId="total-late" />
      <Stat label="Chi bộ cần chú ý" value={formatNumber(all.needAttention)} alert={all.needAttention > 0} testId="total-attention" />
    </div>
  );
}

function WardTotals({ wards, selected, onSelect }: { wards: WardMonthTotals[]; selected?: string; onSelect: (slotId?: string) => void }) {
  return (
    <Card size="small" title="Theo đơn vị" style={{ marginBottom: 16 }}>
      <Table<WardMonthTotals>
        size="small"
        rowKey="slotId"
        className="clickable-rows nowrap-head"
        dataSource={wards}
        pagination={wards.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
        aria-label="Tổng hợp theo đơn vị"
        rowClassName={(w) => (w.slotId === selected ? 'ant-table-row-selected' : '')}
        onRow={(w) => ({ onClick: () => onSelect(w.slotId === selected ? undefined : w.slotId) })}
        columns={[
          { title: 'Đơn vị', dataIndex: 'wardName', render: (name: string) => <strong>{name}</strong> },
          { title: 'Chi bộ', dataIndex: 'branches', align: 'right', render: (n: number) => <span className="num">{formatNumber(n)}</span> },
          { title: 'Tiến độ trong tháng', key: 'bar', width: 220, render: (_, w) => <StatusBar byStatus={w.byStatus} branches={w.branches} /> },
          { title: 'Đã họp', key: 'held', align: 'right', render: (_, w) => <span className="num">{formatNumber(held(w))}</span> },
          { title: 'Chưa có kế hoạch', key: 'none', align: 'right', render: (_, w) => <span className="num">{formatNumber(w.byStatus.none)}</span> },
          { title: 'Dự họp', dataIndex: 'attendanceRate', align: 'right', render: (r: number | null) => <span className="num">{shareOrDash(r)}</span> },
          { title: 'Ý kiến/buổi', dataIndex: 'opinionsPerMeeting', align: 'right', render: (r: number | null) => <span className="num">{decimalOrDash(r)}</span> },
          {
            title: 'Gửi muộn',
            dataIndex: 'lateDrafts',
            align: 'right',
            render: (n: number) => <span className={n > 0 ? 'num late' : 'num'}>{formatNumber(n)}</span>,
          },
          {
            title: 'Cần chú ý',
            dataIndex: 'needAttention',
            align: 'right',
            render: (n: number) => <span className={n > 0 ? 'num late' : 'num'}>{formatNumber(n)}</span>,
          },
        ]}
      />
    </Card>
  );
}

function LeadCell({ row }: { row: BranchMonthRow }) {
  if (row.draftLeadHours === null) return <span className="muted">Chưa gửi</span>;
  return (
    <span className="nowrap">
      {row.draftLeadHours < 0 ? 'sau giờ họp' : `trước ${durationText(row.draftLeadHours)}`}
      {row.draftLate && (
        <Tag color="red" style={{ marginLeft: 6 }} icon={<WarningOutlined aria-hidden />}>
          Gửi muộn
        </Tag>
      )}
    </span>
  );
}

const sortOfColumn: Record<string, OverviewSort> = {
  branchName: 'branch',
  wardName: 'ward',
  scheduledAt: 'date',
  attendanceRate: 'attendance',
  opinions: 'opinions',
  draftLeadHours: 'lead',
};
const columnOfSort = Object.fromEntries(Object.entries(sortOfColumn).map(([c, s]) => [s, c])) as Record<OverviewSort, string | undefined>;

export function OverviewPage({ user }: { user: ConsoleUser }) {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const month = /^\d{4}-\d{2}$/.test(params.get('thang') ?? '') ? params.get('thang')! : currentMonth();
  const slotId = params.get('don-vi') ?? undefined;
  const status = (params.get('trang-thai')?.split(',').filter((s) => (STATUSES as string[]).includes(s)) ?? []) as BranchMonthStatus[];
  const search = params.get('tim') ?? '';
  const attentionOnly = params.get('chu-y') === '1';
  const sortParam = params.get('sap-xep') as OverviewSort | null;
  const sort: OverviewSort = sortParam && SORTS.includes(sortParam) ? sortParam : 'attention';
  const descending = params.get('giam') === '1';
  const page = Math.max(1, Number(params.get('trang') ?? 1) || 1);

  const update = (changes: Record<string, string | undefined>, keepPage = false) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!keepPage) next.delete('trang');
    setParams(next, { replace: true });
  };

  const [typed, setTyped] = useState(search);
  useEffect(() => {
    if (typed.trim() === search) return;
    const timer = setTimeout(() => update({ tim: typed.trim() || undefined }), 350);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [typed]);

  const input = {
    month,
    slotId,
    status: status.length > 0 ? status : undefined,
    search: search || undefined,
    attentionOnly,
    sort,
    descending,
    offset: (page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  };
  const overview = useQuery({
    queryKey: ['overview.month', input],
    queryFn: () => consoleApi.overview.month(input),
    placeholderData: keepPreviousData,
  });
  const data = overview.data;
  const wards = data?.wards ?? [];

  const onTableChange = (pagination: { current?: number }, sorter: SorterResult<BranchMonthRow> | SorterResult<BranchMonthRow>[]) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const column = typeof s?.columnKey === 'string' ? s.columnKey : undefined;
    const nextSort = s?.order && column ? sortOfColumn[column] : undefined;
    const sortChanged = (nextSort ?? 'attention') !== sort || (s?.order === 'descend') !== descending;
    if (sortChanged) {
      update({ 'sap-xep': nextSort, giam: nextSort && s?.order === 'descend' ? '1' : undefined });
    } else if (pagination.current && pagination.current !== page) {
      update({ trang: pagination.current > 1 ? String(pagination.current) : undefined }, true);
    }
  };
  const orderOf = (column: string) => (columnOfSort[sort] === column ? (descending ? 'descend' : 'ascend') : null);

  return (
    <>
      <div className="page-header">
        <div>
          <Typography.Title level={2} className="page-title">
            Tổng quan {monthLabel(month)}
          </Typography.Title>
          <div className="page-subtitle">
            {user.scope === null ? 'Mọi đơn vị' : 'Các đơn vị được phân công'}: chi bộ nào đã họp, dự họp bao nhiêu, dự thảo có gửi trước ít nhất
            một ngày; chi bộ cần chú ý xếp trước.
          </div>
        </div>
      </div>

      <div className="filters" role="search" aria-label="Bộ lọc">
        <DatePicker
          picker="month"
          format="MM/YYYY"
          allowClear={false}
          value={dayjs(`${month}-01`)}
          onChange={(d) => d && update({ thang: d.format('YYYY-MM') })}
          aria-label="Tháng"
          style={{ width: 130 }}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder="Tất cả đơn vị"
          aria-label="Đơn vị"
          style={{ width: 220 }}
          value={slotId}
          onChange={(v: string | undefined) => update({ 'don-vi': v })}
          options={wards.map((w) => ({ value: w.slotId, label: w.wardName }))}
        />
        <Select
          mode="multiple"
          allowClear
          placeholder="Mọi trạng thái"
          aria-label="Trạng thái"
          style={{ minWidth: 200, maxWidth: 420 }}
          value={status}
          onChange={(v: BranchMonthStatus[]) => update({ 'trang-thai': v.join(',') || undefined })}
          options={STATUSES.map((s) => ({ value: s, label: BRANCH_STATUS[s] }))}
          maxTagCount="responsive"
        />
        <Input
          allowClear
          prefix={<SearchOutlined aria-hidden />}
          placeholder="Tìm chi bộ hoặc đơn vị"
          aria-label="Tìm chi bộ"
          style={{ width: 290 }}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
        <Space>
          <Switch checked={attentionOnly} onChange={(v) => update({ 'chu-y': v ? '1' : undefined })} aria-label="Chỉ đơn vị cần chú ý" id="attention-only" />
          <label htmlFor="attention-only">Chỉ đơn vị cần chú ý</label>
        </Space>
      </div>

      {overview.isError && <Alert type="error" showIcon title={overview.error.message} style={{ marginBottom: 16 }} />}
      {data && <AllTotals all={data.all} />}
      {wards.length > 1 && <WardTotals wards={wards} selected={slotId} onSelect={(s) => update({ 'don-vi': s })} />}

      <Card size="small" title={data ? `Chi bộ (${formatNumber(data.total)})` : 'Chi bộ'}>
        <Table<BranchMonthRow>
          rowKey="branchId"
          size="middle"
          scroll={{ x: 1080 }}
          className="clickable-rows nowrap-head"
          aria-label="Chi bộ trong tháng"
          loading={overview.isFetching}
          dataSource={data?.rows ?? []}
          onChange={(p, _f, s) => onTableChange(p, s)}
          onRow={(row) => ({
            onClick: () => row.meetingId && navigate(`/hop/${row.meetingId}`),
            style: row.meetingId ? undefined : { cursor: 'default' },
            'data-branch': row.branchId,
          } as React.HTMLAttributes<HTMLElement>)}
          locale={{ emptyText: 'Không có chi bộ nào khớp bộ lọc.' }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total, [from, to]) => `${formatNumber(from)}–${formatNumber(to)} trong ${formatNumber(total)} chi bộ`,
          }}
          columns={[
            {
              title: 'Chi bộ',
              key: 'branchName',
              width: 210,
              dataIndex: 'branchName',
              sorter: true,
              sortOrder: orderOf('branchName'),
              render: (name: string, row) => (
                <>
                  <div style={{ fontWeight: 500 }}>{name}</div>
                  {row.meetingKind && (
                    <div className="cell-note">
                      {MEETING_KIND[row.meetingKind]}
                      {row.meetings > 1 ? ` · ${row.meetings} buổi trong tháng` : ''}
                    </div>
                  )}
                </>
              ),
            },
            { title: 'Đơn vị', key: 'wardName', dataIndex: 'wardName', width: 190, sorter: true, sortOrder: orderOf('wardName') },
            {
              title: 'Ngày họp',
              key: 'scheduledAt',
              width: 150,
              dataIndex: 'scheduledAt',
              sorter: true,
              sortOrder: orderOf('scheduledAt'),
              render: (at: string | null) => (at ? <span className="num">{formatScheduled(at)}</span> : <span className="muted">—</span>),
            },
            {
              title: 'Trạng thái, cần chú ý',
              key: 'status',
              dataIndex: 'status',
              render: (st: BranchMonthStatus, row) => (
                <div className="status-cell">
                  <Tag color={BRANCH_STATUS_COLOR[st]} data-status={st}>
                    {BRANCH_STATUS[st]}
                  </Tag>
                  {row.flags
                    .filter((f) => f !== 'draft_late' && !(f === 'no_meeting' && st === 'none'))
                    .map((f) => (
                      <Tag key={f} color={FLAG_COLOR[f]} data-flag={f}>
                        {FLAG[f]}
                      </Tag>
                    ))}
                  {row.feedback > 0 && <Tag color="purple">{row.feedback} góp ý của cấp trên</Tag>}
                </div>
              ),
            },
            {
              title: 'Dự họp',
              key: 'attendanceRate',
              width: 105,
              dataIndex: 'attendanceRate',
              align: 'right',
              sorter: true,
              sortOrder: orderOf('attendanceRate'),
              render: (rate: number | null, row) =>
                rate === null ? (
                  <span className="muted">—</span>
                ) : (
                  <>
                    <div className="num">{shareOrDash(rate)}</div>
                    <div className="cell-note">
                      {row.present}/{row.summoned} đồng chí
                    </div>
                  </>
                ),
            },
            {
              title: 'Ý kiến',
              key: 'opinions',
              width: 85,
              dataIndex: 'opinions',
              align: 'right',
              sorter: true,
              sortOrder: orderOf('opinions'),
              render: (n: number) => <span className="num">{formatNumber(n)}</span>,
            },
            {
              title: 'Gửi dự thảo',
              key: 'draftLeadHours',
              width: 185,
              dataIndex: 'draftLeadHours',
              sorter: true,
              sortOrder: orderOf('draftLeadHours'),
              render: (_: unknown, row) => <LeadCell row={row} />,
            },
          ]}
        />
      </Card>
    </>
  );
}
