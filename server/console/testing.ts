// Helpers for the console's tests: a browser-like client of /console over real HTTP (a cookie jar, the CSRF header),
// accounts made straight in the database, and a ward whose site pushes a branch, a meeting and a draft.
import type { ConsoleRole } from '../../core/consoleApi';
import { numberLines } from '../../core/rules/draftLines';
import type { Harness, Json, TestSite } from '../testing';
import { createUser } from './accounts';

export interface ConsoleAnswer {
  status: number;
  headers: Headers;
  json: Json;
  text: string;
}

/** One browser: keeps the session cookie the server sets, sends the CSRF header unless told not to. */
export class ConsoleBrowser {
  cookie: string | null = null;
  lastSetCookie: string | null = null;

  constructor(readonly h: Harness) {}

  async request(method: string, pathname: string, options: { body?: RequestInit['body']; headers?: Record<string, string>; csrf?: boolean } = {}): Promise<ConsoleAnswer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.csrf !== false && method !== 'GET') headers['x-chibo-console'] = '1';
    if (this.cookie) headers.cookie = this.cookie;
    const res = await fetch(`${this.h.url}${pathname}`, { method, headers, body: options.body, redirect: 'manual' });
    const set = res.headers.get('set-cookie');
    if (set) {
      this.lastSetCookie = set;
      const pair = set.split(';')[0]!;
      this.cookie = /Max-Age=0/i.test(set) ? null : pair;
    }
    const text = await res.text();
    let json: Json = null;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) json = JSON.parse(text);
    return { status: res.status, headers: res.headers, json, text };
  }

  call(method: string, input: unknown = {}, options: { csrf?: boolean } = {}): Promise<ConsoleAnswer> {
    return this.request('POST', `/console/api/${method}`, { body: JSON.stringify(input), headers: { 'content-type': 'application/json' }, csrf: options.csrf });
  }

  /** The value of a call that must succeed. */
  async ok(method: string, input: unknown = {}): Promise<Json> {
    const res = await this.call(method, input);
    if (!res.json?.ok) throw new Error(`${method} failed: ${res.status} ${res.text}`);
    return res.json.value;
  }

  async login(username: string, password = PASSWORD): Promise<Json> {
    return this.ok('auth.login', { username, password });
  }
}

export const PASSWORD = 'mật-khẩu-thử-123';

export async function makeUser(
  h: Harness,
  username: string,
  role: ConsoleRole,
  scope: string[] = [],
  options: { password?: string; mustChangePassword?: boolean; displayName?: string } = {},
) {
  return createUser(
    h.env.db,
    {
      username,
      displayName: options.displayName ?? `Đồng chí ${username}`,
      role,
      password: options.password ?? PASSWORD,
      scope,
      mustChangePassword: options.mustChangePassword ?? false,
    },
    'admin',
    h.clock.fn,
  );
}

export const DRAFT = [
  { heading: 'I. Đánh giá tình hình', paragraphs: ['Chi bộ đã lãnh đạo hoàn thành các nhiệm vụ chính trị trong tháng.', 'Đảng viên tham gia đầy đủ.'] },
  { heading: 'II. Nhiệm vụ tháng tới', paragraphs: ['Tiếp tục vận động nhân dân giữ gìn vệ sinh môi trường trên địa bàn khu phố.'] },
];

/** How many numbered lines DRAFT has (core/rules/draftLines.ts). */
export const DRAFT_LINES = numberLines(DRAFT).length;

/** Pushes a branch, a meeting in March 2026 and version 1 of its draft (DRAFT_LINES lines) from the ward's site. */
export async function pushMeeting(site: TestSite, ids: { branch: string; meeting: string; draft: string }): Promise<void> {
  const res = await site.push([
    site.op('organisations', ids.branch, { data: { kind: 'branch', name: `Chi bộ ${ids.branch}`, parent_id: site.organisation.id } }),
    site.op('meetings', ids.meeting, {
      data: { branch_id: ids.branch, kind: 'regular', scheduled_at: '2026-03-20T19:30', status: 'planned', place: 'Nhà văn hóa', topic: null },
    }),
    site.op('drafts', ids.draft, {
      data: { meeting_id: ids.meeting, version_no: 1, content: JSON.stringify(DRAFT), source: 'written', created_at: site.h.clock.now, created_by: null },
    }),
  ]);
  if (res.status !== 200 || res.json.rejected.length > 0) throw new Error(`push failed: ${res.status} ${JSON.stringify(res.json)}`);
}
