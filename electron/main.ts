// The main process: one instance, one runtime (the database and the services), the console window and, while a
// meeting is presented, the projector window (projector.ts), two IPC channels.
// Every decision worth testing is a pure function in a sibling file (trust, csp, menu, window-state, startup, updater,
// displays); this file and projector.ts only connect them to Electron.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  screen,
  session,
  shell,
  type WebContents,
  type WebFrameMain,
} from 'electron';
import type { Envelope } from '../core/api';
import { startRuntime, type Runtime } from '../core/runtime';
import { devServerCsp } from './csp';
import { printHtmlToPdf } from './print';
import { EVENT_CHANNEL, INVOKE_CHANNEL, TOPICS } from './ipc-contract';
import { buildMenuTemplate } from './menu';
import { createProjector } from './projector';
import { secureWebPreferences } from './web-preferences';
import {
  chooseDataDir,
  chooseNativeBinding,
  chooseUserDataDir,
  describeMissingNativeBinding,
  describeStartupFailure,
} from './startup';
import { about, ipcErrors, PRODUCT_NAME, update } from './strings';
import {
  appOrigin,
  checkSender,
  isAllowedExternalLink,
  isAllowedNavigation,
  isAppUrl,
  isPermissionCheckAllowed,
  type AppOrigin,
  type SenderFrame,
} from './trust';
import { resolveUpdateFeed } from './updater';
import { MIN_SIZE, readWindowState, restoreBounds, STATE_FILE_NAME, writeWindowState } from './window-state';

/** Hashes of the inline scripts Vite's dev server puts in the page (React Refresh); [] in a production build. */
declare const __CHIBO_DEV_SCRIPT_HASHES__: readonly string[];

const APP_ID = 'vn.chibo.app';
const here = path.dirname(fileURLToPath(import.meta.url)); // out/main
const PRELOAD = path.join(here, '../preload/preload.cjs');
const RENDERER_INDEX = path.join(here, '../renderer/index.html');
const development = !app.isPackaged;

const log = (what: string, error?: unknown) => console.error(`[chibo] ${what}`, error ?? '');

app.setName(PRODUCT_NAME);
const userDataOverride = chooseUserDataDir(process.env);
if (userDataOverride) app.setPath('userData', userDataOverride);
app.enableSandbox();
if (process.platform === 'win32') app.setAppUserModelId(APP_ID);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  run();
}

