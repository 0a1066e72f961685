// The projector window: the slides, full screen on the room's display, while the main window stays the presenter's
// console. The runtime calls open() when the console starts a presentation and close() when it ends; this file puts
// the window where displays.ts says and follows displays being plugged in, unplugged or switched between mirroring
// and extending. A crashed projector is reloaded; the console, its sign-in and the presentation carry on untouched.
import { BrowserWindow, screen } from 'electron';
import type { ProjectorHost } from '../core/context';
import { chooseProjectorDisplay, projectorWarning, reconcileProjector, type ProjectorNow, type ProjectorPlacement } from './displays';
import { projector as t } from './strings';
import type { AppOrigin } from './trust';
import { secureWebPreferences } from './web-preferences';

/** The renderer's route for the projector view, on the same index.html as the console. */
export const PROJECTOR_ROUTE = '/may-chieu';

/** Display events come in bursts (removed, then the others' metrics); act once they settle. */
const SETTLE_MS = 300;
/** More crashes than this within CRASH_WINDOW_MS and the projector is closed instead of reloaded yet again. */
const MAX_CRASHES = 3;
const CRASH_WINDOW_MS = 60_000;

export interface ProjectorOptions {
  origin: AppOrigin;
  /** Vite's dev server while developing; the built index.html otherwise. */
  devServerUrl: string | undefined;
  rendererIndex: string;
  preload: string;
  development: boolean;
  /** The console window, if open: the projector never covers the display it is on. */
  console: () => BrowserWindow | null;
  /** Each projector window as it is created, so main.ts trusts it for IPC and sends it events. */
  onWindow: (window: BrowserWindow) => void;
  log: (what: string, error?: unknown) => void;
}

export interface Projector extends ProjectorHost {
  /** The projector window, while open. */
  window(): BrowserWindow | null;
  /** Its webContents id, while open: main.ts signs its IPC calls in as the console. */
  webContentsId(): number | null;
}

/** The projector's URL on the dev server: the same page, the projector's route in the hash. */
export function projectorDevUrl(devServerUrl: string): string {
  const url = new URL(devServerUrl);
  url.hash = PROJECTOR_ROUTE;
  return url.href;
}

