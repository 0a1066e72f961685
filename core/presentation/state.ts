// The projection's state and how each control changes it. Pure: the host holds the state, calls `control` with its
// clock, and sends the result to both windows, which render from it and nothing else.
import type { ControlAction, Deck, PresentationState } from '../api';

export type { ControlAction };

export const DEFAULT_COUNTDOWN_MS = 3 * 60_000;

/** A new presentation of a deck: the first slide, on screen, nothing frozen, no message, the countdown ready. */
export function startState(deck: Deck, now: number, previous?: PresentationState | null): PresentationState {
  const agendaBySlide = deck.slides.map((s) => s.agendaIndex);
  // Reopening the same meeting (the console was reloaded) carries on where it was.
  if (previous && previous.meetingId === deck.meetingId) return withDeck(previous, deck, now);
  return {
    meetingId: deck.meetingId,
    branchId: deck.branchId,
    seq: (previous?.seq ?? 0) + 1,
    slideCount: deck.slides.length,
    index: 0,
    shown: 0,
    frozen: false,
    screen: 'slide',
    message: null,
    countdown: { durationMs: DEFAULT_COUNTDOWN_MS, remainingMs: DEFAULT_COUNTDOWN_MS, startedAt: null, visible: false },
    theme: previous?.theme ?? 'dark',
    startedAt: now,
    item: { agendaIndex: agendaBySlide[0] ?? null, startedAt: now },
    agendaBySlide,
    projector: { mode: 'none', warning: null },
  };
}

/** The same presentation over a rebuilt deck (an agenda item added, a draft version made): indexes stay in range. */
export function withDeck(state: PresentationState, deck: Deck, now: number): PresentationState {
  const agendaBySlide = deck.slides.map((s) => s.agendaIndex);
  const last = Math.max(0, deck.slides.length - 1);
  const next = { ...state, seq: state.seq + 1, slideCount: deck.slides.length, agendaBySlide, index: Math.min(state.index, last), shown: Math.min(state.shown, last) };
  return timeItem(next, now);
}

/** Remaining milliseconds of the countdown at `now`; never below zero. */
export function countdownRemaining(countdown: PresentationState['countdown'], now: number): number {
  const left = countdown.startedAt === null ? countdown.remainingMs : countdown.remainingMs - (now - countdown.startedAt);
  return Math.max(0, left);
}

function clampIndex(state: PresentationState, index: number): number {
  return Math.min(Math.max(0, index), Math.max(0, state.slideCount - 1));
}

/** The agenda item's clock restarts when the console reaches a slide of another item. */
function timeItem(state: PresentationState, now: number): PresentationState {
  const agendaIndex = state.agendaBySlide[state.index] ?? null;
  if (agendaIndex === null || agendaIndex === state.item.agendaIndex) return state;
  return { ...state, item: { agendaIndex, startedAt: now } };
}

function move(state: PresentationState, index: number, now: number): PresentationState {
  const target = clampIndex(state, index);
  // Moving on shows the slide: a black or white screen and a message are for the moment they were asked for.
  const next = { ...state, index: target, shown: state.frozen ? state.shown : target };
  return timeItem(next, now);
}

export function control(state: PresentationState, action: ControlAction, now: number): PresentationState {
  const next = apply(state, action, now);
  // A control that changes nothing (Previous on the first slide) is not a change: no new seq, no event.
  return JSON.stringify(next) === JSON.stringify(state) ? state : { ...next, seq: state.seq + 1 };
}

function apply(state: PresentationState, action: ControlAction, now: number): PresentationState {
  switch (action.type) {
    case 'next':
      return move(state, state.index + 1, now);
    case 'previous':
      return move(state, state.index - 1, now);
    case 'first':
      return move(state, 0, now);
    case 'last':
      return move(state, state.slideCount - 1, now);
    case 'go':
      return move(state, action.index, now);
    case 'screen':
      return { ...state, screen: action.toggle && state.screen === action.screen ? 'slide' : action.screen };
    case 'freeze': {
      const frozen = action.frozen ?? !state.frozen;
      // Unfreezing brings the projector to where the console is.
      return { ...state, frozen, shown: frozen ? state.shown : state.index };
    }
    case 'countdown': {
      const c = state.countdown;
      if (action.op === 'hide') return { ...state, countdown: { ...c, remainingMs: countdownRemaining(c, now), startedAt: null, visible: false } };
      if (action.op === 'reset') return { ...state, countdown: { ...c, remainingMs: c.durationMs, startedAt: null } };
      if (c.startedAt !== null) return { ...state, countdown: { ...c, remainingMs: countdownRemaining(c, now), startedAt: null, visible: true } };
      // Starting a countdown that has run out starts it again from the full length.
      const remainingMs = c.remainingMs > 0 ? c.remainingMs : c.durationMs;
      return { ...state, countdown: { ...c, remainingMs, startedAt: now, visible: true } };
    }
    case 'countdownLength': {
      const durationMs = Math.round(action.minutes * 60_000);
      return { ...state, countdown: { ...state.countdown, durationMs, remainingMs: durationMs, startedAt: null } };
    }
    case 'message':
      return { ...state, message: action.text && action.text.length > 0 ? action.text : null };
    case 'theme':
      return { ...state, theme: action.theme };
  }
}
