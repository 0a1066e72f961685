// Cuộc họp của chi bộ: what the ward's app holds about one meeting, read-only, and the reviewer's feedback anchored to
// the draft's numbered lines. Pick lines with a click on the first and Shift+click on the last (or type the numbers),
// write, send: the ward's app gets it at its next sync and shows it beside those lines.
import { ArrowLeftOutlined, CheckCircleOutlined, ClockCircleOutlined, SendOutlined, WarningOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Col, Descriptions, Empty, Input, InputNumber, List, Result, Row, Select, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { ConsoleComment, ConsoleDraftVersion, ConsoleFeedback, ConsoleMeeting } from '../../../../core/consoleApi';
import { consoleApi } from '../api';
import { durationText, formatDateTime, formatNumber, formatScheduled, formatScheduledLong, formatShare, leadTimeText, lineRange } from '../format';
import { DECISION, DECISION_COLOR, DRAFT_SOURCE, MEETING_KIND, MEETING_KIND_LONG, MEETING_STATUS, MEETING_STATUS_COLOR, PRESENCE } from '../strings';

type Range = { from: number; to: number };

function LeadNotice({ meeting }: { meeting: ConsoleMeeting }) {
  if (meeting.draftSharedAt === null || meeting.draftLeadHours === null) {
    return <Alert type="warning" showIcon title="Chi bộ chưa gửi dự thảo nghị quyết và tài liệu cho đảng viên." data-testid="lead-notice" />;
  }
  const when = `Gửi dự thảo cho đảng viên lúc ${formatDateTime(meeting.draftSharedAt)}`;
  if (meeting.draftLate) {
    return (
      <Alert
        type="error"
        showIcon
        icon={<WarningOutlined aria-hidden />}
        data-testid="lead-notice"
        title={
          <>
            <strong>Gửi muộn.</strong> {when}, {meeting.draftLeadHours < 0 ? 'sau khi buổi họp đã bắt đầu' : `chỉ ${leadTimeText(meeting.draftLeadHours)} trước buổi họp`};
            Hướng dẫn 42-HD/BTCTW yêu cầu gửi trước ít nhất một ngày.
          </>
        }
      />
    );
  }
  return <Alert type="success" showIcon title={`${when}, trước buổi họp ${durationText(meeting.draftLeadHours)}.`} data-testid="lead-notice" />;
}

function ReceivedTag({ feedback }: { feedback: ConsoleFeedback }) {
  return feedback.receivedAt ? (
    <Tag color="green" icon={<CheckCircleOutlined aria-hidden />} title={`Đơn vị nhận lúc ${formatDateTime(feedback.receivedAt)}`}>
      Đã nhận
    </Tag>
  ) : (
    <Tag color="default" icon={<ClockCircleOutlined aria-hidden />}>
      Chưa nhận
    </Tag>
  );
}

function ReviewLines({
  version,
  selected,
  comments,
  feedback,
  onLineClick,
}: {
  version: ConsoleDraftVersion;
  selected: Range | null;
  comments: ConsoleComment[];
  feedback: ConsoleFeedback[];
  onLineClick?: (line: number, extend: boolean) => void;
}) {
  const marks = useMemo(() => {
    const byLine = new Map<number, { member: number; superior: number; feedbackAt: Set<number> }>();
    const at = (n: number) => {
      let m = byLine.get(n);
      if (!m) byLine.set(n, (m = { member: 0, superior: 0, feedbackAt: new Set() }));
      return m;
    };
    for (const c of comments) {
      at(c.lineFrom)[c.source === 'member' ? 'member' : 'superior'] += 1;
      for (let n = c.lineFrom; n <= c.lineTo; n++) at(n).feedbackAt.add(-1);
    }
    for (const f of feedback) {
      at(f.lineFrom).superior += 1;
      for (let n = f.lineFrom; n <= f.lineTo; n++) at(n).feedbackAt.add(1);
    }
    return byLine;
  }, [comments, feedback]);

  return (
    <div className={`draft-lines${onLineClick ? ' draft-lines-pickable' : ''}`} role="list" aria-label={`Bản dự thảo số ${version.versionNo} theo dòng`}>
      {version.lines.map((line, i) => {
        const m = marks.get(line.number);
        const classes = [
          'draft-line',
          'review-line',
          line.heading && i > 0 ? 'draft-line-start' : '',
          line.heading ? 'draft-line-heading' : '',
          selected && line.number >= selected.from && line.number <= selected.to ? 'draft-line-selected' : '',
          m?.feedbackAt.has(-1) ? 'draft-line-commented' : '',
          m?.feedbackAt.has(1) ? 'draft-line-feedback' : '',
        ]
          .filter(Boolean)
          .join(' ');
        return (
          <div
            key={line.number}
            className={classes}
            role="listitem"
            data-line={line.number}
            aria-selected={selected ? line.number >= selected.from && line.number <= selected.to : undefined}
            onClick={onLineClick ? (e) => onLineClick(line.number, e.shiftKey) : undefined}
          >
            <span className="draft-line-no" aria-label={`Dòng ${line.number}`}>
              {line.number}
            </span>
            <span className="draft-line-text">{line.text}</span>
            {m && (m.member > 0 || m.superior > 0) && (
              <span className="line-marks">
                {m.member > 0 && (
                  <span className="line-mark line-mark-member" data-mark="member">
                    {m.member} ý kiến đảng viên
                  </span>
                )}
                {m.superior > 0 && (
                  <span className="line-mark line-mark-feedback" data-mark="feedback">
                    {m.superior} góp ý cấp trên
                  </span>
                )}
              </span>
            )}
          </div>
        );
      })}
    </div>
  );
}

function Note({
  kind,
  range,
  author,
  when,
  text,
  extra,
  onPick,
  testId,
}: {
  kind: 'superior' | 'member';
  range: Range;
  author: string;
  when?: string;
  text: string;
  extra?: React.ReactNode;
  onPick: () => void;
  testId?: string;
}) {
  return (
    <div className={`note-card note-card-${kind}`} data-testid={testId} data-lines={`${range.from}-${range.to}`}>
      <div className="note-head">
        <span>
          <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={onPick}>
            {lineRange(range.from, range.to).replace(/^d/, 'D')}
          </Button>{' '}
          · {author}
          {when ? ` · ${when}` : ''}
        </span>
        <span>{extra}</span>
      </div>
      <div className="pre-line">{text}</div>
    </div>
  );
}

function DraftTab({ meeting }: { meeting: ConsoleMeeting }) {
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const newest = meeting.drafts.at(-1);
  const [versionNo, setVersionNo] = useState<number | undefined>(newest?.versionNo);
  const version = meeting.drafts.find((d) => d.versionNo === versionNo) ?? newest;
  const [selected, setSelected] = useState<Range | null>(null);
  const [anchor, setAnchor] = useState<number | null>(null);
  const [text, setText] = useState('');

  const add = useMutation({
    mutationFn: () =>
      consoleApi.feedback.add({ meetingId: meeting.id, draftVersion: version!.versionNo, lineFrom: selected!.from, lineTo: selected!.to, text }),
    onSuccess: (f) => {
      message.success(`Đã gửi góp ý cho ${lineRange(f.lineFrom, f.lineTo)}. Đơn vị nhận được ở lần đồng bộ tới.`);
      setText('');
      void queryClient.invalidateQueries({ queryKey: ['meetings.get', meeting.id] });
    },
  });

  if (!version) return <Empty description="Chi bộ chưa có bản dự thảo nghị quyết." />;
  const lastLine = version.lines.at(-1)?.number ?? 1;
  const comments = meeting.comments.filter((c) => c.draftVersion === version.versionNo);
  const feedback = meeting.feedback.filter((f) => f.draftVersion === version.versionNo);
  const pick = (line: number, extend: boolean) => {
    if (extend && anchor !== null) {
      setSelected({ from: Math.min(anchor, line), to: Math.max(anchor, line) });
    } else {
      setAnchor(line);
      setSelected({ from: line, to: line });
    }
  };
  const notes = [
    ...feedback.map((f) => ({ key: `f-${f.id}`, from: f.lineFrom, node: f })),
    ...comments.map((c) => ({ key: `c-${c.id}`, from: c.lineFrom, node: c })),
  ].sort((a, b) => a.from - b.from);
  const quoted = selected ? version.lines.filter((l) => l.number >= selected.from && l.number <= selected.to) : [];

  return (
    <Row gutter={20}>
      <Col xs={24} xl={15}>
        <div className="tab-toolbar" style={{ marginBottom: 8 }}>
          <Space wrap>
            <Select
              aria-label="Bản dự thảo"
              value={version.versionNo}
              style={{ width: 270 }}
              onChange={(v: number) => {
                setVersionNo(v);
                setSelected(null);
                setAnchor(null);
              }}
              options={meeting.drafts
                .map((d) => ({ value: d.versionNo, label: `Bản dự thảo số ${d.versionNo}${d === newest ? ' (mới nhất)' : ''}` }))
                .reverse()}
            />
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {DRAFT_SOURCE[version.source]} · {formatDateTime(version.createdAt)} · {formatNumber(version.lines.length)} dòng
            </Typography.Text>
          </Space>
          {meeting.canReview && (
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              Bấm một dòng để chọn; giữ Shift và bấm dòng khác để chọn cả đoạn.
            </Typography.Text>
          )}
        </div>
        <ReviewLines version={version} selected={selected} comments={comments} feedback={feedback} onLineClick={pick} />
      </Col>
      <Col xs={24} xl={9}>
        {meeting.canReview ? (
          <Card size="small" title="Góp ý của cấp trên" style={{ marginBottom: 16 }} data-testid="feedback-form">
            <Space wrap style={{ marginBottom: 10 }}>
              <span>Từ dòng</span>
              <InputNumber
                aria-label="Từ dòng"
                min={1}
                max={lastLine}
                value={selected?.from ?? null}
                onChange={(v) => {
                  if (typeof v !== 'number') return setSelected(null);
                  setAnchor(v);
                  setSelected({ from: v, to: Math.max(v, selected?.to ?? v) });
                }}
                style={{ width: 80 }}
              />
              <span>đến dòng</span>
              <InputNumber
                aria-label="Đến dòng"
                min={selected?.from ?? 1}
                max={lastLine}
                value={selected?.to ?? null}
                onChange={(v) => typeof v === 'number' && setSelected({ from: selected?.from ?? v, to: Math.max(v, selected?.from ?? v) })}
                style={{ width: 80 }}
              />
            </Space>
            {quoted.length > 0 && (
              <div className="draft-quote">
                <div className="draft-lines" aria-label="Các dòng đang chọn">
                  {quoted.map((l) => (
                    <div key={l.number} className={`draft-line review-line${l.heading ? ' draft-line-heading' : ''}`}>
                      <span className="draft-line-no">{l.number}</span>
                      <span className="draft-line-text">{l.text}</span>
                    </div>
                  ))}
                </div>
              </div>
            )}
            <Input.TextArea
              aria-label="Nội dung góp ý"
              placeholder={selected ? `Góp ý cho ${lineRange(selected.from, selected.to)}…` : 'Chọn dòng trong dự thảo rồi viết góp ý…'}
              autoSize={{ minRows: 4, maxRows: 12 }}
              value={text}
              onChange={(e) => setText(e.target.value)}
              maxLength={20_000}
            />
            {add.error && <Alert type="error" showIcon title={add.error.message} style={{ marginTop: 10 }} />}
            <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginTop: 10, gap: 8 }}>
              <Typography.Text type="secondary" style={{ fontSize: 12.5 }}>
                {version !== newest ? 'Đồng chí đang góp ý trên một bản cũ.' : 'Góp ý gửi xuống đơn vị ở lần đồng bộ tới.'}
              </Typography.Text>
              <Button type="primary" icon={<SendOutlined aria-hidden />} disabled={!selected || !text.trim()} loading={add.isPending} onClick={() => add.mutate()}>
                Gửi góp ý
              </Button>
            </div>
          </Card>
        ) : (
          <Alert type="info" showIcon title="Tài khoản của đồng chí chỉ được xem, không gửi góp ý." style={{ marginBottom: 16 }} />
        )}
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          Góp ý trên bản này ({formatNumber(notes.length)})
        </Typography.Title>
        {notes.length === 0 && <Typography.Text type="secondary">Chưa có góp ý nào trên bản dự thảo này.</Typography.Text>}
        <div aria-label="Góp ý trên bản dự thảo">
          {notes.map(({ key, node }) =>
            'receivedAt' in node ? (
              <Note
                key={key}
                kind="superior"
                testId="feedback-card"
                range={{ from: node.lineFrom, to: node.lineTo }}
                author={`${node.authorName} (cấp trên)`}
                when={formatDateTime(node.createdAt)}
                text={node.text}
                extra={<ReceivedTag feedback={node} />}
                onPick={() => setSelected({ from: node.lineFrom, to: node.lineTo })}
              />
            ) : (
              <Note
                key={key}
                kind={node.source === 'member' ? 'member' : 'superior'}
                testId="comment-card"
                range={{ from: node.lineFrom, to: node.lineTo }}
                author={node.authorName}
                text={node.proposedText ? `${node.text}\nĐề nghị sửa: “${node.proposedText}”` : node.text}
                extra={<Tag color={DECISION_COLOR[node.decision]}>{DECISION[node.decision]}</Tag>}
                onPick={() => setSelected({ from: node.lineFrom, to: node.lineTo })}
              />
            ),
          )}
        </div>
      </Col>
    </Row>
  );
}

