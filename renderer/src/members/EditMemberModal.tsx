// Sửa hồ sơ đảng viên. Saves against the version the person opened; when someone else saved meanwhile the service
// refuses, the form keeps what was typed and offers to load the newer record.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Modal } from 'antd';
import { useState } from 'react';
import { ApiError, type MemberDetail } from '../../../core/api';
import { api } from '../api';
import { errorText, showFieldErrors } from '../forms';
import { DONE } from './strings';
import { MemberFields, memberFormValues, toMemberInput, type MemberFormValues } from './MemberFields';

export function EditMemberModal({ member, open, onClose }: { member: MemberDetail; open: boolean; onClose: () => void }) {
  return (
    <Modal open={open} title={`Sửa hồ sơ: ${member.fullName}`} footer={null} onCancel={onClose} destroyOnHidden width={640}>
      {/* Mounted per opening, so it starts from the record as it was when the person clicked Sửa. */}
      <EditMemberForm member={member} onClose={onClose} />
    </Modal>
  );
}

function EditMemberForm({ member, onClose }: { member: MemberDetail; onClose: () => void }) {
  const [form] = Form.useForm<MemberFormValues>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [base, setBase] = useState(member);
  const save = useMutation({
    mutationFn: (values: MemberFormValues) => api.members.update({ id: base.id, version: base.version, ...toMemberInput(values) }),
    onSuccess: () => {
      void message.success(DONE.edit);
      void queryClient.invalidateQueries();
      onClose();
    },
    onError: (error) => showFieldErrors(form, error),
  });
  const reload = useMutation({
    mutationFn: () => api.members.get({ id: base.id }),
    onSuccess: (latest) => {
      setBase(latest);
      form.setFieldsValue(memberFormValues(latest));
      save.reset();
    },
  });
  const stale = save.error instanceof ApiError && save.error.code === 'CONFLICT' && !save.error.fields;

  return (
    <>
      {save.error && (
        <Alert
          type="error"
          showIcon
          title={errorText(save.error)}
          description={stale ? 'Những gì bạn vừa nhập vẫn còn trong mẫu. Tải bản mới nhất sẽ thay chúng bằng hồ sơ đã lưu.' : undefined}
          action={
            stale ? (
              <Button size="small" loading={reload.isPending} onClick={() => reload.mutate()}>
                Tải bản mới nhất
              </Button>
            ) : undefined
          }
          style={{ marginBottom: 16 }}
        />
      )}
      {reload.error && <Alert type="error" showIcon title={errorText(reload.error)} style={{ marginBottom: 16 }} />}
      <Form<MemberFormValues>
        form={form}
        layout="vertical"
        requiredMark="optional"
        name="edit-member"
        initialValues={memberFormValues(base)}
        onFinish={(values) => save.mutate(values)}
      >
        <MemberFields />
        <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
          <Button onClick={onClose}>Hủy</Button>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            Lưu
          </Button>
        </div>
      </Form>
    </>
  );
}
