// Thể thức văn bản: the margins and body size of exported minutes and resolutions (Hướng dẫn 36-HD/VPTW defaults:
// top 20, bottom 20, left 30, right 15 mm; 14 pt). Everyone sees them; the administrator changes them.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, InputNumber, Select, Space, Typography } from 'antd';
import type { Input as ApiInput } from '../../../core/api';
import { api } from '../api';
import { errorText } from '../forms';

type Layout = ApiInput<'settings.saveDocumentLayout'>;
const DEFAULTS: Layout = { marginsMm: { top: 20, bottom: 20, left: 30, right: 15 }, fontSizePt: 14 };
const SIDES = [
  ['top', 'Lề trên'],
  ['bottom', 'Lề dưới'],
  ['left', 'Lề trái'],
  ['right', 'Lề phải'],
] as const;

export function DocumentLayoutTab({ editable }: { editable: boolean }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Layout>();
  const layout = useQuery({ queryKey: ['settings.documentLayout'], queryFn: () => api.settings.documentLayout() });
  const save = useMutation({
    mutationFn: (values: Layout) => api.settings.saveDocumentLayout(values),
    onSuccess: () => {
      void message.success('Đã lưu thể thức văn bản; các tệp xuất từ nay theo thể thức mới.');
      return queryClient.invalidateQueries({ queryKey: ['settings.documentLayout'] });
    },
  });
  if (!layout.data) return layout.error ? <Alert type="error" showIcon title={errorText(layout.error)} /> : null;
  return (
    <Form<Layout> form={form} layout="vertical" initialValues={layout.data} disabled={!editable} onFinish={(v) => save.mutate(v)} style={{ maxWidth: 560 }}>
      <Typography.Paragraph type="secondary">
        Biên bản và nghị quyết xuất ra khổ A4, chữ Times New Roman. Mặc định theo Hướng dẫn 36-HD/VPTW: lề trên 20, dưới 20,
        trái 30, phải 15 mm; cỡ chữ 14.
      </Typography.Paragraph>
      {save.error && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 16 }} />}
      <Space wrap size="large">
        {SIDES.map(([side, label]) => (
          <Form.Item key={side} label={`${label} (mm)`} name={['marginsMm', side]} rules={[{ required: true, type: 'number', min: 5, max: 50, message: 'Từ 5 đến 50 mm.' }]}>
            <InputNumber min={5} max={50} step={1} style={{ width: 110 }} />
          </Form.Item>
        ))}
      </Space>
      <Form.Item label="Cỡ chữ nội dung" name="fontSizePt">
        <Select style={{ width: 140 }} options={[12, 13, 14].map((n) => ({ value: n, label: `${n} pt` }))} />
      </Form.Item>
      {editable && (
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            Lưu thể thức
          </Button>
          <Button htmlType="button" onClick={() => form.setFieldsValue(DEFAULTS)}>
            Trở về mặc định
          </Button>
        </Space>
      )}
    </Form>
  );
}
