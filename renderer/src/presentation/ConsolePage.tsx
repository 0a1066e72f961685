// The presenter console: the secretary's screen during the meeting. The agenda with the current item and its time, the
// current slide large, what the room sees and what comes next, the notes, and every control; the roll call, the
// opinions and the vote are recorded here in a side panel without leaving the presentation.
import {
  ArrowLeftOutlined,
  CheckSquareOutlined,
  CommentOutlined,
  DesktopOutlined,
  LeftOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  RightOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { App, Alert, Button, Drawer, Input, InputNumber, Result, Segmented, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { ControlAction, Deck, PresentationState, ProjectorTheme } from '../../../core/api';
import { api, projectorUrl } from '../api';
import { errorText } from '../forms';
import { OpinionsTab } from '../meetings/OpinionsTab';
import { RollCallTab } from '../meetings/RollCallTab';
import { canEditMeetings, useMeeting } from '../meetings/useMeeting';
import { VoteTab } from '../meetings/VoteTab';
import '../meetings/meetings.css';
import { useSessionUser } from '../session';
import { isTyping, keyAction } from './keys';
import { countdownText, Projection, SlideBody, Stage } from './SlideView';
import { markMoment, usePresentation } from './usePresentation';
import './console.css';

const THEMES: { value: ProjectorTheme; label: string }[] = [
  { value: 'dark', label: 'Nền tối' },
  { value: 'light', label: 'Nền sáng' },
  { value: 'contrast', label: 'Tương phản cao' },
];

const COUNTDOWN_MINUTES = [1, 2, 3, 5, 10].map((m) => ({ value: m, label: `${m}′` }));

function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

function useTick(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(timer);
  }, [ms]);
  return now;
}

type Panel = 'roll' | 'opinions' | 'vote' | null;
const PANEL_TITLE = { roll: 'Điểm danh', opinions: 'Ý kiến phát biểu', vote: 'Biểu quyết' } as const;

