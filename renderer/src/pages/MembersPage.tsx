// Đảng viên: every member of the ward, in Vietnamese name order, searchable without diacritics.
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { MemberRow } from '../../../core/api';
import { api } from '../api';
import { formatDate, formatNumber } from '../format';
import { GENDER, MEMBER_STANDING, MEMBER_STATUS, NAV } from '../strings';

const PAGE_SIZE = 20;

export function MembersPage() {
  const [search, setSearch] = useState('');
  const [branchId, setBranchId] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const branches = useQuery({ queryKey: ['branches.list'], queryFn: () => api.branches.list() });
  const members = useQuery({
    queryKey: ['members.list', search, branchId, page],
    queryFn: () => api.members.list({ search: search || undefined, branchId, page, pageSize: PAGE_SIZE }),
    placeholderData: (previous) => previous,
  });

  return (
    <>
      <Typography.Title level={3} className="page-title">
        {NAV.members}
      </Typography.Title>
      <div className="page-subtitle">Xếp theo tên, tên đệm rồi họ. Tìm được cả khi gõ không dấu.</div>
      {members.isError && <Alert type="error" showIcon title={members.error.message} style={{ marginBottom: 16 }} />}
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search
            allowClear
            placeholder="Tìm theo họ tên, ví dụ: nguyen van an"
            style={{ width: 320 }}
            onSearch={(value) => {
              setSearch(value.trim());
              setPage(1);
            }}
            aria-label="Tìm đảng viên"
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="Tất cả chi bộ"
            style={{ width: 320 }}
            loading={branches.isPending}
            options={branches.data?.map((b) => ({ value: b.id, label: b.name }))}
            onChange={(value: string | undefined) => {
              setBranchId(value);
              setPage(1);
            }}
            aria-label="Lọc theo chi bộ"
          />
        </Space>
        <Table<MemberRow>
          rowKey="id"
          size="middle"
          loading={members.isFetching}
          dataSource={members.data?.rows}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: members.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => `${formatNumber(total)} đảng viên`,
            onChange: setPage,
          }}
          columns={[
            { title: 'Họ và tên', dataIndex: 'fullName', render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
            { title: 'Giới tính', dataIndex: 'gender', render: (g: MemberRow['gender']) => GENDER[g] },
            { title: 'Ngày sinh', dataIndex: 'birthDate', render: formatDate },
            { title: 'Ngày vào Đảng', dataIndex: 'admissionDate', render: formatDate },
            { title: 'Chi bộ', dataIndex: 'branchName' },
            {
              title: 'Đảng viên',
              dataIndex: 'status',
              render: (s: MemberRow['status']) => <Tag color={s === 'official' ? 'red' : 'gold'}>{MEMBER_STATUS[s]}</Tag>,
            },
            {
              title: 'Tình trạng',
              dataIndex: 'standing',
              render: (s: MemberRow['standing']) => (s === 'active' ? MEMBER_STANDING[s] : <Tag>{MEMBER_STANDING[s]}</Tag>),
            },
          ]}
        />
      </Card>
    </>
  );
}
