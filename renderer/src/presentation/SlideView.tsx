// One slide on the 1920×1080 stage, as the projector shows it and as the console previews it: the same component, so
// what the secretary sees is what the room sees. Overlays (countdown, message, black or white screen) sit on top.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { PresentationState, ProjectorTheme, Slide, SlideLine } from '../../../core/api';
import { formatShare, formatScheduledLong } from '../meetings/format';
import { DocumentPage } from './DocumentPage';
import { markMoment } from './usePresentation';
import './slides.css';

export const STAGE_WIDTH = 1920;
export const STAGE_HEIGHT = 1080;

/** Scales the stage to fit its frame, letterboxed: the slide keeps its layout at any screen size. */
export function Stage({ theme, children, label }: { theme: ProjectorTheme; children: React.ReactNode; label?: string }) {
  const frame = useRef<HTMLDivElement>(null);
  const [fit, setFit] = useState({ scale: 0, x: 0, y: 0 });
  useLayoutEffect(() => {
    const el = frame.current;
    if (!el) return;
    const measure = () => {
      const { width, height } = el.getBoundingClientRect();
      const scale = Math.min(width / STAGE_WIDTH, height / STAGE_HEIGHT);
      setFit({ scale, x: (width - STAGE_WIDTH * scale) / 2, y: (height - STAGE_HEIGHT * scale) / 2 });
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return (
    <div className="stage-frame" ref={frame} aria-label={label}>
      <div
        className={`stage theme-${theme}`}
        data-testid="stage"
        style={{ transform: `translate(${fit.x}px, ${fit.y}px) scale(${fit.scale})`, visibility: fit.scale > 0 ? 'visible' : 'hidden' }}
      >
        {children}
      </div>
    </div>
  );
}

function Lines({ lines, marked }: { lines: SlideLine[]; marked?: (n: number) => boolean }) {
  return (
    <div className="sl-lines">
      {lines.map((l) => {
        // A long line in capitals (a section heading) is set a size smaller so it keeps to one line.
        const tight = l.text.length > 48 && l.text === l.text.toLocaleUpperCase('vi');
        return (
          <div
            key={l.number}
            className={`sl-line${l.heading ? ' heading' : ''}${tight ? ' tight' : ''}${marked?.(l.number) ? ' marked' : ''}`}
            data-line={l.number}
          >
            <span className="no">{l.number}</span>
            <span className="text">{l.text}</span>
          </div>
        );
      })}
    </div>
  );
}

function Figure({ value, what, lead, testId }: { value: string | number; what: string; lead?: boolean; testId?: string }) {
  return (
    <div className={`figure${lead ? ' lead' : ''}`} data-testid={testId}>
      <div className="value">{value}</div>
      <div className="what">{what}</div>
    </div>
  );
}

/** The items around the current one, so a long agenda still fits beside the item. */
function agendaWindow(items: string[], current: number, size = 8): { from: number; items: string[] } {
  if (items.length <= size) return { from: 0, items };
  const from = Math.max(0, Math.min(current - 2, items.length - size));
  return { from, items: items.slice(from, from + size) };
}

/**
 * `current`: the slide is the one on screen (a document is drawn only then). `agendaItem`: the item the meeting is on,
 * marked on the agenda slide when the presenter goes back to it.
 */
export function SlideBody({ slide, current, agendaItem }: { slide: Slide; current?: boolean; agendaItem?: number | null }) {
  switch (slide.kind) {
    case 'title':
      return (
        <div className="slide slide-title">
          <div className="star" aria-hidden>
            ★
          </div>
          <div className="ward">{slide.wardName}</div>
          <div className="branch">{slide.branchName}</div>
          <div className="meeting">{slide.meetingTitle}</div>
          <div className="when">
            {formatScheduledLong(slide.scheduledAt)}
            {slide.place ? ` · ${slide.place}` : ''}
          </div>
        </div>
      );
    case 'agenda': {
      const rows = Math.ceil(slide.items.length / (slide.items.length > 8 ? 2 : 1));
      return (
        <div className="slide">
          <div className="slide-kicker">Chương trình sinh hoạt</div>
          <ol className="sl-agenda" style={{ gridTemplateRows: `repeat(${rows}, auto)` }}>
            {slide.items.map((item, i) => (
              <li key={i} className={(slide.current ?? agendaItem) === i ? 'current' : undefined} aria-current={(slide.current ?? agendaItem) === i ? 'step' : undefined}>
                <span className="n">{i + 1}.</span>
                <span>{item.title}</span>
                <span className="min">{item.minutes}′</span>
              </li>
            ))}
          </ol>
        </div>
      );
    }
    case 'item': {
      const around = agendaWindow(slide.items, slide.number - 1);
      return (
        <div className="slide slide-item">
          <div className="main">
            <div className="slide-kicker">
              Nội dung {slide.number}/{slide.count}
            </div>
            <h1 className="slide-heading">{slide.title}</h1>
            <div className="who">
              {slide.presenter ? `${slide.presenter} · ` : ''}
              {slide.minutes} phút
            </div>
          </div>
          <div className="side">
            <ol>
              {around.from > 0 && <li>…</li>}
              {around.items.map((title, i) => {
                const n = around.from + i + 1;
                return (
                  <li key={n} className={n === slide.number ? 'current' : undefined} aria-current={n === slide.number ? 'step' : undefined}>
                    {n}. {title}
                  </li>
                );
              })}
              {around.from + around.items.length < slide.items.length && <li>…</li>}
            </ol>
          </div>
        </div>
      );
    }
    case 'draft':
      return (
        <div className="slide">
          <div className="sl-head">
            <div className="slide-kicker">Dự thảo nghị quyết · bản {slide.versionNo}</div>
            <div className="where" data-testid="draft-where">
              Trang {slide.page}/{slide.pages} · dòng {slide.lines[0]?.number}–{slide.lines[slide.lines.length - 1]?.number}
            </div>
          </div>
          <Lines lines={slide.lines} />
        </div>
      );
    case 'comment': {
      const c = slide.comment;
      return (
        <div className="slide">
          <div className="sl-head">
            <div className="slide-kicker">
              Góp ý {slide.number}/{slide.count} · dòng {c.lineFrom}–{c.lineTo}
            </div>
            <div className="where">Dự thảo nghị quyết</div>
          </div>
          <div className="slide-comment">
            <div>
              <Lines lines={slide.lines} marked={(n) => n >= c.lineFrom && n <= c.lineTo} />
              {slide.moreLines > 0 && <div className="slide-note">… và {slide.moreLines} dòng nữa</div>}
            </div>
            <div className="comment-panel">
              <div className="who">
                {c.authorName}
                {c.source === 'superior' ? ' (cấp ủy cấp trên)' : ''}
              </div>
              <div>{c.text}</div>
              {c.proposedText && (
                <div className="proposed">
                  <strong>Đề nghị sửa:</strong> {c.proposedText}
                </div>
              )}
            </div>
          </div>
        </div>
      );
    }
    case 'document':
      return (
        <div className="slide slide-document">
          <DocumentPage key={`${slide.attachmentId}-${slide.page}`} slide={slide} active={current ?? true} />
          <div className="doc-label">
            {slide.name}
            {slide.pages > 1 ? ` · trang ${slide.page}/${slide.pages}` : ''}
          </div>
        </div>
      );
    case 'attendance':
      return (
        <div className="slide">
          <div className="slide-kicker">Kết quả điểm danh</div>
          {slide.recorded ? (
            <div className="figures">
              <Figure lead value={`${slide.present}/${slide.summoned}`} what={`đồng chí có mặt trên số phải có mặt · ${formatShare(slide.rate)}`} testId="attendance-present" />
              <Figure value={slide.presentOfficial} what="chính thức có mặt" />
              <Figure value={slide.presentProbationary} what="dự bị có mặt" />
              <Figure value={slide.exemptPresent} what="miễn sinh hoạt có mặt" />
              <Figure value={slide.absentExcused} what="vắng có lý do" />
              <Figure value={slide.absentUnexcused} what="vắng không lý do" />
              <Figure value={slide.guests} what="đại biểu dự" />
            </div>
          ) : (
            <h1 className="slide-heading">Chưa điểm danh</h1>
          )}
        </div>
      );
    case 'vote': {
      const d = slide.denominator;
      return (
        <div className="slide">
          <div className="slide-kicker">Biểu quyết thông qua nghị quyết</div>
          {slide.vote ? (
            <>
              <div className="figures">
                <Figure lead value={`${slide.vote.for}/${d.denominator}`} what={`tán thành · ${formatShare(slide.vote.forShare)}`} testId="vote-for" />
                <Figure value={slide.vote.against} what="không tán thành" />
                <Figure value={slide.vote.abstain} what="không biểu quyết" />
                <Figure value={d.denominator} what="đảng viên chính thức được tính" />
              </div>
              <div className={`verdict${slide.vote.passed ? ' passed' : ''}`} data-testid="vote-verdict">
                {slide.vote.passed ? 'Nghị quyết được thông qua.' : 'Nghị quyết chưa được thông qua (cần quá một nửa tán thành).'}
              </div>
            </>
          ) : (
            <>
              <h1 className="slide-heading">Chưa biểu quyết</h1>
              <div className="slide-note">{d.denominator} đảng viên chính thức được tính vào mẫu số biểu quyết.</div>
            </>
          )}
        </div>
      );
    }
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** 185_000 → '3:05'; rounds up, so the last second shows 0:01 until it is over. */
export function countdownText(ms: number): string {
  const seconds = Math.ceil(Math.max(0, ms) / 1000);
  return `${Math.floor(seconds / 60)}:${pad(seconds % 60)}`;
}

/** The countdown, redrawn just after each second of it ends, from the host's start time: it cannot drift. */
export function Countdown({ countdown }: { countdown: PresentationState['countdown'] }) {
  const [now, setNow] = useState(() => Date.now());
  const { startedAt, remainingMs } = countdown;
  useEffect(() => {
    if (startedAt === null) return;
    let timer = 0;
    const tick = () => {
      const at = Date.now();
      setNow(at);
      const left = remainingMs - (at - startedAt);
      markMoment('chibo:countdown-tick', { shown: Math.ceil(Math.max(0, left) / 1000), startedAt, remainingMs });
      // Wake just after the next whole second of the remaining time.
      if (left > 0) timer = window.setTimeout(tick, (left % 1000 || 1000) + 4);
    };
    timer = window.setTimeout(tick, 0);
    return () => window.clearTimeout(timer);
  }, [startedAt, remainingMs]);
  // Before the first tick after a start, `now` may be older than the start: never show more than was left.
  const ms = startedAt === null ? remainingMs : Math.max(0, Math.min(remainingMs, remainingMs - (now - startedAt)));
  const low = ms > 0 && ms <= 30_000;
  return (
    <div className={`overlay-countdown${low ? ' low' : ''}${ms <= 0 ? ' over' : ''}`} data-testid="countdown" data-running={startedAt !== null}>
      {countdownText(ms)}
    </div>
  );
}

/** The projector's picture: the slide, then the countdown, the message and a black or white screen over it. */
export function Projection({ slide, state, current }: { slide: Slide | null; state: PresentationState; current?: boolean }) {
  return (
    <>
      {slide ? <SlideBody slide={slide} current={current} agendaItem={state.item.agendaIndex} /> : <div className="slide stage-idle">Chi bộ số</div>}
      {state.countdown.visible && <Countdown countdown={state.countdown} />}
      {state.message && (
        <div className="overlay-message" data-testid="projector-message">
          {state.message}
        </div>
      )}
      {state.screen !== 'slide' && <div className={`blank ${state.screen}`} data-testid={`blank-${state.screen}`} />}
    </>
  );
}
