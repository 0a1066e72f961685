// Tài khoản: the console's accounts. An administrator creates them (role and, for a reviewer or a viewer, the wards in
// their scope), edits them, disables them, sets a new password (to be changed at the next sign-in) and unlocks them.
import { EditOutlined, KeyOutlined, LockOutlined, PlusOutlined, StopOutlined, UnlockOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Form, Input, Modal, Radio, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ConsoleRole, ConsoleUser, ConsoleUserRow } from '../../../../core/consoleApi';
import { useNow } from '../../../src/meetings/useNow';
import { consoleApi } from '../api';
import { newPasswordRules } from '../passwordRules';
import { compareVietnamese, formatDateTime } from '../format';
import { ROLE, ROLE_COLOR } from '../strings';
import { useWards } from '../wards';

interface AccountForm {
  username: string;
  displayName: string;
  role: ConsoleRole;
  scope: string[];
  password?: string;
}

const ROLE_NOTE: Record<ConsoleRole, string> = {
  admin: 'Làm mọi việc: đơn vị, tài khoản, nhật ký, xem và góp ý mọi đơn vị.',
  reviewer: 'Xem, góp ý dự thảo và gửi văn bản cho các đơn vị được phân công.',
  viewer: 'Chỉ xem các đơn vị được phân công.',
};

