// Where the projector window goes: which display, full screen or in a window, and what to do when a display is plugged
// in, unplugged or changed mid-meeting. Pure: projector.ts feeds it Electron's displays (screen.getAllDisplays()),
// the tests feed it plain values. The console is never covered: the display it is on is never a target.
import type { Rect } from './window-state';
import { projector as t } from './strings';

export type { Rect };

/** What the choice needs of a display; Electron's Display has all of it. */
export interface DisplayInfo {
  id: number;
  bounds: Rect;
  /** The bounds less the taskbar; the windowed projector is sized from it (the bounds when absent). */
  workArea?: Rect;
  /** true for the laptop's own panel, false for an external one; absent or unknown counts as maybe external. */
  internal?: boolean;
  /** false for the placeholder display a system reports when none is attached; such a display is never a target. */
  detected?: boolean;
}

export type ProjectorPlacement =
  | { mode: 'fullscreen'; displayId: number; bounds: Rect }
  | {
      mode: 'windowed';
      displayId: number;
      bounds: Rect;
      /** single: one screen only; mirrored: every other display shows the same picture as the console's. */
      reason: 'single' | 'mirrored';
    };

export type ProjectorReconciliation = { action: 'keep' } | { action: 'move'; placement: ProjectorPlacement } | { action: 'close' };

/** Where the projector is now. `bounds`, when given for a full-screen projector, notices a resolution change. */
export interface ProjectorNow {
  displayId: number;
  mode: 'fullscreen' | 'windowed';
  bounds?: Rect;
}

/** Size of the windowed projector: 2/3 of the work area, 16:9. */
const WINDOW_SHARE = 2 / 3;
const ASPECT = 16 / 9;
const FALLBACK_AREA: Rect = { x: 0, y: 0, width: 1280, height: 720 };

export const sameRect = (a: Rect, b: Rect) => a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

const area = (d: DisplayInfo) => d.bounds.width * d.bounds.height;

/** A 16:9 window of 2/3 of the display's work area, centred on it. */
export function windowedBounds(display: DisplayInfo | undefined): Rect {
  const work = display?.workArea ?? display?.bounds ?? FALLBACK_AREA;
  let width = Math.round(work.width * WINDOW_SHARE);
  let height = Math.round(width / ASPECT);
  if (height > work.height * WINDOW_SHARE) {
    height = Math.round(work.height * WINDOW_SHARE);
    width = Math.round(height * ASPECT);
  }
  return {
    x: Math.round(work.x + (work.width - width) / 2),
    y: Math.round(work.y + (work.height - height) / 2),
    width,
    height,
  };
}

/** The console's display: the one with `primaryId`, else the first listed. */
function consoleDisplay(displays: readonly DisplayInfo[], primaryId: number): DisplayInfo | undefined {
  return displays.find((d) => d.id === primaryId) ?? displays[0];
}

/**
 * Displays the projector may go full screen on: not the console's, not a mirror of it (same bounds: the room sees
 * the console there anyway), not a placeholder the system did not detect.
 */
function targets(displays: readonly DisplayInfo[], primary: DisplayInfo | undefined): DisplayInfo[] {
  if (!primary) return [];
  return displays.filter((d) => d.id !== primary.id && !sameRect(d.bounds, primary.bounds) && d.detected !== false);
}

/** The largest display by area; ties go to the lowest id, so the same set of displays always gives the same answer. */
function largest(displays: readonly DisplayInfo[]): DisplayInfo {
  return [...displays].sort((a, b) => area(b) - area(a) || a.id - b.id)[0]!;
}

/**
 * Where to open the projector. `primaryId` is the display the console is on (the primary display unless the console
 * was moved); `preferredId` the display the projector was last on, if any.
 * - one display: a window on it (reason 'single');
 * - every other display mirrors the console's: a window on the console's display (reason 'mirrored');
 * - otherwise full screen on: the preferred display if it is still a target; else an external display
 *   (internal === false) over an internal or unknown one; the largest of those; ties by lowest id.
 */
export function chooseProjectorDisplay(
  displays: readonly DisplayInfo[],
  primaryId: number,
  preferredId?: number | null,
): ProjectorPlacement {
  const primary = consoleDisplay(displays, primaryId);
  const candidates = targets(displays, primary);
  if (candidates.length === 0) {
    const others = primary ? displays.filter((d) => d.id !== primary.id) : [];
    return {
      mode: 'windowed',
      displayId: primary?.id ?? primaryId,
      bounds: windowedBounds(primary),
      reason: others.length > 0 ? 'mirrored' : 'single',
    };
  }
  return fullscreenOn(pick(candidates, preferredId));
}

/** The preferred display if listed; else the largest external one; else the largest; ties by lowest id. */
function pick(candidates: readonly DisplayInfo[], preferredId?: number | null): DisplayInfo {
  const preferred = preferredId == null ? undefined : candidates.find((d) => d.id === preferredId);
  if (preferred) return preferred;
  const external = candidates.filter((d) => d.internal === false);
  return largest(external.length > 0 ? external : candidates);
}

function fullscreenOn(display: DisplayInfo): ProjectorPlacement {
  return { mode: 'fullscreen', displayId: display.id, bounds: { ...display.bounds } };
}

/**
 * What to do with an open projector after a display was added, removed or changed.
 * - full screen, its display still a target: keep (or move onto the same display when its bounds changed);
 * - full screen, its display unplugged or now mirroring the console: move to another display not known to be the
 *   laptop's own panel; close when none is left (it must never cover the console, which carries on);
 * - windowed, and now a display to go full screen on (plugged in, or switched from mirroring to extending): move
 *   there; otherwise keep.
 */
export function reconcileProjector(current: ProjectorNow, displays: readonly DisplayInfo[], primaryId: number): ProjectorReconciliation {
  if (current.mode === 'windowed') {
    const next = chooseProjectorDisplay(displays, primaryId, current.displayId);
    return next.mode === 'fullscreen' ? { action: 'move', placement: next } : { action: 'keep' };
  }
  const candidates = targets(displays, consoleDisplay(displays, primaryId));
  const still = candidates.find((d) => d.id === current.displayId);
  if (still) {
    const resized = current.bounds !== undefined && !sameRect(current.bounds, still.bounds);
    return resized ? { action: 'move', placement: fullscreenOn(still) } : { action: 'keep' };
  }
  const elsewhere = candidates.filter((d) => d.internal !== true);
  return elsewhere.length > 0 ? { action: 'move', placement: fullscreenOn(pick(elsewhere)) } : { action: 'close' };
}

/** The warning the console shows for a placement, in Vietnamese; null when the projector is full screen. */
export function projectorWarning(placement: ProjectorPlacement): string | null {
  if (placement.mode === 'fullscreen') return null;
  return placement.reason === 'mirrored' ? t.mirrored : t.single;
}
