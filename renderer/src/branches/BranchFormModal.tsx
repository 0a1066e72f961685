// Thêm chi bộ, and Sửa: a branch's name and kind. A refused save keeps what was typed; a taken name shows on its field.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import type { BranchKind, BranchSummary } from '../../../core/api';
import { api } from '../api';
import { errorText, formModalProps, showFieldErrors, useLastNonNull } from '../forms';
import { BRANCH_KIND } from '../strings';
import { BRANCH_ACTION, BRANCH_DONE } from './strings';

interface BranchValues {
  name: string;
  branchKind: BranchKind;
}

/** `target.branch` null: a new branch; otherwise the one being edited. Open while `target` is set. */
export function BranchFormModal({ target, onClose }: { target: { branch: BranchSummary | null } | null; onClose: () => void }) {
  const open = target !== null;
  const branch = useLastNonNull(target)?.branch ?? null;
  const [form] = Form.useForm<BranchValues>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const save = useMutation({
    mutationFn: (values: BranchValues) =>
      branch ? api.branches.update({ id: branch.id, ...values }).then(() => null) : api.branches.create(values),
    onSuccess: (_result, values) => {
      void message.success(branch ? BRANCH_DONE.edit : BRANCH_DONE.add(values.name.trim()));
      void queryClient.invalidateQueries();
      onClose();
    },
    onError: (error) => showFieldErrors(form, error),
  });
  return (
    <Modal
      open={open}
      title={branch ? `Sửa chi bộ: ${branch.name}` : BRANCH_ACTION.add}
      okText="Lưu"
      {...formModalProps(form, save, onClose)}
    >
      {save.error && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 16 }} />}
      <Form<BranchValues>
        form={form}
        clearOnDestroy
        layout="vertical"
        requiredMark={false}
        name="branch"
        initialValues={branch ? { name: branch.name, branchKind: branch.branchKind } : { branchKind: 'residential' }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item label="Tên chi bộ" name="name" rules={[{ required: true, whitespace: true, message: 'Hãy nhập tên chi bộ.' }]}>
          <Input maxLength={200} placeholder="Ví dụ: Chi bộ Tổ dân phố số 13" />
        </Form.Item>
        <Form.Item label="Loại hình" name="branchKind" rules={[{ required: true, message: 'Hãy chọn loại hình.' }]}>
          <Select options={Object.entries(BRANCH_KIND).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
