// Chi bộ: the ward's branches with the totals the minutes need.
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Table, Tag, Typography } from 'antd';
import type { BranchSummary } from '../../../core/api';
import { api } from '../api';
import { compareVietnamese, formatDate, formatNumber } from '../format';
import { BRANCH_KIND, NAV } from '../strings';

export function BranchesPage() {
  const branches = useQuery({ queryKey: ['branches.list'], queryFn: () => api.branches.list() });
  return (
    <>
      <Typography.Title level={3} className="page-title">
        {NAV.branches}
      </Typography.Title>
      <div className="page-subtitle">Số đảng viên theo chi bộ, như tổng số ghi trong biên bản sinh hoạt.</div>
      {branches.isError && <Alert type="error" showIcon title={branches.error.message} style={{ marginBottom: 16 }} />}
      <Card styles={{ body: { padding: 0 } }}>
        <Table<BranchSummary>
          rowKey="id"
          loading={branches.isPending}
          dataSource={branches.data}
          pagination={false}
          size="middle"
          columns={[
            { title: 'Chi bộ', dataIndex: 'name', sorter: (a, b) => compareVietnamese(a.name, b.name) },
            {
              title: 'Loại hình',
              dataIndex: 'branchKind',
              render: (kind: BranchSummary['branchKind'], row) => (
                <>
                  <Tag bordered={false}>{BRANCH_KIND[kind]}</Tag>
                  {row.dissolved && <Tag>Đã giải thể</Tag>}
                </>
              ),
              filters: Object.entries(BRANCH_KIND).map(([value, text]) => ({ value, text })),
              onFilter: (value, row) => row.branchKind === value,
            },
            { title: 'Chính thức', dataIndex: 'official', align: 'right', render: formatNumber, sorter: (a, b) => a.official - b.official },
            { title: 'Dự bị', dataIndex: 'probationary', align: 'right', render: formatNumber },
            { title: 'Miễn sinh hoạt', dataIndex: 'exempt', align: 'right', render: formatNumber },
            { title: 'Sinh hoạt nơi khác', dataIndex: 'away', align: 'right', render: formatNumber },
            {
              title: 'Lần sinh hoạt gần nhất',
              dataIndex: 'lastMeetingDate',
              render: (d: string | null) => formatDate(d) || <Typography.Text type="secondary">Chưa có</Typography.Text>,
            },
          ]}
        />
      </Card>
    </>
  );
}
