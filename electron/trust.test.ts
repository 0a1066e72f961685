import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  appOrigin,
  checkSender,
  isAllowedExternalLink,
  isAllowedNavigation,
  isAppUrl,
  isPermissionCheckAllowed,
} from './trust';

const INDEX = '/opt/Chi bộ số/resources/app.asar/out/renderer/index.html';
const indexUrl = pathToFileURL(INDEX).href;
const built = appOrigin({ rendererFileUrl: indexUrl, platform: 'linux' });
const dev = appOrigin({ devServerUrl: 'http://localhost:5173', rendererFileUrl: indexUrl, platform: 'linux' });
const windows = appOrigin({
  rendererFileUrl: 'file:///C:/Program%20Files/Chi%20b%E1%BB%99%20s%E1%BB%91/resources/app.asar/out/renderer/index.html',
  platform: 'win32',
});

describe('appOrigin', () => {
  it('uses the dev server only when it is http on a loopback address', () => {
    expect(dev).toEqual({ kind: 'dev-server', origin: 'http://localhost:5173' });
    expect(appOrigin({ devServerUrl: 'http://127.0.0.1:5173/', rendererFileUrl: indexUrl, platform: 'linux' }).kind).toBe('dev-server');
    for (const devServerUrl of ['https://evil.example', 'http://192.168.1.5:5173', 'file:///tmp/x.html', 'not a url', '']) {
      expect(appOrigin({ devServerUrl, rendererFileUrl: indexUrl, platform: 'linux' }).kind).toBe('file');
    }
  });

  it('refuses a renderer location that is not a file URL', () => {
    expect(() => appOrigin({ rendererFileUrl: 'https://example.com/index.html', platform: 'linux' })).toThrow();
  });
});

describe('isAppUrl', () => {
  it('accepts exactly the built index.html, with any hash route or query', () => {
    expect(isAppUrl(indexUrl, built)).toBe(true);
    expect(isAppUrl(`${indexUrl}#/members?branch=1`, built)).toBe(true);
    expect(isAppUrl(`${indexUrl}?x=1`, built)).toBe(true);
    // Chromium and Node may encode the Vietnamese folder name differently; both decode to the same path.
    expect(isAppUrl('file:///opt/Chi%20b%E1%BB%99%20s%E1%BB%91/resources/app.asar/out/renderer/index.html', built)).toBe(true);
  });

  it('refuses other files, other schemes and other hosts', () => {
    expect(isAppUrl(pathToFileURL('/opt/Chi bộ số/resources/app.asar/out/renderer/other.html').href, built)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', built)).toBe(false);
    expect(isAppUrl('file://fileserver/opt/Chi%20b%E1%BB%99%20s%E1%BB%91/resources/app.asar/out/renderer/index.html', built)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', built)).toBe(false);
    expect(isAppUrl('about:blank', built)).toBe(false);
    expect(isAppUrl('', built)).toBe(false);
    expect(isAppUrl('file:///opt/%E0%A4%A/index.html', built)).toBe(false); // malformed escape
  });

  it('compares Windows paths without case', () => {
    expect(isAppUrl('file:///c:/program%20files/CHI%20B%E1%BB%98%20S%E1%BB%90/resources/app.asar/out/renderer/index.html', windows)).toBe(true);
    expect(isAppUrl('file:///C:/Users/x/Downloads/index.html', windows)).toBe(false);
  });

  it('compares Linux paths with case', () => {
    expect(isAppUrl(indexUrl.replace('index.html', 'INDEX.html'), built)).toBe(false);
  });

  it('accepts any path on the dev server and nothing else', () => {
    expect(isAppUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', dev)).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/', dev)).toBe(false);
    expect(isAppUrl(indexUrl, dev)).toBe(false);
  });
});

describe('isAllowedNavigation', () => {
  it('lets the app reload itself and refuses the web', () => {
    expect(isAllowedNavigation(`${indexUrl}#/`, built)).toBe(true);
    expect(isAllowedNavigation('https://dangcongsan.vn/', built)).toBe(false);
    expect(isAllowedNavigation('http://localhost:5173/@vite/client', dev)).toBe(true);
    expect(isAllowedNavigation('https://example.com/phishing', dev)).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)', built)).toBe(false);
    expect(isAllowedNavigation('data:text/html,<h1>x</h1>', built)).toBe(false);
  });
});

describe('checkSender', () => {
  const frame = { url: `${indexUrl}#/`, frameTreeNodeId: 7, isMainFrame: true };

  it('serves the main frame of our window showing the app', () => {
    expect(checkSender(frame, built, [7])).toEqual({ trusted: true });
    expect(checkSender({ ...frame, url: 'http://localhost:5173/' }, dev, new Set([3, 7]))).toEqual({ trusted: true });
  });

  it('refuses a frame that is gone', () => {
    expect(checkSender(null, built, [7])).toEqual({ trusted: false, reason: 'no-frame' });
  });

  it('refuses a sub-frame, even one showing the app', () => {
    expect(checkSender({ ...frame, isMainFrame: false }, built, [7])).toEqual({ trusted: false, reason: 'sub-frame' });
  });

  it('refuses a frame that is not the main frame of one of our windows', () => {
    expect(checkSender({ ...frame, frameTreeNodeId: 8 }, built, [7])).toEqual({ trusted: false, reason: 'not-our-window' });
    expect(checkSender(frame, built, [])).toEqual({ trusted: false, reason: 'not-our-window' });
  });

  it('refuses our window when it shows anything but the app', () => {
    for (const url of ['https://example.com/', 'file:///tmp/evil.html', 'about:blank', 'http://localhost:5173/']) {
      expect(checkSender({ ...frame, url }, built, [7])).toEqual({ trusted: false, reason: 'foreign-url' });
    }
    expect(checkSender({ ...frame, url: indexUrl }, dev, [7])).toEqual({ trusted: false, reason: 'foreign-url' });
  });
});

describe('isAllowedExternalLink', () => {
  it('opens https links to the allow-listed hosts only', () => {
    expect(isAllowedExternalLink('https://dangcongsan.vn/tin-tuc')).toBe(true);
    expect(isAllowedExternalLink('https://TULIEUVANKIEN.dangcongsan.vn/van-kien')).toBe(true);
  });

  it('refuses everything else', () => {
    for (const url of [
      'http://dangcongsan.vn/',
      'https://dangcongsan.vn.evil.example/',
      'https://evil.dangcongsan.vn/',
      'https://user:pass@dangcongsan.vn/',
      'https://dangcongsan.vn:8443/',
      'file:///C:/Windows/System32/calc.exe',
      'smb://server/share',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAllowedExternalLink(url), url).toBe(false);
    }
    expect(isAllowedExternalLink('https://example.com/', [])).toBe(false);
  });
});

describe('isPermissionCheckAllowed', () => {
  it('passes only writing text to the clipboard', () => {
    expect(isPermissionCheckAllowed('clipboard-sanitized-write')).toBe(true);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'serial', 'usb', 'unknown']) {
      expect(isPermissionCheckAllowed(permission)).toBe(false);
    }
  });
});
