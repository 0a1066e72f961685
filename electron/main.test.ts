// main.ts against a stand-in for the 'electron' module (the real one is never loaded): Electron's binary cannot run
// everywhere the tests run, so this is where the wiring — the window's web preferences, the IPC sender check in front
// of the real runtime, event forwarding, the navigation and permission guards, the start-up failures, quitting, the
// projector window and the displays it follows — is checked. The decisions themselves are tested in their own files.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as RuntimeModule from '../core/runtime';
import type { Runtime, RuntimeOptions } from '../core/runtime';

const NODE_BUILD = path.resolve('node_modules/better-sqlite3/build/Release/better_sqlite3.node');

type Listener = (...args: unknown[]) => unknown;
type Rect = { x: number; y: number; width: number; height: number };
interface FakeDisplay {
  id: number;
  bounds: Rect;
  workArea: Rect;
  internal: boolean;
  detected: boolean;
}

const LAPTOP: FakeDisplay = {
  id: 1,
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 0, width: 1920, height: 1040 },
  internal: true,
  detected: true,
};
const PROJECTOR: FakeDisplay = {
  id: 2,
  bounds: { x: 1920, y: 0, width: 1024, height: 768 },
  workArea: { x: 1920, y: 0, width: 1024, height: 768 },
  internal: false,
  detected: true,
};

const overlap = (a: Rect, b: Rect) =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

function createFakeElectron(options: { isPackaged: boolean; appPath: string; userData: string; lock?: boolean }) {
  let frameIds = 100;
  const paths: Record<string, string> = { userData: options.userData };
  const app = Object.assign(new EventEmitter(), {
    isPackaged: options.isPackaged,
    setPath: vi.fn((name: string, value: string) => {
      paths[name] = value;
    }),
    setName: vi.fn(),
    enableSandbox: vi.fn(),
    setAppUserModelId: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => options.lock ?? true),
    quit: vi.fn(),
    exit: vi.fn(),
    whenReady: () => Promise.resolve(),
    getPath: (name: string) => paths[name] ?? os.tmpdir(),
    getAppPath: () => options.appPath,
    getVersion: () => '0.1.0',
  });

  let contentsIds = 1;
  class WebContents extends EventEmitter {
    id = contentsIds++;
    url = '';
    mainFrame = { frameTreeNodeId: frameIds++, url: '', parent: null as unknown };
    sent: unknown[][] = [];
    openHandler?: (details: { url: string }) => { action: string };
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.openHandler = handler;
    }
    send(...args: unknown[]) {
      this.sent.push(args);
    }
    getURL() {
      return this.url;
    }
    navigateTo(url: string) {
      this.url = url;
      this.mainFrame.url = url;
      this.loads++;
    }
    loads = 0;
  }

  class BrowserWindow extends EventEmitter {
    static created: BrowserWindow[] = [];
    webContents = new WebContents();
    maximized = false;
    destroyed = false;
    bounds: { x: number; y: number; width: number; height: number };
    constructor(readonly options: Record<string, unknown> & { x: number; y: number; width: number; height: number }) {
      super();
      this.bounds = { x: options.x, y: options.y, width: options.width, height: options.height };
      BrowserWindow.created.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadFile(file: string, options?: { hash?: string }) {
      this.webContents.navigateTo(pathToFileURL(file).href + (options?.hash ? `#${options.hash}` : ''));
      return Promise.resolve();
    }
    loadURL(url: string) {
      this.webContents.navigateTo(url);
      return Promise.resolve();
    }
    maximize() {
      this.maximized = true;
    }
    isMaximized() {
      return this.maximized;
    }
    getNormalBounds() {
      return this.bounds;
    }
    isDestroyed() {
      return this.destroyed;
    }
    isMinimized() {
      return false;
    }
    restore() {}
    visible: 'no' | 'shown' | 'inactive' = 'no';
    show() {
      this.visible = 'shown';
    }
    showInactive() {
      this.visible = 'inactive';
    }
    focus() {}
    fullScreen = false;
    setFullScreen(flag: boolean) {
      this.fullScreen = flag;
    }
    isFullScreen() {
      return this.fullScreen;
    }
    setBounds(bounds: Rect) {
      this.bounds = { ...bounds };
    }
    getBounds() {
      return this.bounds;
    }
    menuBarVisible = true;
    setMenuBarVisibility(visible: boolean) {
      this.menuBarVisible = visible;
    }
    close() {
      if (this.destroyed) return;
      this.emit('close');
      this.destroyed = true;
      this.emit('closed');
      this.webContents.emit('destroyed');
    }
  }

  const screen = Object.assign(new EventEmitter(), {
    displays: [LAPTOP] as FakeDisplay[],
    getPrimaryDisplay: () => screen.displays[0]!,
    getAllDisplays: () => screen.displays,
    getDisplayMatching: (rect: Rect) =>
      [...screen.displays].sort((a, b) => overlap(rect, b.bounds) - overlap(rect, a.bounds))[0]!,
    /** Plugs displays in or out as Windows does: the change, then an event; main.ts waits for the burst to settle. */
    change(displays: FakeDisplay[], event: 'display-added' | 'display-removed' | 'display-metrics-changed') {
      screen.displays = displays;
      screen.emit(event, {}, displays.at(-1));
    },
  });

  const ipcHandlers = new Map<string, Listener>();
  const headerListeners: Listener[] = [];
  const ses = {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    webRequest: { onHeadersReceived: (listener: Listener) => headerListeners.push(listener) },
  };
  return {
    app,
    BrowserWindow,
    ipcMain: { handle: (channel: string, handler: Listener) => ipcHandlers.set(channel, handler) },
    ipcHandlers,
    headerListeners,
    Menu: { buildFromTemplate: (template: unknown) => ({ template }), setApplicationMenu: vi.fn() },
    screen,
    session: { defaultSession: ses },
    dialog: { showErrorBox: vi.fn(), showMessageBox: vi.fn(async () => ({ response: 0 })) },
    shell: { openExternal: vi.fn(async () => {}) },
  };
}