function AgendaTab({ meeting }: { meeting: ConsoleMeeting }) {
  const total = meeting.agenda.reduce((s, a) => s + a.minutes, 0);
  return (
    <Table
      size="middle"
      rowKey="position"
      pagination={false}
      dataSource={meeting.agenda}
      aria-label="Chương trình"
      locale={{ emptyText: 'Chi bộ chưa lập chương trình.' }}
      columns={[
        { title: 'TT', dataIndex: 'position', width: 60 },
        { title: 'Nội dung', dataIndex: 'title' },
        { title: 'Người trình bày', dataIndex: 'presenter' },
        { title: 'Thời lượng', dataIndex: 'minutes', align: 'right', render: (m: number) => `${m} phút` },
      ]}
      footer={meeting.agenda.length > 0 ? () => <div style={{ textAlign: 'right' }}>Tổng thời lượng: {total} phút</div> : undefined}
    />
  );
}

function CommentsTab({ meeting }: { meeting: ConsoleMeeting }) {
  return (
    <Table<ConsoleComment>
      size="middle"
      rowKey="id"
      pagination={false}
      dataSource={meeting.comments}
      aria-label="Ý kiến góp ý"
      locale={{ emptyText: 'Chưa có ý kiến góp ý nào.' }}
      columns={[
        { title: 'Bản', dataIndex: 'draftVersion', width: 64, render: (v: number) => `số ${v}` },
        { title: 'Dòng', key: 'lines', width: 110, render: (_, c) => <span className="nowrap">{lineRange(c.lineFrom, c.lineTo)}</span> },
        {
          title: 'Người góp ý',
          key: 'author',
          render: (_, c) => (
            <>
              <div>{c.authorName}</div>
              <div className="cell-note">{c.source === 'member' ? 'Đảng viên' : 'Cấp ủy cấp trên'}</div>
            </>
          ),
        },
        {
          title: 'Nội dung',
          key: 'text',
          render: (_, c) => (
            <>
              <div className="pre-line">{c.text}</div>
              {c.proposedText && <div className="cell-note" style={{ whiteSpace: 'normal' }}>Đề nghị sửa: “{c.proposedText}”</div>}
            </>
          ),
        },
        { title: 'Xử lý', dataIndex: 'decision', render: (d: ConsoleComment['decision']) => <Tag color={DECISION_COLOR[d]}>{DECISION[d]}</Tag> },
      ]}
    />
  );
}

