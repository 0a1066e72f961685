// Remembers where the main window was: its normal bounds and whether it was maximized, in <userData>/window-state.json.
// Restoring keeps the window on a display that exists now (a projector or second monitor may have been unplugged).
// Node's fs only; no Electron, so it is tested as it is.
import fs from 'node:fs';
import path from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** The normal (not maximized, not full-screen) bounds. */
  bounds: Rect;
  maximized: boolean;
}

/** What restoreBounds needs of a display; Electron's Display has it. */
export interface DisplayArea {
  workArea: Rect;
}

export const DEFAULT_SIZE = { width: 1280, height: 800 } as const;
export const MIN_SIZE = { width: 960, height: 600 } as const;
export const STATE_FILE_NAME = 'window-state.json';

const LIMIT = 100_000;
const isCoordinate = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < LIMIT;
const isLength = (v: unknown): v is number => isCoordinate(v) && v > 0;

/** A saved state, or null when the value is not one (a damaged or hand-edited file counts as no state). */
export function parseWindowState(value: unknown): WindowState | null {
  if (typeof value !== 'object' || value === null) return null;
  const { bounds, maximized } = value as { bounds?: Partial<Rect>; maximized?: unknown };
  if (typeof bounds !== 'object' || bounds === null) return null;
  const { x, y, width, height } = bounds;
  if (!isCoordinate(x) || !isCoordinate(y) || !isLength(width) || !isLength(height)) return null;
  return { bounds: { x, y, width, height }, maximized: maximized === true };
}

function intersectionArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);

function sizeWithin(width: number, height: number, area: Rect): { width: number; height: number } {
  return {
    width: Math.round(Math.min(Math.max(width, MIN_SIZE.width), area.width)),
    height: Math.round(Math.min(Math.max(height, MIN_SIZE.height), area.height)),
  };
}

function centred(area: Rect): Rect {
  const { width, height } = sizeWithin(DEFAULT_SIZE.width, DEFAULT_SIZE.height, area);
  return {
    x: Math.round(area.x + (area.width - width) / 2),
    y: Math.round(area.y + (area.height - height) / 2),
    width,
    height,
  };
}

/**
 * Where to open the main window. `displays` lists the displays now attached, the primary first.
 * - no saved state: 1280×800 centred on the primary display (smaller if the display is);
 * - saved bounds overlapping a display: kept, moved and shrunk only as far as needed to lie wholly on the display
 *   they overlap most;
 * - saved bounds on no display (that monitor was unplugged): the default, centred on the primary display.
 * `maximized` is carried over either way; the window maximizes on whichever display it opens on.
 */
export function restoreBounds(saved: WindowState | null, displays: readonly DisplayArea[]): WindowState {
  const primary = displays[0]?.workArea;
  if (!primary) return { bounds: { x: 0, y: 0, ...DEFAULT_SIZE }, maximized: saved?.maximized ?? false };
  if (!saved) return { bounds: centred(primary), maximized: false };

  let best: Rect | null = null;
  let bestArea = 0;
  for (const { workArea } of displays) {
    const area = intersectionArea(saved.bounds, workArea);
    if (area > bestArea) {
      best = workArea;
      bestArea = area;
    }
  }
  if (!best) return { bounds: centred(primary), maximized: saved.maximized };

  const { width, height } = sizeWithin(saved.bounds.width, saved.bounds.height, best);
  return {
    bounds: {
      x: Math.round(clamp(saved.bounds.x, best.x, best.x + best.width - width)),
      y: Math.round(clamp(saved.bounds.y, best.y, best.y + best.height - height)),
      width,
      height,
    },
    maximized: saved.maximized,
  };
}

/** The saved state, or null when there is none or it cannot be read. */
export function readWindowState(file: string): WindowState | null {
  try {
    return parseWindowState(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    return null;
  }
}

/** Writes the state so a crash mid-write leaves the old file or the new one, never half of one. */
export function writeWindowState(file: string, state: WindowState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`, 'utf8');
    fs.renameSync(temp, file);
  } catch (error) {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // the write's own error is the one worth reporting
    }
    throw error;
  }
}
