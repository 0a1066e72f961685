import { describe, expect, it } from 'vitest';
import { chooseProjectorDisplay, projectorWarning, reconcileProjector, windowedBounds, type DisplayInfo } from './displays';

// A ward office: the laptop (1920×1080, its taskbar 40 px), a projector to its right, sometimes a TV or a monitor.
const laptop: DisplayInfo = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 }, internal: true };
const projector: DisplayInfo = { id: 2, bounds: { x: 1920, y: 0, width: 1024, height: 768 }, internal: false };
const tv: DisplayInfo = { id: 3, bounds: { x: 2944, y: 0, width: 1920, height: 1080 }, internal: false };
/** Windows' "Nhân bản" (Duplicate) on some drivers: the projector reports the laptop's own bounds. */
const mirror = (id: number): DisplayInfo => ({ id, bounds: { ...laptop.bounds }, internal: false });

describe('chooseProjectorDisplay', () => {
  it('opens a 16:9 window centred on the only screen', () => {
    const placement = chooseProjectorDisplay([laptop], laptop.id);
    expect(placement).toEqual({ mode: 'windowed', displayId: 1, reason: 'single', bounds: { x: 344, y: 174, width: 1232, height: 693 } });
    expect(projectorWarning(placement)).toMatch(/một màn hình/);
  });

  it('keeps the window inside a short, wide screen', () => {
    const bounds = windowedBounds({ id: 9, bounds: { x: 0, y: 0, width: 2560, height: 1080 }, workArea: { x: 0, y: 0, width: 2560, height: 1040 } });
    expect(bounds.height).toBeLessThanOrEqual(Math.round((1040 * 2) / 3));
    expect(bounds.width / bounds.height).toBeCloseTo(16 / 9, 1);
    expect(bounds.x + bounds.width / 2).toBeCloseTo(1280, 0);
  });

  it('goes full screen on the projector when there are two screens, whichever order they are listed in', () => {
    for (const displays of [[laptop, projector], [projector, laptop]]) {
      const placement = chooseProjectorDisplay(displays, laptop.id);
      expect(placement).toEqual({ mode: 'fullscreen', displayId: 2, bounds: projector.bounds });
      expect(projectorWarning(placement)).toBeNull();
    }
  });

  it('never covers the console: the other screen is used even when it is the laptop’s own', () => {
    // The console was moved to an external monitor; the laptop's panel is the free one.
    expect(chooseProjectorDisplay([laptop, projector], projector.id)).toMatchObject({ mode: 'fullscreen', displayId: 1 });
  });

  it('with three screens, takes the one the projector was last on while it is still there', () => {
    expect(chooseProjectorDisplay([laptop, projector, tv], laptop.id, projector.id)).toMatchObject({ mode: 'fullscreen', displayId: 2 });
    expect(chooseProjectorDisplay([laptop, projector, tv], laptop.id, 42)).toMatchObject({ mode: 'fullscreen', displayId: 3 });
    // The console's own display is never "preferred".
    expect(chooseProjectorDisplay([laptop, projector, tv], laptop.id, laptop.id)).toMatchObject({ mode: 'fullscreen', displayId: 3 });
  });

  it('with three screens, prefers an external one to a second internal panel, then the largest, then the lowest id', () => {
    const dock: DisplayInfo = { id: 4, bounds: { x: -3840, y: 0, width: 3840, height: 2160 }, internal: true };
    const monitor: DisplayInfo = { id: 1, bounds: { x: 0, y: 0, width: 2560, height: 1440 } };
    expect(chooseProjectorDisplay([monitor, dock, projector], monitor.id)).toMatchObject({ mode: 'fullscreen', displayId: 2 });
    expect(chooseProjectorDisplay([laptop, projector, tv], laptop.id)).toMatchObject({ mode: 'fullscreen', displayId: 3 });
    const twin = { ...tv, id: 7, bounds: { ...tv.bounds, x: 4864 } };
    expect(chooseProjectorDisplay([laptop, twin, tv], laptop.id)).toMatchObject({ mode: 'fullscreen', displayId: 3 });
    // When no display says whether it is internal (some platforms), the largest other one wins.
    const plain = [laptop, projector, tv].map(({ internal: _internal, ...d }) => d);
    expect(chooseProjectorDisplay(plain, laptop.id)).toMatchObject({ mode: 'fullscreen', displayId: 3 });
  });

  it('opens a window and says to choose "Mở rộng" when the projector only mirrors the laptop', () => {
    const placement = chooseProjectorDisplay([laptop, mirror(2)], laptop.id);
    expect(placement).toMatchObject({ mode: 'windowed', displayId: 1, reason: 'mirrored' });
    const warning = projectorWarning(placement)!;
    expect(warning).toContain('Mở rộng');
    expect(warning).toContain('Windows + P');
    expect(warning).toMatch(/thấy màn hình điều khiển/);
    expect(chooseProjectorDisplay([laptop, mirror(2), mirror(3)], laptop.id)).toMatchObject({ mode: 'windowed', reason: 'mirrored' });
  });

  it('skips a mirror and goes full screen on the display that extends the desktop', () => {
    expect(chooseProjectorDisplay([laptop, mirror(2), tv], laptop.id)).toMatchObject({ mode: 'fullscreen', displayId: 3 });
    expect(chooseProjectorDisplay([laptop, mirror(2), tv], laptop.id, 2)).toMatchObject({ mode: 'fullscreen', displayId: 3 });
  });

  it('ignores a placeholder display the system did not detect', () => {
    expect(chooseProjectorDisplay([laptop, { ...projector, detected: false }], laptop.id)).toMatchObject({ mode: 'windowed' });
  });
});

