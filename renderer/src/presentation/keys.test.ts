import { describe, expect, it } from 'vitest';
import { keyAction } from './keys';

describe('the presenter keys', () => {
  it('moves on with → Space PageDown and back with ← PageUp, as clickers send them', () => {
    for (const key of ['ArrowRight', ' ', 'PageDown']) expect(keyAction(key, '')).toEqual({ kind: 'action', action: { type: 'next' } });
    for (const key of ['ArrowLeft', 'PageUp']) expect(keyAction(key, '')).toEqual({ kind: 'action', action: { type: 'previous' } });
    expect(keyAction('Home', '')).toEqual({ kind: 'action', action: { type: 'first' } });
    expect(keyAction('End', '')).toEqual({ kind: 'action', action: { type: 'last' } });
  });

  it('jumps to a slide by its number and Enter; Esc clears a half-typed number before it leaves', () => {
    expect(keyAction('1', '')).toEqual({ kind: 'digits', digits: '1' });
    expect(keyAction('2', '1')).toEqual({ kind: 'digits', digits: '12' });
    expect(keyAction('Enter', '12')).toEqual({ kind: 'action', action: { type: 'go', index: 11 } });
    expect(keyAction('Escape', '12')).toEqual({ kind: 'digits', digits: '' });
    expect(keyAction('Escape', '')).toEqual({ kind: 'leave' });
  });

  it('toggles black and white screens, freeze and the countdown', () => {
    for (const key of ['b', 'B', '.']) expect(keyAction(key, '')).toEqual({ kind: 'action', action: { type: 'screen', screen: 'black', toggle: true } });
    for (const key of ['w', 'W', ',']) expect(keyAction(key, '')).toEqual({ kind: 'action', action: { type: 'screen', screen: 'white', toggle: true } });
    for (const key of ['f', 'F']) expect(keyAction(key, '')).toEqual({ kind: 'action', action: { type: 'freeze' } });
    expect(keyAction('t', '')).toEqual({ kind: 'action', action: { type: 'countdown', op: 'toggle' } });
    expect(keyAction('x', '')).toBeNull();
  });
});
