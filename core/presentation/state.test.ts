// The projection's controls, as the secretary uses them in a meeting.
import { describe, expect, it } from 'vitest';
import type { Deck, Slide } from '../api';
import { control, countdownRemaining, startState, withDeck } from './state';

function deckOf(agenda: (number | null)[], meetingId = 'm1'): Deck {
  return {
    meetingId,
    branchId: 'b1',
    slides: agenda.map((agendaIndex, i) => ({ key: `s${i}`, label: `Trang ${i + 1}`, agendaIndex, notes: [], kind: 'title' }) as unknown as Slide),
    agendaMinutes: [5, 10, 25],
    linesPerPage: 13,
  };
}

const T0 = Date.parse('2026-11-26T19:30:00+07:00');
const deck = deckOf([null, null, 0, 1, 1, 1, 2, 2]);

describe('moving through the slides', () => {
  it('starts on the first slide, on screen, and keeps within the deck', () => {
    let s = startState(deck, T0);
    expect(s).toMatchObject({ index: 0, shown: 0, screen: 'slide', frozen: false, message: null, slideCount: 8 });
    s = control(s, { type: 'previous' }, T0);
    expect(s.index).toBe(0);
    s = control(s, { type: 'last' }, T0);
    expect(s.index).toBe(7);
    s = control(s, { type: 'next' }, T0);
    expect(s.index).toBe(7);
    s = control(s, { type: 'go', index: 3 }, T0);
    expect([s.index, s.shown]).toEqual([3, 3]);
    s = control(s, { type: 'first' }, T0);
    expect(s.index).toBe(0);
  });

  it('counts every change, so a window can tell an old state from a new one', () => {
    const a = startState(deck, T0);
    const b = control(a, { type: 'next' }, T0);
    expect(b.seq).toBe(a.seq + 1);
    // Nothing to change (already on the first slide): the same state, not a new one.
    expect(control(a, { type: 'first' }, T0)).toBe(a);
  });

  it('times the agenda item the console is on, restarting when the next item begins', () => {
    let s = startState(deck, T0);
    s = control(s, { type: 'go', index: 2 }, T0 + 60_000);
    expect(s.item).toEqual({ agendaIndex: 0, startedAt: T0 + 60_000 });
    s = control(s, { type: 'next' }, T0 + 120_000);
    expect(s.item).toEqual({ agendaIndex: 1, startedAt: T0 + 120_000 });
    // Further slides of the same item do not restart its clock.
    s = control(s, { type: 'next' }, T0 + 180_000);
    expect(s.item.startedAt).toBe(T0 + 120_000);
  });
});

describe('what the room sees', () => {
  it('freezes the projector on its slide while the console moves on, and catches up when unfrozen', () => {
    let s = control(startState(deck, T0), { type: 'go', index: 2 }, T0);
    s = control(s, { type: 'freeze', frozen: true }, T0);
    s = control(s, { type: 'next' }, T0);
    s = control(s, { type: 'next' }, T0);
    expect([s.index, s.shown]).toEqual([4, 2]);
    s = control(s, { type: 'freeze' }, T0);
    expect([s.index, s.shown, s.frozen]).toEqual([4, 4, false]);
    s = control(s, { type: 'freeze' }, T0);
    expect(s.frozen).toBe(true);
  });

  it('blanks to black or white and back, and shows a message until it is taken down', () => {
    let s = control(startState(deck, T0), { type: 'screen', screen: 'black' }, T0);
    expect(s.screen).toBe('black');
    s = control(s, { type: 'screen', screen: 'white' }, T0);
    expect(s.screen).toBe('white');
    s = control(s, { type: 'screen', screen: 'slide' }, T0);
    // A toggle is decided against the host's state: B twice is black then the slide again.
    s = control(s, { type: 'screen', screen: 'black', toggle: true }, T0);
    expect(s.screen).toBe('black');
    s = control(s, { type: 'screen', screen: 'black', toggle: true }, T0);
    expect(s.screen).toBe('slide');
    s = control(s, { type: 'message', text: 'Giải lao 10 phút' }, T0);
    expect(s.message).toBe('Giải lao 10 phút');
    s = control(s, { type: 'message', text: null }, T0);
    expect(s.message).toBeNull();
  });
});

describe('the speaker countdown', () => {
  it('runs from the host clock, pauses, resumes and resets', () => {
    let s = control(startState(deck, T0), { type: 'countdownLength', minutes: 2 }, T0);
    s = control(s, { type: 'countdown', op: 'toggle' }, T0);
    expect(s.countdown.visible).toBe(true);
    expect(countdownRemaining(s.countdown, T0 + 45_000)).toBe(75_000);
    s = control(s, { type: 'countdown', op: 'toggle' }, T0 + 45_000);
    // Paused: the time left stays put however long the pause.
    expect(countdownRemaining(s.countdown, T0 + 600_000)).toBe(75_000);
    s = control(s, { type: 'countdown', op: 'toggle' }, T0 + 600_000);
    expect(countdownRemaining(s.countdown, T0 + 675_000)).toBe(0);
    expect(countdownRemaining(s.countdown, T0 + 900_000)).toBe(0);
    // Stopped at zero, then started again: from the full length.
    s = control(s, { type: 'countdown', op: 'toggle' }, T0 + 900_000);
    expect(s.countdown).toMatchObject({ remainingMs: 0, startedAt: null });
    s = control(s, { type: 'countdown', op: 'toggle' }, T0 + 900_000);
    expect(countdownRemaining(s.countdown, T0 + 930_000)).toBe(90_000);
    s = control(s, { type: 'countdown', op: 'reset' }, T0 + 1_010_000);
    expect(s.countdown).toMatchObject({ remainingMs: 120_000, startedAt: null });
    s = control(s, { type: 'countdown', op: 'hide' }, T0 + 1_010_000);
    expect(s.countdown.visible).toBe(false);
  });
});

describe('a deck that changes during the meeting', () => {
  it('keeps the slide in range when slides go away, and carries on when the console reopens the same meeting', () => {
    let s = control(startState(deck, T0), { type: 'last' }, T0);
    s = withDeck(s, deckOf([null, null, 0, 1]), T0);
    expect([s.index, s.shown, s.slideCount]).toEqual([3, 3, 4]);
    const again = startState(deckOf([null, null, 0, 1]), T0 + 5_000, s);
    expect(again.index).toBe(3);
    expect(again.startedAt).toBe(T0);
    const other = startState(deckOf([null, 0], 'm2'), T0 + 5_000, s);
    expect(other).toMatchObject({ meetingId: 'm2', index: 0, startedAt: T0 + 5_000 });
    expect(other.seq).toBeGreaterThan(s.seq);
  });
});