type FakeElectron = ReturnType<typeof createFakeElectron>;

const temp: string[] = [];
function tempDir(name: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `chibo-main-${name}-`));
  temp.push(dir);
  return dir;
}

async function until(condition: () => boolean) {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!condition()) throw new Error('timed out');
}

interface StartOptions {
  isPackaged?: boolean;
  withNativeBuild?: boolean;
  lock?: boolean;
  env?: Record<string, string>;
  windowState?: unknown;
}

async function startMain(options: StartOptions = {}) {
  const appPath = tempDir('app');
  if (options.withNativeBuild ?? true) {
    fs.mkdirSync(path.join(appPath, '.electron-native'));
    fs.copyFileSync(NODE_BUILD, path.join(appPath, '.electron-native', 'better_sqlite3.node'));
  }
  const dataDir = options.env?.CHIBO_DATA_DIR ?? tempDir('data');
  // With CHIBO_DATA_DIR set, main.ts moves Electron's profile into it.
  const userData = path.join(dataDir, 'electron-profile');
  if (options.windowState) {
    fs.mkdirSync(userData);
    fs.writeFileSync(path.join(userData, 'window-state.json'), JSON.stringify(options.windowState));
  }
  vi.stubEnv('CHIBO_DATA_DIR', dataDir);
  vi.stubEnv('ELECTRON_RENDERER_URL', '');
  for (const [key, value] of Object.entries(options.env ?? {})) vi.stubEnv(key, value);
  const fake = createFakeElectron({ isPackaged: options.isPackaged ?? false, appPath, userData: tempDir('user'), lock: options.lock });
  vi.doMock('electron', () => fake);
  // The real runtime, seen from here: what main.ts passed it (the projector) and what it returned.
  const started: { options?: RuntimeOptions; runtime?: Runtime } = {};
  vi.doMock('../core/runtime', async (importOriginal) => {
    const real = await importOriginal<typeof RuntimeModule>();
    return {
      ...real,
      startRuntime: (runtimeOptions: RuntimeOptions) => {
        started.options = runtimeOptions;
        started.runtime = real.startRuntime(runtimeOptions);
        return started.runtime;
      },
    };
  });
  vi.spyOn(console, 'error').mockImplementation(() => {});
  await import('./main');
  return { fake, appPath, userData, dataDir, started };
}

