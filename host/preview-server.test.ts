import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../core/runtime';
import { makeTempDir } from '../db/testing';
import { createPreviewServer, resolveStatic } from './preview-server';

let runtime: Runtime;
let server: http.Server;
let base: string;
let dir: string;
const token = 'test-token-0123456789';

beforeAll(async () => {
  dir = makeTempDir();
  const web = path.join(dir, 'web');
  fs.mkdirSync(web);
  fs.writeFileSync(path.join(web, 'index.html'), '<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src \'none\'; script-src \'self\'"><title>Chi bộ số</title>');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'không được lộ');
  runtime = startRuntime({ dataDir: path.join(dir, 'data'), host: 'preview', appVersion: '0.0.0-test' });
  server = createPreviewServer({ runtime, token, staticDir: web });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await runtime.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const call = (method: string, body: string, headers: Record<string, string> = { authorization: `Bearer ${token}` }) =>
  fetch(`${base}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('preview server', () => {
  it('answers a valid call with the envelope', async () => {
    const response = await call('app.info', '{}');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, value: { productName: 'Chi bộ số', host: 'preview', ward: null } });
  });

  it('refuses a call without the token, or with another one', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong' }, { authorization: `Bearer ${token}x` }];
    for (const headers of attempts) {
      const response = await call('app.info', '{}', headers);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    }
  });

  it('answers malformed JSON, invalid input and unknown methods with typed errors and writes nothing', async () => {
    const malformed = await call('setup.createWard', '{"wardName": ');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('JSON') } });

    const invalid = await call('setup.createWard', JSON.stringify({ wardName: 'X', superiorName: '', superiorKind: 'province', adminName: 'A', adminUsername: 'a', adminPassword: '1' }));
    expect(await invalid.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await (await call('nope.nothing', '{}')).json()).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(runtime.store.sqlite.prepare('SELECT count(*) FROM organisations').pluck().get()).toBe(0);
  });

  it('refuses a body over 32 MB', async () => {
    const response = await call('app.info', JSON.stringify({ x: 'a'.repeat(33 * 1024 * 1024) }));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve) => {
      const url = new URL(base);
      http
        .request({ host: url.hostname, port: url.port, path: '/api/app.info', method: 'POST', headers: { host: 'evil.example:80', authorization: `Bearer ${token}` } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .end('{}');
    });
    expect(status).toBe(403);
  });

  it('serves the renderer with a strict CSP and never a file outside it', async () => {
    const index = await fetch(`${base}/`);
    expect(index.headers.get('content-security-policy')).toBe("default-src 'none'; script-src 'self'; frame-ancestors 'none'");
    expect(await index.text()).toContain('Chi bộ số');
    for (const trick of ['/..%2fsecret.txt', '/%2e%2e/secret.txt', '/../secret.txt']) {
      const text = await (await fetch(`${base}${trick}`)).text();
      expect(text).not.toContain('không được lộ');
    }
    const root = path.join(dir, 'web');
    expect(resolveStatic(root, '/../secret.txt')).toBe(path.join(root, 'secret.txt'));
    expect(resolveStatic(root, '/..%2f..%2fsecret.txt')).toBe(path.join(root, 'secret.txt'));
    expect(resolveStatic(root, '/%00')).toBeNull();
  });

  it('streams data.changed events to the browser', async () => {
    const controller = new AbortController();
    const response = await fetch(`${base}/api/events?token=${token}`, { signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    const created = await call('setup.createWard', JSON.stringify({ wardName: 'Đảng bộ phường Láng', superiorName: 'Đảng bộ Thành phố Hà Nội', superiorKind: 'province', adminName: 'Nguyễn Văn Quản', adminUsername: 'quantri', adminPassword: 'mat-khau-dai' }));
    // The one who set the ward up is signed in, through an HttpOnly cookie the page's scripts cannot read.
    const cookie = created.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^chibo_session=[\w-]{20,}; HttpOnly; SameSite=Strict; Path=\/$/);
    const signedIn = await call('organisations.tree', '{}', { authorization: `Bearer ${token}`, cookie: cookie.split(';')[0]! });
    expect(await signedIn.json()).toMatchObject({ ok: true });
    const anonymous = await call('organisations.tree', '{}');
    expect(await anonymous.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    let text = '';
    while (!text.includes('data.changed')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('"areas":["organisations"]');
    controller.abort();
  });
});