export function ConsolePage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const user = useSessionUser();
  const { state, deck, send } = usePresentation('console');
  const meeting = useMeeting(id);
  const [opening, setOpening] = useState<string | null>(null);
  const [panel, setPanel] = useState<Panel>(null);
  const [digits, setDigits] = useState('');
  const [draftMessage, setDraftMessage] = useState('');
  const [line, setLine] = useState<number | null>(null);
  const digitsRef = useRef('');
  const now = useTick(500);

  // Opening the console starts (or resumes) the presentation of this meeting.
  useEffect(() => {
    if (state === undefined) return;
    if (state && state.meetingId === id) return;
    let cancelled = false;
    api.presentation
      .open({ meetingId: id })
      .then((s) => {
        if (!cancelled && s.projector.warning) void message.warning(s.projector.warning, 8);
      })
      .catch((e: unknown) => !cancelled && setOpening(errorText(e as Error)));
    return () => {
      cancelled = true;
    };
    // Only when the host's presentation is not this meeting's.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, state === undefined, state?.meetingId]);

  const control = useCallback(
    (action: ControlAction) => {
      send(action).catch((e: unknown) => void message.error(errorText(e as Error)));
    },
    [send, message],
  );

  const leave = useCallback(() => {
    void api.presentation.close().finally(() => navigate(`/sinh-hoat/${id}`));
  }, [id, navigate]);

  useEffect(() => {
    if (!state || state.meetingId !== id) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target) || panel) return;
      const result = keyAction(event.key, digitsRef.current);
      if (!result) return;
      event.preventDefault();
      if (result.kind === 'digits') {
        digitsRef.current = result.digits;
        setDigits(result.digits);
        return;
      }
      digitsRef.current = '';
      setDigits('');
      if (result.kind === 'leave') leave();
      else {
        markMoment('chibo:console-key', { key: event.key, seq: state.seq });
        control(result.action);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [state, id, panel, control, leave]);

  const openProjector = () => {
    if (state?.projector.mode !== 'none' && state) {
      // Electron: the host opens or moves its own window.
      void api.presentation.open({ meetingId: id });
      return;
    }
    // Its own process (noopener): a crash or a slow page in one window does not stall the other. It closes itself
    // when the presentation ends.
    window.open(projectorUrl(), 'chibo-projector', 'popup,noopener,width=1280,height=720');
  };

  if (opening) {
    return <Result status="warning" title="Không trình chiếu được" subTitle={opening} extra={<Button onClick={() => navigate(`/sinh-hoat/${id}`)}>Về buổi sinh hoạt</Button>} />;
  }
  if (!state || state.meetingId !== id || !deck) {
    return (
      <div style={{ display: 'grid', placeItems: 'center', height: '100%' }}>
        <Spin size="large" description="Đang chuẩn bị trình chiếu…" />
      </div>
    );
  }
  const editable = canEditMeetings(user) && meeting.data !== undefined && !meeting.data.locked;
  return (
    <div
      className="console"
      data-testid="console"
      // A clicked button or switch does not keep the focus, so Space and the arrows go on moving the slides.
      onMouseDownCapture={(e) => {
        if ((e.target as HTMLElement).closest('button, .ant-segmented')) e.preventDefault();
      }}
    >
      <ConsoleHeader state={state} deck={deck} now={now} onLeave={leave} onProjector={openProjector} onTheme={(theme) => control({ type: 'theme', theme })} />
      <div className="console-body">
        <AgendaColumn state={state} deck={deck} now={now} onGo={(index) => control({ type: 'go', index })} />
        <main className="console-main">
          <div className="console-current">
            <div className="console-label">
              Trang {state.index + 1}/{state.slideCount}: {deck.slides[state.index]?.label}
              {digits && <Tag color="gold" style={{ marginLeft: 12 }}>Đến trang {digits}…</Tag>}
            </div>
            <div className="console-stage" data-testid="console-current">
              <Stage theme={state.theme}>{deck.slides[state.index] && <SlideBody slide={deck.slides[state.index]!} current agendaItem={state.item.agendaIndex} />}</Stage>
            </div>
          </div>
          <Notes notes={deck.slides[state.index]?.notes ?? []} />
        </main>
        <aside className="console-side">
          <div className="console-label">
            Phòng họp đang thấy
            {state.frozen && <Tag color="blue" style={{ marginLeft: 8 }}>Đang giữ hình</Tag>}
            {state.screen === 'black' && <Tag style={{ marginLeft: 8 }}>Màn hình đen</Tag>}
            {state.screen === 'white' && <Tag style={{ marginLeft: 8 }}>Màn hình trắng</Tag>}
          </div>
          <div className="console-thumb" data-testid="console-room">
            <Stage theme={state.theme}>
              <Projection slide={deck.slides[state.shown] ?? null} state={state} current={false} />
            </Stage>
          </div>
          <div className="console-label">Tiếp theo</div>
          <div className="console-thumb" data-testid="console-next">
            <Stage theme={state.theme}>
              {deck.slides[state.index + 1] ? <SlideBody slide={deck.slides[state.index + 1]!} current={false} /> : <div className="slide stage-idle">Hết</div>}
            </Stage>
          </div>
          <Controls
            state={state}
            deck={deck}
            now={now}
            control={control}
            draftMessage={draftMessage}
            setDraftMessage={setDraftMessage}
            line={line}
            setLine={setLine}
            onPanel={setPanel}
          />
        </aside>
      </div>
      <Drawer
        open={panel !== null}
        onClose={() => {
          // The keys move the slides again at once, not after the drawer has slid away.
          (document.activeElement as HTMLElement | null)?.blur();
          setPanel(null);
        }}
        title={panel ? PANEL_TITLE[panel] : ''}
        size={720}
        destroyOnHidden
        mask={{ closable: true }}
      >
        {meeting.isError && <Alert type="error" showIcon title={errorText(meeting.error)} />}
        {meeting.data && panel === 'roll' && <RollCallTab meeting={meeting.data} editable={editable} />}
        {meeting.data && panel === 'opinions' && <OpinionsTab meeting={meeting.data} editable={editable} />}
        {meeting.data && panel === 'vote' && <VoteTab meeting={meeting.data} editable={editable} />}
      </Drawer>
    </div>
  );
}

function ConsoleHeader({
  state,
  deck,
  now,
  onLeave,
  onProjector,
  onTheme,
}: {
  state: PresentationState;
  deck: Deck;
  now: number;
  onLeave: () => void;
  onProjector: () => void;
  onTheme: (theme: ProjectorTheme) => void;
}) {
  const title = deck.slides.find((s) => s.kind === 'title');
  const planned = deck.agendaMinutes.reduce((a, b) => a + b, 0) * 60_000;
  const elapsed = now - state.startedAt;
  return (
    <header className="console-header">
      <Button icon={<ArrowLeftOutlined aria-hidden />} onClick={onLeave}>
        Kết thúc (Esc)
      </Button>
      <div className="console-title">
        <Typography.Text strong>{title?.kind === 'title' ? title.branchName : ''}</Typography.Text>
        <Typography.Text type="secondary">{title?.kind === 'title' ? title.meetingTitle : ''}</Typography.Text>
      </div>
      <div className="console-clock" data-testid="meeting-clock">
        <span>Đã họp {clock(elapsed)}</span>
        {planned > 0 && (
          <span className={elapsed > planned ? 'over' : undefined}>
            {elapsed > planned ? `Quá ${clock(elapsed - planned)}` : `Còn ${clock(planned - elapsed)}`} / {deck.agendaMinutes.reduce((a, b) => a + b, 0)} phút
          </span>
        )}
      </div>
      <Segmented
        size="small"
        value={state.theme}
        options={THEMES}
        onChange={(v) => {
          onTheme(v as ProjectorTheme);
          (document.activeElement as HTMLElement | null)?.blur();
        }}
        aria-label="Giao diện màn hình chiếu"
      />
      <Tooltip title={state.projector.warning ?? undefined}>
        <Button type="primary" icon={<DesktopOutlined aria-hidden />} onClick={onProjector}>
          Mở màn hình chiếu
        </Button>
      </Tooltip>
    </header>
  );
}

function AgendaColumn({ state, deck, now, onGo }: { state: PresentationState; deck: Deck; now: number; onGo: (index: number) => void }) {
  const items = deck.slides.filter((s) => s.kind === 'item');
  const currentItem = state.item.agendaIndex;
  const itemElapsed = now - state.item.startedAt;
  return (
    <nav className="console-agenda" aria-label="Chương trình sinh hoạt">
      <div className="console-label">Chương trình</div>
      <ol>
        {items.map((s) => {
          if (s.kind !== 'item') return null;
          const i = s.number - 1;
          const index = deck.slides.indexOf(s);
          const current = currentItem === i;
          const plannedMs = s.minutes * 60_000;
          return (
            <li key={s.key} className={current ? 'current' : i < (currentItem ?? -1) ? 'done' : undefined} aria-current={current ? 'step' : undefined}>
              <button type="button" onClick={() => onGo(index)}>
                <span className="n">{s.number}.</span>
                <span className="t">{s.title}</span>
                <span className="m">{s.minutes}′</span>
              </button>
              {current && (
                <div className="item-time" data-testid="item-time">
                  <span>Đã {clock(itemElapsed)}</span>
                  <span className={itemElapsed > plannedMs ? 'over' : undefined}>
                    {itemElapsed > plannedMs ? `quá ${clock(itemElapsed - plannedMs)}` : `còn ${clock(plannedMs - itemElapsed)}`}
                  </span>
                  <div className="bar">
                    <div style={{ width: `${Math.min(100, (itemElapsed / Math.max(1, plannedMs)) * 100)}%` }} />
                  </div>
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

function Notes({ notes }: { notes: string[] }) {
  return (
    <section className="console-notes" aria-label="Ghi chú cho người điều hành" data-testid="console-notes">
      <div className="console-label">Ghi chú (chỉ hiện ở đây)</div>
      {notes.length === 0 ? <Typography.Text type="secondary">Không có ghi chú cho trang này.</Typography.Text> : notes.map((n, i) => <p key={i}>{n}</p>)}
    </section>
  );
}

function Controls({
  state,
  deck,
  now,
  control,
  draftMessage,
  setDraftMessage,
  line,
  setLine,
  onPanel,
}: {
  state: PresentationState;
  deck: Deck;
  now: number;
  control: (action: ControlAction) => void;
  draftMessage: string;
  setDraftMessage: (v: string) => void;
  line: number | null;
  setLine: (v: number | null) => void;
  onPanel: (panel: Panel) => void;
}) {
  const { message } = App.useApp();
  const totalLines = useMemo(() => deck.slides.find((s) => s.kind === 'draft')?.totalLines ?? 0, [deck]);
  const c = state.countdown;
  const remaining = c.startedAt === null ? c.remainingMs : Math.max(0, c.remainingMs - (now - c.startedAt));
  // Once a message is shown or a line found, the keys go back to moving the slides.
  const release = () => (document.activeElement as HTMLElement | null)?.blur();
  const showMessage = () => {
    if (!draftMessage.trim()) return;
    control({ type: 'message', text: draftMessage.trim() });
    release();
  };
  const goToLine = () => {
    if (line === null) return;
    release();
    const index = deck.slides.findIndex((s) => s.kind === 'draft' && s.lines.some((l) => l.number === line));
    if (index < 0) void message.warning(totalLines > 0 ? `Dự thảo có ${totalLines} dòng; không có dòng ${line}.` : 'Buổi sinh hoạt này chưa có dự thảo nghị quyết.');
    else control({ type: 'go', index });
  };
  return (
    <>
      <div className="console-primary">
        <Space.Compact block>
          <Button icon={<LeftOutlined aria-hidden />} onClick={() => control({ type: 'previous' })} disabled={state.index === 0} style={{ width: '50%' }}>
            Trước
          </Button>
          <Button type="primary" onClick={() => control({ type: 'next' })} disabled={state.index >= state.slideCount - 1} style={{ width: '50%' }}>
            Tiếp <RightOutlined aria-hidden />
          </Button>
        </Space.Compact>
        <Space wrap size={6}>
          <Button aria-pressed={state.screen === 'black'} type={state.screen === 'black' ? 'primary' : 'default'} onClick={() => control({ type: 'screen', screen: 'black', toggle: true })}>
            Màn đen (B)
          </Button>
          <Button aria-pressed={state.screen === 'white'} type={state.screen === 'white' ? 'primary' : 'default'} onClick={() => control({ type: 'screen', screen: 'white', toggle: true })}>
            Màn trắng (W)
          </Button>
          <Button aria-pressed={state.frozen} type={state.frozen ? 'primary' : 'default'} onClick={() => control({ type: 'freeze' })}>
            Giữ hình (F)
          </Button>
        </Space>
      </div>
      <div className="console-controls">
        <div className="control-group">
          <div className="console-label">Đếm ngược cho người phát biểu</div>
          <Space wrap size={6}>
            <span className="countdown-value" data-testid="console-countdown">
              {countdownText(remaining)}
            </span>
            <Button icon={c.startedAt !== null ? <PauseCircleOutlined aria-hidden /> : <PlayCircleOutlined aria-hidden />} onClick={() => control({ type: 'countdown', op: 'toggle' })}>
              {c.startedAt !== null ? 'Dừng (T)' : 'Bắt đầu (T)'}
            </Button>
            <Button onClick={() => control({ type: 'countdown', op: 'reset' })}>Đặt lại</Button>
            {c.visible && <Button onClick={() => control({ type: 'countdown', op: 'hide' })}>Ẩn</Button>}
            <Segmented
              size="small"
              value={c.durationMs / 60_000}
              options={COUNTDOWN_MINUTES}
              onChange={(minutes) => {
                control({ type: 'countdownLength', minutes: Number(minutes) });
                // The keys go back to the slides (T starts the countdown).
                (document.activeElement as HTMLElement | null)?.blur();
              }}
              aria-label="Thời gian đếm ngược"
            />
          </Space>
        </div>
        <div className="control-group">
          <div className="console-label">Thông báo lên màn hình chiếu</div>
          <Space.Compact block>
            <Input
              value={draftMessage}
              maxLength={300}
              placeholder="Ví dụ: Giải lao 10 phút"
              aria-label="Nội dung thông báo"
              onChange={(e) => setDraftMessage(e.target.value)}
              onPressEnter={showMessage}
            />
            <Button onClick={showMessage}>Hiện</Button>
            <Button
              disabled={!state.message}
              onClick={() => {
                control({ type: 'message', text: null });
                release();
              }}
            >
              Ẩn
            </Button>
          </Space.Compact>
        </div>
        <div className="control-group">
          <div className="console-label">Đến dòng của dự thảo</div>
          <Space.Compact block>
            <InputNumber min={1} max={Math.max(1, totalLines)} value={line} onChange={(v) => setLine(typeof v === 'number' ? v : null)} onPressEnter={goToLine} placeholder="Số dòng" aria-label="Số dòng" style={{ width: '100%' }} disabled={totalLines === 0} />
            <Button onClick={goToLine} disabled={totalLines === 0}>
              Đến dòng
            </Button>
          </Space.Compact>
        </div>
        <div className="control-group">
          <div className="console-label">Ghi trong buổi họp</div>
          <Space wrap size={6}>
            <Button icon={<TeamOutlined aria-hidden />} onClick={() => onPanel('roll')}>
              Điểm danh
            </Button>
            <Button icon={<CommentOutlined aria-hidden />} onClick={() => onPanel('opinions')}>
              Ý kiến
            </Button>
            <Button icon={<CheckSquareOutlined aria-hidden />} onClick={() => onPanel('vote')}>
              Biểu quyết
            </Button>
          </Space>
        </div>
        <div className="control-group slide-list">
          <div className="console-label">Tất cả các trang</div>
          <ol>
            {deck.slides.map((s, i) => (
              <li key={s.key} className={i === state.index ? 'current' : undefined}>
                <button type="button" onClick={() => control({ type: 'go', index: i })}>
                  <span className="n">{i + 1}</span> {s.label}
                </button>
              </li>
            ))}
          </ol>
        </div>
      </div>
    </>
  );
}
