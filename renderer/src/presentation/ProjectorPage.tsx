// The projector's window: the slide the host says is shown, and nothing else. No menu, no console, no notes (the host
// sends the projector a deck without them), nothing of a meeting other than the one being presented. A presentation
// clicker pointed at this window works as it does on the console.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { keyAction } from './keys';
import { Projection, Stage } from './SlideView';
import { markMoment, usePresentation } from './usePresentation';

export function ProjectorPage() {
  const { state, deck, send } = usePresentation('projector');
  const [cursorHidden, setCursorHidden] = useState(false);
  const digits = useRef('');

  useEffect(() => {
    document.title = 'Màn hình chiếu · Chi bộ số';
  }, []);

  // The pointer disappears when still, as in any slide show.
  useEffect(() => {
    let timer = window.setTimeout(() => setCursorHidden(true), 2000);
    const moved = () => {
      setCursorHidden(false);
      window.clearTimeout(timer);
      timer = window.setTimeout(() => setCursorHidden(true), 2000);
    };
    window.addEventListener('mousemove', moved);
    return () => {
      window.removeEventListener('mousemove', moved);
      window.clearTimeout(timer);
    };
  }, []);

  useEffect(() => {
    if (!state) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const result = keyAction(event.key, digits.current);
      if (!result || result.kind === 'leave') return; // Esc leaves full screen here; the meeting goes on.
      event.preventDefault();
      if (result.kind === 'digits') digits.current = result.digits;
      else {
        digits.current = '';
        void send(result.action).catch(() => undefined);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [state, send]);

  // The presentation ended: a window the console opened closes itself; otherwise it goes dark and waits.
  const hadState = useRef(false);
  useEffect(() => {
    if (state) hadState.current = true;
    else if (state === null && hadState.current) window.close();
  }, [state]);

  const slide = state && deck ? (deck.slides[state.shown] ?? null) : null;
  // For the benchmark: the moment the new slide has been painted.
  useLayoutEffect(() => {
    if (!state) return;
    const detail = { seq: state.seq, shown: state.shown, screen: state.screen };
    requestAnimationFrame(() => setTimeout(() => markMoment('chibo:projector-painted', detail), 0));
  }, [state]);

  const toggleFullScreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void document.documentElement.requestFullscreen().catch(() => undefined);
  };

  return (
    <div
      className="projector-root"
      data-testid="projector"
      data-shown={state?.shown ?? ''}
      data-seq={state?.seq ?? ''}
      onDoubleClick={toggleFullScreen}
      style={{ position: 'fixed', inset: 0, background: '#000', cursor: cursorHidden ? 'none' : 'default' }}
    >
      <Stage theme={state?.theme ?? 'dark'} label="Màn hình chiếu">
        {state ? <Projection slide={slide} state={state} /> : <div className="slide stage-idle">Chi bộ số · chờ trình chiếu</div>}
      </Stage>
    </div>
  );
}