function AttendanceTab({ meeting }: { meeting: ConsoleMeeting }) {
  const a = meeting.attendance;
  return (
    <>
      <Descriptions size="small" column={3} style={{ marginBottom: 12 }} bordered>
        <Descriptions.Item label="Triệu tập">{formatNumber(a.summoned)} đồng chí</Descriptions.Item>
        <Descriptions.Item label="Có mặt">{formatNumber(a.present)} đồng chí</Descriptions.Item>
        <Descriptions.Item label="Tỷ lệ dự họp">{a.rate === null ? 'Chưa điểm danh' : formatShare(a.rate)}</Descriptions.Item>
      </Descriptions>
      <Table
        size="small"
        rowKey={(r) => r.name}
        pagination={false}
        dataSource={a.rows}
        aria-label="Điểm danh"
        locale={{ emptyText: 'Chi bộ chưa điểm danh.' }}
        columns={[
          { title: 'TT', key: 'i', width: 56, render: (_, __, i) => i + 1 },
          { title: 'Họ và tên', dataIndex: 'name' },
          {
            title: 'Điểm danh',
            dataIndex: 'presence',
            render: (p: keyof typeof PRESENCE) => <Tag color={p === 'present' ? 'green' : p === 'absent_excused' ? 'gold' : 'red'}>{PRESENCE[p]}</Tag>,
          },
          { title: 'Lý do', dataIndex: 'reason', render: (r: string | null) => r ?? '' },
        ]}
      />
    </>
  );
}

