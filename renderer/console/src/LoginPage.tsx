// Đăng nhập to the console, and the change of password an account must make before its first work (a new account, or
// a password an administrator reset).
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { MIN_PASSWORD_LENGTH, type ConsoleInput, type ConsoleUser } from '../../../core/consoleApi';
import { consoleApi } from './api';
import { newPasswordRules } from './passwordRules';
import { takeSessionNotice } from './session';

function Shell({ title, subtitle, children }: { title: string; subtitle: React.ReactNode; children: React.ReactNode }) {
  return (
    <div className="console-login">
      <Card style={{ width: 'min(440px, 100%)' }}>
        <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4 }}>
          <span style={{ color: '#b3261e' }} aria-hidden>
            ★
          </span>{' '}
          {title}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{subtitle}</Typography.Paragraph>
        {children}
      </Card>
    </div>
  );
}

type LoginForm = ConsoleInput<'auth.login'>;

export function LoginPage({ serverName }: { serverName: string }) {
  const queryClient = useQueryClient();
  const [notice] = useState(takeSessionNotice);
  const login = useMutation({
    mutationFn: (values: LoginForm) => consoleApi.auth.login(values),
    meta: { quiet: true },
    onSuccess: () => {
      // Nothing another account (or an ended session) read stays on screen.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth.status' });
      return queryClient.invalidateQueries({ queryKey: ['auth.status'] });
    },
  });
  return (
    <Shell
      title="Đăng nhập"
      subtitle={
        <>
          Trang quản lý sinh hoạt chi bộ của cấp trên
          {serverName ? (
            <>
              <br />
              <strong>{serverName}</strong>
            </>
          ) : null}
        </>
      }
    >
      {notice && !login.error && <Alert type="warning" showIcon title={notice} style={{ marginBottom: 16 }} />}
      {login.error && <Alert type="error" showIcon title={login.error.message} style={{ marginBottom: 16 }} role="alert" />}
      <Form<LoginForm> layout="vertical" requiredMark={false} onFinish={(v) => login.mutate(v)} aria-label="Đăng nhập">
        <Form.Item label="Tên đăng nhập" name="username" rules={[{ required: true, whitespace: true, message: 'Hãy nhập tên đăng nhập.' }]}>
          <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item label="Mật khẩu" name="password" rules={[{ required: true, message: 'Hãy nhập mật khẩu.' }]}>
          <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={login.isPending}>
          Đăng nhập
        </Button>
      </Form>
    </Shell>
  );
}

interface ChangeForm {
  current: string;
  next: string;
  repeat: string;
}

/** The form an account meets when it must change its password; also opened from the header. */
export function ChangePasswordForm({ onDone, submitText = 'Đổi mật khẩu' }: { onDone: () => void; submitText?: string }) {
  const [form] = Form.useForm<ChangeForm>();
  const change = useMutation({
    mutationFn: (v: ChangeForm) => consoleApi.auth.changePassword({ current: v.current, next: v.next }),
    meta: { quiet: true },
    onSuccess: () => {
      form.resetFields();
      onDone();
    },
  });
  return (
    <>
      {change.error && <Alert type="error" showIcon title={change.error.message} style={{ marginBottom: 16 }} role="alert" />}
      <Form<ChangeForm> form={form} layout="vertical" requiredMark={false} onFinish={(v) => change.mutate(v)} aria-label="Đổi mật khẩu">
        <Form.Item label="Mật khẩu hiện tại" name="current" rules={[{ required: true, message: 'Hãy nhập mật khẩu hiện tại.' }]}>
          <Input.Password autoComplete="current-password" autoFocus />
        </Form.Item>
        <Form.Item
          label="Mật khẩu mới"
          name="next"
          extra={`Ít nhất ${MIN_PASSWORD_LENGTH} ký tự; nên gồm chữ, số và ký hiệu.`}
          rules={newPasswordRules('Hãy nhập mật khẩu mới.')}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="Nhập lại mật khẩu mới"
          name="repeat"
          dependencies={['next']}
          rules={[
            { required: true, message: 'Hãy nhập lại mật khẩu mới.' },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || value === getFieldValue('next') ? Promise.resolve() : Promise.reject(new Error('Hai lần nhập mật khẩu mới chưa khớp.')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={change.isPending}>
          {submitText}
        </Button>
      </Form>
    </>
  );
}

export function MustChangePasswordPage({ user }: { user: ConsoleUser }) {
  const queryClient = useQueryClient();
  const logout = useMutation({
    mutationFn: () => consoleApi.auth.logout(),
    onSettled: () => queryClient.invalidateQueries(),
  });
  return (
    <Shell
      title="Đổi mật khẩu"
      subtitle={`Chào đồng chí ${user.displayName}. Mật khẩu này do người quản trị đặt; hãy đặt mật khẩu của riêng mình trước khi làm việc.`}
    >
      <ChangePasswordForm onDone={() => void queryClient.invalidateQueries()} submitText="Đổi mật khẩu và tiếp tục" />
      <Button type="link" block style={{ marginTop: 8 }} onClick={() => logout.mutate()}>
        Đăng xuất
      </Button>
    </Shell>
  );
}
