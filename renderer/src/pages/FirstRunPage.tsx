// Lần đầu sử dụng: an empty data folder. Set up the ward under its superior committee, or explore with demo data.
import { ExperimentOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Form, Input, Radio, Row, Typography } from 'antd';
import type { Input as ApiInput } from '../../../core/api';
import { ApiError } from '../../../core/api';
import { api } from '../api';
import { formatNumber } from '../format';

type WardForm = ApiInput<'setup.createWard'>;

export function FirstRunPage() {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<WardForm>();

  const createWard = useMutation({
    mutationFn: (values: WardForm) => api.setup.createWard(values),
    onSuccess: () => queryClient.invalidateQueries(),
    onError: (error) => {
      if (error instanceof ApiError && error.fields) {
        form.setFields(error.fields.map((f) => ({ name: f.path as keyof WardForm, errors: [f.message] })));
      }
    },
  });
  const createDemo = useMutation({
    mutationFn: () => api.demo.create(),
    onSuccess: (demo) => {
      void message.success(`Đã tạo ${demo.wardName} với ${formatNumber(demo.members)} đảng viên mẫu.`);
      return queryClient.invalidateQueries();
    },
  });
  const error = createWard.error ?? createDemo.error;

  return (
    <div style={{ minHeight: '100%', display: 'grid', placeItems: 'center', padding: 24 }}>
      <Card style={{ width: 'min(880px, 100%)' }}>
        <Typography.Title level={2} style={{ marginTop: 0 }}>
          <span style={{ color: '#b3261e' }}>★</span> Chào mừng đến với Chi bộ số
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          Máy này chưa có dữ liệu. Hãy khai báo đảng bộ mà văn phòng đang quản lý, hoặc dùng một đảng bộ phường mẫu để
          làm quen với phần mềm.
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 16 }} />}
        <Row gutter={32}>
          <Col xs={24} md={14}>
            <Typography.Title level={4}>Khai báo đảng bộ</Typography.Title>
            <Form<WardForm>
              form={form}
              layout="vertical"
              initialValues={{ superiorKind: 'province' }}
              onFinish={(values) => createWard.mutate(values)}
              requiredMark={false}
            >
              <Form.Item
                label="Tên đảng bộ phường, xã"
                name="wardName"
                rules={[{ required: true, whitespace: true, message: 'Hãy nhập tên đảng bộ.' }]}
              >
                <Input placeholder="Ví dụ: Đảng bộ phường Hồng Hà" maxLength={200} />
              </Form.Item>
              <Form.Item label="Cấp ủy cấp trên" name="superiorKind">
                <Radio.Group
                  options={[
                    { value: 'province', label: 'Tỉnh ủy, thành ủy' },
                    { value: 'district', label: 'Quận ủy, huyện ủy (trước 01/7/2025)' },
                  ]}
                />
              </Form.Item>
              <Form.Item
                label="Tên cấp ủy cấp trên"
                name="superiorName"
                rules={[{ required: true, whitespace: true, message: 'Hãy nhập tên cấp ủy cấp trên.' }]}
              >
                <Input placeholder="Ví dụ: Đảng bộ Thành phố Hà Nội" maxLength={200} />
              </Form.Item>
              <Typography.Title level={5}>Tài khoản quản trị của đảng bộ</Typography.Title>
              <Form.Item
                label="Họ và tên"
                name="adminName"
                rules={[{ required: true, whitespace: true, message: 'Hãy nhập họ tên người quản trị.' }]}
              >
                <Input placeholder="Ví dụ: Nguyễn Thị Hòa" maxLength={200} />
              </Form.Item>
              <Form.Item
                label="Tên đăng nhập"
                name="adminUsername"
                rules={[{ required: true, whitespace: true, message: 'Hãy nhập tên đăng nhập.' }]}
                extra="Chữ không dấu, số, dấu chấm hoặc gạch dưới; ví dụ: hoa.vp"
              >
                <Input autoComplete="username" maxLength={32} />
              </Form.Item>
              <Form.Item
                label="Mật khẩu"
                name="adminPassword"
                rules={[
                  { required: true, message: 'Hãy đặt mật khẩu.' },
                  { min: 8, message: 'Mật khẩu phải có ít nhất 8 ký tự.' },
                ]}
              >
                <Input.Password autoComplete="new-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={createWard.isPending}>
                Tạo đảng bộ
              </Button>
            </Form>
          </Col>
          <Col xs={24} md={10}>
            <Typography.Title level={4}>Dùng thử</Typography.Title>
            <Typography.Paragraph>
              Một đảng bộ phường mẫu: khoảng 20 chi bộ, hơn 600 đảng viên với tên giả, một năm sinh hoạt chi bộ hằng tháng.
            </Typography.Paragraph>
            <Button icon={<ExperimentOutlined aria-hidden />} size="large" loading={createDemo.isPending} onClick={() => createDemo.mutate()}>
              Tạo đảng bộ mẫu
            </Button>
          </Col>
        </Row>
      </Card>
    </div>
  );
}
