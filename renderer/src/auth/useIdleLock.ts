// Locks the app after the configured minutes without a key press, click or scroll: the room in a meeting, or the
// office when the clerk steps away, must not find a signed-in session open. While the person is active, a heartbeat
// keeps the server's session alive even on a page that makes no calls.
import { useEffect, useRef } from 'react';

const EVENTS = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart'] as const;
const HEARTBEAT_MS = 4 * 60_000;

export function useIdleLock(minutes: number, active: boolean, onIdle: () => void, onHeartbeat: () => void): void {
  const callbacks = useRef({ onIdle, onHeartbeat });
  useEffect(() => {
    callbacks.current = { onIdle, onHeartbeat };
  });
  useEffect(() => {
    if (!active || minutes <= 0) return;
    let last = Date.now();
    let lastBeat = Date.now();
    const touch = () => (last = Date.now());
    for (const e of EVENTS) window.addEventListener(e, touch, { passive: true });
    const timer = window.setInterval(() => {
      const now = Date.now();
      if (now - last > minutes * 60_000) callbacks.current.onIdle();
      else if (now - lastBeat > HEARTBEAT_MS && last > lastBeat) {
        lastBeat = now;
        callbacks.current.onHeartbeat();
      }
    }, 5_000);
    return () => {
      for (const e of EVENTS) window.removeEventListener(e, touch);
      window.clearInterval(timer);
    };
  }, [minutes, active]);
}
