import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SIZE,
  parseWindowState,
  readWindowState,
  restoreBounds,
  writeWindowState,
  type DisplayArea,
  type WindowState,
} from './window-state';

// A 1920×1080 laptop panel (task bar at the bottom) and a 1280×1024 monitor to its right.
const laptop: DisplayArea = { workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
const monitor: DisplayArea = { workArea: { x: 1920, y: 0, width: 1280, height: 984 } };
const saved = (x: number, y: number, width = 1100, height = 700, maximized = false): WindowState => ({
  bounds: { x, y, width, height },
  maximized,
});

describe('restoreBounds', () => {
  it('opens 1280×800 centred on the primary display when nothing was saved', () => {
    expect(restoreBounds(null, [laptop, monitor])).toEqual({
      bounds: { x: 320, y: 120, width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height },
      maximized: false,
    });
  });

  it('keeps bounds saved on a display that exists', () => {
    expect(restoreBounds(saved(100, 50), [laptop, monitor])).toEqual(saved(100, 50));
    expect(restoreBounds(saved(2000, 100), [laptop, monitor])).toEqual(saved(2000, 100));
  });

  it('falls back to the centred default when the saved display was unplugged', () => {
    // Saved on the monitor; only the laptop is attached now.
    expect(restoreBounds(saved(2000, 100), [laptop])).toEqual({
      bounds: { x: 320, y: 120, width: 1280, height: 800 },
      maximized: false,
    });
  });

  it('moves a partly off-screen window just far enough to be wholly on its display', () => {
    expect(restoreBounds(saved(-300, -40), [laptop]).bounds).toEqual({ x: 0, y: 0, width: 1100, height: 700 });
    expect(restoreBounds(saved(1500, 600), [laptop]).bounds).toEqual({ x: 820, y: 340, width: 1100, height: 700 });
    // Straddling both displays, mostly on the monitor: it goes onto the monitor.
    expect(restoreBounds(saved(1800, 100), [laptop, monitor]).bounds).toEqual({ x: 1920, y: 100, width: 1100, height: 700 });
  });

  it('shrinks a window larger than the display it is restored on', () => {
    expect(restoreBounds(saved(1920, 0, 1900, 1200), [laptop, monitor]).bounds).toEqual({ x: 1920, y: 0, width: 1280, height: 984 });
  });

  it('fits the default into a display smaller than 1280×800', () => {
    const small: DisplayArea = { workArea: { x: 0, y: 0, width: 1024, height: 728 } };
    expect(restoreBounds(null, [small]).bounds).toEqual({ x: 0, y: 0, width: 1024, height: 728 });
  });

  it('keeps the maximized flag, on its display or after falling back', () => {
    expect(restoreBounds(saved(100, 50, 1100, 700, true), [laptop, monitor])).toEqual(saved(100, 50, 1100, 700, true));
    expect(restoreBounds(saved(2000, 100, 1100, 700, true), [laptop])).toEqual({
      bounds: { x: 320, y: 120, width: 1280, height: 800 },
      maximized: true,
    });
  });

  it('centres on the primary display, which comes first, wherever it sits', () => {
    expect(restoreBounds(null, [monitor, laptop]).bounds).toEqual({ x: 1920, y: 92, width: 1280, height: 800 });
  });

  it('survives a system that reports no display', () => {
    expect(restoreBounds(saved(100, 50), [])).toEqual({ bounds: { x: 0, y: 0, width: 1280, height: 800 }, maximized: false });
  });
});

describe('parseWindowState', () => {
  it('accepts a saved state', () => {
    expect(parseWindowState({ bounds: { x: -10, y: 0, width: 1000, height: 700 }, maximized: true })).toEqual({
      bounds: { x: -10, y: 0, width: 1000, height: 700 },
      maximized: true,
    });
  });

  it('treats anything damaged as no state', () => {
    for (const value of [
      null,
      'x',
      {},
      { bounds: null },
      { bounds: { x: 0, y: 0, width: 0, height: 700 } },
      { bounds: { x: 0, y: 0, width: 1000, height: -1 } },
      { bounds: { x: Number.NaN, y: 0, width: 1000, height: 700 } },
      { bounds: { x: 1e9, y: 0, width: 1000, height: 700 } },
      { bounds: { x: '0', y: 0, width: 1000, height: 700 } },
    ]) {
      expect(parseWindowState(value), JSON.stringify(value)).toBeNull();
    }
  });
});

describe('readWindowState and writeWindowState', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chibo-window-state-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips a state and leaves no temporary file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'nested', 'window-state.json');
    writeWindowState(file, saved(10, 20, 1000, 700, true));
    expect(readWindowState(file)).toEqual(saved(10, 20, 1000, 700, true));
    writeWindowState(file, saved(30, 40));
    expect(readWindowState(file)).toEqual(saved(30, 40));
    expect(fs.readdirSync(path.dirname(file))).toEqual(['window-state.json']);
  });

  it('reads a missing or damaged file as no state', () => {
    const dir = tempDir();
    expect(readWindowState(path.join(dir, 'missing.json'))).toBeNull();
    fs.writeFileSync(path.join(dir, 'half.json'), '{"bounds":{"x":1,');
    expect(readWindowState(path.join(dir, 'half.json'))).toBeNull();
  });

  it('keeps the old file when the new one cannot be written', () => {
    const dir = tempDir();
    const file = path.join(dir, 'window-state.json');
    writeWindowState(file, saved(1, 2));
    fs.mkdirSync(`${file}.${process.pid}.tmp`); // the temporary name is taken by a folder: the write fails
    expect(() => writeWindowState(file, saved(3, 4))).toThrow();
    expect(readWindowState(file)).toEqual(saved(1, 2));
  });
});