describe('reconcileProjector', () => {
  const onProjector = { displayId: 2, mode: 'fullscreen' as const, bounds: projector.bounds };

  it('leaves the projector alone when nothing that matters changed', () => {
    expect(reconcileProjector(onProjector, [laptop, projector], laptop.id)).toEqual({ action: 'keep' });
    // A TV plugged in mid-meeting does not steal the slides.
    expect(reconcileProjector(onProjector, [laptop, projector, tv], laptop.id)).toEqual({ action: 'keep' });
  });

  it('refits the full-screen projector when its display changes resolution', () => {
    const sharper = { ...projector, bounds: { ...projector.bounds, width: 1920, height: 1080 } };
    expect(reconcileProjector(onProjector, [laptop, sharper], laptop.id)).toEqual({
      action: 'move',
      placement: { mode: 'fullscreen', displayId: 2, bounds: sharper.bounds },
    });
  });

  it('moves the slides to the other external display when the projector is unplugged mid-meeting', () => {
    expect(reconcileProjector(onProjector, [laptop, tv], laptop.id)).toEqual({
      action: 'move',
      placement: { mode: 'fullscreen', displayId: 3, bounds: tv.bounds },
    });
  });

  it('closes the projector when only the laptop is left, rather than cover the console', () => {
    expect(reconcileProjector(onProjector, [laptop], laptop.id)).toEqual({ action: 'close' });
    // The console on an external monitor, the projector unplugged: the laptop's panel is not where the room looks.
    const onTv = { displayId: 3, mode: 'fullscreen' as const };
    expect(reconcileProjector(onTv, [projector, laptop], projector.id)).toEqual({ action: 'close' });
  });

  it('closes the projector when it is switched to mirroring the laptop', () => {
    expect(reconcileProjector(onProjector, [laptop, mirror(2)], laptop.id)).toEqual({ action: 'close' });
  });

  it('goes full screen on a display plugged in while the projector is a window', () => {
    const windowed = { displayId: 1, mode: 'windowed' as const };
    expect(reconcileProjector(windowed, [laptop], laptop.id)).toEqual({ action: 'keep' });
    expect(reconcileProjector(windowed, [laptop, projector], laptop.id)).toEqual({
      action: 'move',
      placement: { mode: 'fullscreen', displayId: 2, bounds: projector.bounds },
    });
  });

  it('goes full screen when the user switches from mirroring to "Mở rộng"', () => {
    const windowed = { displayId: 1, mode: 'windowed' as const };
    expect(reconcileProjector(windowed, [laptop, mirror(2)], laptop.id)).toEqual({ action: 'keep' });
    expect(reconcileProjector(windowed, [laptop, projector], laptop.id)).toMatchObject({ action: 'move', placement: { mode: 'fullscreen', displayId: 2 } });
  });

  it('takes the display a windowed projector was dragged to', () => {
    const dragged = { displayId: 2, mode: 'windowed' as const };
    expect(reconcileProjector(dragged, [laptop, projector, tv], laptop.id)).toMatchObject({ action: 'move', placement: { displayId: 2 } });
  });
});