const mainWindow = (fake: FakeElectron) => fake.BrowserWindow.created[0]!;
// The sender's webContents carries the window's sign-in; a stranger frame gets one of its own.
const stranger = Object.assign(new EventEmitter(), { id: 9999 });
const invoke = (fake: FakeElectron, senderFrame: unknown, method: unknown, input: unknown, sender: unknown = mainWindow(fake)?.webContents ?? stranger) =>
  fake.ipcHandlers.get('chibo:invoke')!({ senderFrame, sender }, method, input) as Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;

beforeEach(() => {
  vi.resetModules();
});

afterEach(() => {
  vi.doUnmock('electron');
  vi.doUnmock('../core/runtime');
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  for (const dir of temp.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('main process', () => {
  it('names the app, sandboxes every renderer and opens one hardened window on the built page', async () => {
    const { fake } = await startMain();
    await until(() => fake.BrowserWindow.created.length === 1);
    expect(fake.app.setName).toHaveBeenCalledWith('Chi bộ số');
    expect(fake.app.setPath).toHaveBeenCalledWith('userData', path.join(process.env.CHIBO_DATA_DIR!, 'electron-profile'));
    expect(fake.app.enableSandbox).toHaveBeenCalled();
    const window = mainWindow(fake);
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      devTools: true,
    });
    expect(String((window.options.webPreferences as { preload: string }).preload)).toMatch(/preload[/\\]preload\.cjs$/);
    expect(window.options).toMatchObject({ width: 1280, height: 800, x: 320, y: 120 });
    expect(window.webContents.getURL()).toMatch(/^file:.*\/renderer\/index\.html$/);
    expect(fake.headerListeners).toEqual([]); // the built page carries its CSP in a meta tag
  });

  it('serves IPC from the window’s main frame through the runtime, and refuses every other sender', async () => {
    const { fake, dataDir } = await startMain();
    await until(() => fake.BrowserWindow.created.length === 1);
    const frame = mainWindow(fake).webContents.mainFrame;

    const info = await invoke(fake, frame, 'app.info', {});
    expect(info).toMatchObject({ ok: true, value: { host: 'electron', dataDir, version: '0.1.0' } });
    expect(await invoke(fake, frame, 'members.list', { page: 0 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await invoke(fake, frame, 'nope.nothing', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });

    const refused = [
      null,
      { ...frame, frameTreeNodeId: 9999 },
      { ...frame, parent: frame },
      { ...frame, url: 'https://evil.example/' },
      Object.defineProperty({}, 'url', {
        get() {
          throw new Error('Render frame was disposed before WebFrameMain could be accessed');
        },
      }),
    ];
    for (const sender of refused) {
      expect(await invoke(fake, sender, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  it('forwards data.changed to the window on chibo:event', async () => {
    const { fake } = await startMain();
    await until(() => fake.BrowserWindow.created.length === 1);
    const window = mainWindow(fake);
    const created = await invoke(fake, window.webContents.mainFrame, 'setup.createWard', {
      wardName: 'Đảng bộ phường Một',
      superiorName: 'Quận ủy Hai',
      superiorKind: 'district',
      adminName: 'Nguyễn Văn Ba',
      adminUsername: 'quantri',
      adminPassword: 'mat-khau-du-dai',
    });
    expect(created.ok).toBe(true);
    expect(window.webContents.sent).toContainEqual(['chibo:event', 'data.changed', { areas: ['organisations'] }]);
    // The window that set the ward up is signed in; the main process keeps its session, the page never sees a token.
    expect(JSON.stringify(created)).not.toMatch(/token/i);
    expect(await invoke(fake, window.webContents.mainFrame, 'organisations.tree', {})).toMatchObject({ ok: true });
    expect(await invoke(fake, window.webContents.mainFrame, 'organisations.tree', {}, stranger)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses pop-ups, navigation away, webviews and permissions; opens only allow-listed links outside', async () => {
    const { fake } = await startMain();
    await until(() => fake.BrowserWindow.created.length === 1);
    const contents = mainWindow(fake).webContents;

    expect(contents.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'https://dangcongsan.vn/' })).toEqual({ action: 'deny' });
    expect(fake.shell.openExternal.mock.calls).toEqual([['https://dangcongsan.vn/']]);

    const navigate = (event: string, url: string) => {
      const preventDefault = vi.fn();
      contents.emit(event, { url, preventDefault });
      return preventDefault.mock.calls.length > 0;
    };
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(navigate('will-navigate', `${contents.getURL()}#/members`)).toBe(false);
    expect(navigate('will-attach-webview', 'about:blank')).toBe(true);

    const ses = fake.session.defaultSession;
    const callback = vi.fn();
    (ses.setPermissionRequestHandler.mock.calls[0]![0] as Listener)(contents, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    const check = ses.setPermissionCheckHandler.mock.calls[0]![0] as Listener;
    expect(check(contents, 'geolocation')).toBe(false);
    expect(check(contents, 'clipboard-sanitized-write')).toBe(true);
    expect((ses.setDevicePermissionHandler.mock.calls[0]![0] as Listener)()).toBe(false);
  });

  it('sets the CSP header on the dev server’s responses only', async () => {
    vi.stubGlobal('__CHIBO_DEV_SCRIPT_HASHES__', ["'sha256-preamble'"]);
    const { fake } = await startMain({ env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' } });
    await until(() => fake.BrowserWindow.created.length === 1);
    expect(mainWindow(fake).webContents.getURL()).toBe('http://localhost:5173');
    const [listener] = fake.headerListeners;
    const respond = (url: string) => {
      const callback = vi.fn();
      listener!({ url, responseHeaders: { 'content-type': ['text/html'], 'content-security-policy': ['default-src *'] } }, callback);
      return callback.mock.calls[0]![0] as { responseHeaders?: Record<string, string[]> };
    };
    const page = respond('http://localhost:5173/');
    expect(page.responseHeaders!['content-security-policy']).toBeUndefined();
    expect(page.responseHeaders!['Content-Security-Policy']![0]).toMatch(/^default-src 'none'; script-src 'self' 'sha256-preamble';/);
    expect(page.responseHeaders!['content-type']).toEqual(['text/html']);
    expect(respond('https://elsewhere.example/')).toEqual({});
  });

  it('builds the Vietnamese menu with the developer tools while developing', async () => {
    const { fake } = await startMain();
    await until(() => fake.Menu.setApplicationMenu.mock.calls.length === 1);
    const menu = fake.Menu.setApplicationMenu.mock.calls[0]![0] as { template: { label: string }[] };
    expect(menu.template.map((m) => m.label)).toEqual(['Tệp', 'Chỉnh sửa', 'Xem', 'Cửa sổ', 'Trợ giúp']);
    expect(JSON.stringify(menu.template)).toContain('Công cụ phát triển');
  });

  it('remembers the window on close and closes the database before quitting', async () => {
    const { fake, userData } = await startMain();
    await until(() => fake.BrowserWindow.created.length === 1);
    const window = mainWindow(fake);
    window.bounds = { x: 40, y: 30, width: 1000, height: 700 };
    window.maximized = true;
    window.emit('close');
    expect(JSON.parse(fs.readFileSync(path.join(userData, 'window-state.json'), 'utf8'))).toEqual({
      bounds: { x: 40, y: 30, width: 1000, height: 700 },
      maximized: true,
    });

    const preventDefault = vi.fn();
    fake.app.emit('will-quit', { preventDefault });
    expect(preventDefault).toHaveBeenCalledOnce();
    await until(() => fake.app.quit.mock.calls.length === 1);
    fake.app.emit('will-quit', { preventDefault }); // the second time, nothing is left to close
    expect(preventDefault).toHaveBeenCalledOnce();
  });

  it('restores the remembered window, maximized', async () => {
    const { fake } = await startMain({ windowState: { bounds: { x: 40, y: 30, width: 1000, height: 700 }, maximized: true } });
    await until(() => fake.BrowserWindow.created.length === 1);
    expect(mainWindow(fake).options).toMatchObject({ x: 40, y: 30, width: 1000, height: 700 });
    expect(mainWindow(fake).maximized).toBe(true);
  });

  it('refuses a database from a newer version with a Vietnamese error and quits without touching it', async () => {
    const dataDir = tempDir('newer');
    const file = path.join(dataDir, 'chibo.sqlite');
    const db = new BetterSqlite3(file);
    db.pragma('user_version = 999');
    db.close();
    const before = fs.readFileSync(file);

    const { fake } = await startMain({ env: { CHIBO_DATA_DIR: dataDir } });
    await until(() => fake.app.exit.mock.calls.length === 1);
    expect(fake.app.exit).toHaveBeenCalledWith(1);
    const [title, content] = fake.dialog.showErrorBox.mock.calls[0]! as [string, string];
    expect(title).toBe('Không mở được dữ liệu Chi bộ số');
    expect(content).toMatch(/phiên bản Chi bộ số mới hơn/);
    expect(content).toContain(`Thư mục dữ liệu: ${dataDir}`);
    expect(fake.BrowserWindow.created).toEqual([]);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(dataDir).filter((name) => name.startsWith('chibo'))).toEqual(['chibo.sqlite']); // no -wal, no -shm
  });

  it('says how to build better-sqlite3 for Electron when the development build is missing', async () => {
    const { fake } = await startMain({ withNativeBuild: false });
    await until(() => fake.app.exit.mock.calls.length === 1);
    expect(fake.dialog.showErrorBox.mock.calls[0]![1]).toMatch(/npm start/);
    expect(fake.BrowserWindow.created).toEqual([]);
  });

  it('hands over to the running instance and quits when started a second time', async () => {
    const { fake } = await startMain({ lock: false });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.app.quit).toHaveBeenCalled();
    expect(fake.BrowserWindow.created).toEqual([]);
    expect(fake.ipcHandlers.size).toBe(0);
  });
});

describe('projector window', () => {
  const WARD = {
    wardName: 'Đảng bộ phường Một',
    superiorName: 'Quận ủy Hai',
    superiorKind: 'district',
    adminName: 'Nguyễn Văn Ba',
    adminUsername: 'quantri',
    adminPassword: 'mat-khau-du-dai',
  };
  const projectorWindow = (fake: FakeElectron) => fake.BrowserWindow.created.at(-1)!;

  it('opens hardened and full screen on the second display, signed in as the console, and gets the events', async () => {
    const { fake, started } = await startMain();
    await until(() => fake.BrowserWindow.created.length === 1);
    fake.screen.displays = [LAPTOP, PROJECTOR];
    const console_ = mainWindow(fake);
    expect((await invoke(fake, console_.webContents.mainFrame, 'setup.createWard', WARD)).ok).toBe(true);

    expect(started.options!.projector!.open()).toEqual({ mode: 'fullscreen', warning: null });
    expect(fake.BrowserWindow.created).toHaveLength(2);
    const projector = projectorWindow(fake);
    expect(projector.options).toMatchObject({ ...PROJECTOR.bounds, title: 'Màn hình chiếu', backgroundColor: '#000000', autoHideMenuBar: true, skipTaskbar: false });
    expect(projector.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
      devTools: true,
      preload: (console_.options.webPreferences as { preload: string }).preload,
    });
    expect(projector.menuBarVisible).toBe(false);
    expect(projector.webContents.getURL()).toMatch(/^file:.*\/renderer\/index\.html#\/may-chieu$/);
    projector.emit('ready-to-show');
    expect(projector.fullScreen).toBe(true);
    expect(projector.bounds).toEqual(PROJECTOR.bounds);
    expect(projector.visible).toBe('inactive'); // the console keeps the keyboard
    expect(projector.webContents.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });

    // The projector's calls use the console's sign-in; a stranger's do not; signing out of the console signs it out.
    const fromProjector = (method: string) => invoke(fake, projector.webContents.mainFrame, method, {}, projector.webContents);
    expect(await fromProjector('organisations.tree')).toMatchObject({ ok: true });
    expect(await invoke(fake, projector.webContents.mainFrame, 'organisations.tree', {}, stranger)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    started.runtime!.context.emit('presentation.changed', null);
    expect(projector.webContents.sent).toContainEqual(['chibo:event', 'presentation.changed', null]);
    expect(console_.webContents.sent).toContainEqual(['chibo:event', 'presentation.changed', null]);
    expect((await invoke(fake, console_.webContents.mainFrame, 'auth.logout', {})).ok).toBe(true);
    expect(await fromProjector('organisations.tree')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });

    // Closed by the presentation's end: its frame is no longer trusted.
    started.options!.projector!.close();
    expect(projector.isDestroyed()).toBe(true);
    expect(console_.isDestroyed()).toBe(false);
    expect(await fromProjector('app.info')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('follows the displays: a window on one screen, full screen when plugged in, closed when unplugged, back when replugged', async () => {
    const { fake, started } = await startMain();
    await until(() => fake.BrowserWindow.created.length === 1);
    const host = started.options!.projector!;
    const opened = host.open();
    expect(opened.mode).toBe('windowed');
    expect(opened.warning).toMatch(/một màn hình/);
    const first = projectorWindow(fake);
    first.emit('ready-to-show');
    expect(first.fullScreen).toBe(false);
    expect(first.visible).toBe('shown');

    fake.screen.change([LAPTOP, PROJECTOR], 'display-added');
    await until(() => first.fullScreen);
    expect(first.bounds).toEqual(PROJECTOR.bounds);

    fake.screen.change([LAPTOP], 'display-removed');
    await until(() => first.isDestroyed());
    expect(mainWindow(fake).isDestroyed()).toBe(false);

    // The cable was only loose: the meeting is still being presented, so the projector comes back.
    fake.screen.change([LAPTOP, PROJECTOR], 'display-added');
    await until(() => fake.BrowserWindow.created.length === 3);
    const second = projectorWindow(fake);
    second.emit('ready-to-show');
    expect(second.fullScreen).toBe(true);
  });

  it('reloads a crashed projector, lets the user close it, reopens on open() and closes with the console', async () => {
    const { fake, started } = await startMain();
    await until(() => fake.BrowserWindow.created.length === 1);
    fake.screen.displays = [LAPTOP, PROJECTOR];
    const host = started.options!.projector!;
    host.open();
    const projector = projectorWindow(fake);
    projector.emit('ready-to-show');
    expect(projector.webContents.loads).toBe(1);
    projector.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    expect(projector.webContents.loads).toBe(2);
    expect(projector.webContents.getURL()).toMatch(/#\/may-chieu$/);
    expect(mainWindow(fake).webContents.loads).toBe(1);

    projector.close(); // Alt+F4
    expect(mainWindow(fake).isDestroyed()).toBe(false);
    fake.screen.change([LAPTOP, PROJECTOR], 'display-metrics-changed');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(fake.BrowserWindow.created).toHaveLength(2); // the user closed it; a display event does not bring it back

    expect(host.open().mode).toBe('fullscreen');
    expect(fake.BrowserWindow.created).toHaveLength(3);
    const reopened = projectorWindow(fake);
    mainWindow(fake).close();
    expect(reopened.isDestroyed()).toBe(true);
  });
});
