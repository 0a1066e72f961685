// Biên bản: record that the meeting was held, draw up the minutes from what the other tabs recorded, edit them, see the
// print layout, adopt them (which locks the whole record: corrections are addenda from then on), and download the
// minutes and the resolution as Word and PDF files.
import { CheckCircleOutlined, EyeOutlined, FilePdfOutlined, FileWordOutlined, LockOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, InputNumber, Modal, Popconfirm, Segmented, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import type { MeetingDetail } from '../../../core/api';
import { api } from '../api';
import { errorText } from '../forms';
import { formatDateTime } from '../format';
import { saveExport } from './files';
import { ACTION, DONE } from './strings';
import { useMeetingChange } from './useMeeting';

function PrintViewModal({ meeting, open, onClose }: { meeting: MeetingDetail; open: boolean; onClose: () => void }) {
  const [resolution, setResolution] = useState(false);
  const view = useQuery({
    queryKey: ['minutes.printView', meeting.id, meeting.version, resolution],
    queryFn: () => api.minutes.printView({ meetingId: meeting.id, resolution }),
    enabled: open,
  });
  return (
    <Modal
      open={open}
      title="Bản in"
      width={940}
      onCancel={onClose}
      footer={<Button onClick={onClose}>Đóng</Button>}
      destroyOnHidden
      styles={{ body: { paddingTop: 8 } }}
    >
      {meeting.resolutionNumber && (
        <Segmented
          value={resolution ? 'resolution' : 'minutes'}
          onChange={(v) => setResolution(v === 'resolution')}
          options={[
            { value: 'minutes', label: 'Biên bản' },
            { value: 'resolution', label: 'Nghị quyết' },
          ]}
          style={{ marginBottom: 12 }}
        />
      )}
      {view.isError && <Alert type="error" showIcon title={errorText(view.error)} />}
      {view.isPending && open && <Spin description="Đang dựng bản in…" style={{ display: 'block', margin: '48px auto' }} />}
      {view.data && <iframe className="print-view" title="Bản in biên bản" sandbox="" srcDoc={view.data.html} />}
    </Modal>
  );
}

function AdoptModal({ meeting, open, onClose }: { meeting: MeetingDetail; open: boolean; onClose: () => void }) {
  const [approval, setApproval] = useState<number | null>(100);
  const adopt = useMeetingChange(() => api.minutes.adopt({ meetingId: meeting.id, approval: (approval ?? 0) / 100 }), {
    done: DONE.adopted,
    errors: 'inline',
    onSuccess: onClose,
  });
  return (
    <Modal
      open={open}
      title="Thông qua biên bản"
      okText="Thông qua và khóa hồ sơ"
      cancelText="Hủy"
      okButtonProps={{ loading: adopt.isPending, disabled: approval === null, icon: <LockOutlined aria-hidden /> }}
      onOk={() => adopt.mutate(undefined)}
      onCancel={onClose}
      afterClose={() => adopt.reset()}
      destroyOnHidden
    >
      {adopt.error && <Alert type="error" showIcon title={errorText(adopt.error)} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph>Biên bản đã được đọc lại trước chi bộ. Ghi tỷ lệ đảng viên có mặt nhất trí thông qua biên bản.</Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label="Tỷ lệ đảng viên có mặt nhất trí" htmlFor="minutes-approval">
          <InputNumber id="minutes-approval" value={approval} min={0} max={100} decimalSeparator="," suffix="%" onChange={setApproval} style={{ width: 160 }} autoFocus />
        </Form.Item>
      </Form>
      <Alert
        type="warning"
        showIcon
        title="Sau khi thông qua, hồ sơ buổi sinh hoạt sẽ bị khóa"
        description={
          <>
            Thông tin, chương trình, dự thảo, góp ý, điểm danh, ý kiến, biểu quyết và nội dung biên bản không sửa được nữa; mã kiểm tra của
            biên bản được ghi lại{meeting.vote?.passed ? ' và nghị quyết được cấp số' : ''}. Muốn sửa, chỉ có thể thêm đính chính.
          </>
        }
      />
    </Modal>
  );
}

function Exports({ meeting }: { meeting: MeetingDetail }) {
  const { message } = App.useApp();
  const download = useMutation({
    mutationFn: ({ pdf, resolution }: { pdf: boolean; resolution: boolean }) =>
      pdf ? api.minutes.exportPdf({ meetingId: meeting.id, resolution }) : api.minutes.exportDocx({ meetingId: meeting.id, resolution }),
    onSuccess: (file) => {
      saveExport(file);
      void message.success(DONE.downloaded(file.fileName));
    },
    onError: (error) => void message.error(errorText(error)),
  });
  const busy = (pdf: boolean, resolution: boolean) =>
    download.isPending && download.variables?.pdf === pdf && download.variables.resolution === resolution;
  const button = (label: string, pdf: boolean, resolution: boolean) => (
    <Button
      icon={pdf ? <FilePdfOutlined aria-hidden /> : <FileWordOutlined aria-hidden />}
      loading={busy(pdf, resolution)}
      disabled={download.isPending && !busy(pdf, resolution)}
      onClick={() => download.mutate({ pdf, resolution })}
    >
      {label}
    </Button>
  );
  return (
    <Card size="small" title="Tải văn bản" className="side-card">
      <Space wrap>
        {button(ACTION.minutesDocx, false, false)}
        {button(ACTION.minutesPdf, true, false)}
        {meeting.resolutionNumber && button(ACTION.resolutionDocx, false, true)}
        {meeting.resolutionNumber && button(ACTION.resolutionPdf, true, true)}
      </Space>
      {!meeting.resolutionNumber && (
        <div className="cell-note" style={{ marginTop: 8, whiteSpace: 'normal' }}>
          Nghị quyết tải được sau khi chi bộ biểu quyết thông qua và biên bản được thông qua.
        </div>
      )}
    </Card>
  );
}

function Adopted({ meeting, editor }: { meeting: MeetingDetail; editor: boolean }) {
  const [text, setText] = useState('');
  const addendum = useMeetingChange((value: string) => api.minutes.addendum({ meetingId: meeting.id, text: value }), {
    done: DONE.addendum,
    errors: 'inline',
    onSuccess: () => setText(''),
  });
  return (
    <>
      <Alert
        type="success"
        showIcon
        icon={<CheckCircleOutlined aria-hidden />}
        title={meeting.adoptedAt ? `Biên bản đã được thông qua lúc ${formatDateTime(meeting.adoptedAt)}.` : 'Biên bản đã được thông qua.'}
        style={{ marginBottom: 16 }}
      />
      <Descriptions
        bordered
        size="small"
        column={1}
        styles={{ label: { width: 220 } }}
        items={[
          {
            key: 'number',
            label: 'Số nghị quyết',
            children: meeting.resolutionNumber ? (
              <Typography.Text strong data-testid="resolution-number">
                Số: {meeting.resolutionNumber}
              </Typography.Text>
            ) : (
              <Typography.Text type="secondary">Không có (chưa biểu quyết thông qua nghị quyết)</Typography.Text>
            ),
          },
          {
            key: 'hash',
            label: 'Mã kiểm tra biên bản (SHA-256)',
            children: meeting.minutesHash ? (
              <Typography.Text code copyable className="hash" data-testid="minutes-hash">
                {meeting.minutesHash}
              </Typography.Text>
            ) : (
              <Typography.Text type="secondary">Không có (biên bản nhập từ dữ liệu cũ)</Typography.Text>
            ),
          },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 20 }}>
        Đính chính
      </Typography.Title>
      {meeting.addenda.length === 0 ? (
        <Typography.Paragraph type="secondary">Chưa có đính chính.</Typography.Paragraph>
      ) : (
        <Timeline
          className="addenda"
          items={meeting.addenda.map((a) => ({
            key: a.id,
            content: (
              <div data-testid="addendum">
                <div className="cell-note">
                  {formatDateTime(a.createdAt)}
                  {a.createdBy ? ` · ${a.createdBy}` : ''}
                </div>
                <div className="pre-line">{a.text}</div>
              </div>
            ),
          }))}
        />
      )}
      {editor && (
        <div className="addendum-form">
          {addendum.error && <Alert type="error" showIcon title={errorText(addendum.error)} style={{ marginBottom: 8 }} />}
          <Input.TextArea
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoSize={{ minRows: 2, maxRows: 8 }}
            maxLength={20_000}
            placeholder="Nội dung đính chính, ví dụ: Dòng “…” ở mục II sửa thành “…”."
            aria-label="Nội dung đính chính"
          />
          <Button type="primary" style={{ marginTop: 8 }} disabled={!text.trim()} loading={addendum.isPending} onClick={() => addendum.mutate(text)}>
            {ACTION.addendum}
          </Button>
        </div>
      )}
    </>
  );
}

export function MinutesTab({ meeting, editor }: { meeting: MeetingDetail; editor: boolean }) {
  const [text, setText] = useState(meeting.minutesText ?? '');
  const [base, setBase] = useState(meeting.minutesText ?? '');
  const [printing, setPrinting] = useState(false);
  const [adopting, setAdopting] = useState(false);
  const dirty = text !== base;
  if ((meeting.minutesText ?? '') !== base && !dirty) {
    setBase(meeting.minutesText ?? '');
    setText(meeting.minutesText ?? '');
  }
  const follow = (m: MeetingDetail) => {
    setText(m.minutesText ?? '');
    setBase(m.minutesText ?? '');
  };
  const markHeld = useMeetingChange(() => api.meetings.markHeld({ id: meeting.id }), { done: DONE.held });
  const generate = useMeetingChange(() => api.minutes.generate({ meetingId: meeting.id }), { done: DONE.generated, onSuccess: follow });
  const save = useMeetingChange((value: string) => api.minutes.save({ meetingId: meeting.id, text: value }), {
    done: DONE.minutes,
    errors: 'inline',
    onSuccess: follow,
  });
  const editable = editor && !meeting.locked;
  const notHeld = meeting.status === 'planned' || meeting.status === 'shared';
  const adoptBlocked = notHeld
    ? 'Bấm “Họp xong” trước khi thông qua biên bản.'
    : !base.trim()
      ? 'Chưa có nội dung biên bản.'
      : dirty
        ? 'Hãy lưu biên bản trước khi thông qua.'
        : null;

  return (
    <div className="minutes-tab">
      {editable && notHeld && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="Buổi sinh hoạt chưa được ghi là đã họp."
          description="Sau buổi họp, bấm “Họp xong” để chuyển sang bước lập và thông qua biên bản."
          action={
            <Popconfirm title="Ghi nhận buổi sinh hoạt đã họp?" okText="Họp xong" cancelText="Không" onConfirm={() => markHeld.mutate(undefined)}>
              <Button type="primary" loading={markHeld.isPending}>
                {ACTION.markHeld}
              </Button>
            </Popconfirm>
          }
        />
      )}
      {meeting.locked ? (
        <Adopted meeting={meeting} editor={editor} />
      ) : (
        editable && (
          <div className="tab-toolbar">
            <Space wrap>
              {meeting.minutesText ? (
                <Popconfirm
                  title="Lập lại biên bản từ dữ liệu?"
                  description="Nội dung đang có (kể cả phần đã sửa tay) sẽ được thay bằng bản lập mới."
                  okText="Lập lại"
                  cancelText="Không"
                  onConfirm={() => generate.mutate(undefined)}
                >
                  <Button icon={<ThunderboltOutlined aria-hidden />} loading={generate.isPending}>
                    {ACTION.generateMinutes}
                  </Button>
                </Popconfirm>
              ) : (
                <Button type="primary" icon={<ThunderboltOutlined aria-hidden />} loading={generate.isPending} onClick={() => generate.mutate(undefined)}>
                  {ACTION.generateMinutes}
                </Button>
              )}
              <Button type={dirty ? 'primary' : 'default'} disabled={!dirty} loading={save.isPending} onClick={() => save.mutate(text)}>
                {ACTION.saveMinutes}
              </Button>
              {dirty && <Tag color="orange">Chưa lưu</Tag>}
            </Space>
            <Space wrap>
              <Button icon={<EyeOutlined aria-hidden />} onClick={() => setPrinting(true)} disabled={!meeting.chairId || !meeting.secretaryId}>
                {ACTION.printView}
              </Button>
              <Button type="primary" icon={<LockOutlined aria-hidden />} disabled={adoptBlocked !== null} onClick={() => setAdopting(true)} title={adoptBlocked ?? undefined}>
                {ACTION.adopt}
              </Button>
            </Space>
          </div>
        )
      )}
      {save.error && <Alert type="error" showIcon title={errorText(save.error)} style={{ marginBottom: 12 }} />}
      {editable && !meeting.chairId && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title="Chưa ghi người chủ trì và thư ký: hãy ghi ở thẻ Thông tin trước khi lập biên bản." />
      )}
      {editable && adoptBlocked && base.trim() !== '' && <div className="cell-note" style={{ marginBottom: 8 }}>{adoptBlocked}</div>}
      {editable ? (
        <Input.TextArea
          className="minutes-text"
          value={text}
          onChange={(e) => setText(e.target.value)}
          autoSize={{ minRows: 14, maxRows: 40 }}
          maxLength={200_000}
          placeholder="Bấm “Lập biên bản từ dữ liệu” để có bản biên bản từ điểm danh, chương trình, ý kiến và biểu quyết; sau đó sửa tại đây."
          aria-label="Nội dung biên bản"
        />
      ) : meeting.minutesText ? (
        <>
          <Typography.Title level={5} style={{ marginTop: meeting.locked ? 20 : 0 }}>
            Nội dung biên bản
          </Typography.Title>
          <div className="minutes-text minutes-readonly" data-testid="minutes-readonly">
            {meeting.minutesText}
          </div>
          {meeting.locked && (
            <Space style={{ marginTop: 12 }}>
              <Button icon={<EyeOutlined aria-hidden />} onClick={() => setPrinting(true)}>
                {ACTION.printView}
              </Button>
            </Space>
          )}
        </>
      ) : (
        !meeting.locked && <Empty description="Chưa lập biên bản." />
      )}
      <div style={{ marginTop: 16 }}>
        <Exports meeting={meeting} />
      </div>
      <PrintViewModal meeting={meeting} open={printing} onClose={() => setPrinting(false)} />
      <AdoptModal meeting={meeting} open={adopting} onClose={() => setAdopting(false)} />
    </div>
  );
}
