// The browser app's files under /console/: the right types, the security headers, no way out of the folder, a page
// that says what to do when the app is not built, and the sync protocol's own answers left as they were.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { buildServer } from '../app';
import { describeEachDatabase, makeTempDir } from '../testing';
import { resolveStatic } from './http';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function builtApp(): { root: string; consoleDir: string } {
  const root = makeTempDir('chibo-console-');
  dirs.push(root);
  const consoleDir = path.join(root, 'console');
  fs.mkdirSync(path.join(consoleDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(consoleDir, 'index.html'), '<!doctype html><title>Trang quản lý</title><script type="module" src="/console/assets/app.js"></script>');
  fs.writeFileSync(path.join(consoleDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(consoleDir, 'assets', 'chunk.mjs'), 'export {}');
  fs.writeFileSync(path.join(consoleDir, 'assets', 'app.css'), 'body{}');
  fs.writeFileSync(path.join(consoleDir, 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  fs.writeFileSync(path.join(consoleDir, 'assets', 'font.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  fs.writeFileSync(path.join(root, 'secret.txt'), 'không được lộ');
  return { root, consoleDir };
}

describeEachDatabase('console static files', (harness) => {
  it('serves the app with its types and security headers, and the app page for its own routes', async () => {
    const h = harness();
    const { consoleDir } = builtApp();
    const app = buildServer({ db: h.env.db, dataDir: h.dataDir, consoleDir });
    const index = await app.inject({ method: 'GET', url: '/console/' });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.body).toContain('Trang quản lý');
    const csp = String(index.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.headers['referrer-policy']).toBe('no-referrer');

    const types: Record<string, string> = {
      'assets/app.js': 'text/javascript; charset=utf-8',
      'assets/chunk.mjs': 'text/javascript; charset=utf-8',
      'assets/app.css': 'text/css; charset=utf-8',
      'assets/logo.svg': 'image/svg+xml',
      'assets/font.woff2': 'font/woff2',
    };
    for (const [file, type] of Object.entries(types)) {
      const res = await app.inject({ method: 'GET', url: `/console/${file}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe(type);
      expect(res.rawPayload).toEqual(fs.readFileSync(path.join(consoleDir, file)));
    }
    // A page of the app (client-side route) gets index.html; a missing file gets 404.
    expect((await app.inject({ method: 'GET', url: '/console/meetings/abc' })).body).toContain('Trang quản lý');
    expect((await app.inject({ method: 'GET', url: '/console/assets/missing.js' })).statusCode).toBe(404);
    // The API answers carry the headers too.
    const api = await app.inject({ method: 'POST', url: '/console/api/auth.status', headers: { 'x-chibo-console': '1', 'content-type': 'application/json' }, payload: '{}' });
    expect(api.json()).toMatchObject({ ok: true, value: { user: null } });
    expect(api.headers['x-content-type-options']).toBe('nosniff');
    await app.close();
  });

  it('never serves a file outside the folder', async () => {
    const h = harness();
    const { root, consoleDir } = builtApp();
    const app = buildServer({ db: h.env.db, dataDir: h.dataDir, consoleDir });
    for (const url of ['/console/../secret.txt', '/console/..%2fsecret.txt', '/console/%2e%2e/secret.txt', '/console/assets/..%2f..%2fsecret.txt', '/console/%2e%2e%5csecret.txt']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.body).not.toContain('không được lộ');
    }
    expect(resolveStatic(consoleDir, '..%2fsecret.txt')).toBe(path.join(consoleDir, 'secret.txt'));
    expect(resolveStatic(consoleDir, '%2e%2e%5csecret.txt')).toBeNull();
    expect(resolveStatic(consoleDir, 'a%00b')).toBeNull();
    expect(fs.existsSync(path.join(root, 'secret.txt'))).toBe(true);
    await app.close();
  });

  it('says in Vietnamese how to build the console when it is missing, and leaves the sync answers alone', async () => {
    const h = harness();
    const app = buildServer({ db: h.env.db, dataDir: h.dataDir, consoleDir: path.join(h.dataDir, 'no-such-dir') });
    const res = await app.inject({ method: 'GET', url: '/console/' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build:console');
    expect(res.body).toContain('Trang quản lý chưa được dựng');
    const sync = await app.inject({ method: 'GET', url: '/v1/nothing' });
    expect(sync.statusCode).toBe(404);
    expect(sync.json().error.code).toBe('NOT_FOUND');
    expect(sync.headers['content-security-policy']).toBeUndefined();
    await app.close();
  });
});
