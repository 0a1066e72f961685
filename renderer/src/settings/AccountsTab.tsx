// Tài khoản, for the ward administrator: who may sign in, with which role and (for a branch secretary) which branch;
// create, edit, lock and reset a password. Every change goes to the audit trail.
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { Role, SessionUser, UserRow } from '../../../core/api';
import { api } from '../api';
import { errorText, formModalProps, showFieldErrors, useLastNonNull } from '../forms';
import { formatDateTime } from '../format';
import { ROLE } from '../strings';

interface AccountValues {
  username?: string;
  displayName: string;
  password?: string;
  confirm?: string;
  role: Role;
  branchId?: string | null;
  disabled?: boolean;
}

const ROLE_OPTIONS = (Object.keys(ROLE) as Role[]).map((r) => ({ value: r, label: ROLE[r] }));
const ROLE_HELP: Record<Role, string> = {
  ward_admin: 'Toàn quyền, kể cả tài khoản và nhật ký thay đổi.',
  ward_staff: 'Hồ sơ mọi chi bộ, nhập Excel, chuyển sinh hoạt; không quản lý tài khoản.',
  branch_secretary: 'Chỉ xem và sửa hồ sơ của chi bộ mình.',
  viewer: 'Chỉ xem, không sửa.',
};

const passwordRules = [
  { required: true, message: 'Hãy đặt mật khẩu.' },
  { min: 8, message: 'Mật khẩu phải có ít nhất 8 ký tự.' },
];
const confirmRules = [
  { required: true, message: 'Hãy nhập lại mật khẩu.' },
  ({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({
    validator: (_: unknown, value: string) =>
      !value || value === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error('Hai lần nhập mật khẩu không giống nhau.')),
  }),
];

/** `target.account` null: a new account. Open while `target` is set. */
function AccountModal({ target, onClose, self }: { target: { account: UserRow | null } | null; onClose: () => void; self: SessionUser }) {
  const open = target !== null;
  const account = useLastNonNull(target)?.account ?? null;
  const [form] = Form.useForm<AccountValues>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const role = Form.useWatch('role', form);
  const branches = useQuery({ queryKey: ['branches.list'], queryFn: () => api.branches.list(), enabled: open });
  const save = useMutation({
    mutationFn: async (v: AccountValues) => {
      const branchId = v.role === 'branch_secretary' ? (v.branchId ?? null) : null;
      if (account) {
        await api.users.update({ id: account.id, displayName: v.displayName ?? '', role: v.role, branchId, disabled: Boolean(v.disabled) });
      } else {
        await api.users.create({ username: v.username ?? '', displayName: v.displayName ?? '', password: v.password ?? '', role: v.role, branchId });
      }
    },
    onSuccess: (_r, v) => {
      void message.success(account ? `Đã lưu tài khoản ${account.username}.` : `Đã tạo tài khoản ${v.username?.trim().toLowerCase()}.`);
      void queryClient.invalidateQueries({ queryKey: ['users.list'] });
      onClose();
    },
    onError: (error) => showFieldErrors(form, error),
  });
  const isSelf = account?.id === self.id;
  return (
    <Modal
      open={open}
      title={account ? `Sửa tài khoản ${account.username}` : 'Tạo tài khoản'}
      okText="Lưu"
      {...formModalProps(form, save, onClose)}
    >
      {save.error && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 16 }} />}
      <Form<AccountValues>
        form={form}
        clearOnDestroy
        layout="vertical"
        requiredMark={false}
        name="account"
        initialValues={
          account
            ? { displayName: account.displayName, role: account.role, branchId: account.branchId, disabled: account.disabled }
            : { role: 'ward_staff' }
        }
        onFinish={(v) => save.mutate(v)}
      >
        {!account && (
          <Form.Item
            label="Tên đăng nhập"
            name="username"
            rules={[{ required: true, whitespace: true, message: 'Hãy nhập tên đăng nhập.' }]}
            extra="3–32 ký tự: chữ không dấu, số, dấu chấm, gạch dưới, gạch ngang; ví dụ: lan.vp"
          >
            <Input maxLength={32} autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item label="Họ và tên" name="displayName" rules={[{ required: true, whitespace: true, message: 'Hãy nhập họ tên.' }]}>
          <Input maxLength={200} autoComplete="off" />
        </Form.Item>
        <Form.Item label="Vai trò" name="role" rules={[{ required: true, message: 'Hãy chọn vai trò.' }]} extra={role ? ROLE_HELP[role] : undefined}>
          <Select options={ROLE_OPTIONS} disabled={isSelf} />
        </Form.Item>
        {role === 'branch_secretary' && (
          <Form.Item label="Chi bộ" name="branchId" rules={[{ required: true, message: 'Tài khoản bí thư chi bộ phải gắn với một chi bộ.' }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="Chọn chi bộ"
              loading={branches.isPending}
              options={branches.data?.filter((b) => !b.dissolved).map((b) => ({ value: b.id, label: b.name }))}
            />
          </Form.Item>
        )}
        {!account && (
          <>
            <Form.Item label="Mật khẩu" name="password" rules={passwordRules}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Form.Item label="Nhập lại mật khẩu" name="confirm" dependencies={['password']} rules={confirmRules}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </>
        )}
        {account && (
          <Form.Item
            label="Khóa tài khoản"
            name="disabled"
            valuePropName="checked"
            extra={isSelf ? 'Không thể tự khóa tài khoản của chính mình.' : 'Tài khoản bị khóa không đăng nhập được; phiên đang mở sẽ bị đóng.'}
          >
            <Switch disabled={isSelf} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function ResetPasswordModal({ account: target, onClose }: { account: UserRow | null; onClose: () => void }) {
  const account = useLastNonNull(target);
  const [form] = Form.useForm<{ password: string; confirm: string }>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (v: { password: string }) => api.users.resetPassword({ id: account!.id, password: v.password ?? '' }),
    onSuccess: () => {
      void message.success(`Đã đặt lại mật khẩu cho ${account!.username}.`);
      void queryClient.invalidateQueries({ queryKey: ['users.list'] });
      onClose();
    },
    onError: (error) => showFieldErrors(form, error),
  });
  return (
    <Modal
      open={target !== null}
      title={account ? `Đặt lại mật khẩu: ${account.displayName} (${account.username})` : ''}
      okText="Đặt lại"
      {...formModalProps(form, save, onClose)}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 4 }}>
        Mở khóa tài khoản nếu đang tạm khóa do nhập sai, và đóng các phiên đang mở của tài khoản này. Hãy báo mật khẩu mới cho người dùng.
      </Typography.Paragraph>
      {save.error && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 16 }} />}
      <Form form={form} clearOnDestroy layout="vertical" requiredMark={false} name="reset-password" onFinish={(v) => save.mutate(v)}>
        <Form.Item label="Mật khẩu mới" name="password" rules={passwordRules}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item label="Nhập lại mật khẩu mới" name="confirm" dependencies={['password']} rules={confirmRules}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function stateTag(u: UserRow) {
  if (u.disabled) return <Tag color="red">Đã khóa</Tag>;
  if (u.lockedUntil) return <Tag color="orange">Tạm khóa đến {formatDateTime(u.lockedUntil).slice(11)}</Tag>;
  return <Tag color="green">Đang dùng</Tag>;
}

export function AccountsTab({ self }: { self: SessionUser }) {
  const users = useQuery({ queryKey: ['users.list'], queryFn: () => api.users.list() });
  const [editing, setEditing] = useState<{ account: UserRow | null } | null>(null);
  const [resetting, setResetting] = useState<UserRow | null>(null);
  return (
    <>
      <div className="tab-toolbar">
        <Typography.Text type="secondary">Mỗi người dùng một tài khoản riêng; mọi thao tác được ghi vào nhật ký thay đổi.</Typography.Text>
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing({ account: null })}>
          Tạo tài khoản
        </Button>
      </div>
      {users.isError && <Alert type="error" showIcon title={errorText(users.error)} style={{ marginBottom: 16 }} />}
      <Table<UserRow>
        rowKey="id"
        className="nowrap-head"
        size="middle"
        loading={users.isPending}
        dataSource={users.data}
        pagination={false}
        columns={[
          {
            title: 'Họ và tên',
            dataIndex: 'displayName',
            render: (name: string, u) => (
              <>
                <Typography.Text strong>{name}</Typography.Text>
                {u.id === self.id && <Typography.Text type="secondary"> (bạn)</Typography.Text>}
              </>
            ),
          },
          { title: 'Tên đăng nhập', dataIndex: 'username', className: 'nowrap' },
          { title: 'Vai trò', dataIndex: 'role', className: 'nowrap', render: (r: Role) => ROLE[r] },
          { title: 'Chi bộ', dataIndex: 'branchName', render: (b: string | null, u) => (u.role === 'branch_secretary' ? b : '') },
          { title: 'Trạng thái', key: 'state', className: 'nowrap', render: (_: unknown, u) => stateTag(u) },
          { title: 'Ngày tạo', dataIndex: 'createdAt', className: 'nowrap', render: (ms: number) => formatDateTime(ms).slice(0, 10) },
          {
            title: '',
            key: 'actions',
            className: 'nowrap',
            render: (_: unknown, u) => (
              <Space size={4}>
                <Button size="small" type="text" onClick={() => setEditing({ account: u })}>
                  Sửa
                </Button>
                <Button size="small" type="text" onClick={() => setResetting(u)}>
                  Đặt lại mật khẩu
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <AccountModal target={editing} onClose={() => setEditing(null)} self={self} />
      <ResetPasswordModal account={resetting} onClose={() => setResetting(null)} />
    </>
  );
}
