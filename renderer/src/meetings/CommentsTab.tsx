// Góp ý: comments from members and the superior committee, each anchored to lines of the draft ("dòng 12–14") and shown
// with the words it points at; the branch decides on each (tiếp thu, một phần, không); the accepted proposals become the
// next version of the draft.
import { useQueryClient } from '@tanstack/react-query';
import { Alert, AutoComplete, Button, Card, Col, Empty, Form, Input, InputNumber, Popconfirm, Radio, Row, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { CommentRow, MeetingDetail } from '../../../core/api';
import { api } from '../api';
import { errorText } from '../forms';
import { formatDateTime } from '../format';
import { useDraftVersion } from './DraftTab';
import { DraftLines, QuotedLines } from './DraftLines';
import { showNestedFieldErrors } from './fieldErrors';
import { lineRange, plain } from './format';
import { ACTION, COMMENT_SOURCE, DECISION, DECISION_COLOR, DONE } from './strings';
import { useMeetingChange } from './useMeeting';

interface CommentValues {
  authorName: string;
  source: CommentRow['source'];
  lineFrom: number | null;
  lineTo: number | null;
  text: string;
  proposedText?: string;
}

function Decision({ comment }: { comment: CommentRow }) {
  const [decision, setDecision] = useState(comment.decision);
  const [note, setNote] = useState(comment.decisionNote ?? '');
  const decide = useMeetingChange(() => api.comments.decide({ id: comment.id, decision, note: note.trim() || null }), { done: DONE.decided });
  const changed = decision !== comment.decision || note.trim() !== (comment.decisionNote ?? '');
  return (
    <div className="comment-decide">
      <Radio.Group
        optionType="button"
        buttonStyle="solid"
        size="small"
        value={decision}
        onChange={(e) => setDecision(e.target.value as CommentRow['decision'])}
        options={(['accepted', 'partly', 'rejected', 'pending'] as const).map((d) => ({ value: d, label: DECISION[d] }))}
        aria-label="Ý kiến tiếp thu"
      />
      <Input
        size="small"
        value={note}
        maxLength={2_000}
        placeholder="Ghi chú (lý do, cách tiếp thu)"
        aria-label="Ghi chú tiếp thu"
        onChange={(e) => setNote(e.target.value)}
        onPressEnter={() => changed && decide.mutate(undefined)}
        style={{ flex: '1 1 220px', minWidth: 180 }}
      />
      <Button size="small" type="primary" disabled={!changed} loading={decide.isPending} onClick={() => decide.mutate(undefined)}>
        Lưu
      </Button>
    </div>
  );
}

function CommentCard({ comment: c, meeting, editable }: { comment: CommentRow; meeting: MeetingDetail; editable: boolean }) {
  const version = useDraftVersion(meeting, c.draftVersion);
  return (
    <div className="comment-card" data-testid="comment">
      <div className="comment-head">
        <Tag color="blue" className="comment-lines">
          {lineRange(c.lineFrom, c.lineTo)}
        </Tag>
        <Typography.Text strong>{c.authorName}</Typography.Text>
        <Tag variant="filled">{COMMENT_SOURCE[c.source]}</Tag>
        <Typography.Text type="secondary" className="comment-when">
          bản số {c.draftVersion} · {formatDateTime(c.createdAt)}
        </Typography.Text>
        <span style={{ flex: 1 }} />
        <Tag color={DECISION_COLOR[c.decision]}>{DECISION[c.decision]}</Tag>
      </div>
      {version.draft && <QuotedLines lines={version.draft.lines} from={c.lineFrom} to={c.lineTo} />}
      <div className="comment-text">{c.text}</div>
      {c.proposedText && (
        <div className="comment-proposed">
          <span className="comment-proposed-label">Đề nghị sửa thành:</span> {c.proposedText}
        </div>
      )}
      {c.decisionNote && !editable && <div className="cell-note">Ghi chú: {c.decisionNote}</div>}
      {editable && <Decision comment={c} key={`${c.decision}|${c.decisionNote ?? ''}`} />}
    </div>
  );
}

export function CommentsTab({ meeting, editable }: { meeting: MeetingDetail; editable: boolean }) {
  const [form] = Form.useForm<CommentValues>();
  const queryClient = useQueryClient();
  const lineFrom = Form.useWatch('lineFrom', form);
  const lineTo = Form.useWatch('lineTo', form);
  const draft = meeting.draft;
  const add = useMeetingChange(
    (values: CommentValues) =>
      api.comments.add({
        meetingId: meeting.id,
        authorName: values.authorName ?? '',
        source: values.source,
        lineFrom: values.lineFrom ?? 0,
        lineTo: values.lineTo ?? values.lineFrom ?? 0,
        text: values.text ?? '',
        proposedText: values.proposedText ?? null,
      }),
    {
      done: DONE.comment,
      errors: 'inline',
      onSuccess: () => form.resetFields(['authorName', 'lineFrom', 'lineTo', 'text', 'proposedText']),
      onError: (error) => showNestedFieldErrors(form, error),
    },
  );
  const fromComments = useMeetingChange(() => api.drafts.fromAcceptedComments({ meetingId: meeting.id }), {
    done: (m) => DONE.fromComments(m.draft?.versionNo ?? 0),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['drafts.get', meeting.id] }),
  });

  if (!draft) {
    return <Empty description="Chưa có dự thảo để góp ý. Hãy soạn dự thảo ở thẻ “Dự thảo nghị quyết”." />;
  }
  const onCurrent = meeting.comments.filter((c) => c.draftVersion === draft.versionNo);
  const applicable = onCurrent.filter((c) => (c.decision === 'accepted' || c.decision === 'partly') && c.proposedText).length;
  const pending = meeting.comments.filter((c) => c.decision === 'pending').length;
  const commented = new Set<number>();
  for (const c of onCurrent) for (let n = c.lineFrom; n <= c.lineTo; n++) commented.add(n);
  const selected = lineFrom ? { from: lineFrom, to: lineTo && lineTo >= lineFrom ? lineTo : lineFrom } : null;
  const names = [...meeting.roll.map((r) => r.name), ...meeting.guests.map((g) => g.name)];

  const pick = (line: number, extend: boolean) => {
    if (!editable) return;
    const from = form.getFieldValue('lineFrom') as number | null;
    if (extend && from) form.setFieldsValue({ lineFrom: Math.min(from, line), lineTo: Math.max(from, line) });
    else form.setFieldsValue({ lineFrom: line, lineTo: line });
  };

  return (
    <>
      <div className="tab-toolbar">
        <Space wrap>
          <Typography.Text>
            Bản dự thảo hiện tại: <strong>số {draft.versionNo}</strong>, {draft.lines.length} dòng.
          </Typography.Text>
          <Tag>{meeting.comments.length} góp ý</Tag>
          {pending > 0 && <Tag color="orange">{pending} chưa xử lý</Tag>}
        </Space>
        {editable && (
          <Popconfirm
            title={`Tạo bản dự thảo số ${draft.versionNo + 1}?`}
            description={`Sửa ${applicable} đoạn theo đề nghị của các góp ý được tiếp thu trên bản số ${draft.versionNo}.`}
            okText="Tạo bản mới"
            cancelText="Không"
            disabled={applicable === 0}
            onConfirm={() => fromComments.mutate(undefined)}
          >
            <Button type="primary" disabled={applicable === 0} loading={fromComments.isPending}>
              {ACTION.fromComments}
            </Button>
          </Popconfirm>
        )}
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={editable ? 14 : 24}>
          <Card
            size="small"
            title={`Bản dự thảo số ${draft.versionNo}`}
            extra={editable && <Typography.Text type="secondary">Bấm một dòng để chọn; giữ Shift để chọn đến dòng khác.</Typography.Text>}
          >
            <DraftLines lines={draft.lines} selected={selected} commented={commented} onLineClick={editable ? pick : undefined} />
          </Card>
        </Col>
        {editable && (
          <Col xs={24} xl={10}>
            <Card size="small" title={ACTION.addComment} className="side-card">
              {add.error && <Alert type="error" showIcon title={errorText(add.error)} style={{ marginBottom: 12 }} />}
              <Form<CommentValues>
                form={form}
                name="add-comment"
                layout="vertical"
                requiredMark={false}
                initialValues={{ source: 'member' }}
                onFinish={(values) => add.mutate(values)}
                onFinishFailed={() => add.reset()}
              >
                <Form.Item label="Người góp ý" name="authorName" rules={[{ required: true, whitespace: true, message: 'Hãy ghi người góp ý.' }]}>
                  <AutoComplete
                    options={names.map((n) => ({ value: n }))}
                    showSearch={{ filterOption: (input, option) => plain(String(option?.value ?? '')).includes(plain(input)) }}
                    placeholder="Họ tên đảng viên hoặc tên cơ quan"
                  />
                </Form.Item>
                <Form.Item label="Nguồn" name="source">
                  <Radio.Group options={(['member', 'superior'] as const).map((s) => ({ value: s, label: COMMENT_SOURCE[s] }))} />
                </Form.Item>
                <Space size={12} align="start">
                  <Form.Item label="Từ dòng" name="lineFrom" rules={[{ required: true, message: 'Chọn dòng.' }]}>
                    <InputNumber min={1} max={draft.lines.length} style={{ width: 110 }} />
                  </Form.Item>
                  <Form.Item label="Đến dòng" name="lineTo">
                    <InputNumber min={1} max={draft.lines.length} style={{ width: 110 }} />
                  </Form.Item>
                </Space>
                <Form.Item label="Nội dung góp ý" name="text" rules={[{ required: true, whitespace: true, message: 'Hãy ghi nội dung góp ý.' }]}>
                  <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={5_000} />
                </Form.Item>
                <Form.Item label="Đề nghị sửa thành (không bắt buộc)" name="proposedText" extra="Cả đoạn văn sau khi sửa; khi được tiếp thu, đoạn này thay đoạn cũ trong bản mới.">
                  <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} maxLength={5_000} />
                </Form.Item>
                <Button type="primary" htmlType="submit" loading={add.isPending}>
                  {ACTION.addComment}
                </Button>
              </Form>
            </Card>
          </Col>
        )}
      </Row>
      <Typography.Title level={5} style={{ marginTop: 20 }}>
        Các góp ý
      </Typography.Title>
      {meeting.comments.length === 0 ? (
        <Empty description="Chưa có góp ý nào." />
      ) : (
        <div className="comment-list">
          {meeting.comments.map((c) => (
            <CommentCard key={c.id} comment={c} meeting={meeting} editable={editable} />
          ))}
        </div>
      )}
    </>
  );
}

