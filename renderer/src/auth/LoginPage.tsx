// Đăng nhập, and the lock screen after idle time (the same form, with the user name kept).
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Table, Typography } from 'antd';
import type { AuthStatus, Input as ApiInput } from '../../../core/api';
import { api } from '../api';
import { ROLE } from '../strings';

type LoginForm = ApiInput<'auth.login'>;

export function LoginPage({ wardName, status, lockedUser }: { wardName: string; status: AuthStatus; lockedUser?: string }) {
  const queryClient = useQueryClient();
  const login = useMutation({
    mutationFn: (values: LoginForm) => api.auth.login(values),
    onSuccess: () => queryClient.invalidateQueries(),
  });
  return (
    <div style={{ minHeight: '100%', display: 'grid', placeItems: 'center', padding: 24 }}>
      <Card style={{ width: 'min(440px, 100%)' }}>
        <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
          <span style={{ color: '#b3261e' }}>★</span> {lockedUser ? 'Ứng dụng đã khóa' : 'Đăng nhập'}
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          {lockedUser
            ? `Không có thao tác trong ${status.idleLockMinutes} phút nên ứng dụng đã tự khóa. Nhập lại mật khẩu để làm tiếp.`
            : `Chi bộ số: ${wardName}`}
        </Typography.Paragraph>
        {login.error && <Alert type="error" showIcon title={login.error.message} style={{ marginBottom: 16 }} />}
        <Form<LoginForm> layout="vertical" requiredMark={false} initialValues={{ username: lockedUser }} onFinish={(v) => login.mutate(v)}>
          <Form.Item label="Tên đăng nhập" name="username" rules={[{ required: true, whitespace: true, message: 'Hãy nhập tên đăng nhập.' }]}>
            <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" disabled={Boolean(lockedUser)} autoFocus={!lockedUser} />
          </Form.Item>
          <Form.Item label="Mật khẩu" name="password" rules={[{ required: true, message: 'Hãy nhập mật khẩu.' }]}>
            <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" autoFocus={Boolean(lockedUser)} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending}>
            {lockedUser ? 'Mở khóa' : 'Đăng nhập'}
          </Button>
        </Form>
        {!lockedUser && status.demoAccounts.length > 0 && (
          <>
            <Typography.Title level={5} style={{ marginTop: 24 }}>
              Tài khoản dùng thử của đảng bộ mẫu
            </Typography.Title>
            <Table
              size="small"
              pagination={false}
              rowKey="username"
              dataSource={status.demoAccounts}
              columns={[
                { title: 'Tên đăng nhập', dataIndex: 'username' },
                { title: 'Mật khẩu', dataIndex: 'password' },
                { title: 'Vai trò', dataIndex: 'role', render: (r: keyof typeof ROLE) => ROLE[r] },
              ]}
            />
          </>
        )}
      </Card>
    </div>
  );
}
