// Giải thể chi bộ: the services refuse while members remain on its roll, and say how many; the date stays as chosen.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, DatePicker, Form, Modal, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { BranchSummary } from '../../../core/api';
import { api } from '../api';
import { DATE_INPUT, errorText, notFuture, showFieldErrors, toApiDate, today, useLastNonNull } from '../forms';
import { BRANCH_DONE } from './strings';

export function DissolveModal({ branch: target, onClose }: { branch: BranchSummary | null; onClose: () => void }) {
  const branch = useLastNonNull(target);
  const [form] = Form.useForm<{ date: Dayjs | null }>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (values: { date: Dayjs | null }) => api.branches.dissolve({ id: branch!.id, date: toApiDate(values.date) ?? '' }),
    onSuccess: () => {
      void message.success(BRANCH_DONE.dissolve(branch!.name));
      void queryClient.invalidateQueries();
      onClose();
    },
    onError: (error) => showFieldErrors(form, error),
  });
  return (
    <Modal
      open={target !== null}
      title={branch ? `Giải thể ${branch.name}` : ''}
      okText="Giải thể"
      cancelText="Hủy"
      okButtonProps={{ danger: true, loading: save.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      afterClose={() => save.reset()}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 4 }}>
        Chi bộ đã giải thể vẫn còn trong hồ sơ (sinh hoạt, biên bản cũ) nhưng không nhận thêm đảng viên. Chỉ giải thể được khi
        chi bộ không còn đảng viên nào trong danh sách.
      </Typography.Paragraph>
      {save.error && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 16 }} />}
      <Form form={form} clearOnDestroy layout="vertical" requiredMark={false} name="dissolve" initialValues={{ date: today() }} onFinish={(v) => save.mutate(v)}>
        <Form.Item label="Ngày giải thể" name="date" rules={[{ required: true, message: 'Hãy chọn ngày giải thể.' }]}>
          <DatePicker format={DATE_INPUT} placeholder="dd/mm/yyyy" disabledDate={notFuture} style={{ width: 200 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
