#!/usr/bin/env node
// npm run dist [-- electron-builder flags, e.g. --win, --linux AppImage deb, --dir]: builds the app with electron-vite,
// then packages it with electron-builder (build/electron-builder.yml): NSIS for Windows, AppImage and deb for Linux.
// electron-builder downloads Electron for the target platform and rebuilds better-sqlite3 against Electron's headers,
// both from outside the package registry; without that network this stops with one line saying so.
// electron-builder's npmRebuild rebuilds better-sqlite3 *in node_modules* for Electron's ABI, which would leave the
// tests (Node's ABI) without a working module; the Node build is set aside first and put back afterwards, whatever
// the outcome.
// The update feed is CHIBO_UPDATE_URL (the superior committee's server, https). Without it the build carries the
// placeholder https://updates.invalid/chi-bo-so/ and never looks for updates (electron/updater.ts).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const logDir = path.join(root, '.tmp');
const UPDATE_PLACEHOLDER = 'https://updates.invalid/chi-bo-so/';
const NETWORK_ERROR =
  /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|getaddrinfo|fetch failed|socket hang up|network connectivity|proxy|cannot download|unable to download|dial tcp|no such host|i\/o timeout/i;

const build = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) {
  console.error('Không dựng được ứng dụng (electron-vite build) — the app did not build; see the errors above.');
  process.exit(1);
}

const env = { ...process.env };
if (!env.CHIBO_UPDATE_URL) {
  env.CHIBO_UPDATE_URL = UPDATE_PLACEHOLDER;
  console.log(`CHIBO_UPDATE_URL chưa đặt: bản này không tự cập nhật — CHIBO_UPDATE_URL is not set: this build will not look for updates.`);
} else if (!env.CHIBO_UPDATE_URL.startsWith('https://')) {
  console.error('CHIBO_UPDATE_URL phải là địa chỉ https:// — CHIBO_UPDATE_URL must be an https:// address.');
  process.exit(1);
}

fs.mkdirSync(logDir, { recursive: true });
const nodeBuild = path.join(root, 'node_modules', 'better-sqlite3', 'build');
const setAside = path.join(logDir, 'better-sqlite3-node-build');
fs.rmSync(setAside, { recursive: true, force: true });
if (fs.existsSync(nodeBuild)) fs.cpSync(nodeBuild, setAside, { recursive: true });
let restored = false;
function restoreNodeBuild() {
  if (restored || !fs.existsSync(setAside)) return;
  restored = true;
  fs.rmSync(nodeBuild, { recursive: true, force: true });
  fs.cpSync(setAside, nodeBuild, { recursive: true });
  fs.rmSync(setAside, { recursive: true, force: true });
}

const logFile = path.join(logDir, 'dist.log');
const log = fs.createWriteStream(logFile);
const builder = spawn(
  process.execPath,
  [path.join(root, 'node_modules', 'electron-builder', 'cli.js'), '--config', 'build/electron-builder.yml', ...process.argv.slice(2)],
  { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
);
let output = '';
for (const [stream, sink] of [
  [builder.stdout, process.stdout],
  [builder.stderr, process.stderr],
]) {
  stream.on('data', (chunk) => {
    sink.write(chunk);
    log.write(chunk);
    output += chunk;
  });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => builder.kill(signal));
builder.on('close', (code) => {
  log.end();
  restoreNodeBuild();
  if (code === 0) {
    console.log(`Đã đóng gói vào release/ — packages are in release/.`);
    process.exit(0);
  }
  const where = ` [${path.relative(root, logFile)}]`;
  if (NETWORK_ERROR.test(output)) {
    console.error(
      'Không tải được Electron hoặc công cụ đóng gói (không có mạng tới nơi phát hành Electron/electron-builder); chưa đóng gói được trên máy này.' +
        " — Could not download Electron or the packaging tools (no network access to their release hosts); packaging is not possible on this machine." +
        where,
    );
  } else {
    console.error(`Đóng gói không thành công (electron-builder, mã ${code}) — packaging failed (electron-builder exit ${code}).${where}`);
  }
  process.exit(1);
});