function run(): void {
  const devServerUrl = development ? process.env.ELECTRON_RENDERER_URL : undefined;
  const origin = appOrigin({ devServerUrl, rendererFileUrl: pathToFileURL(RENDERER_INDEX).href, platform: process.platform });
  // Every window trusted for IPC and sent events: the console (first) and the projector while it is open.
  const windows = new Set<BrowserWindow>();
  let consoleWindow: BrowserWindow | null = null;
  let runtime: Runtime | null = null;

  app.on('web-contents-created', (_event, contents) => harden(contents, origin));

  app.on('second-instance', () => {
    const [first] = windows;
    if (!first) return;
    if (first.isMinimized()) first.restore();
    first.show();
    first.focus();
  });

  app.on('window-all-closed', () => app.quit());

  app.on('will-quit', (event) => {
    if (!runtime) return;
    event.preventDefault();
    const closing = runtime;
    runtime = null;
    closing
      .close()
      .catch((error: unknown) => log('closing the database failed', error))
      .finally(() => app.quit());
  });

  app
    .whenReady()
    .then(async () => {
      secureSession(origin);
      const dataDir = chooseDataDir(process.env, app.getPath('userData'));
      const binding = chooseNativeBinding({ isPackaged: app.isPackaged, appPath: app.getAppPath(), exists: fs.existsSync });
      if (binding.kind === 'missing') return fail(describeMissingNativeBinding(binding.file, dataDir));
      const projector = createProjector({
        origin,
        devServerUrl,
        rendererIndex: RENDERER_INDEX,
        preload: PRELOAD,
        development,
        console: () => consoleWindow,
        onWindow: (window) => {
          windows.add(window);
          window.on('closed', () => windows.delete(window));
        },
        log,
      });
      try {
        runtime = startRuntime({
          dataDir,
          host: 'electron',
          appVersion: app.getVersion(),
          nativeBinding: binding.kind === 'file' ? binding.file : undefined,
          log: (error) => log('service error', error),
          printPdf: printHtmlToPdf,
          projector,
          // Records go up to the superior committee and its documents come down, in the background.
          sync: { background: true },
        });
      } catch (error) {
        log('opening the database failed', error);
        return fail(describeStartupFailure(error, dataDir));
      }

      // The projector is signed in as whoever runs the console: its calls use the console's session.
      serveIpc(runtime, origin, windows, (sender) =>
        sender.id === projector.webContentsId() && consoleWindow && !consoleWindow.isDestroyed() ? consoleWindow.webContents : sender,
      );
      for (const topic of TOPICS) {
        runtime.subscribe(topic, (payload) => {
          for (const window of windows) {
            if (window.isDestroyed() || !isAppUrl(window.webContents.getURL(), origin)) continue;
            window.webContents.send(EVENT_CHANNEL, topic, payload);
          }
        });
      }

      const window = createMainWindow(origin, devServerUrl);
      consoleWindow = window;
      windows.add(window);
      window.on('closed', () => {
        windows.delete(window);
        consoleWindow = null;
        projector.close(); // the projector never outlives the console
      });

      Menu.setApplicationMenu(
        Menu.buildFromTemplate(
          buildMenuTemplate({
            development,
            onAbout: () => {
              void dialog.showMessageBox(window, {
                type: 'info',
                title: about.title,
                message: PRODUCT_NAME,
                detail: about.detail({ version: app.getVersion(), electron: process.versions.electron ?? '', dataDir }),
                buttons: [about.ok],
              });
            },
          }),
        ),
      );

      void checkForUpdates();
    })
    .catch((error: unknown) => {
      log('start-up failed', error);
      fail(describeStartupFailure(error, ''));
    });
}

/** Shows the error and quits. Nothing has written to the database at this point. */
function fail(failure: { title: string; content: string }): void {
  dialog.showErrorBox(failure.title, failure.content);
  app.exit(1);
}

/** Refuses every permission, webview, pop-up and navigation away from the app; for every webContents ever created. */
function harden(contents: WebContents, origin: AppOrigin): void {
  const openIfAllowed = (url: string) => {
    if (isAllowedExternalLink(url)) shell.openExternal(url).catch((error: unknown) => log('opening a link failed', error));
  };
  contents.setWindowOpenHandler(({ url }) => {
    openIfAllowed(url);
    return { action: 'deny' };
  });
  const guard = (event: { url: string; preventDefault(): void }) => {
    if (isAllowedNavigation(event.url, origin)) return;
    event.preventDefault();
    openIfAllowed(event.url);
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

function secureSession(origin: AppOrigin): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler((_contents, permission) => isPermissionCheckAllowed(permission));
  ses.setDevicePermissionHandler(() => false);
  if (origin.kind !== 'dev-server') return; // the built page comes from disk and carries its policy in a meta tag
  const policy = devServerCsp(origin.origin, __CHIBO_DEV_SCRIPT_HASHES__);
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppUrl(details.url, origin)) return callback({});
    const headers = Object.fromEntries(
      Object.entries(details.responseHeaders ?? {}).filter(([name]) => name.toLowerCase() !== 'content-security-policy'),
    );
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [policy] } });
  });
}

/** Reads what the sender check needs; a frame that navigated away or closed throws on access and counts as none. */
function describeFrame(frame: WebFrameMain | null): SenderFrame | null {
  try {
    return frame ? { url: frame.url, frameTreeNodeId: frame.frameTreeNodeId, isMainFrame: frame.parent === null } : null;
  } catch {
    return null;
  }
}

