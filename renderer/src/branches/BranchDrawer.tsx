// A branch at a glance: its counts and its committee (chi ủy: Bí thư, Phó Bí thư, Chi ủy viên) with their terms;
// the ward office appoints officers and records when they stop.
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Descriptions, Divider, Drawer, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { BranchSummary, OfficerRow, SessionUser } from '../../../core/api';
import { api } from '../api';
import { DATE_INPUT, errorText, formModalProps, notFuture, showFieldErrors, toApiDate, today, useLastNonNull } from '../forms';
import { formatDate, formatNumber } from '../format';
import { isOffice } from '../session';
import { BRANCH_KIND } from '../strings';
import { BRANCH_ACTION, BRANCH_DONE, DEFAULT_TERM, OFFICER_ROLE } from './strings';

interface AppointValues {
  memberId?: string;
  role: OfficerRow['role'];
  termLabel: string;
  termStart: Dayjs | null;
}

function AppointModal({ branch, open, onClose }: { branch: BranchSummary; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<AppointValues>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const candidates = useQuery({
    queryKey: ['members.list', { branchId: branch.id, status: 'official', standing: 'active' }, 'all'],
    queryFn: () => api.members.list({ branchId: branch.id, status: 'official', standing: 'active', pageSize: 500 }),
    enabled: open,
  });
  const save = useMutation({
    mutationFn: (v: AppointValues) =>
      api.branches.appointOfficer({
        branchId: branch.id,
        memberId: v.memberId ?? '',
        role: v.role,
        termLabel: v.termLabel ?? '',
        termStart: toApiDate(v.termStart) ?? '',
      }),
    onSuccess: () => {
      void message.success(BRANCH_DONE.appoint);
      void queryClient.invalidateQueries();
      onClose();
    },
    onError: (error) => showFieldErrors(form, error),
  });
  return (
    <Modal
      open={open}
      title={`Bổ nhiệm vào chi ủy: ${branch.name}`}
      okText="Lưu"
      {...formModalProps(form, save, onClose)}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 4 }}>
        Chỉ đảng viên chính thức đang sinh hoạt tại chi bộ mới được bầu vào chi ủy (đảng viên dự bị chưa có quyền ứng cử).
      </Typography.Paragraph>
      {save.error && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 16 }} />}
      {candidates.error && <Alert type="error" showIcon title={errorText(candidates.error)} style={{ marginBottom: 16 }} />}
      <Form<AppointValues>
        form={form}
        clearOnDestroy
        layout="vertical"
        requiredMark={false}
        name="appoint"
        initialValues={{ role: 'committee_member', termLabel: DEFAULT_TERM, termStart: today() }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item label="Đảng viên" name="memberId" rules={[{ required: true, message: 'Hãy chọn đảng viên.' }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="Chọn đảng viên chính thức của chi bộ"
            loading={candidates.isPending}
            options={candidates.data?.rows.map((m) => ({ value: m.id, label: `${m.fullName} (sinh ${formatDate(m.birthDate)})` }))}
          />
        </Form.Item>
        <Form.Item label="Chức vụ" name="role" rules={[{ required: true, message: 'Hãy chọn chức vụ.' }]}>
          <Select options={Object.entries(OFFICER_ROLE).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <div style={{ display: 'flex', gap: 16 }}>
          <Form.Item
            label="Nhiệm kỳ"
            name="termLabel"
            rules={[{ required: true, pattern: /^\s*\d{4}\s*[–-]\s*\d{4}\s*$/, message: 'Nhiệm kỳ ghi dạng 2025–2030.' }]}
          >
            <Input maxLength={20} style={{ width: 160 }} placeholder="2025–2030" />
          </Form.Item>
          <Form.Item label="Từ ngày" name="termStart" rules={[{ required: true, message: 'Hãy chọn ngày bắt đầu.' }]}>
            <DatePicker format={DATE_INPUT} placeholder="dd/mm/yyyy" disabledDate={notFuture} style={{ width: 200 }} />
          </Form.Item>
        </div>
      </Form>
    </Modal>
  );
}

function EndOfficerModal({ officer: target, onClose }: { officer: OfficerRow | null; onClose: () => void }) {
  const officer = useLastNonNull(target);
  const [form] = Form.useForm<{ termEnd: Dayjs | null }>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (v: { termEnd: Dayjs | null }) => api.branches.endOfficer({ id: officer!.id, termEnd: toApiDate(v.termEnd) ?? '' }),
    onSuccess: () => {
      void message.success(BRANCH_DONE.endOfficer);
      void queryClient.invalidateQueries();
      onClose();
    },
    onError: (error) => showFieldErrors(form, error),
  });
  return (
    <Modal
      open={target !== null}
      title={officer ? `Thôi giữ chức ${OFFICER_ROLE[officer.role]}: ${officer.memberName}` : ''}
      okText="Lưu"
      {...formModalProps(form, save, onClose)}
    >
      {save.error && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 16 }} />}
      <Form form={form} clearOnDestroy layout="vertical" requiredMark={false} name="end-officer" initialValues={{ termEnd: today() }} onFinish={(v) => save.mutate(v)}>
        <Form.Item label="Ngày thôi giữ chức" name="termEnd" rules={[{ required: true, message: 'Hãy chọn ngày thôi giữ chức.' }]}>
          <DatePicker format={DATE_INPUT} placeholder="dd/mm/yyyy" style={{ width: 200 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function BranchDrawer({ branch: target, user, onClose }: { branch: BranchSummary | null; user: SessionUser | null; onClose: () => void }) {
  const branch = useLastNonNull(target);
  const committee = useQuery({
    queryKey: ['branches.committee', branch?.id],
    queryFn: () => api.branches.committee({ branchId: branch!.id }),
    enabled: branch !== null,
  });
  const [appointing, setAppointing] = useState(false);
  const [ending, setEnding] = useState<OfficerRow | null>(null);
  const office = isOffice(user);

  return (
    <Drawer open={target !== null} onClose={onClose} size={720} destroyOnHidden title={branch?.name ?? ''} extra={branch?.dissolved && <Tag>Đã giải thể</Tag>}>
      {branch && (
        <>
          <Descriptions
            bordered
            size="small"
            column={2}
            items={[
              { key: 'kind', label: 'Loại hình', children: BRANCH_KIND[branch.branchKind], span: 2 },
              { key: 'official', label: 'Chính thức', children: formatNumber(branch.official) },
              { key: 'probationary', label: 'Dự bị', children: formatNumber(branch.probationary) },
              { key: 'exempt', label: 'Miễn sinh hoạt', children: formatNumber(branch.exempt) },
              { key: 'away', label: 'Sinh hoạt nơi khác', children: formatNumber(branch.away) },
              { key: 'last', label: 'Lần sinh hoạt gần nhất', children: formatDate(branch.lastMeetingDate) || 'Chưa có', span: 2 },
            ]}
          />
          <Divider titlePlacement="start" style={{ marginTop: 28 }}>
            Chi ủy
          </Divider>
          {office && !branch.dissolved && (
            <Button icon={<PlusOutlined aria-hidden />} onClick={() => setAppointing(true)} style={{ marginBottom: 12 }}>
              {BRANCH_ACTION.appoint}
            </Button>
          )}
          {committee.isError && <Alert type="error" showIcon title={errorText(committee.error)} style={{ marginBottom: 12 }} />}
          <Table<OfficerRow>
            rowKey="id"
            size="small"
            loading={committee.isPending}
            dataSource={committee.data}
            pagination={false}
            locale={{ emptyText: 'Chưa ghi chi ủy của chi bộ.' }}
            columns={[
              { title: 'Chức vụ', dataIndex: 'role', render: (r: OfficerRow['role']) => OFFICER_ROLE[r] },
              { title: 'Họ và tên', dataIndex: 'memberName' },
              { title: 'Nhiệm kỳ', dataIndex: 'termLabel' },
              { title: 'Từ ngày', dataIndex: 'termStart', render: formatDate },
              {
                title: 'Đến ngày',
                dataIndex: 'termEnd',
                render: (d: string | null) => (d ? formatDate(d) : <Tag color="green">Đương nhiệm</Tag>),
              },
              ...(office
                ? [
                    {
                      title: '',
                      key: 'actions',
                      render: (_: unknown, row: OfficerRow) =>
                        row.termEnd ? null : (
                          <Button size="small" onClick={() => setEnding(row)}>
                            {BRANCH_ACTION.endOfficer}
                          </Button>
                        ),
                    },
                  ]
                : []),
            ]}
          />
          {office && <AppointModal branch={branch} open={appointing} onClose={() => setAppointing(false)} />}
          {office && <EndOfficerModal officer={ending} onClose={() => setEnding(null)} />}
        </>
      )}
    </Drawer>
  );
}
