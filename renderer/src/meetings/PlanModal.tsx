// Lên kế hoạch sinh hoạt: one meeting for each chosen branch, same kind, time and place. Each gets the typical agenda
// (the services add it). A refused plan keeps what was typed, with each message on its field.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Radio, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import type { MeetingKind, MonthRow } from '../../../core/api';
import { api } from '../api';
import { errorText } from '../forms';
import { showNestedFieldErrors } from './fieldErrors';
import { DATE_TIME_INPUT, toApiDateTime } from './format';
import { ACTION, DONE, MEETING_KIND } from './strings';
import { useNow } from './useNow';

interface PlanValues {
  branchIds: string[];
  kind: MeetingKind;
  scheduledAt: Dayjs | null;
  place: string;
  topic?: string;
}

export function PlanModal({
  open,
  rows,
  initialBranchIds,
  onClose,
  onPlanned,
}: {
  open: boolean;
  /** The branches of the month shown, with their meeting if they have one. */
  rows: MonthRow[];
  initialBranchIds: string[];
  onClose: () => void;
  /** The month ('YYYY-MM') the new meetings fall in. */
  onPlanned: (month: string) => void;
}) {
  const [form] = Form.useForm<PlanValues>();
  const kind = Form.useWatch('kind', form);
  const scheduledAt = Form.useWatch('scheduledAt', form);
  const now = useNow();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const unplanned = rows.filter((r) => !r.meeting).map((r) => r.branchId);

  const plan = useMutation({
    mutationFn: (values: PlanValues) =>
      api.meetings.plan({
        branchIds: values.branchIds ?? [],
        kind: values.kind,
        scheduledAt: values.scheduledAt ? toApiDateTime(values.scheduledAt) : '',
        place: values.place ?? '',
        topic: values.kind === 'regular' ? null : (values.topic ?? null),
      }),
    onSuccess: (result, values) => {
      void message.success(DONE.planned(result.ids.length));
      void queryClient.invalidateQueries({ queryKey: ['meetings.month'] });
      onPlanned(values.scheduledAt!.format('YYYY-MM'));
      onClose();
    },
    onError: (error) => showNestedFieldErrors(form, error),
  });

  return (
    <Modal
      open={open}
      title="Lên kế hoạch sinh hoạt chi bộ"
      width={640}
      okText={ACTION.plan}
      cancelText="Hủy"
      okButtonProps={{ loading: plan.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      afterClose={() => plan.reset()}
    >
      {plan.error && <Alert type="error" showIcon title={errorText(plan.error)} style={{ marginBottom: 16 }} />}
      <Form<PlanValues>
        form={form}
        name="plan-meeting"
        layout="vertical"
        requiredMark={false}
        clearOnDestroy
        initialValues={{ branchIds: initialBranchIds, kind: 'regular' }}
        onFinish={(values) => plan.mutate(values)}
      >
        <Form.Item
          label="Chi bộ"
          name="branchIds"
          rules={[{ required: true, message: 'Hãy chọn ít nhất một chi bộ.' }]}
          extra={
            unplanned.length > 0 && (
              <Button size="small" style={{ marginTop: 6 }} onClick={() => form.setFieldValue('branchIds', unplanned)}>
                Chọn mọi chi bộ chưa có kế hoạch ({unplanned.length})
              </Button>
            )
          }
        >
          <Select
            mode="multiple"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="Chọn một hoặc nhiều chi bộ"
            maxTagCount="responsive"
            options={rows.map((r) => ({
              value: r.branchId,
              label: r.meeting ? `${r.branchName} (đã có buổi trong tháng)` : r.branchName,
            }))}
          />
        </Form.Item>
        <Form.Item label="Loại buổi sinh hoạt" name="kind">
          <Radio.Group
            optionType="button"
            options={(Object.keys(MEETING_KIND) as MeetingKind[]).map((k) => ({ value: k, label: MEETING_KIND[k] }))}
          />
        </Form.Item>
        <Space size={16} align="start" style={{ display: 'flex' }} wrap>
          <Form.Item
            label="Ngày giờ họp"
            name="scheduledAt"
            rules={[{ required: true, message: 'Hãy chọn ngày giờ họp.' }]}
            style={{ width: 240 }}
          >
            <DatePicker
              showTime={{ format: 'HH:mm', minuteStep: 5 }}
              format={DATE_TIME_INPUT}
              placeholder="dd/mm/yyyy hh:mm"
              style={{ width: '100%' }}
            />
          </Form.Item>
          <Form.Item
            label="Địa điểm"
            name="place"
            rules={[{ required: true, whitespace: true, message: 'Hãy ghi địa điểm họp.' }]}
            style={{ width: 320 }}
          >
            <Input maxLength={200} placeholder="Ví dụ: Nhà văn hóa tổ dân phố" />
          </Form.Item>
        </Space>
        {scheduledAt && scheduledAt.valueOf() < now && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title="Ngày giờ này đã qua: buổi sinh hoạt được ghi là quá hạn cho đến khi ghi nhận đã họp."
          />
        )}
        {kind && kind !== 'regular' && (
          <Form.Item label="Chuyên đề" name="topic" rules={[{ required: true, whitespace: true, message: 'Hãy ghi tên chuyên đề.' }]}>
            <Input maxLength={300} placeholder="Ví dụ: Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
