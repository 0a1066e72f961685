import { describe, expect, it } from 'vitest';
import { feedUrlFromAppUpdateYml, resolveUpdateFeed } from './updater';

const yml = (url: string) => `provider: generic\nurl: ${url}\nupdaterCacheDirName: chi-bo-so-updater\n`;

describe('resolveUpdateFeed', () => {
  it('never checks while developing', () => {
    expect(resolveUpdateFeed({ isPackaged: false, env: { CHIBO_UPDATE_URL: 'https://cap-tren.vn/cap-nhat/' }, appUpdateYml: yml('https://x.vn/') })).toEqual({
      kind: 'off',
      reason: 'development',
    });
  });

  it('uses the packaged feed when it is real', () => {
    expect(resolveUpdateFeed({ isPackaged: true, env: {}, appUpdateYml: yml('https://cap-tren.vn/cap-nhat/') })).toEqual({
      kind: 'packaged',
      url: 'https://cap-tren.vn/cap-nhat/',
    });
  });

  it('stays off for a build packaged without CHIBO_UPDATE_URL, or without a feed file', () => {
    expect(resolveUpdateFeed({ isPackaged: true, env: {}, appUpdateYml: yml('https://updates.invalid/chi-bo-so/') })).toEqual({
      kind: 'off',
      reason: 'placeholder-feed',
    });
    expect(resolveUpdateFeed({ isPackaged: true, env: {}, appUpdateYml: null })).toEqual({ kind: 'off', reason: 'no-feed-file' });
    expect(resolveUpdateFeed({ isPackaged: true, env: {}, appUpdateYml: 'provider: generic\n' })).toEqual({ kind: 'off', reason: 'no-feed-file' });
  });

  it('lets CHIBO_UPDATE_URL at run time override the packaged feed, https only', () => {
    expect(resolveUpdateFeed({ isPackaged: true, env: { CHIBO_UPDATE_URL: 'https://tinh-uy.vn/cap-nhat/' }, appUpdateYml: null })).toEqual({
      kind: 'override',
      url: 'https://tinh-uy.vn/cap-nhat/',
    });
    expect(resolveUpdateFeed({ isPackaged: true, env: { CHIBO_UPDATE_URL: 'http://tinh-uy.vn/' }, appUpdateYml: yml('https://x.vn/') })).toEqual({
      kind: 'off',
      reason: 'insecure-feed',
    });
    expect(resolveUpdateFeed({ isPackaged: true, env: { CHIBO_UPDATE_URL: 'nonsense' }, appUpdateYml: null }).kind).toBe('off');
  });

  it('refuses a packaged feed over plain http', () => {
    expect(resolveUpdateFeed({ isPackaged: true, env: {}, appUpdateYml: yml('http://cap-tren.vn/') })).toEqual({ kind: 'off', reason: 'insecure-feed' });
  });
});

describe('feedUrlFromAppUpdateYml', () => {
  it('reads url: plain or quoted', () => {
    expect(feedUrlFromAppUpdateYml(yml('https://a.vn/u/'))).toBe('https://a.vn/u/');
    expect(feedUrlFromAppUpdateYml("provider: generic\nurl: 'https://a.vn/u/'\n")).toBe('https://a.vn/u/');
    expect(feedUrlFromAppUpdateYml('provider: generic\r\nurl: "https://a.vn/u/"\r\n')).toBe('https://a.vn/u/');
    expect(feedUrlFromAppUpdateYml('provider: generic\n')).toBeNull();
  });
});
