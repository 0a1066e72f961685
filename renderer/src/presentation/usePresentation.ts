// The projection as a window sees it: the host's state, pushed on every change, and the deck of the meeting being
// shown, fetched again when the records change (a roll call taken, a vote recorded). Both windows use it.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import type { ControlAction, PresentationState } from '../../../core/api';
import { api } from '../api';

/** Keeps the newer of two states: events can overtake a slower reply. */
function newer(previous: PresentationState | null | undefined, next: PresentationState | null): PresentationState | null {
  if (next === null || !previous) return next;
  if (next.startedAt !== previous.startedAt || next.meetingId !== previous.meetingId) return next;
  return next.seq >= previous.seq ? next : previous;
}

const RESYNC_MS = 5_000;

export function usePresentation(audience: 'console' | 'projector') {
  const queryClient = useQueryClient();
  // undefined until the host has answered once.
  const [state, setState] = useState<PresentationState | null | undefined>(undefined);

  useEffect(() => {
    let alive = true;
    const offState = api.subscribe('presentation.changed', (next) => setState((prev) => newer(prev, next)));
    const offData = api.subscribe('data.changed', () => void queryClient.invalidateQueries({ queryKey: ['presentation.deck'] }));
    // A missed event (the stream reconnecting, a sleeping laptop) is caught up within seconds.
    const sync = () =>
      api.presentation
        .state()
        .then((next) => alive && setState((prev) => (prev === undefined || next === null || !prev || next.seq !== prev.seq ? newer(prev, next) ?? next : prev)))
        .catch(() => alive && setState((prev) => prev ?? null));
    void sync();
    const timer = window.setInterval(sync, RESYNC_MS);
    return () => {
      alive = false;
      offState();
      offData();
      window.clearInterval(timer);
    };
  }, [queryClient]);

  const deck = useQuery({
    queryKey: ['presentation.deck', audience, state?.meetingId ?? null, state?.slideCount ?? 0],
    queryFn: () => api.presentation.deck({ audience }),
    enabled: Boolean(state),
    staleTime: Infinity,
    placeholderData: (previous) => previous,
  });

  const send = useCallback(async (action: ControlAction) => {
    const next = await api.presentation.control({ action });
    setState((prev) => newer(prev, next));
    return next;
  }, []);

  const current = deck.data && state && deck.data.meetingId === state.meetingId ? deck.data : null;
  return { state, deck: current, deckError: deck.error, send };
}

/** Marks a moment for the benchmark (bench/presentation.ts): wall-clock milliseconds, comparable across windows. */
export function markMoment(name: string, detail: Record<string, unknown>): void {
  try {
    performance.mark(name, { detail: { ...detail, at: performance.timeOrigin + performance.now() } });
  } catch {
    // Marks are for measuring; a browser without them still presents.
  }
}
