// Biểu quyết: the number the share is counted over, shown with its parts as the minutes explain it (Quy định 24-QĐ/TW
// §9.3.2), how many official members present may vote, the count, and the outcome (more than half passes).
import { Alert, Button, Card, Col, Form, InputNumber, Result, Row, Space, Typography } from 'antd';
import type { MeetingDetail } from '../../../core/api';
import { api } from '../api';
import { errorText } from '../forms';
import { formatShare } from './format';
import { ACTION, DONE } from './strings';
import { useMeetingChange } from './useMeeting';

interface VoteValues {
  for: number | null;
  against: number | null;
  abstain: number | null;
}

/** "34 = 45 đảng viên chính thức − 1 sinh hoạt nơi khác − 9 miễn sinh hoạt vắng − 1 vắng có lý do" */
export function denominatorText(d: MeetingDetail['denominator']): string {
  const parts = [
    `${d.officialTotal} đảng viên chính thức`,
    d.away > 0 ? `${d.away} sinh hoạt nơi khác` : null,
    d.exemptAbsent > 0 ? `${d.exemptAbsent} miễn sinh hoạt vắng` : null,
    d.absentExcused > 0 ? `${d.absentExcused} vắng có lý do` : null,
  ].filter((p): p is string => p !== null);
  return `${d.denominator} = ${parts.join(' − ')}`;
}

export function VoteTab({ meeting, editable }: { meeting: MeetingDetail; editable: boolean }) {
  const [form] = Form.useForm<VoteValues>();
  const d = meeting.denominator;
  const counted = Form.useWatch([], form) as VoteValues | undefined;
  const cast = (counted?.for ?? 0) + (counted?.against ?? 0) + (counted?.abstain ?? 0);
  const record = useMeetingChange(
    (values: VoteValues) => api.vote.record({ meetingId: meeting.id, for: values.for ?? 0, against: values.against ?? 0, abstain: values.abstain ?? 0 }),
    { done: DONE.vote, errors: 'inline' },
  );
  const rollDone = meeting.roll.some((r) => r.presence !== null);
  const vote = meeting.vote;

  return (
    <Row gutter={[24, 16]}>
      <Col xs={24} xl={13}>
        <Card size="small" title="Số đảng viên tính tỷ lệ biểu quyết">
          <div className="vote-denominator" data-testid="vote-denominator">
            {denominatorText(d)}
          </div>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            Theo Quy định 24-QĐ/TW (mục 9.3.2): tổng số đảng viên chính thức, trừ những đồng chí sinh hoạt tạm thời nơi khác, được miễn sinh
            hoạt mà vắng mặt, và vắng mặt có lý do.
          </Typography.Paragraph>
          <div className="vote-eligible">
            Đảng viên chính thức có mặt được biểu quyết: <strong data-testid="eligible-present">{d.eligiblePresent}</strong>
          </div>
          <Alert
            type="info"
            showIcon
            style={{ marginTop: 12 }}
            title="Đảng viên dự bị không biểu quyết. Đảng viên được miễn sinh hoạt nếu có mặt thì được biểu quyết."
          />
          {!rollDone && <Alert type="warning" showIcon style={{ marginTop: 12 }} title="Chưa điểm danh: hãy điểm danh trước khi ghi biểu quyết." />}
        </Card>
      </Col>
      <Col xs={24} xl={11}>
        <Card size="small" title="Kết quả biểu quyết">
          {vote && (
            <Result
              className="vote-result"
              status={vote.passed ? 'success' : 'error'}
              title={vote.passed ? 'Thông qua' : 'Không thông qua'}
              subTitle={
                <span data-testid="vote-result">
                  Tán thành {vote.for}/{d.denominator} = {formatShare(vote.forShare)}; không tán thành {vote.against}; không biểu quyết {vote.abstain}.{' '}
                  {vote.passed ? 'Trên một nửa số đảng viên tính tỷ lệ.' : 'Chưa được trên một nửa số đảng viên tính tỷ lệ.'}
                </span>
              }
            />
          )}
          {record.error && <Alert type="error" showIcon title={errorText(record.error)} style={{ marginBottom: 12 }} />}
          <Form<VoteValues>
            form={form}
            name="vote"
            layout="vertical"
            disabled={!editable}
            initialValues={{ for: vote?.for ?? null, against: vote?.against ?? 0, abstain: vote?.abstain ?? 0 }}
            onFinish={(values) => record.mutate(values)}
          >
            <Space size={16} wrap align="start">
              <Form.Item label="Tán thành" name="for" rules={[{ required: true, message: 'Hãy ghi số tán thành.' }]}>
                <InputNumber min={0} max={9999} precision={0} size="large" style={{ width: 130 }} />
              </Form.Item>
              <Form.Item label="Không tán thành" name="against">
                <InputNumber min={0} max={9999} precision={0} size="large" style={{ width: 130 }} />
              </Form.Item>
              <Form.Item label="Không biểu quyết" name="abstain">
                <InputNumber min={0} max={9999} precision={0} size="large" style={{ width: 130 }} />
              </Form.Item>
            </Space>
            <div className={cast > d.eligiblePresent ? 'vote-cast vote-cast-over' : 'vote-cast'}>
              Đã ghi {cast}/{d.eligiblePresent} đảng viên chính thức có mặt.
            </div>
            {editable && (
              <Space wrap style={{ marginTop: 12 }}>
                <Button onClick={() => form.setFieldsValue({ for: d.eligiblePresent, against: 0, abstain: 0 })}>Tất cả tán thành</Button>
                <Button type="primary" htmlType="submit" loading={record.isPending}>
                  {ACTION.recordVote}
                </Button>
              </Space>
            )}
          </Form>
        </Card>
      </Col>
    </Row>
  );
}
