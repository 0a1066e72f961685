// npm run preview [-- --demo] [--port N] [--data-dir DIR] [--no-build]
// The renderer and the services in a browser, on 127.0.0.1, with a token made for this run.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ApiError, type DemoSummary } from '../core/api';
import { startRuntime } from '../core/runtime';
import { DatabaseOpenError } from '../db/connection';
import { appVersion, dataDirFrom, parseArgs, ROOT } from './common';
import { createPreviewServer } from './preview-server';

const WEB_DIR = path.join(ROOT, 'out', 'web');
const STAMP = path.join(WEB_DIR, '.built-from');

function newestSource(): number {
  let newest = 0;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  walk(path.join(ROOT, 'renderer'));
  for (const file of ['core/api.ts', 'renderer.vite.config.ts', 'package-lock.json']) {
    newest = Math.max(newest, fs.statSync(path.join(ROOT, file)).mtimeMs);
  }
  return newest;
}

async function buildRendererIfStale() {
  if (fs.existsSync(STAMP) && fs.statSync(STAMP).mtimeMs >= newestSource()) return;
  console.log('Đang dựng giao diện (lần đầu hoặc sau khi mã nguồn thay đổi)…');
  const { build } = await import('vite');
  await build({ configFile: path.join(ROOT, 'renderer.vite.config.ts') });
  fs.writeFileSync(STAMP, new Date().toISOString());
}

const ROLE: Record<string, string> = {
  ward_admin: 'quản trị viên',
  ward_staff: 'cán bộ văn phòng',
  branch_secretary: 'bí thư chi bộ',
  viewer: 'người xem',
};

function accountsTable(accounts: DemoSummary['accounts']): string {
  const lines = accounts.map((a) => `  ${a.username.padEnd(10)} ${a.password.padEnd(12)} ${ROLE[a.role]}: ${a.displayName}`);
  return ['Tài khoản dùng thử (tên đăng nhập, mật khẩu, vai trò):', ...lines].join('\n');
}

async function main() {
  const { flags } = parseArgs(process.argv.slice(2), ['demo', 'no-build']);
  const dataDir = dataDirFrom(flags['data-dir'] as string | undefined);
  const port = flags.port === undefined ? 5180 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Cổng không hợp lệ: ${String(flags.port)}`);
    process.exit(2);
  }
  if (!flags['no-build']) await buildRendererIfStale();
  if (!fs.existsSync(path.join(WEB_DIR, 'index.html'))) {
    console.error('Chưa có bản dựng giao diện (out/web). Hãy chạy lại không kèm --no-build.');
    process.exit(1);
  }

  const runtime = startRuntime({ dataDir, host: 'preview', appVersion: appVersion(), sync: { background: true } });
  if (flags.demo) {
    const created = await runtime.dispatch('demo.create', {});
    if (created.ok) {
      const demo = created.value as DemoSummary;
      console.log(
        `Đã tạo dữ liệu mẫu: ${demo.wardName}, ${demo.branches} chi bộ, ${demo.members} đảng viên, ${demo.meetings} buổi sinh hoạt.`,
      );
      console.log(accountsTable(demo.accounts));
    } else if (created.error.code === 'CONFLICT') {
      console.log('Thư mục dữ liệu đã có một đảng bộ; giữ nguyên, không tạo dữ liệu mẫu.');
    } else {
      throw new ApiError(created.error.code, created.error.message);
    }
  }

  const token = crypto.randomBytes(24).toString('base64url');
  const server = createPreviewServer({ runtime, token, staticDir: WEB_DIR });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' && flags.port === undefined) {
        server.listen(0, '127.0.0.1', resolve);
      } else reject(error);
    });
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address() as { port: number };
  const info = await runtime.dispatch('app.info', {});
  console.log(`Dữ liệu: ${dataDir}`);
  if (info.ok && !(info.value as { ward: unknown }).ward) {
    console.log('Thư mục dữ liệu còn trống: mở địa chỉ dưới đây để thiết lập đảng bộ hoặc tạo dữ liệu mẫu (hoặc chạy lại với --demo).');
  }
  console.log(`Chi bộ số (bản xem trước) đang chạy tại: http://127.0.0.1:${address.port}/?token=${token}`);

  const stop = () => {
    server.close();
    server.closeAllConnections();
    void runtime.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof DatabaseOpenError || error instanceof ApiError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
