// What the shell trusts, as pure functions: which URL is the app's own page, which IPC sender may call the services,
// where a window may navigate, which links may open in the system browser and which permission checks pass.
// main.ts feeds these from Electron's objects; the tests feed them plain values.

/** Where the app's own page comes from: Vite's dev server while developing, the built index.html otherwise. */
export type AppOrigin =
  | { kind: 'dev-server'; origin: string }
  | {
      kind: 'file';
      /** Host of the file URL: empty for a local disk, the server for a UNC path (\\server\share). */
      host: string;
      /** Decoded path of out/renderer/index.html as a file URL's pathname ("/home/…/index.html", "/C:/…/index.html"). */
      pathname: string;
      /** Windows and macOS file systems compare paths without case. */
      caseInsensitive: boolean;
    };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function decodedPathname(url: URL): string | null {
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
}

function fileHost(url: URL): string {
  const host = url.host.toLowerCase();
  return host === 'localhost' ? '' : host;
}

/**
 * The app's origin. A dev-server URL counts only when it is http on a loopback address (electron-vite's own server);
 * anything else falls back to the built file, so a stray environment variable cannot point the app at another site.
 */
export function appOrigin(options: { devServerUrl?: string; rendererFileUrl: string; platform: NodeJS.Platform }): AppOrigin {
  const dev = options.devServerUrl ? parse(options.devServerUrl) : null;
  if (dev && dev.protocol === 'http:' && LOOPBACK_HOSTS.has(dev.hostname)) return { kind: 'dev-server', origin: dev.origin };
  const file = parse(options.rendererFileUrl);
  const pathname = file?.protocol === 'file:' ? decodedPathname(file) : null;
  if (!file || !pathname) throw new Error(`Not a file URL: ${options.rendererFileUrl}`);
  return { kind: 'file', host: fileHost(file), pathname, caseInsensitive: options.platform === 'win32' || options.platform === 'darwin' };
}

/** True when `url` is the app's own page (any path on the dev server; exactly index.html when built). */
export function isAppUrl(url: string, origin: AppOrigin): boolean {
  const parsed = parse(url);
  if (!parsed) return false;
  if (origin.kind === 'dev-server') return parsed.origin === origin.origin;
  if (parsed.protocol !== 'file:' || fileHost(parsed) !== origin.host) return false;
  const pathname = decodedPathname(parsed);
  if (pathname === null) return false;
  return origin.caseInsensitive ? pathname.toLowerCase() === origin.pathname.toLowerCase() : pathname === origin.pathname;
}

/** A window may navigate only to the app's own page; everything else is refused (links to the web included). */
export function isAllowedNavigation(url: string, origin: AppOrigin): boolean {
  return isAppUrl(url, origin);
}

/** What main.ts reads off `event.senderFrame`. */
export interface SenderFrame {
  url: string;
  frameTreeNodeId: number;
  /** `frame.parent === null`. */
  isMainFrame: boolean;
}

export type SenderVerdict =
  | { trusted: true }
  | { trusted: false; reason: 'no-frame' | 'sub-frame' | 'not-our-window' | 'foreign-url' };

/**
 * An IPC call is served only when it comes from the main frame of one of our windows, showing the app's own page.
 * `frame` is null when the sender navigated away or closed before the call arrived.
 */
export function checkSender(frame: SenderFrame | null, origin: AppOrigin, ourMainFrameIds: Iterable<number>): SenderVerdict {
  if (!frame) return { trusted: false, reason: 'no-frame' };
  if (!frame.isMainFrame) return { trusted: false, reason: 'sub-frame' };
  if (!new Set(ourMainFrameIds).has(frame.frameTreeNodeId)) return { trusted: false, reason: 'not-our-window' };
  if (!isAppUrl(frame.url, origin)) return { trusted: false, reason: 'foreign-url' };
  return { trusted: true };
}

/**
 * Sites a link may open in the system browser: the Party's official portals, nothing else. Exact host names (no
 * sub-domains by wildcard), https only, no credentials or unusual ports in the URL.
 */
export const EXTERNAL_LINK_HOSTS: readonly string[] = ['dangcongsan.vn', 'www.dangcongsan.vn', 'tulieuvankien.dangcongsan.vn'];

export function isAllowedExternalLink(url: string, allowedHosts: readonly string[] = EXTERNAL_LINK_HOSTS): boolean {
  const parsed = parse(url);
  if (!parsed || parsed.protocol !== 'https:') return false;
  if (parsed.username || parsed.password || parsed.port) return false;
  return allowedHosts.includes(parsed.hostname.toLowerCase());
}

/**
 * Permission *checks* (as opposed to requests, which are all refused) that pass: only writing plain text to the
 * clipboard, so the UI's "Sao chép" buttons work. Camera, microphone, location, notifications, devices: no.
 */
export function isPermissionCheckAllowed(permission: string): boolean {
  return permission === 'clipboard-sanitized-write';
}