export function createProjector(options: ProjectorOptions): Projector {
  const { log } = options;
  let current: { window: BrowserWindow; placement: ProjectorPlacement; shown: boolean } | null = null;
  /** A presentation is running and wants a projector: set by open(), cleared by close() or the user closing it. */
  let wanted = false;
  /** The display the projector was last full screen on, preferred when it opens again. */
  let lastDisplayId: number | null = null;
  /** Windows closed by this file (not by the user with Alt+F4). */
  const closedHere = new WeakSet<BrowserWindow>();
  let crashes: number[] = [];
  let listening = false;
  let settle: NodeJS.Timeout | undefined;

  const live = () => (current && !current.window.isDestroyed() ? current : null);

  /** The console's display: it is never a target. The primary display when the console is not open. */
  function consoleDisplayId(): number {
    const consoleWindow = options.console();
    if (consoleWindow && !consoleWindow.isDestroyed()) return screen.getDisplayMatching(consoleWindow.getBounds()).id;
    return screen.getPrimaryDisplay().id;
  }

  const choose = () => chooseProjectorDisplay(screen.getAllDisplays(), consoleDisplayId(), lastDisplayId);

  function load(window: BrowserWindow): void {
    const loaded =
      options.origin.kind === 'dev-server' && options.devServerUrl
        ? window.loadURL(projectorDevUrl(options.devServerUrl))
        : window.loadFile(options.rendererIndex, { hash: PROJECTOR_ROUTE });
    loaded.catch((error: unknown) => log('loading the projector failed', error));
  }

  /** Puts a shown window where the placement says: the display's bounds and full screen, or a plain window. */
  function place(window: BrowserWindow, placement: ProjectorPlacement): void {
    if (placement.mode === 'fullscreen') lastDisplayId = placement.displayId;
    const apply = () => {
      if (window.isDestroyed()) return;
      window.setBounds(placement.bounds);
      if (placement.mode === 'fullscreen') window.setFullScreen(true);
    };
    if (window.isFullScreen()) {
      window.setFullScreen(false);
      // macOS leaves full screen asynchronously; the bounds can change only once it has.
      if (window.isFullScreen()) {
        window.once('leave-full-screen', apply);
        return;
      }
    }
    apply();
  }

  function moveTo(placement: ProjectorPlacement): void {
    const open = live();
    if (!open) return;
    open.placement = placement;
    if (open.shown) place(open.window, placement);
  }

  function closeWindow(): void {
    const open = live();
    current = null;
    if (!open) return;
    closedHere.add(open.window);
    open.window.close();
  }

  function create(placement: ProjectorPlacement): void {
    const window = new BrowserWindow({
      ...placement.bounds,
      title: t.title,
      show: false,
      backgroundColor: '#000000',
      autoHideMenuBar: true,
      skipTaskbar: false,
      fullscreenable: true,
      webPreferences: secureWebPreferences(options.preload, options.development),
    });
    window.setMenuBarVisibility(false);
    const entry = { window, placement, shown: false };
    current = entry;
    options.onWindow(window);

    // The page's <title> would otherwise replace the window's.
    window.on('page-title-updated', (event) => event.preventDefault());
    window.once('ready-to-show', () => {
      if (window.isDestroyed() || current !== entry) return;
      entry.shown = true;
      // Full screen on the room's display without taking the keyboard from the console.
      if (entry.placement.mode === 'fullscreen') window.showInactive();
      else window.show();
      place(window, entry.placement);
    });
    window.on('closed', () => {
      if (current === entry) current = null;
      // Closed by the user (Alt+F4): fine, the console carries on; plugging a display in does not bring it back,
      // open() does.
      if (!closedHere.has(window)) wanted = false;
    });
    window.webContents.on('render-process-gone', (_event, details) => {
      if (window.isDestroyed() || current !== entry || details.reason === 'clean-exit') return;
      log(`projector renderer gone: ${details.reason}`);
      const now = Date.now();
      crashes = [...crashes.filter((at) => now - at < CRASH_WINDOW_MS), now];
      if (crashes.length > MAX_CRASHES) {
        log('the projector keeps crashing; closing it, the console carries on');
        wanted = false;
        closeWindow();
        return;
      }
      // The presentation lives in the main process: the reloaded page picks it up where it was.
      load(window);
    });
    load(window);
  }

  /** After displays changed: keep, move or close the projector; reopen one an unplugged cable closed. */
  function reconcile(): void {
    const displays = screen.getAllDisplays();
    const consoleId = consoleDisplayId();
    const open = live();
    if (!open) {
      if (!wanted) return;
      const placement = chooseProjectorDisplay(displays, consoleId, lastDisplayId);
      if (placement.mode === 'fullscreen') create(placement);
      return;
    }
    const now: ProjectorNow =
      open.placement.mode === 'fullscreen'
        ? { displayId: open.placement.displayId, mode: 'fullscreen', bounds: open.placement.bounds }
        : { displayId: screen.getDisplayMatching(open.window.getBounds()).id, mode: 'windowed' };
    const verdict = reconcileProjector(now, displays, consoleId);
    if (verdict.action === 'move') moveTo(verdict.placement);
    else if (verdict.action === 'close') closeWindow(); // still wanted: plugging the projector back in reopens it
  }

  function listen(): void {
    if (listening) return;
    listening = true;
    const soon = () => {
      clearTimeout(settle);
      settle = setTimeout(() => {
        try {
          reconcile();
        } catch (error) {
          log('following the displays failed', error);
        }
      }, SETTLE_MS);
    };
    screen.on('display-added', soon);
    screen.on('display-removed', soon);
    screen.on('display-metrics-changed', soon);
  }

  return {
    open() {
      listen();
      wanted = true;
      crashes = [];
      const placement = choose();
      const open = live();
      if (!open) {
        create(placement);
      } else if (open.placement.mode === 'windowed' && placement.mode === 'windowed') {
        // Already a window, perhaps dragged somewhere by the user: leave it there, bring it up.
        open.placement = placement;
        if (open.shown) {
          if (open.window.isMinimized()) open.window.restore();
          open.window.show();
        }
      } else if (open.placement.mode !== placement.mode || open.placement.displayId !== placement.displayId) {
        moveTo(placement);
      }
      return { mode: placement.mode, warning: projectorWarning(placement) };
    },
    close() {
      wanted = false;
      clearTimeout(settle);
      closeWindow();
    },
    window: () => live()?.window ?? null,
    webContentsId: () => live()?.window.webContents.id ?? null,
  };
}
