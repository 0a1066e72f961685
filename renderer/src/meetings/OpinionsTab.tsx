// Ý kiến phát biểu: who spoke, on which agenda item, and the gist, as the minutes name each speaker. A speaker is picked
// from the roll or typed (a guest).
import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, AutoComplete, Button, Card, Col, Form, Input, Modal, Popconfirm, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { MeetingDetail, OpinionRow } from '../../../core/api';
import { api } from '../api';
import { errorText } from '../forms';
import { showNestedFieldErrors } from './fieldErrors';
import { plain } from './format';
import { ACTION, DONE } from './strings';
import { useMeetingChange } from './useMeeting';

interface OpinionValues {
  speakerName: string;
  agendaItemId?: string | null;
  summary: string;
}

function OpinionFields({ meeting }: { meeting: MeetingDetail }) {
  const present = meeting.roll.filter((r) => r.presence === 'present');
  const rest = meeting.roll.filter((r) => r.presence !== 'present');
  const options = [
    ...(present.length ? [{ label: 'Có mặt', options: present.map((r) => ({ value: r.name })) }] : []),
    ...(meeting.guests.length ? [{ label: 'Khách mời', options: meeting.guests.map((g) => ({ value: g.name })) }] : []),
    ...(rest.length ? [{ label: 'Đảng viên khác của chi bộ', options: rest.map((r) => ({ value: r.name })) }] : []),
  ];
  return (
    <Row gutter={16}>
      <Col xs={24} lg={12}>
        <Form.Item label="Người phát biểu" name="speakerName" rules={[{ required: true, whitespace: true, message: 'Hãy ghi người phát biểu.' }]}>
          <AutoComplete
            options={options}
            showSearch={{ filterOption: (input, option) => Boolean(option && 'value' in option && plain(String(option.value)).includes(plain(input))) }}
            placeholder="Chọn trong danh sách hoặc gõ tên khách mời"
          />
        </Form.Item>
      </Col>
      <Col xs={24} lg={12}>
        <Form.Item label="Về nội dung" name="agendaItemId">
          <Select allowClear placeholder="Nội dung chương trình" options={meeting.agenda.map((a, i) => ({ value: a.id, label: `${i + 1}. ${a.title}` }))} />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item label="Tóm tắt ý kiến" name="summary" rules={[{ required: true, whitespace: true, message: 'Hãy tóm tắt ý kiến.' }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 10 }} maxLength={5_000} />
        </Form.Item>
      </Col>
    </Row>
  );
}

/** The agenda item opinions usually belong to: the discussion. */
function discussionItem(meeting: MeetingDetail): string | undefined {
  return meeting.agenda.find((a) => /^thảo luận/iu.test(a.title.trim()))?.id;
}

function EditOpinionModal({ meeting, opinion, onClose }: { meeting: MeetingDetail; opinion: OpinionRow | null; onClose: () => void }) {
  const [form] = Form.useForm<OpinionValues>();
  const edit = useMeetingChange(
    (values: OpinionValues) =>
      api.opinions.update({ id: opinion!.id, speakerName: values.speakerName ?? '', agendaItemId: values.agendaItemId ?? null, summary: values.summary ?? '' }),
    { done: DONE.opinionEdited, errors: 'inline', onSuccess: onClose, onError: (error) => showNestedFieldErrors(form, error) },
  );
  return (
    <Modal
      open={opinion !== null}
      title="Sửa ý kiến phát biểu"
      okText="Lưu"
      cancelText="Hủy"
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ loading: edit.isPending }}
      destroyOnHidden
      afterClose={() => edit.reset()}
    >
      {edit.error && <Alert type="error" showIcon title={errorText(edit.error)} style={{ marginBottom: 12 }} />}
      {opinion && (
        <Form<OpinionValues>
          form={form}
          name="edit-opinion"
          layout="vertical"
          requiredMark={false}
          clearOnDestroy
          initialValues={{ speakerName: opinion.speakerName, agendaItemId: opinion.agendaItemId, summary: opinion.summary }}
          onFinish={(values) => edit.mutate(values)}
        >
          <OpinionFields meeting={meeting} />
        </Form>
      )}
    </Modal>
  );
}