/**
 * `sessionHolder` names the webContents whose sign-in a sender uses: its own, or for the projector the console's.
 */
function serveIpc(
  runtime: Runtime,
  origin: AppOrigin,
  windows: ReadonlySet<BrowserWindow>,
  sessionHolder: (sender: WebContents) => WebContents,
): void {
  const forbidden: Envelope<never> = { ok: false, error: { code: 'FORBIDDEN', message: ipcErrors.forbidden } };
  // Each window's sign-in lives here in the main process; the page never holds the session token.
  const sessions = new Map<number, { token: string | null }>();
  ipcMain.handle(INVOKE_CHANNEL, async (event, method: unknown, input: unknown) => {
    const frame = describeFrame(event.senderFrame);
    const ours = [...windows].filter((w) => !w.isDestroyed()).map((w) => w.webContents.mainFrame.frameTreeNodeId);
    const verdict = checkSender(frame, origin, ours);
    if (!verdict.trusted) {
      log(`IPC refused (${verdict.reason}) from ${frame?.url ?? 'a closed frame'}`);
      return forbidden;
    }
    const holder = sessionHolder(event.sender);
    let session = sessions.get(holder.id);
    if (!session) {
      session = { token: null };
      sessions.set(holder.id, session);
      holder.once('destroyed', () => sessions.delete(holder.id));
    }
    return runtime.dispatch(method, input, session);
  });
}

function createMainWindow(origin: AppOrigin, devServerUrl: string | undefined): BrowserWindow {
  const stateFile = path.join(app.getPath('userData'), STATE_FILE_NAME);
  const primary = screen.getPrimaryDisplay();
  const displays = [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)];
  const { bounds, maximized } = restoreBounds(readWindowState(stateFile), displays);

  const window = new BrowserWindow({
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: PRODUCT_NAME,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences(PRELOAD, development),
  });
  if (maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.webContents.on('render-process-gone', (_event, details) => log(`renderer gone: ${details.reason}`));

  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    if (window.isDestroyed()) return;
    try {
      writeWindowState(stateFile, { bounds: window.getNormalBounds(), maximized: window.isMaximized() });
    } catch (error) {
      log('saving the window position failed', error);
    }
  };
  const saveSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  window.on('resize', saveSoon);
  window.on('move', saveSoon);
  window.on('maximize', saveSoon);
  window.on('unmaximize', saveSoon);
  window.on('close', () => {
    clearTimeout(timer);
    save();
  });

  const loaded = origin.kind === 'dev-server' && devServerUrl ? window.loadURL(devServerUrl) : window.loadFile(RENDERER_INDEX);
  loaded.catch((error: unknown) => log('loading the window failed', error));
  return window;
}

/** Packaged builds with a real feed look for updates; offline or a bad feed is logged, never shown, never fatal. */
async function checkForUpdates(): Promise<void> {
  let appUpdateYml: string | null = null;
  if (app.isPackaged) {
    try {
      appUpdateYml = fs.readFileSync(path.join(process.resourcesPath, 'app-update.yml'), 'utf8');
    } catch {
      appUpdateYml = null;
    }
  }
  const feed = resolveUpdateFeed({ isPackaged: app.isPackaged, env: process.env, appUpdateYml });
  if (feed.kind === 'off') return;
  try {
    const { default: updater } = await import('electron-updater');
    const { autoUpdater } = updater;
    autoUpdater.logger = null;
    autoUpdater.on('error', (error) => log('update check failed', error));
    if (feed.kind === 'override') autoUpdater.setFeedURL({ provider: 'generic', url: feed.url });
    await autoUpdater.checkForUpdatesAndNotify({ title: update.readyTitle, body: update.readyBody });
  } catch (error) {
    log('update check failed', error);
  }
}
