#!/usr/bin/env node
// npm start: runs the app in Electron with electron-vite's dev server (hot reload of the renderer).
//  1. Electron's binary comes from Electron's release host, outside the package registry, so `npm ci` never fetches it
//     (.npmrc, ARCHITECTURE.md). If it is missing, Electron's own installer gets one try; if that fails this says so
//     in one line and points at `npm run preview`, which needs no Electron.
//  2. better-sqlite3 in node_modules is built for Node (the tests use it). Electron needs a build for its own ABI: it is
//     made once per Electron/better-sqlite3 version with @electron/rebuild in a copy under .electron-native/, and main.ts
//     loads it from there. node_modules is not touched.
//  3. electron-vite dev.
// `node scripts/start.mjs --prepare-only` does steps 1–2 and stops (for the Electron smoke test on a machine that can).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findElectronBinary } from './electron-binary.mjs';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const prepareOnly = args.includes('--prepare-only');
const passThrough = args.filter((a) => a !== '--prepare-only');
const logDir = path.join(root, '.tmp');
const nativeDir = path.join(root, '.electron-native');
const nodeBuild = path.join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
const INSTALL_TIMEOUT_MS = Number(process.env.CHIBO_ELECTRON_INSTALL_TIMEOUT_MS) || 120_000;

const NETWORK_ERROR =
  /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|getaddrinfo|fetch failed|socket hang up|network connectivity|proxy|certificate|403 Forbidden|404 Not Found/i;

function fail(line, details) {
  let where = '';
  if (details) {
    fs.mkdirSync(logDir, { recursive: true });
    const file = path.join(logDir, 'start.log');
    fs.writeFileSync(file, details);
    where = ` [${path.relative(root, file)}]`;
  }
  console.error(`${line}${where}`);
  process.exit(1);
}

function ensureElectron() {
  const found = findElectronBinary(root);
  if (found.present) return found;
  console.log(`Chưa có Electron ${found.version}; thử tải một lần… / Electron ${found.version} is missing; trying to download it once…`);
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron', 'install.js')], {
    cwd: root,
    encoding: 'utf8',
    timeout: INSTALL_TIMEOUT_MS,
    env: process.env,
  });
  const again = findElectronBinary(root);
  if (result.status === 0 && again.present) return again;
  const output = [
    `electron install.js: status ${result.status}, signal ${result.signal ?? '-'}${result.error ? `, ${result.error.message}` : ''}`,
    result.stdout ?? '',
    result.stderr ?? '',
    again.present ? '' : again.reason,
  ].join('\n');
  if (result.error?.code === 'ETIMEDOUT') {
    fail(
      `Tải Electron quá ${INSTALL_TIMEOUT_MS / 1000} giây nên đã dừng; mạng chậm thì đặt CHIBO_ELECTRON_INSTALL_TIMEOUT_MS lớn hơn, không thì hãy dùng: npm run preview` +
        ` — Downloading Electron took over ${INSTALL_TIMEOUT_MS / 1000} s and was stopped; on a slow link raise CHIBO_ELECTRON_INSTALL_TIMEOUT_MS, else use: npm run preview`,
      output,
    );
  }
  fail(
    'Không tải được Electron trên máy này (không có mạng tới nơi phát hành Electron). Hãy dùng: npm run preview' +
      " — Could not download Electron on this machine (no network access to Electron's release host). Use: npm run preview",
    output,
  );
}

function fileSignature(file) {
  try {
    const stat = fs.statSync(file);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return 'missing';
  }
}