function OpinionsTab({ meeting }: { meeting: ConsoleMeeting }) {
  return (
    <List
      aria-label="Ý kiến phát biểu"
      dataSource={meeting.opinions}
      locale={{ emptyText: 'Chưa ghi ý kiến phát biểu nào.' }}
      renderItem={(o, i) => (
        <List.Item>
          <List.Item.Meta title={`${i + 1}. Đồng chí ${o.speakerName}`} description={<span className="pre-line">{o.summary}</span>} />
        </List.Item>
      )}
    />
  );
}

function VoteTab({ meeting }: { meeting: ConsoleMeeting }) {
  const v = meeting.vote;
  return (
    <>
      {v ? (
        <div className="stat-strip" style={{ maxWidth: 620 }}>
          <Card size="small">
            <div className="stat-label">Tán thành</div>
            <div className="stat-value">{formatNumber(v.for)}</div>
          </Card>
          <Card size="small">
            <div className="stat-label">Không tán thành</div>
            <div className="stat-value">{formatNumber(v.against)}</div>
          </Card>
          <Card size="small">
            <div className="stat-label">Không biểu quyết</div>
            <div className="stat-value">{formatNumber(v.abstain)}</div>
          </Card>
        </div>
      ) : (
        <Typography.Paragraph type="secondary">Chưa biểu quyết.</Typography.Paragraph>
      )}
      {meeting.conclusion && (
        <Card size="small" title="Kết luận của chủ trì" style={{ maxWidth: 900 }}>
          <div className="pre-line">{meeting.conclusion}</div>
        </Card>
      )}
    </>
  );
}