function AccountModal({ admin, editing, open, onClose }: { admin: ConsoleUser; editing: ConsoleUserRow | null; open: boolean; onClose: () => void }) {
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const wards = useWards(admin);
  const [form] = Form.useForm<AccountForm>();
  const role = Form.useWatch('role', form);
  const save = useMutation({
    mutationFn: (v: AccountForm) =>
      editing
        ? consoleApi.users.update({ id: editing.id, displayName: v.displayName, role: v.role, scope: v.role === 'admin' ? [] : v.scope })
        : consoleApi.users.create({ username: v.username, displayName: v.displayName, role: v.role, password: v.password!, scope: v.role === 'admin' ? [] : v.scope }),
    onSuccess: (u) => {
      message.success(editing ? `Đã lưu tài khoản ${u.username}.` : `Đã tạo tài khoản ${u.username}. Người dùng phải đổi mật khẩu ở lần đăng nhập đầu.`);
      void queryClient.invalidateQueries({ queryKey: ['users.list'] });
      onClose();
    },
  });
  return (
    <Modal
      title={editing ? `Sửa tài khoản ${editing.username}` : 'Thêm tài khoản'}
      open={open}
      onCancel={onClose}
      okText={editing ? 'Lưu' : 'Tạo tài khoản'}
      cancelText="Hủy"
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
      width={560}
    >
      {save.error && <Alert type="error" showIcon title={save.error.message} style={{ marginBottom: 12 }} />}
      <Form<AccountForm>
        form={form}
        layout="vertical"
        requiredMark={false}
        preserve={false}
        initialValues={editing ? { username: editing.username, displayName: editing.displayName, role: editing.role, scope: editing.scope ?? [] } : { role: 'reviewer', scope: [] }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          label="Tên đăng nhập"
          name="username"
          rules={[
            { required: true, whitespace: true, message: 'Hãy nhập tên đăng nhập.' },
            { pattern: /^[a-z0-9._-]{3,50}$/, message: 'Từ 3 đến 50 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới.' },
          ]}
        >
          <Input disabled={Boolean(editing)} autoComplete="off" placeholder="ví dụ: nguyen.van.an" />
        </Form.Item>
        <Form.Item label="Họ và tên" name="displayName" rules={[{ required: true, whitespace: true, message: 'Hãy nhập họ và tên.' }]}>
          <Input maxLength={200} placeholder="Nguyễn Văn An" />
        </Form.Item>
        <Form.Item label="Vai trò" name="role" extra={role ? ROLE_NOTE[role] : undefined}>
          <Radio.Group optionType="button" options={(['admin', 'reviewer', 'viewer'] as ConsoleRole[]).map((r) => ({ value: r, label: ROLE[r] }))} />
        </Form.Item>
        {role !== 'admin' && (
          <Form.Item label="Đơn vị được phân công" name="scope" rules={[{ type: 'array', min: 1, message: 'Hãy chọn ít nhất một đơn vị.' }]}>
            <Select
              mode="multiple"
              aria-label="Đơn vị được phân công"
              placeholder="Chọn đơn vị"
              loading={wards.isPending}
              showSearch={{ optionFilterProp: 'label' }}
              options={(wards.data ?? []).map((w) => ({ value: w.slotId, label: w.name }))}
            />
          </Form.Item>
        )}
        {!editing && (
          <Form.Item
            label="Mật khẩu ban đầu"
            name="password"
            extra="Người dùng phải đổi mật khẩu này ở lần đăng nhập đầu."
            rules={newPasswordRules('Hãy đặt mật khẩu ban đầu.')}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function PasswordModal({ user, onClose }: { user: ConsoleUserRow | null; onClose: () => void }) {
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const reset = useMutation({
    mutationFn: (password: string) => consoleApi.users.update({ id: user!.id, password }),
    onSuccess: (u) => {
      message.success(`Đã đặt mật khẩu mới cho ${u.username}; người dùng phải đổi ở lần đăng nhập tới.`);
      onClose();
    },
  });
  return (
    <Modal
      title={user ? `Đặt lại mật khẩu cho ${user.displayName}` : ''}
      open={Boolean(user)}
      onCancel={onClose}
      okText="Đặt mật khẩu"
      cancelText="Hủy"
      confirmLoading={reset.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {reset.error && <Alert type="error" showIcon title={reset.error.message} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" requiredMark={false} preserve={false} onFinish={(v) => reset.mutate(v.password)}>
        <Form.Item
          label="Mật khẩu mới"
          name="password"
          extra="Báo mật khẩu này cho người dùng; họ phải đổi ở lần đăng nhập tới."
          rules={newPasswordRules('Hãy nhập mật khẩu mới.')}
        >
          <Input.Password autoComplete="new-password" autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function UsersPage({ user }: { user: ConsoleUser }) {
  const { message, modal } = AntApp.useApp();
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: ['users.list'], queryFn: () => consoleApi.users.list() });
  const wards = useWards(user);
  const wardName = new Map((wards.data ?? []).map((w) => [w.slotId, w.name]));
  const [editing, setEditing] = useState<ConsoleUserRow | null>(null);
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<ConsoleUserRow | null>(null);
  const update = useMutation({
    mutationFn: (input: { id: string; disabled?: boolean; unlock?: boolean; done: string }) =>
      consoleApi.users.update({ id: input.id, disabled: input.disabled, unlock: input.unlock }),
    onSuccess: (_, input) => {
      message.success(input.done);
      void queryClient.invalidateQueries({ queryKey: ['users.list'] });
    },
    onError: (error) => message.error(error.message),
  });
  const now = useNow();
  const rows = [...(users.data ?? [])].sort((a, b) => compareVietnamese(a.displayName, b.displayName));

  return (
    <>
      <div className="page-header">
        <div>
          <Typography.Title level={2} className="page-title">
            Tài khoản
          </Typography.Title>
          <div className="page-subtitle">Người dùng trang quản lý: vai trò, đơn vị được phân công, khóa và mở khóa.</div>
        </div>
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
          Thêm tài khoản
        </Button>
      </div>
      {users.isError && <Alert type="error" showIcon title={users.error.message} style={{ marginBottom: 16 }} />}
      <Table<ConsoleUserRow>
        rowKey="id"
        loading={users.isPending}
        dataSource={rows}
        aria-label="Tài khoản"
        className="nowrap-head"
        pagination={false}
        onRow={(u) => ({ 'data-username': u.username } as React.HTMLAttributes<HTMLElement>)}
        columns={[
          {
            title: 'Họ và tên',
            key: 'name',
            render: (_, u) => (
              <>
                <div style={{ fontWeight: 500 }} className="nowrap">
                  {u.displayName}
                </div>
                <div className="cell-note">{u.username}</div>
              </>
            ),
          },
          { title: 'Vai trò', dataIndex: 'role', render: (r: ConsoleRole) => <Tag color={ROLE_COLOR[r]}>{ROLE[r]}</Tag> },
          {
            title: 'Đơn vị được phân công',
            key: 'scope',
            render: (_, u) =>
              u.scope === null ? (
                <span className="muted">Mọi đơn vị</span>
              ) : u.scope.length === 0 ? (
                <span className="muted">Chưa phân công</span>
              ) : (
                <span>
                  {u.scope
                    .slice(0, 3)
                    .map((s) => wardName.get(s) ?? s)
                    .join(', ')}
                  {u.scope.length > 3 ? ` và ${u.scope.length - 3} đơn vị khác` : ''}
                </span>
              ),
          },
          {
            title: 'Tình trạng',
            key: 'state',
            render: (_, u) => (
              <>
                {u.disabledAt ? (
                  <Tag color="default">Đã vô hiệu hóa</Tag>
                ) : u.lockedUntil && u.lockedUntil > now ? (
                  <Tag color="red" icon={<LockOutlined aria-hidden />}>
                    Tạm khóa đến {formatDateTime(u.lockedUntil).slice(11)}
                  </Tag>
                ) : (
                  <Tag color="green">Đang dùng</Tag>
                )}
                {u.mustChangePassword && !u.disabledAt && <Tag color="gold">Chờ đổi mật khẩu</Tag>}
              </>
            ),
          },
          {
            title: 'Đăng nhập gần nhất',
            dataIndex: 'lastLoginAt',
            render: (at: number | null) => (at ? <span className="num">{formatDateTime(at)}</span> : <span className="muted">Chưa đăng nhập</span>),
          },
          {
            title: '',
            key: 'actions',
            align: 'right',
            render: (_, u) => {
              const self = u.id === user.id;
              const locked = Boolean(u.lockedUntil && u.lockedUntil > now);
              return (
                <span style={{ display: 'inline-flex', gap: 6 }}>
                  <Button size="small" icon={<EditOutlined aria-hidden />} onClick={() => setEditing(u)}>
                    Sửa
                  </Button>
                  <Button size="small" icon={<KeyOutlined aria-hidden />} onClick={() => setResetting(u)}>
                    Đặt lại mật khẩu
                  </Button>
                  {locked && (
                    <Button size="small" icon={<UnlockOutlined aria-hidden />} onClick={() => update.mutate({ id: u.id, unlock: true, done: `Đã mở khóa tài khoản ${u.username}.` })}>
                      Mở khóa
                    </Button>
                  )}
                  {u.disabledAt ? (
                    <Button size="small" onClick={() => update.mutate({ id: u.id, disabled: false, done: `Tài khoản ${u.username} dùng lại được.` })}>
                      Cho dùng lại
                    </Button>
                  ) : (
                    <Button
                      size="small"
                      danger
                      icon={<StopOutlined aria-hidden />}
                      disabled={self}
                      onClick={() =>
                        modal.confirm({
                          title: `Vô hiệu hóa tài khoản ${u.displayName}?`,
                          content: 'Người dùng bị đăng xuất và không đăng nhập được nữa cho đến khi được cho dùng lại.',
                          okText: 'Vô hiệu hóa',
                          okButtonProps: { danger: true },
                          cancelText: 'Không',
                          onOk: () => update.mutateAsync({ id: u.id, disabled: true, done: `Đã vô hiệu hóa tài khoản ${u.username}.` }),
                        })
                      }
                    >
                      Vô hiệu hóa
                    </Button>
                  )}
                </span>
              );
            },
          },
        ]}
      />
      <AccountModal
        admin={user}
        editing={editing}
        open={creating || Boolean(editing)}
        key={editing?.id ?? (creating ? 'new' : 'none')}
        onClose={() => {
          setCreating(false);
          setEditing(null);
        }}
      />
      <PasswordModal user={resetting} onClose={() => setResetting(null)} />
    </>
  );
}
