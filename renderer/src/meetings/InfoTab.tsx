// Thông tin: kind, date and time, place, topic, who chairs and who keeps the minutes, guests, when it ended and the
// chair's conclusion. A refused save keeps what was typed; a save after someone else changed these facts is refused by
// the services with their message.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Col, DatePicker, Form, Input, Row, Select, Space, TimePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { MeetingDetail, MeetingKind, OfficerRow } from '../../../core/api';
import { api } from '../api';
import { errorText } from '../forms';
import { showNestedFieldErrors } from './fieldErrors';
import { DATE_TIME_INPUT, fromApiDateTime, toApiDateTime } from './format';
import { ACTION, DONE, MEETING_KIND } from './strings';
import { useMeetingChange } from './useMeeting';

interface InfoValues {
  kind: MeetingKind;
  scheduledAt: Dayjs | null;
  place: string;
  topic?: string | null;
  chairId?: string | null;
  secretaryId?: string | null;
  guests: { name: string; role: string }[];
  endedAt?: Dayjs | null;
  conclusion?: string | null;
}

const OFFICER_ROLE: Record<OfficerRow['role'], string> = {
  secretary: 'Bí thư',
  deputy_secretary: 'Phó Bí thư',
  committee_member: 'Chi ủy viên',
};

function valuesOf(m: MeetingDetail): InfoValues {
  return {
    kind: m.kind,
    scheduledAt: fromApiDateTime(m.scheduledAt),
    place: m.place ?? '',
    topic: m.topic,
    chairId: m.chairId,
    secretaryId: m.secretaryId,
    guests: m.guests,
    endedAt: m.endedAt ? dayjs(`2000-01-01T${m.endedAt}`) : null,
    conclusion: m.conclusion,
  };
}

/** The facts this form edits, to tell whether a newer version of the meeting changed them or only something else. */
const factsOf = (m: MeetingDetail) =>
  JSON.stringify([m.kind, m.scheduledAt, m.place, m.topic, m.chairId, m.secretaryId, m.guests, m.endedAt, m.conclusion]);