function MinutesTab({ meeting }: { meeting: ConsoleMeeting }) {
  if (!meeting.minutesText && meeting.addenda.length === 0) return <Empty description="Chưa có biên bản." />;
  return (
    <div style={{ maxWidth: 900 }}>
      {meeting.adoptedAt && (
        <Alert type="success" showIcon title={`Biên bản đã được thông qua lúc ${formatDateTime(meeting.adoptedAt)}.`} style={{ marginBottom: 12 }} />
      )}
      {meeting.minutesText ? (
        <Card size="small">
          <div className="pre-line" style={{ lineHeight: 1.7 }} aria-label="Biên bản">
            {meeting.minutesText}
          </div>
        </Card>
      ) : (
        // Minutes adopted on paper or imported from old records: only their corrections were kept here.
        <Typography.Paragraph type="secondary">Toàn văn biên bản không có trên phần mềm (biên bản lập trên giấy hoặc nhập từ dữ liệu cũ).</Typography.Paragraph>
      )}
      {meeting.addenda.length > 0 && (
        <Card size="small" title={`Đính chính sau khi thông qua (${meeting.addenda.length})`} style={{ marginTop: 12 }}>
          <ol className="addenda" aria-label="Đính chính biên bản">
            {meeting.addenda.map((a, i) => (
              <li key={i}>
                <div className="cell-note">{formatDateTime(a.createdAt)}</div>
                <div className="pre-line">{a.text}</div>
              </li>
            ))}
          </ol>
        </Card>
      )}
    </div>
  );
}

