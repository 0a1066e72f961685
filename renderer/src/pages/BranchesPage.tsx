// Chi bộ: the ward's branches with the totals the minutes need; the ward office adds, renames and dissolves branches,
// and each branch's drawer shows its committee (chi ủy).
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { BranchSummary } from '../../../core/api';
import { api } from '../api';
import { BranchDrawer } from '../branches/BranchDrawer';
import { BranchFormModal } from '../branches/BranchFormModal';
import { DissolveModal } from '../branches/DissolveModal';
import { BRANCH_ACTION } from '../branches/strings';
import { errorText } from '../forms';
import { compareVietnamese, formatDate, formatNumber } from '../format';
import { isOffice, useSessionUser } from '../session';
import { BRANCH_KIND, NAV } from '../strings';

export function BranchesPage() {
  const user = useSessionUser();
  const office = isOffice(user);
  const branches = useQuery({ queryKey: ['branches.list'], queryFn: () => api.branches.list() });
  // Ids, not rows: the rows are refetched after every change and the drawer shows the fresh counts.
  const [openId, setOpenId] = useState<string | null>(null);
  const [form, setForm] = useState<{ branchId: string | null } | null>(null);
  const [dissolveId, setDissolveId] = useState<string | null>(null);
  const byId = (id: string | null) => branches.data?.find((b) => b.id === id) ?? null;
  const stop = (e: React.MouseEvent) => e.stopPropagation();

  return (
    <>
      <div className="page-header">
        <div>
          <Typography.Title level={3} className="page-title">
            {NAV.branches}
          </Typography.Title>
          <div className="page-subtitle">Số đảng viên theo chi bộ, như tổng số ghi trong biên bản sinh hoạt. Bấm vào một chi bộ để xem chi ủy.</div>
        </div>
        {office && (
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setForm({ branchId: null })}>
            {BRANCH_ACTION.add}
          </Button>
        )}
      </div>
      {branches.isError && <Alert type="error" showIcon title={errorText(branches.error)} style={{ marginBottom: 16 }} />}
      <Card styles={{ body: { padding: 0 } }}>
        <Table<BranchSummary>
          rowKey="id"
          className="clickable-rows nowrap-head"
          loading={branches.isPending}
          dataSource={branches.data}
          pagination={false}
          size="middle"
          onRow={(row) => ({ onClick: () => setOpenId(row.id) })}
          columns={[
            {
              title: 'Chi bộ',
              dataIndex: 'name',
              sorter: (a, b) => compareVietnamese(a.name, b.name),
              render: (name: string) => (
                <Typography.Link href="#" onClick={(e) => e.preventDefault()}>
                  {name}
                </Typography.Link>
              ),
            },
            {
              title: 'Loại hình',
              dataIndex: 'branchKind',
              width: 150,
              render: (kind: BranchSummary['branchKind'], row) => (
                <>
                  <Tag variant="filled">{BRANCH_KIND[kind]}</Tag>
                  {row.dissolved && <Tag>Đã giải thể</Tag>}
                </>
              ),
              filters: Object.entries(BRANCH_KIND).map(([value, text]) => ({ value, text })),
              onFilter: (value, row) => row.branchKind === value,
            },
            { title: 'Chính thức', dataIndex: 'official', align: 'right', width: 120, render: formatNumber, sorter: (a, b) => a.official - b.official },
            { title: 'Dự bị', dataIndex: 'probationary', align: 'right', width: 80, render: formatNumber },
            { title: 'Miễn sinh hoạt', dataIndex: 'exempt', align: 'right', width: 130, render: formatNumber },
            { title: 'Sinh hoạt nơi khác', dataIndex: 'away', align: 'right', width: 150, render: formatNumber },
            {
              title: 'Lần sinh hoạt gần nhất',
              dataIndex: 'lastMeetingDate',
              width: 180,
              render: (d: string | null) => formatDate(d) || <Typography.Text type="secondary">Chưa có</Typography.Text>,
            },
            ...(office
              ? [
                  {
                    title: '',
                    key: 'actions',
                    width: 150,
                    render: (_: unknown, row: BranchSummary) => (
                      <Space size={4} onClick={stop}>
                        <Button size="small" type="text" onClick={() => setForm({ branchId: row.id })}>
                          {BRANCH_ACTION.edit}
                        </Button>
                        {!row.dissolved && (
                          <Button size="small" type="text" danger onClick={() => setDissolveId(row.id)}>
                            {BRANCH_ACTION.dissolve}
                          </Button>
                        )}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <BranchDrawer branch={byId(openId)} user={user} onClose={() => setOpenId(null)} />
      {office && <BranchFormModal target={form && { branch: byId(form.branchId) }} onClose={() => setForm(null)} />}
      {office && <DissolveModal branch={byId(dissolveId)} onClose={() => setDissolveId(null)} />}
    </>
  );
}
