// Đảng viên: every member of the ward (a branch secretary: their branch), in Vietnamese name order, searchable without
// diacritics, filtered by branch, status and standing; each member's record in a drawer; Excel import and export.
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Input, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { Input as ApiInput, MemberRow } from '../../../core/api';
import { api } from '../api';
import { saveBase64, XLSX_TYPE } from '../download';
import { errorText } from '../forms';
import { formatDate, formatNumber } from '../format';
import { AddMemberDrawer } from '../members/AddMemberDrawer';
import { ImportModal } from '../members/ImportModal';
import { MemberDrawer } from '../members/MemberDrawer';
import { ACTION, STANDING_FILTER } from '../members/strings';
import { canEditMembers, isOffice, useSessionUser } from '../session';
import { GENDER, MEMBER_STANDING, MEMBER_STATUS, NAV } from '../strings';

const PAGE_SIZE = 20;
type Standing = NonNullable<ApiInput<'members.list'>['standing']>;

export function MembersPage() {
  const user = useSessionUser();
  const { message } = App.useApp();
  const [search, setSearch] = useState('');
  const [branchId, setBranchId] = useState<string | undefined>();
  const [status, setStatus] = useState<MemberRow['status'] | undefined>();
  const [standing, setStanding] = useState<Standing | undefined>('on_roll');
  const [due, setDue] = useState(false);
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const month = dayjs().format('YYYY-MM');
  const ownBranchOnly = user?.role === 'branch_secretary';

  const branches = useQuery({ queryKey: ['branches.list'], queryFn: () => api.branches.list() });
  const filters = { search: search || undefined, branchId, status, standing, dueForOfficialIn: due ? month : undefined };
  const members = useQuery({
    queryKey: ['members.list', filters, page],
    queryFn: () => api.members.list({ ...filters, page, pageSize: PAGE_SIZE }),
    placeholderData: (previous) => previous,
  });
  const exportXlsx = useMutation({
    mutationFn: () => api.members.exportXlsx({ branchId }),
    onSuccess: (file) => {
      saveBase64(file.fileName, file.data, XLSX_TYPE);
      void message.success(`Đã xuất tệp ${file.fileName}.`);
    },
    onError: (error) => void message.error(errorText(error)),
  });
  const filter = <T,>(set: (v: T) => void) => (value: T) => {
    set(value);
    setPage(1);
  };

  return (
    <>
      <div className="page-header">
        <div>
          <Typography.Title level={3} className="page-title">
            {NAV.members}
          </Typography.Title>
          <div className="page-subtitle">
            {ownBranchOnly && user?.branchName ? `${user.branchName}. ` : ''}Xếp theo tên, tên đệm rồi họ. Tìm được cả khi gõ không dấu.
          </div>
        </div>
        <Space wrap>
          {canEditMembers(user) && (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)}>
              {ACTION.add}
            </Button>
          )}
          {isOffice(user) && (
            <Button icon={<UploadOutlined aria-hidden />} onClick={() => setImporting(true)}>
              {ACTION.import}
            </Button>
          )}
          <Button icon={<DownloadOutlined aria-hidden />} loading={exportXlsx.isPending} onClick={() => exportXlsx.mutate()}>
            {ACTION.export}
          </Button>
        </Space>
      </div>
      {members.isError && <Alert type="error" showIcon title={errorText(members.error)} style={{ marginBottom: 16 }} />}
      <Card>
        <Space wrap style={{ marginBottom: 16 }} size={[12, 12]}>
          <Input.Search
            allowClear
            placeholder="Tìm theo họ tên, ví dụ: nguyen van an"
            style={{ width: 300 }}
            onSearch={(value) => filter(setSearch)(value.trim())}
            aria-label="Tìm đảng viên"
          />
          {!ownBranchOnly && (
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="Tất cả chi bộ"
              style={{ width: 300 }}
              loading={branches.isPending}
              options={branches.data?.map((b) => ({ value: b.id, label: b.dissolved ? `${b.name} (đã giải thể)` : b.name }))}
              onChange={filter(setBranchId)}
              aria-label="Lọc theo chi bộ"
            />
          )}
          <Select
            allowClear
            placeholder="Chính thức và dự bị"
            style={{ width: 190 }}
            options={(['official', 'probationary'] as const).map((s) => ({ value: s, label: MEMBER_STATUS[s] }))}
            onChange={filter(setStatus)}
            aria-label="Lọc theo chính thức, dự bị"
          />
          <Select
            allowClear
            placeholder="Mọi tình trạng"
            style={{ width: 230 }}
            value={standing}
            options={STANDING_FILTER.map((o) => ({ value: o.value, label: o.value === 'on_roll' ? 'Trong danh sách' : o.label, title: o.label }))}
            onChange={filter(setStanding)}
            aria-label="Lọc theo tình trạng sinh hoạt"
          />
          <Checkbox checked={due} onChange={(e) => filter(setDue)(e.target.checked)}>
            Đến hạn xét công nhận chính thức (tháng {dayjs().format('MM/YYYY')})
          </Checkbox>
        </Space>
        <Table<MemberRow>
          rowKey="id"
          size="middle"
          className="clickable-rows"
          loading={members.isFetching}
          dataSource={members.data?.rows}
          onRow={(row) => ({ onClick: () => setOpenId(row.id) })}
          locale={{ emptyText: 'Không có đảng viên nào khớp với bộ lọc.' }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: members.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => `${formatNumber(total)} đảng viên`,
            onChange: setPage,
          }}
          columns={[
            {
              title: 'Họ và tên',
              dataIndex: 'fullName',
              render: (name: string) => (
                <Typography.Link strong href="#" onClick={(e) => e.preventDefault()}>
                  {name}
                </Typography.Link>
              ),
            },
            { title: 'Giới tính', dataIndex: 'gender', render: (g: MemberRow['gender']) => GENDER[g] },
            { title: 'Ngày sinh', dataIndex: 'birthDate', render: formatDate },
            { title: 'Ngày vào Đảng', dataIndex: 'admissionDate', render: formatDate },
            { title: 'Chi bộ', dataIndex: 'branchName' },
            {
              title: 'Đảng viên',
              dataIndex: 'status',
              render: (s: MemberRow['status'], row) => (
                <>
                  <Tag color={s === 'official' ? 'red' : 'gold'}>{MEMBER_STATUS[s]}</Tag>
                  {row.probationEnd && <div className="cell-note">hết dự bị {formatDate(row.probationEnd)}</div>}
                </>
              ),
            },
            {
              title: 'Tình trạng',
              dataIndex: 'standing',
              render: (s: MemberRow['standing']) => (s === 'active' ? MEMBER_STANDING[s] : <Tag>{MEMBER_STANDING[s]}</Tag>),
            },
          ]}
        />
      </Card>
      <MemberDrawer memberId={openId} onClose={() => setOpenId(null)} user={user} branches={branches.data ?? []} />
      {user && (
        <AddMemberDrawer open={adding} onClose={() => setAdding(false)} branches={branches.data ?? []} user={user} defaultBranchId={branchId} />
      )}
      {isOffice(user) && <ImportModal open={importing} onClose={() => setImporting(false)} />}
    </>
  );
}