export function OpinionsTab({ meeting, editable }: { meeting: MeetingDetail; editable: boolean }) {
  const [form] = Form.useForm<OpinionValues>();
  const [editing, setEditing] = useState<OpinionRow | null>(null);
  const add = useMeetingChange(
    (values: OpinionValues) => {
      const name = (values.speakerName ?? '').trim();
      const member = meeting.roll.filter((r) => r.name === name);
      return api.opinions.add({
        meetingId: meeting.id,
        speakerName: name,
        memberId: member.length === 1 ? member[0]!.memberId : null,
        agendaItemId: values.agendaItemId ?? null,
        summary: values.summary ?? '',
      });
    },
    {
      done: DONE.opinion,
      errors: 'inline',
      onSuccess: () => form.resetFields(['speakerName', 'summary']),
      onError: (error) => showNestedFieldErrors(form, error),
    },
  );
  const remove = useMeetingChange((id: string) => api.opinions.remove({ id }), { done: DONE.opinionRemoved });
  const speakers = new Set(meeting.opinions.map((o) => o.speakerName)).size;

  return (
    <>
      <div className="tab-toolbar">
        <Space>
          <Typography.Text strong data-testid="opinion-count">
            {meeting.opinions.length} ý kiến phát biểu
          </Typography.Text>
          {meeting.opinions.length > 0 && <Typography.Text type="secondary">của {speakers} người</Typography.Text>}
        </Space>
      </div>
      <Table<OpinionRow>
        rowKey="id"
        size="middle"
        pagination={false}
        dataSource={meeting.opinions}
        locale={{ emptyText: 'Chưa ghi ý kiến phát biểu nào.' }}
        columns={[
          { title: 'STT', key: 'no', width: 60, render: (_: unknown, _r, i) => i + 1 },
          {
            title: 'Người phát biểu',
            dataIndex: 'speakerName',
            width: 220,
            render: (name: string, o) => (
              <>
                <div>{name}</div>
                {!o.memberId && <Tag variant="filled">Khách mời</Tag>}
              </>
            ),
          },
          {
            title: 'Về nội dung',
            dataIndex: 'agendaItemTitle',
            width: 240,
            render: (title: string | null) => title ?? <Typography.Text type="secondary">Chung</Typography.Text>,
          },
          { title: 'Tóm tắt', dataIndex: 'summary', render: (text: string) => <div className="pre-line">{text}</div> },
          ...(editable
            ? [
                {
                  title: '',
                  key: 'actions',
                  width: 96,
                  render: (_: unknown, o: OpinionRow) => (
                    <Space size={0}>
                      <Button type="text" icon={<EditOutlined aria-hidden />} aria-label={`Sửa ý kiến của ${o.speakerName}`} onClick={() => setEditing(o)} />
                      <Popconfirm title="Xóa ý kiến này?" okText="Xóa" okButtonProps={{ danger: true }} cancelText="Không" onConfirm={() => remove.mutate(o.id)}>
                        <Button type="text" danger icon={<DeleteOutlined aria-hidden />} aria-label={`Xóa ý kiến của ${o.speakerName}`} />
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editable && (
        <Card size="small" title={ACTION.addOpinion} style={{ marginTop: 16 }} className="opinion-form">
          {add.error && <Alert type="error" showIcon title={errorText(add.error)} style={{ marginBottom: 12 }} />}
          <Form<OpinionValues>
            form={form}
            name="add-opinion"
            layout="vertical"
            requiredMark={false}
            initialValues={{ agendaItemId: discussionItem(meeting) }}
            onFinish={(values) => add.mutate(values)}
          >
            <OpinionFields meeting={meeting} />
            <Button type="primary" htmlType="submit" loading={add.isPending}>
              {ACTION.addOpinion}
            </Button>
          </Form>
        </Card>
      )}
      <EditOpinionModal meeting={meeting} opinion={editing} onClose={() => setEditing(null)} />
    </>
  );
}
