// Dự thảo nghị quyết: the current version with its line numbers, the earlier versions, the editor that makes a new one,
// sending the draft to members (and how long before the meeting that was), and the documents attached to the meeting.
import { EditOutlined, PaperClipOutlined, SendOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Empty, Popconfirm, Row, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { DraftVersion, MeetingDetail } from '../../../core/api';
import { api } from '../api';
import { readAsBase64 } from '../download';
import { errorText } from '../forms';
import { formatDateTime } from '../format';
import { DraftEditor } from './DraftEditor';
import { DraftLines } from './DraftLines';
import { ATTACHMENT_ACCEPT } from './files';
import { durationText, formatSize, fromApiDateTime } from './format';
import { ACTION, DONE, DRAFT_SOURCE } from './strings';
import { useMeetingChange } from './useMeeting';
import { useNow } from './useNow';

/** One version of the meeting's draft: the current one from the meeting, an older one from the services. */
export function useDraftVersion(meeting: MeetingDetail, versionNo: number | null) {
  const current = meeting.draft;
  const wanted = versionNo ?? current?.versionNo ?? null;
  const older = useQuery({
    queryKey: ['drafts.get', meeting.id, wanted],
    queryFn: () => api.drafts.get({ meetingId: meeting.id, versionNo: wanted! }),
    enabled: wanted !== null && wanted !== current?.versionNo,
    staleTime: Infinity,
  });
  if (wanted === null) return { draft: null, loading: false, error: null };
  if (wanted === current?.versionNo) return { draft: current, loading: false, error: null };
  return { draft: older.data ?? null, loading: older.isPending, error: older.error };
}

function VersionMeta({ draft }: { draft: DraftVersion }) {
  return (
    <Typography.Text type="secondary" className="draft-meta">
      {DRAFT_SOURCE[draft.source]} · {formatDateTime(draft.createdAt)}
      {draft.createdBy ? ` · ${draft.createdBy}` : ''} · {draft.lines.length} dòng
    </Typography.Text>
  );
}

function ShareCard({ meeting, editable }: { meeting: MeetingDetail; editable: boolean }) {
  const share = useMeetingChange(() => api.drafts.share({ meetingId: meeting.id }), { done: DONE.shared });
  const now = useNow();
  const hoursLeft = Math.floor((fromApiDateTime(meeting.scheduledAt).valueOf() - now) / 3_600_000);
  const shortNotice = hoursLeft < 24;
  const shared = meeting.draftSharedAt !== null;
  const confirm = [
    shared ? 'Thời điểm gửi mới sẽ thay thời điểm đã gửi trước đây.' : null,
    shortNotice
      ? hoursLeft < 0
        ? 'Buổi họp đã qua giờ: dự thảo sẽ được ghi là gửi muộn.'
        : `Chỉ còn ${hoursLeft} giờ trước buổi họp, chưa đủ 1 ngày: dự thảo sẽ được ghi là gửi muộn.`
      : null,
  ].filter(Boolean);

  return (
    <Card size="small" title="Gửi cho đảng viên" className="side-card">
      {shared ? (
        <div data-testid="draft-shared">
          <div>
            Đã gửi lúc <strong>{formatDateTime(meeting.draftSharedAt)}</strong>
          </div>
          {meeting.leadHours !== null &&
            (meeting.sharedLate ? (
              <Alert
                type="warning"
                showIcon
                style={{ marginTop: 8 }}
                title={meeting.leadHours < 0 ? 'Gửi muộn: sau giờ họp' : `Gửi muộn: chỉ ${durationText(meeting.leadHours)} trước buổi họp`}
                description="Tài liệu phải đến đảng viên trước buổi họp ít nhất 1 ngày (Hướng dẫn 42-HD/BTCTW)."
              />
            ) : (
              <div className="lead-ok">
                Gửi trước buổi họp <strong>{durationText(meeting.leadHours)}</strong>, đủ thời gian để đảng viên đọc và góp ý.
              </div>
            ))}
        </div>
      ) : (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          Chưa gửi. Dự thảo cần đến đảng viên trước buổi họp ít nhất 1 ngày để có thời gian đọc và góp ý.
        </Typography.Paragraph>
      )}
      {!shared && shortNotice && meeting.draft && (
        <Alert type="warning" showIcon style={{ margin: '8px 0' }} title={hoursLeft < 0 ? 'Buổi họp đã qua giờ.' : `Chỉ còn ${hoursLeft} giờ trước buổi họp.`} />
      )}
      {editable && (
        <Popconfirm
          title={shared ? 'Gửi lại dự thảo hiện tại?' : 'Gửi dự thảo hiện tại cho đảng viên?'}
          description={confirm.length > 0 ? <div style={{ maxWidth: 320 }}>{confirm.join(' ')}</div> : undefined}
          okText="Gửi"
          cancelText="Không"
          disabled={!meeting.draft}
          onConfirm={() => share.mutate(undefined)}
        >
          <Button type={shared ? 'default' : 'primary'} icon={<SendOutlined aria-hidden />} disabled={!meeting.draft} loading={share.isPending} style={{ marginTop: 8 }}>
            {shared ? ACTION.reshareDraft : ACTION.shareDraft}
          </Button>
        </Popconfirm>
      )}
    </Card>
  );
}

function AttachmentsCard({ meeting, editable }: { meeting: MeetingDetail; editable: boolean }) {
  const { message } = App.useApp();
  const attach = useMeetingChange(
    async (file: File) => api.attachments.add({ meetingId: meeting.id, fileName: file.name, data: await readAsBase64(file) }),
    { done: (_m, file) => DONE.attached(file.name) },
  );
  return (
    <Card size="small" title="Tài liệu đính kèm" className="side-card">
      {meeting.attachments.length === 0 ? (
        <Typography.Text type="secondary">Chưa có tài liệu.</Typography.Text>
      ) : (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          showHeader={false}
          dataSource={meeting.attachments}
          columns={[
            {
              key: 'name',
              render: (_: unknown, a) => (
                <span className="attachment-name">
                  <PaperClipOutlined aria-hidden /> {a.name}
                </span>
              ),
            },
            { key: 'size', align: 'right', width: 90, render: (_: unknown, a) => <span className="cell-note">{formatSize(a.size)}</span> },
          ]}
        />
      )}
      {editable && (
        <Upload
          accept={ATTACHMENT_ACCEPT}
          showUploadList={false}
          multiple
          beforeUpload={(file) => {
            if (!/\.(pdf|docx|png|jpe?g)$/i.test(file.name)) {
              void message.error('Chỉ đính kèm được tệp PDF, Word (.docx) hoặc ảnh (PNG, JPG).');
            } else attach.mutate(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined aria-hidden />} loading={attach.isPending} style={{ marginTop: 8 }}>
            {ACTION.attach}
          </Button>
        </Upload>
      )}
      <div className="cell-note" style={{ marginTop: 6, whiteSpace: 'normal' }}>
        PDF, Word (.docx), ảnh PNG hoặc JPG; tối đa 20 MB mỗi tệp.
      </div>
    </Card>
  );
}

/** Brings a draft written in Word in as a new version; the app numbers its lines itself. */
function DraftImportCard({ meeting }: { meeting: MeetingDetail }) {
  const { message } = App.useApp();
  const importDocx = useMeetingChange(
    async (file: File) => api.drafts.importDocx({ meetingId: meeting.id, fileName: file.name, data: await readAsBase64(file) }),
    { done: (m) => DONE.draft(m.draft?.versionNo ?? 1) },
  );
  return (
    <Card size="small" title="Dự thảo soạn sẵn bằng Word" className="side-card">
      <Upload
        accept=".docx"
        showUploadList={false}
        beforeUpload={(file) => {
          if (!/\.docx$/i.test(file.name)) void message.error('Chỉ nhập được tệp Word dạng .docx.');
          else importDocx.mutate(file);
          return false;
        }}
      >
        <Button icon={<UploadOutlined aria-hidden />} loading={importDocx.isPending}>
          Nhập từ tệp Word (.docx)
        </Button>
      </Upload>
      <div className="cell-note" style={{ marginTop: 6, whiteSpace: 'normal' }}>
        Thành một bản dự thảo mới; các mục bắt đầu bằng “I.”, “II.” hoặc kiểu Heading thành phần, mỗi đoạn giữ nguyên.
      </div>
    </Card>
  );
}

export function DraftTab({ meeting, editable }: { meeting: MeetingDetail; editable: boolean }) {
  const [versionNo, setVersionNo] = useState<number | null>(null);
  const [editing, setEditing] = useState(false);
  const shown = useDraftVersion(meeting, versionNo);
  const current = meeting.draft;
  const save = useMeetingChange(
    (sections: { heading: string; paragraphs: string[] }[]) => api.drafts.save({ meetingId: meeting.id, sections }),
    {
      done: (m) => DONE.draft(m.draft?.versionNo ?? 1),
      errors: 'inline',
      onSuccess: () => {
        setEditing(false);
        setVersionNo(null);
      },
    },
  );
  const showEditor = editable && (editing || !current);

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={15}>
        {current ? (
          <Card
            size="small"
            title={
              <Space wrap>
                <span data-testid="draft-version-title">Bản dự thảo số {shown.draft?.versionNo ?? current.versionNo}</span>
                {(shown.draft?.versionNo ?? current.versionNo) === current.versionNo ? <Tag color="green">Bản hiện tại</Tag> : <Tag>Bản cũ</Tag>}
              </Space>
            }
            extra={
              <Space>
                {meeting.draftVersions.length > 1 && (
                  <Select
                    size="small"
                    value={versionNo ?? current.versionNo}
                    onChange={(v) => setVersionNo(v === current.versionNo ? null : v)}
                    options={[...meeting.draftVersions].reverse().map((v) => ({ value: v, label: `Bản số ${v}${v === current.versionNo ? ' (hiện tại)' : ''}` }))}
                    aria-label="Xem bản dự thảo"
                    style={{ width: 170 }}
                  />
                )}
                {editable && !editing && (
                  <Button size="small" icon={<EditOutlined aria-hidden />} onClick={() => setEditing(true)}>
                    {ACTION.newDraft}
                  </Button>
                )}
              </Space>
            }
          >
            {shown.error && <Alert type="error" showIcon title={errorText(shown.error)} />}
            {shown.draft && (
              <>
                <VersionMeta draft={shown.draft} />
                <DraftLines lines={shown.draft.lines} label={`Bản dự thảo số ${shown.draft.versionNo}`} />
              </>
            )}
          </Card>
        ) : (
          !showEditor && (
            <Card size="small">
              <Empty description="Chưa có dự thảo nghị quyết." />
            </Card>
          )
        )}
        {showEditor && (
          <div style={{ marginTop: current ? 16 : 0 }}>
            <DraftEditor
              key={current?.versionNo ?? 0}
              from={shown.draft ?? current}
              saving={save.isPending}
              error={save.error}
              onSave={(sections) => save.mutate(sections)}
              onCancel={
                current
                  ? () => {
                      setEditing(false);
                      save.reset();
                    }
                  : null
              }
            />
          </div>
        )}
      </Col>
      <Col xs={24} xl={9}>
        <div className="side-stack">
          <ShareCard meeting={meeting} editable={editable} />
          {editable && <DraftImportCard meeting={meeting} />}
          <AttachmentsCard meeting={meeting} editable={editable} />
        </div>
      </Col>
    </Row>
  );
}
