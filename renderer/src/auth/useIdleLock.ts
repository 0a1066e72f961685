// Locks the app after the configured minutes without a key press, click or scroll: the room in a meeting, or the
// office when the clerk steps away, must not find a signed-in session open.
import { useEffect, useRef } from 'react';

const EVENTS = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart'] as const;

export function useIdleLock(minutes: number, active: boolean, onIdle: () => void): void {
  const callback = useRef(onIdle);
  useEffect(() => {
    callback.current = onIdle;
  });
  useEffect(() => {
    if (!active || minutes <= 0) return;
    let last = Date.now();
    const touch = () => (last = Date.now());
    for (const e of EVENTS) window.addEventListener(e, touch, { passive: true });
    const timer = window.setInterval(() => {
      if (Date.now() - last > minutes * 60_000) callback.current();
    }, 5_000);
    return () => {
      for (const e of EVENTS) window.removeEventListener(e, touch);
      window.clearInterval(timer);
    };
  }, [minutes, active]);
}
