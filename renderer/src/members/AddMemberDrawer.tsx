// Thêm đảng viên: a new member on a branch's roll. A refused save keeps the form as typed, with each message on its field.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Form, Select, Space } from 'antd';
import type { BranchSummary, SessionUser } from '../../../core/api';
import { api } from '../api';
import { errorText, showFieldErrors } from '../forms';
import { ACTION, DONE, MEMBER_FIELD } from './strings';
import { MemberFields, toMemberInput, type MemberFormValues } from './MemberFields';

type AddValues = MemberFormValues & { branchId?: string };

export function AddMemberDrawer({
  open,
  onClose,
  branches,
  user,
  defaultBranchId,
}: {
  open: boolean;
  onClose: () => void;
  branches: BranchSummary[];
  user: SessionUser;
  defaultBranchId?: string;
}) {
  const [form] = Form.useForm<AddValues>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const open_ = branches.filter((b) => !b.dissolved);
  const ownBranch = user.role === 'branch_secretary' ? (user.branchId ?? undefined) : undefined;

  const save = useMutation({
    mutationFn: (values: AddValues) => api.members.create({ branchId: values.branchId ?? '', ...toMemberInput(values) }),
    onSuccess: (_result, values) => {
      void message.success(DONE.add(values.fullName.trim()));
      void queryClient.invalidateQueries();
      onClose();
    },
    onError: (error) => showFieldErrors(form, error),
  });

  return (
    <Drawer
      title={ACTION.add}
      open={open}
      onClose={onClose}
      size={600}
      destroyOnHidden
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>Hủy</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            Lưu
          </Button>
        </Space>
      }
    >
      {save.error && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 16 }} />}
      <Form<AddValues>
        form={form}
        clearOnDestroy
        layout="vertical"
        requiredMark="optional"
        initialValues={{ branchId: ownBranch ?? defaultBranchId, gender: 'male' }}
        onFinish={(values) => save.mutate(values)}
        name="add-member"
      >
        <Form.Item label={MEMBER_FIELD.branch} name="branchId" rules={[{ required: true, message: 'Hãy chọn chi bộ.' }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="Chọn chi bộ"
            disabled={Boolean(ownBranch)}
            options={open_.map((b) => ({ value: b.id, label: b.name }))}
          />
        </Form.Item>
        <MemberFields />
      </Form>
    </Drawer>
  );
}
