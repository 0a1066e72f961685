// The small forms behind a member's actions: official recognition, exemption and its end, temporary absence and return,
// a move to another branch, transfer out, removal and death. Each saves one change; a refusal keeps the form as typed.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, AutoComplete, DatePicker, Form, Input, Modal, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { BranchSummary, MemberDetail } from '../../../core/api';
import { api } from '../api';
import { DATE_INPUT, errorText, notFuture, showFieldErrors, toApiDate, today, useLastNonNull } from '../forms';
import { formatDate } from '../format';
import { ACTION, DONE } from './strings';

export type MemberActionKind =
  | 'recognizeOfficial'
  | 'exempt'
  | 'endExemption'
  | 'markAway'
  | 'markReturned'
  | 'move'
  | 'transferOut'
  | 'remove'
  | 'deceased';

interface ActionValues {
  date?: Dayjs | null;
  officialDate?: Dayjs | null;
  from?: Dayjs | null;
  until?: Dayjs | null;
  reason?: string;
  resolution?: string;
  place?: string;
  destination?: string;
  toBranchId?: string;
}

const EXEMPT_REASONS = [
  'Tuổi cao, sức khỏe yếu',
  'Sức khỏe yếu, điều trị dài ngày (từ 3 tháng trở lên)',
  'Đi điều trị dài ngày ở xa nơi cư trú',
  'Đi làm ăn xa, không có điều kiện sinh hoạt',
  'Nghỉ chế độ thai sản',
].map((value) => ({ value }));

const required = (message: string) => [{ required: true, message }];
const requiredText = (message: string) => [{ required: true, whitespace: true, message }];

function dateField(name: keyof ActionValues, label: string, message: string) {
  return (
    <Form.Item label={label} name={name} rules={required(message)}>
      <DatePicker format={DATE_INPUT} placeholder="dd/mm/yyyy" disabledDate={notFuture} style={{ width: 200 }} />
    </Form.Item>
  );
}

function submit(kind: MemberActionKind, member: MemberDetail, v: ActionValues) {
  const id = member.id;
  const date = toApiDate(v.date) ?? '';
  switch (kind) {
    case 'recognizeOfficial':
      return api.members.recognizeOfficial({ id, officialDate: toApiDate(v.officialDate) ?? '', resolution: v.resolution ?? '' });
    case 'exempt':
      return api.members.exempt({ id, from: toApiDate(v.from) ?? '', reason: v.reason ?? '', resolution: v.resolution ?? '' });
    case 'endExemption':
      return api.members.endExemption({ id, date });
    case 'markAway':
      return api.members.markAway({ id, from: toApiDate(v.from) ?? '', until: toApiDate(v.until), place: v.place ?? '' });
    case 'markReturned':
      return api.members.markReturned({ id, date });
    case 'move':
      return api.members.move({ id, toBranchId: v.toBranchId ?? '', date });
    case 'transferOut':
      return api.members.transferOut({ id, date, destination: v.destination ?? '' });
    case 'remove':
    case 'deceased':
      return api.members.remove({ id, date, kind: kind === 'remove' ? 'removed' : 'deceased', reason: v.reason ?? '' });
  }
}