async function ensureNativeBuild(electronVersion) {
  const betterSqlite = path.join(root, 'node_modules', 'better-sqlite3');
  const betterSqliteVersion = JSON.parse(fs.readFileSync(path.join(betterSqlite, 'package.json'), 'utf8')).version;
  const target = path.join(nativeDir, 'better_sqlite3.node');
  const stampFile = path.join(nativeDir, 'better_sqlite3.json');
  const stamp = { electron: electronVersion, betterSqlite3: betterSqliteVersion, platform: process.platform, arch: process.arch };
  try {
    if (fs.existsSync(target) && JSON.stringify(JSON.parse(fs.readFileSync(stampFile, 'utf8'))) === JSON.stringify(stamp)) return;
  } catch {
    // no stamp or a damaged one: build again
  }

  console.log(
    `Dựng better-sqlite3 ${betterSqliteVersion} cho Electron ${electronVersion} (một lần, vài phút; nhật ký: .tmp/native-build.log)…` +
      ` / Building better-sqlite3 for Electron (once)…`,
  );
  const buildDir = path.join(nativeDir, 'build');
  const moduleCopy = path.join(buildDir, 'node_modules', 'better-sqlite3');
  fs.rmSync(buildDir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(moduleCopy), { recursive: true });
  fs.cpSync(betterSqlite, moduleCopy, {
    recursive: true,
    filter: (source) => !source.startsWith(path.join(betterSqlite, 'build')) && !source.startsWith(path.join(betterSqlite, 'node_modules')),
  });
  fs.writeFileSync(
    path.join(buildDir, 'package.json'),
    JSON.stringify({ name: 'chibo-electron-native', private: true, dependencies: { 'better-sqlite3': betterSqliteVersion } }, null, 2),
  );

  const abiFile = path.join(root, 'node_modules', 'electron', 'abi_version');
  const forceABI = fs.existsSync(abiFile) ? Number(fs.readFileSync(abiFile, 'utf8').trim()) || undefined : undefined;
  const before = fileSignature(nodeBuild);
  fs.mkdirSync(logDir, { recursive: true });
  const log = path.join(logDir, 'native-build.log');
  const logFd = fs.openSync(log, 'w');
  // projectRootPath stops @electron/rebuild at the copy: it must not climb to the project's own node_modules.
  const options = {
    buildPath: buildDir,
    projectRootPath: buildDir,
    electronVersion,
    arch: process.arch,
    onlyModules: ['better-sqlite3'],
    force: true,
    mode: 'sequential',
    ...(forceABI ? { forceABI } : {}),
    // An office mirror of https://www.electronjs.org/headers, for machines that cannot reach it.
    ...(process.env.CHIBO_ELECTRON_HEADERS_URL ? { headerURL: process.env.CHIBO_ELECTRON_HEADERS_URL } : {}),
  };
  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'rebuild-native.mjs'), JSON.stringify(options)], {
    cwd: root,
    stdio: ['ignore', logFd, logFd],
  });
  fs.closeSync(logFd);
  if (fileSignature(nodeBuild) !== before) {
    console.error('CẢNH BÁO / WARNING: node_modules/better-sqlite3 was changed by the rebuild; run `npm rebuild better-sqlite3` so the tests get a Node build again.');
  }
  if (result.status !== 0) {
    fs.rmSync(buildDir, { recursive: true, force: true });
    const where = ` [${path.relative(root, log)}]`;
    if (NETWORK_ERROR.test(fs.readFileSync(log, 'utf8'))) {
      fail(
        'Không tải được tệp tiêu đề (headers) của Electron để dựng better-sqlite3 (cần mạng tới electronjs.org). Hãy dùng: npm run preview' +
          " — Could not fetch Electron's headers to build better-sqlite3 (needs network access to electronjs.org). Use: npm run preview" +
          where,
      );
    }
    fail(
      'Không dựng được better-sqlite3 cho Electron (cần Python 3 và trình biên dịch C++: build-essential hoặc Visual Studio Build Tools). Hãy dùng: npm run preview' +
        ' — Could not build better-sqlite3 for Electron (needs Python 3 and a C++ toolchain). Use: npm run preview' +
        where,
    );
  }

  const built = path.join(moduleCopy, 'build', 'Release', 'better_sqlite3.node');
  if (!fs.existsSync(built)) fail(`Dựng xong nhưng không thấy ${path.relative(root, built)} — the rebuild produced no module.`);
  fs.copyFileSync(built, target);
  fs.writeFileSync(stampFile, `${JSON.stringify(stamp, null, 2)}\n`);
  fs.rmSync(buildDir, { recursive: true, force: true });
}

const electron = ensureElectron();
await ensureNativeBuild(electron.version);
if (prepareOnly) process.exit(0);

const child = spawn(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'dev', ...passThrough], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ELECTRON_EXEC_PATH: electron.executable },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