export function InfoTab({ meeting, editable }: { meeting: MeetingDetail; editable: boolean }) {
  const [form] = Form.useForm<InfoValues>();
  const kind = Form.useWatch('kind', form);
  // The version the form was filled from. Changes made elsewhere in the meeting (a roll call, a comment) raise the
  // meeting's version without touching these facts; the form then follows the newer version.
  const [base, setBase] = useState({ version: meeting.version, facts: factsOf(meeting) });
  if (meeting.version !== base.version && factsOf(meeting) === base.facts) setBase({ version: meeting.version, facts: base.facts });
  const committee = useQuery({ queryKey: ['branches.committee', meeting.branchId], queryFn: () => api.branches.committee({ branchId: meeting.branchId }) });
  const roleOf = new Map((committee.data ?? []).filter((o) => o.termEnd === null).map((o) => [o.memberId, OFFICER_ROLE[o.role]]));

  const save = useMeetingChange(
    (values: InfoValues) =>
      api.meetings.update({
        id: meeting.id,
        version: base.version,
        kind: values.kind,
        scheduledAt: values.scheduledAt ? toApiDateTime(values.scheduledAt) : '',
        place: values.place ?? '',
        topic: values.kind === 'regular' ? null : (values.topic ?? null),
        chairId: values.chairId ?? null,
        secretaryId: values.secretaryId ?? null,
        guests: (values.guests ?? []).map((g) => ({ name: g.name ?? '', role: g.role ?? '' })),
        endedAt: values.endedAt ? values.endedAt.format('HH:mm') : null,
        conclusion: values.conclusion ?? null,
      }),
    {
      done: DONE.info,
      errors: 'inline',
      onSuccess: (m) => {
        setBase({ version: m.version, facts: factsOf(m) });
        form.setFieldsValue(valuesOf(m));
      },
      onError: (error) => showNestedFieldErrors(form, error),
    },
  );
  const officials = meeting.roll
    .filter((r) => r.status === 'official' && r.standing !== 'away')
    .map((r) => ({ value: r.memberId, label: roleOf.has(r.memberId) ? `${r.name} (${roleOf.get(r.memberId)})` : r.name }));

  return (
    <div className="tab-narrow">
      {save.error && (
        <Alert
          type="error"
          showIcon
          title={errorText(save.error)}
          style={{ marginBottom: 16 }}
          action={
            <Button
              size="small"
              onClick={() => {
                setBase({ version: meeting.version, facts: factsOf(meeting) });
                form.setFieldsValue(valuesOf(meeting));
                save.reset();
              }}
            >
              Lấy bản mới nhất
            </Button>
          }
        />
      )}
      <Form<InfoValues>
        form={form}
        name="meeting-info"
        layout="vertical"
        requiredMark={false}
        disabled={!editable}
        initialValues={valuesOf(meeting)}
        onFinish={(values) => save.mutate(values)}
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item label="Loại buổi sinh hoạt" name="kind">
              <Select options={(Object.keys(MEETING_KIND) as MeetingKind[]).map((k) => ({ value: k, label: MEETING_KIND[k] }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label="Ngày giờ họp" name="scheduledAt" rules={[{ required: true, message: 'Hãy chọn ngày giờ họp.' }]}>
              <DatePicker showTime={{ format: 'HH:mm', minuteStep: 5 }} format={DATE_TIME_INPUT} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label="Địa điểm" name="place" rules={[{ required: true, whitespace: true, message: 'Hãy ghi địa điểm họp.' }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label="Giờ kết thúc" name="endedAt" extra="Ghi sau buổi họp; biên bản ghi giờ này.">
              <TimePicker format="HH:mm" minuteStep={5} style={{ width: '100%' }} placeholder="hh:mm" />
            </Form.Item>
          </Col>
          {kind !== 'regular' && (
            <Col span={24}>
              <Form.Item label="Chuyên đề" name="topic">
                <Input maxLength={300} />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={12}>
            <Form.Item label="Chủ trì" name="chairId" extra="Bí thư hoặc phó bí thư chi bộ.">
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder="Chọn đảng viên chính thức" options={officials} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label="Thư ký (người ghi biên bản)" name="secretaryId">
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder="Chọn đảng viên chính thức" options={officials} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label="Khách mời">
          <Form.List name="guests">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, i) => (
                  <Space key={field.key} align="start" style={{ display: 'flex', marginBottom: 8 }} wrap>
                    <Form.Item
                      name={[field.name, 'name']}
                      rules={[{ required: true, whitespace: true, message: 'Hãy ghi tên khách mời.' }]}
                      style={{ marginBottom: 0, width: 260 }}
                    >
                      <Input placeholder="Họ và tên" aria-label={`Tên khách mời ${i + 1}`} maxLength={200} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'role']} style={{ marginBottom: 0, width: 340 }}>
                      <Input placeholder="Chức vụ, ví dụ: Đảng ủy viên, phụ trách địa bàn" aria-label={`Chức vụ khách mời ${i + 1}`} maxLength={200} />
                    </Form.Item>
                    {editable && <Button type="text" icon={<DeleteOutlined aria-hidden />} aria-label={`Bỏ khách mời ${i + 1}`} onClick={() => remove(field.name)} />}
                  </Space>
                ))}
                {editable && (
                  <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({ name: '', role: '' })}>
                    Thêm khách mời
                  </Button>
                )}
                {!editable && fields.length === 0 && <span className="muted">Không có khách mời.</span>}
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item label="Kết luận của chủ trì" name="conclusion">
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} maxLength={10_000} placeholder="Tóm tắt kết luận và phân công nhiệm vụ; biên bản ghi ở mục Kết luận." />
        </Form.Item>
        {editable && (
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {ACTION.saveInfo}
          </Button>
        )}
      </Form>
    </div>
  );
}