export function MemberActionModal({
  kind: target,
  member,
  branches,
  onClose,
}: {
  kind: MemberActionKind | null;
  member: MemberDetail;
  branches: BranchSummary[];
  onClose: () => void;
}) {
  const [form] = Form.useForm<ActionValues>();
  const open = target !== null;
  // While the modal closes it keeps showing the action it was opened for.
  const kind = useLastNonNull(target);
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (values: ActionValues) => submit(kind!, member, values),
    onSuccess: (after) => {
      const done = kind === 'move' ? DONE.move(after.branchName) : DONE[kind!];
      void message.success(done);
      void queryClient.invalidateQueries();
      onClose();
    },
    onError: (error) => showFieldErrors(form, error),
  });

  const name = member.fullName;
  let intro: React.ReactNode = null;
  let fields: React.ReactNode = null;
  switch (kind) {
    case 'recognizeOfficial':
      intro = `Đồng chí ${name} vào Đảng ngày ${formatDate(member.admissionDate)}; hết 12 tháng dự bị ngày ${formatDate(member.probationEnd)}.`;
      fields = (
        <>
          {dateField('officialDate', 'Ngày công nhận chính thức', 'Hãy chọn ngày công nhận chính thức.')}
          <Form.Item label="Số nghị quyết" name="resolution">
            <Input maxLength={50} placeholder="Ví dụ: 05-NQ/ĐU" style={{ width: 260 }} />
          </Form.Item>
        </>
      );
      break;
    case 'exempt':
      intro = 'Đảng viên làm đơn; chi bộ xem xét, ra nghị quyết và báo cáo cấp ủy cấp trên. Đảng viên miễn sinh hoạt không bị tính vào số phải có mặt.';
      fields = (
        <>
          <Form.Item label="Lý do" name="reason" rules={requiredText('Hãy ghi lý do miễn sinh hoạt.')}>
            <AutoComplete options={EXEMPT_REASONS} maxLength={200} placeholder="Ví dụ: Tuổi cao, sức khỏe yếu" />
          </Form.Item>
          <Form.Item label="Số nghị quyết của chi bộ" name="resolution" rules={requiredText('Hãy ghi số nghị quyết của chi bộ.')}>
            <Input maxLength={200} placeholder="Ví dụ: 03-NQ/CB" style={{ width: 260 }} />
          </Form.Item>
          {dateField('from', 'Miễn sinh hoạt từ ngày', 'Hãy chọn ngày bắt đầu miễn.')}
        </>
      );
      break;
    case 'endExemption':
      intro = `Đồng chí ${name} miễn sinh hoạt từ ${formatDate(member.standingSince)}${member.standingReason ? ` (${member.standingReason})` : ''}.`;
      fields = dateField('date', 'Sinh hoạt trở lại từ ngày', 'Hãy chọn ngày thôi miễn.');
      break;
    case 'markAway':
      intro = 'Trong thời gian sinh hoạt tạm thời nơi khác, đảng viên không bị tính vào số phải có mặt ở chi bộ.';
      fields = (
        <>
          <Form.Item label="Nơi sinh hoạt tạm thời" name="place" rules={requiredText('Hãy ghi nơi sinh hoạt tạm thời.')}>
            <Input maxLength={200} placeholder="Ví dụ: Chi bộ Tổ dân phố 5, phường Láng, Hà Nội" />
          </Form.Item>
          {dateField('from', 'Từ ngày', 'Hãy chọn ngày đi.')}
          <Form.Item label="Dự kiến về" name="until" extra="Để trống khi chưa biết.">
            <DatePicker format={DATE_INPUT} placeholder="dd/mm/yyyy" style={{ width: 200 }} />
          </Form.Item>
        </>
      );
      break;
    case 'markReturned':
      intro = `Đồng chí ${name} đang sinh hoạt tạm thời tại ${member.awayPlace ?? 'nơi khác'} từ ${formatDate(member.standingSince)}.`;
      fields = dateField('date', 'Ngày trở về', 'Hãy chọn ngày trở về.');
      break;
    case 'move':
      intro = `Chuyển đồng chí ${name} từ ${member.branchName} sang một chi bộ khác trong đảng bộ.`;
      fields = (
        <>
          <Form.Item label="Chuyển đến chi bộ" name="toBranchId" rules={required('Hãy chọn chi bộ chuyển đến.')}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="Chọn chi bộ"
              options={branches.filter((b) => !b.dissolved && b.id !== member.branchId).map((b) => ({ value: b.id, label: b.name }))}
            />
          </Form.Item>
          {dateField('date', 'Ngày chuyển', 'Hãy chọn ngày chuyển.')}
        </>
      );
      break;
    case 'transferOut':
      intro = 'Đảng viên chuyển sinh hoạt ra ngoài đảng bộ: hồ sơ được giữ lại, không còn trong danh sách chi bộ.';
      fields = (
        <>
          <Form.Item label="Nơi chuyển đến" name="destination" rules={requiredText('Hãy ghi nơi chuyển đến.')}>
            <Input maxLength={200} placeholder="Ví dụ: Đảng bộ phường Kim Liên, Hà Nội" />
          </Form.Item>
          {dateField('date', 'Ngày chuyển đi', 'Hãy chọn ngày chuyển đi.')}
        </>
      );
      break;
    case 'remove':
    case 'deceased':
      intro =
        kind === 'remove'
          ? `Xóa tên đồng chí ${name} khỏi danh sách đảng viên theo quyết định của cấp có thẩm quyền. Hồ sơ và quá trình vẫn được giữ lại.`
          : `Ghi đồng chí ${name} từ trần. Hồ sơ và quá trình vẫn được giữ lại.`;
      fields = (
        <>
          {dateField('date', kind === 'remove' ? 'Ngày xóa tên' : 'Ngày từ trần', 'Hãy chọn ngày.')}
          <Form.Item label={kind === 'remove' ? 'Lý do, số quyết định' : 'Ghi chú'} name="reason">
            <Input.TextArea maxLength={500} rows={3} />
          </Form.Item>
        </>
      );
      break;
  }

  const title = kind ? (kind === 'deceased' ? ACTION.deceased : ACTION[kind]) : '';
  const danger = kind === 'remove' || kind === 'deceased' || kind === 'transferOut';
  return (
    <Modal
      open={open}
      title={`${title}: ${name}`}
      okText="Lưu"
      cancelText="Hủy"
      okButtonProps={{ danger, loading: save.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      afterClose={() => save.reset()}
    >
      {intro && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 4 }}>
          {intro}
        </Typography.Paragraph>
      )}
      {save.error && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 16 }} />}
      <Form<ActionValues>
        form={form}
        clearOnDestroy
        layout="vertical"
        requiredMark={false}
        name={`member-${kind ?? 'action'}`}
        initialValues={{ date: today(), from: today(), officialDate: today() }}
        onFinish={(values) => save.mutate(values)}
      >
        {fields}
      </Form>
    </Modal>
  );
}