function History({ meeting }: { meeting: ConsoleMeeting }) {
  if (meeting.history.filter((h) => h.id !== meeting.id).length === 0) return null;
  // The server lists the branch's other meetings; this one takes its place among them by date.
  const all = [
    { id: meeting.id, scheduledAt: meeting.scheduledAt, kind: meeting.kind, status: meeting.status },
    ...meeting.history.filter((h) => h.id !== meeting.id),
  ].sort((a, b) => (a.scheduledAt < b.scheduledAt ? 1 : a.scheduledAt > b.scheduledAt ? -1 : 0));
  return (
    <nav className="history-strip" aria-label="Các buổi sinh hoạt của chi bộ">
      <span className="muted">Các buổi của chi bộ:</span>
      {all.map((h) => {
        const current = h.id === meeting.id;
        const label = (
          <>
            <span className="num">{formatScheduled(h.scheduledAt).slice(0, 10)}</span>
            <span className="history-kind">{MEETING_KIND[h.kind]}</span>
            <Tag color={MEETING_STATUS_COLOR[h.status]} style={{ marginInlineEnd: 0 }}>
              {MEETING_STATUS[h.status]}
            </Tag>
          </>
        );
        return current ? (
          <span key={h.id} className="history-item history-current" aria-current="page" data-meeting={h.id}>
            {label}
          </span>
        ) : (
          <Link key={h.id} to={`/hop/${h.id}`} className="history-item" data-meeting={h.id}>
            {label}
          </Link>
        );
      })}
    </nav>
  );
}

export function MeetingPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const query = useQuery({ queryKey: ['meetings.get', id], queryFn: () => consoleApi.meetings.get({ id }) });
  if (query.isPending) return <Spin size="large" style={{ display: 'block', margin: '80px auto' }} description="Đang mở buổi sinh hoạt…" />;
  if (query.isError) {
    return (
      <Result
        status={query.error instanceof Error && 'code' in query.error && query.error.code === 'NOT_FOUND' ? '404' : 'error'}
        title="Không mở được buổi sinh hoạt"
        subTitle={query.error.message}
        extra={<Button onClick={() => navigate('/')}>Về tổng quan tháng</Button>}
      />
    );
  }
  const m = query.data;
  return (
    <>
      <Link to="/" className="back-link" onClick={(e) => (window.history.length > 1 ? (e.preventDefault(), navigate(-1)) : undefined)}>
        <ArrowLeftOutlined aria-hidden /> Tổng quan tháng
      </Link>
      <div className="page-header" style={{ marginBottom: 12 }}>
        <div>
          <Typography.Title level={2} className="page-title" data-testid="meeting-branch">
            {m.branchName}
          </Typography.Title>
          <div className="meeting-facts muted">
            <span data-testid="meeting-ward">{m.wardName}</span>
            <span>{MEETING_KIND_LONG[m.kind]}</span>
            <span>{formatScheduledLong(m.scheduledAt)}</span>
            {m.place && <span>{m.place}</span>}
          </div>
          {m.topic && <div style={{ marginTop: 4 }}>Chuyên đề: {m.topic}</div>}
        </div>
        <Tag color={MEETING_STATUS_COLOR[m.status]} style={{ fontSize: 14, padding: '4px 10px' }} data-testid="meeting-status">
          {MEETING_STATUS[m.status]}
        </Tag>
      </div>
      <div style={{ marginBottom: 16 }}>
        <LeadNotice meeting={m} />
      </div>
      <History meeting={m} />
      <Card className="meeting-card">
        <Tabs
          defaultActiveKey="draft"
          items={[
            { key: 'agenda', label: 'Chương trình', children: <AgendaTab meeting={m} /> },
            { key: 'draft', label: 'Dự thảo nghị quyết', children: <DraftTab key={m.id} meeting={m} /> },
            { key: 'comments', label: `Ý kiến góp ý (${formatNumber(m.comments.length)})`, children: <CommentsTab meeting={m} /> },
            { key: 'attendance', label: 'Điểm danh', children: <AttendanceTab meeting={m} /> },
            { key: 'opinions', label: 'Ý kiến phát biểu', children: <OpinionsTab meeting={m} /> },
            { key: 'vote', label: 'Biểu quyết', children: <VoteTab meeting={m} /> },
            { key: 'minutes', label: 'Biên bản', children: <MinutesTab meeting={m} /> },
          ]}
        />
      </Card>
    </>
  );
}
