// Đổi mật khẩu, for everyone signed in: the current password, then the new one twice.
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input } from 'antd';
import { api } from '../api';
import { errorText, showFieldErrors } from '../forms';

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePasswordTab() {
  const [form] = Form.useForm<PasswordValues>();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (v: PasswordValues) => api.auth.changePassword({ currentPassword: v.currentPassword ?? '', newPassword: v.newPassword ?? '' }),
    onSuccess: () => {
      void message.success('Đã đổi mật khẩu. Lần đăng nhập sau hãy dùng mật khẩu mới.');
      form.resetFields();
    },
    onError: (error) => showFieldErrors(form, error),
  });
  return (
    <div style={{ maxWidth: 420 }}>
      {save.error && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 16 }} />}
      <Form<PasswordValues> form={form} layout="vertical" requiredMark={false} name="change-password" onFinish={(v) => save.mutate(v)}>
        <Form.Item label="Mật khẩu hiện tại" name="currentPassword" rules={[{ required: true, message: 'Hãy nhập mật khẩu hiện tại.' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          label="Mật khẩu mới"
          name="newPassword"
          rules={[
            { required: true, message: 'Hãy nhập mật khẩu mới.' },
            { min: 8, message: 'Mật khẩu phải có ít nhất 8 ký tự.' },
          ]}
          extra="Ít nhất 8 ký tự; nên dùng một cụm từ dễ nhớ với người dùng nhưng khó đoán với người khác."
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="Nhập lại mật khẩu mới"
          name="confirm"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: 'Hãy nhập lại mật khẩu mới.' },
            ({ getFieldValue }) => ({
              validator: (_, value: string) =>
                !value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('Hai lần nhập mật khẩu không giống nhau.')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          Đổi mật khẩu
        </Button>
      </Form>
    </div>
  );
}
