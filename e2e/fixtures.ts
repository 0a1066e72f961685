// Each spec gets its own preview process on a fresh data folder, started the way a person starts it
// (npm run preview -- --demo), and the address it prints, token included.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, type Page } from '@playwright/test';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const ARTIFACTS = path.join(ROOT, 'e2e', 'artifacts');

export interface Preview {
  url: string;
  dataDir: string;
  output: () => string;
  stop(): Promise<void>;
}

/** A long-running process of this project started with tsx, once it has printed what `ready` matches. */
export interface Started {
  match: RegExpExecArray;
  output: () => string;
  stop(): Promise<void>;
}

export async function startUntil(script: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp, what: string): Promise<Started> {
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start:\n${output}`)), 60_000);
    child.stdout!.on('data', () => {
      const found = ready.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}:\n${output}`)));
  });
  return {
    match,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function startPreview(args: string[] = []): Promise<Preview> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chibo-e2e-'));
  const started = await startUntil(
    'host/preview.ts',
    ['--port', '0', '--no-build', ...args],
    { CHIBO_DATA_DIR: dataDir },
    /đang chạy tại: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/,
    'preview',
  );
  return {
    url: started.match[1]!,
    dataDir,
    output: started.output,
    async stop() {
      await started.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The superior committee's sync server, started the way its administrator starts it (npm run server), on SQLite in a
 *  fresh data folder. */
export interface SyncServer {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startSyncServer(): Promise<SyncServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chibo-e2e-server-'));
  const started = await startUntil('server/cli.ts', ['--port', '0', '--data-dir', dataDir], { DATABASE_URL: '' }, /đang chạy tại (http:\/\/127\.0\.0\.1:\d+)/, 'sync server');
  return {
    url: started.match[1]!,
    dataDir,
    async stop() {
      await started.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The server administrator's command line (npm run server -- …) on the server's data folder; its standard output. */
export function serverCli(server: SyncServer, ...args: string[]): string {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'server/cli.ts'), ...args, '--data-dir', server.dataDir], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '' },
  });
  if (result.status !== 0) throw new Error(`server ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await use(errors);
  },
});
export { expect } from '@playwright/test';

/** Signs in on the login page with a demo account (password chibo2026). */
export async function signIn(page: Page, username: string, password = 'chibo2026') {
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.getByTestId('current-user').waitFor();
}
