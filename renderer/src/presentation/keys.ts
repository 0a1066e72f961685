// The presenter's keys, as PowerPoint and OpenSlides users expect them and as presentation clickers send them
// (PageUp/PageDown, and "." or "b" for a black screen). Pure: the console and the projector page both use it.
import type { ControlAction } from '../../../core/api';

export type KeyResult =
  | { kind: 'action'; action: ControlAction }
  | { kind: 'digits'; digits: string }
  | { kind: 'leave' }
  | null;

/**
 * What a key does, given the slide number typed so far (a number then Enter jumps to it). Toggles (B, W, F) are
 * resolved by the host against its own state, so two quick presses never act on a stale picture.
 */
export function keyAction(key: string, digits: string): KeyResult {
  if (/^[0-9]$/.test(key)) return digits.length < 4 ? { kind: 'digits', digits: digits + key } : { kind: 'digits', digits };
  if (key === 'Backspace' && digits) return { kind: 'digits', digits: digits.slice(0, -1) };
  if (key === 'Enter' && digits) return { kind: 'action', action: { type: 'go', index: Math.max(0, Number(digits) - 1) } };
  if (key === 'Escape') return digits ? { kind: 'digits', digits: '' } : { kind: 'leave' };
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
    case ' ':
    case 'PageDown':
    case 'Enter':
      return { kind: 'action', action: { type: 'next' } };
    case 'ArrowLeft':
    case 'ArrowUp':
    case 'PageUp':
    case 'Backspace':
      return { kind: 'action', action: { type: 'previous' } };
    case 'Home':
      return { kind: 'action', action: { type: 'first' } };
    case 'End':
      return { kind: 'action', action: { type: 'last' } };
    case 'b':
    case 'B':
    case '.':
      return { kind: 'action', action: { type: 'screen', screen: 'black', toggle: true } };
    case 'w':
    case 'W':
    case ',':
      return { kind: 'action', action: { type: 'screen', screen: 'white', toggle: true } };
    case 'f':
    case 'F':
      return { kind: 'action', action: { type: 'freeze' } };
    case 't':
    case 'T':
      return { kind: 'action', action: { type: 'countdown', op: 'toggle' } };
    default:
      return null;
  }
}

/** Keys typed into a field, or inside a drawer or dialog (the roll call, an opinion), are not the presenter's. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest('.ant-drawer, .ant-modal, .ant-select-dropdown, .ant-picker-dropdown, [data-keys="own"]')) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}
