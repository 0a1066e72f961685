// The contract between the superior committee's web console (renderer/console) and the sync server (server/console):
// every method's name, its zod input schema and its output type, over one HTTP route `POST /console/api/:method` that
// answers with the same envelope as the app's API. Like core/api.ts this file imports nothing but zod and core/api's
// envelope types, so the browser can use it; it holds no logic beyond the typed client.
import { z } from 'zod';
import { methodClient, type Envelope } from './api';

// ---- Accounts ----------------------------------------------------------------------------------------------------------

/** quản trị viên: everything; người duyệt: reads and writes feedback and documents for the wards assigned to them;
 *  người xem: reads the wards assigned to them. */
export type ConsoleRole = 'admin' | 'reviewer' | 'viewer';

export interface ConsoleUser {
  id: string;
  username: string;
  displayName: string;
  role: ConsoleRole;
  /** Slot ids of the wards this account sees; null for an administrator (every ward). */
  scope: string[] | null;
  mustChangePassword: boolean;
}

export interface ConsoleUserRow extends ConsoleUser {
  createdAt: number;
  disabledAt: number | null;
  lockedUntil: number | null;
  lastLoginAt: number | null;
}

export interface ConsoleAuditRow {
  id: number;
  at: number;
  /** The account's username, or 'site:<name>' and 'admin' (the command line) for what came from elsewhere. */
  actor: string;
  action: string;
  /** Vietnamese, one line. */
  summary: string;
  detail: Record<string, unknown> | null;
}

// ---- Sites (wards) -----------------------------------------------------------------------------------------------------

export type SiteState = 'waiting' | 'expired' | 'enrolled' | 'revoked';

export interface ConsoleSite {
  slotId: string;
  /** The name the administrator gave; the ward's own organisation name once enrolled. */
  name: string;
  organisationName: string | null;
  state: SiteState;
  createdAt: number;
  codeExpiresAt: number;
  enrolledAt: number | null;
  revokedAt: number | null;
  lastSeenAt: number | null;
  lastPushAt: number | null;
  appVersion: string | null;
  /** More than one: a restored backup or a copied installation. */
  epochs: number;
  branches: number;
}

export interface CreatedConsoleSite {
  slotId: string;
  /** XXXX-XXXX-XXXX, shown once. */
  code: string;
  expiresAt: number;
}

// ---- The month overview ------------------------------------------------------------------------------------------------

/** chưa có kế hoạch, đã lên kế hoạch, đã gửi tài liệu, đã họp, đã thông qua biên bản. */
export type BranchMonthStatus = 'none' | 'planned' | 'shared' | 'held' | 'adopted';

/** Why a branch needs attention, most serious first. */
export type AttentionFlag = 'no_meeting' | 'draft_late' | 'draft_not_shared' | 'low_attendance' | 'no_opinions' | 'minutes_pending';

export interface BranchMonthRow {
  slotId: string;
  wardName: string;
  branchId: string;
  branchName: string;
  /** The month's main meeting (regular or combined first), or null when none is planned. */
  meetingId: string | null;
  meetingKind: 'regular' | 'thematic' | 'combined' | null;
  /** How many meetings the branch has in the month. */
  meetings: number;
  /** 'YYYY-MM-DDTHH:mm', local. */
  scheduledAt: string | null;
  status: BranchMonthStatus;
  /** Present among the summoned; null before the roll call. */
  present: number | null;
  summoned: number | null;
  /** 0–1; null before the roll call. */
  attendanceRate: number | null;
  opinions: number;
  /** When the draft and documents went to members (ms), or null. */
  draftSharedAt: number | null;
  /** Hours between sharing and the meeting; negative when shared after it started. */
  draftLeadHours: number | null;
  /** Shared less than one day before the meeting (Hướng dẫn 42-HD/BTCTW). */
  draftLate: boolean;
  /** Feedback this server sent on the meeting's drafts. */
  feedback: number;
  flags: AttentionFlag[];
}

export interface WardMonthTotals {
  slotId: string;
  wardName: string;
  branches: number;
  byStatus: Record<BranchMonthStatus, number>;
  /** Present ÷ summoned over the ward's meetings with a roll call; null when there is none. */
  attendanceRate: number | null;
  opinionsPerMeeting: number | null;
  lateDrafts: number;
  /** Branches with at least one flag. */
  needAttention: number;
}

export type OverviewSort = 'attention' | 'ward' | 'branch' | 'date' | 'attendance' | 'opinions' | 'lead';

export interface MonthOverview {
  month: string;
  /** Per ward in scope, in Vietnamese order of the ward's name. */
  wards: WardMonthTotals[];
  /** All the wards in scope together (the filter on one ward does not change it). */
  all: Omit<WardMonthTotals, 'slotId' | 'wardName'>;
  /** Rows matching the filters, before paging. */
  total: number;
  rows: BranchMonthRow[];
}

// ---- A branch's meeting ------------------------------------------------------------------------------------------------

export interface ConsoleDraftLine {
  number: number;
  text: string;
  /** The line is a section's heading. */
  heading: boolean;
}

export interface ConsoleDraftVersion {
  versionNo: number;
  source: 'written' | 'docx' | 'comments';
  createdAt: number;
  lines: ConsoleDraftLine[];
}

export interface ConsoleComment {
  id: string;
  draftVersion: number;
  source: 'member' | 'superior';
  authorName: string;
  lineFrom: number;
  lineTo: number;
  text: string;
  proposedText: string | null;
  decision: 'pending' | 'accepted' | 'partly' | 'rejected';
}

export interface ConsoleFeedback {
  id: string;
  draftVersion: number;
  lineFrom: number;
  lineTo: number;
  authorName: string;
  text: string;
  createdAt: number;
  /** When the ward's app fetched it (its next pull after the feedback), or null while it has not. */
  receivedAt: number | null;
}

export interface ConsoleMeeting {
  id: string;
  slotId: string;
  wardName: string;
  branchId: string;
  branchName: string;
  kind: 'regular' | 'thematic' | 'combined';
  scheduledAt: string;
  place: string | null;
  topic: string | null;
  status: 'planned' | 'shared' | 'held' | 'adopted' | 'sent';
  draftSharedAt: number | null;
  draftLeadHours: number | null;
  draftLate: boolean;
  agenda: { position: number; title: string; minutes: number; presenter: string }[];
  /** Newest last. */
  drafts: ConsoleDraftVersion[];
  comments: ConsoleComment[];
  feedback: ConsoleFeedback[];
  attendance: {
    summoned: number;
    present: number;
    rate: number | null;
    rows: { name: string; presence: 'present' | 'absent_excused' | 'absent_unexcused'; reason: string | null }[];
  };
  opinions: { speakerName: string; summary: string }[];
  vote: { for: number; against: number; abstain: number } | null;
  conclusion: string | null;
  minutesText: string | null;
  adoptedAt: number | null;
  /** Corrections made to the minutes after they were adopted (the adopted text is locked), oldest first. */
  addenda: { text: string; createdAt: number }[];
  /** The branch's other meetings, newest first, for moving between them. */
  history: { id: string; scheduledAt: string; kind: 'regular' | 'thematic' | 'combined'; status: ConsoleMeeting['status'] }[];
  /** The account may write feedback here. */
  canReview: boolean;
}

// ---- Documents sent down -----------------------------------------------------------------------------------------------

export type DocumentKind = 'document' | 'directive' | 'news';

export interface ConsoleDocument {
  id: string;
  kind: DocumentKind;
  title: string;
  body: string;
  publishedAt: number;
  version: number;
  withdrawn: boolean;
  files: { name: string; mime: string; size: number; sha256: string }[];
  /** 'all', or the slot ids it went to. */
  audience: 'all' | string[];
  /** One line per ward it went to (within the account's scope). */
  receipts: { slotId: string; wardName: string; receivedAt: number | null }[];
}

// ---- Reports -----------------------------------------------------------------------------------------------------------

export interface ReportRow {
  slotId: string;
  wardName: string;
  /** Null on a ward's total line. */
  branchId: string | null;
  branchName: string | null;
  branches: number;
  /** Meetings that should have been held in the period: branches × months. */
  expected: number;
  held: number;
  adopted: number;
  thematic: number;
  attendanceRate: number | null;
  opinionsPerMeeting: number | null;
  lateDrafts: number;
  feedback: number;
}

export interface PeriodReport {
  /** 'YYYY-MM' or 'YYYY-Qn'. */
  period: string;
  label: string;
  months: string[];
  rows: ReportRow[];
  all: Omit<ReportRow, 'slotId' | 'wardName' | 'branchId' | 'branchName'>;
}

export interface TrendPoint {
  month: string;
  branches: number;
  held: number;
  /** held ÷ branches. */
  heldRate: number;
  attendanceRate: number | null;
  lateDrafts: number;
}

// ---- Methods -----------------------------------------------------------------------------------------------------------

const id = z.string().trim().min(1, 'Thiếu mã.').max(100);
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Tháng phải có dạng YYYY-MM.');
const role = z.enum(['admin', 'reviewer', 'viewer']);
/** The shortest password the console accepts (its forms check the same before sending). */
export const MIN_PASSWORD_LENGTH = 10;
export const PASSWORD_TOO_SHORT = `Mật khẩu cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`;
const password = z.string().min(MIN_PASSWORD_LENGTH, PASSWORD_TOO_SHORT).max(200);
const username = z
  .string()
  .trim()
  .min(3, 'Tên đăng nhập cần ít nhất 3 ký tự.')
  .max(50)
  .regex(/^[a-z0-9._-]+$/, 'Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới.');
const statusFilter = z.enum(['none', 'planned', 'shared', 'held', 'adopted']);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'Tệp chưa được tải lên.');

export const consoleSchemas = {
  'auth.status': z.object({}),
  'auth.login': z.object({ username: z.string().trim().min(1, 'Hãy nhập tên đăng nhập.').max(50), password: z.string().min(1, 'Hãy nhập mật khẩu.').max(200) }),
  'auth.logout': z.object({}),
  'auth.changePassword': z.object({ current: z.string().min(1, 'Hãy nhập mật khẩu hiện tại.').max(200), next: password }),

  'users.list': z.object({}),
  'users.create': z.object({
    username,
    displayName: z.string().trim().min(1, 'Hãy nhập họ và tên.').max(200),
    role,
    password,
    scope: z.array(id).max(500).default([]),
  }),
  'users.update': z.object({
    id,
    displayName: z.string().trim().min(1, 'Hãy nhập họ và tên.').max(200).optional(),
    role: role.optional(),
    scope: z.array(id).max(500).optional(),
    disabled: z.boolean().optional(),
    /** An administrator sets a new password; the account must change it at the next login. */
    password: password.optional(),
    unlock: z.boolean().optional(),
  }),

  'audit.list': z.object({ before: z.number().int().positive().optional(), limit: z.number().int().min(1).max(500).default(100), actor: z.string().max(100).optional() }),

  'sites.list': z.object({}),
  'sites.create': z.object({ name: z.string().trim().min(1, 'Hãy đặt tên cho đơn vị.').max(200) }),
  'sites.revoke': z.object({ slotId: id }),

  'overview.month': z.object({
    month,
    slotId: id.optional(),
    status: z.array(statusFilter).max(5).optional(),
    /** Without diacritics, matches the branch's or the ward's name. */
    search: z.string().trim().max(100).optional(),
    attentionOnly: z.boolean().default(false),
    sort: z.enum(['attention', 'ward', 'branch', 'date', 'attendance', 'opinions', 'lead']).default('attention'),
    descending: z.boolean().default(false),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(50),
  }),

  'meetings.get': z.object({ id }),
  'feedback.add': z.object({
    meetingId: id,
    draftVersion: z.number().int().min(1),
    lineFrom: z.number().int().min(1, 'Dòng bắt đầu từ 1.'),
    lineTo: z.number().int().min(1),
    text: z.string().trim().min(1, 'Hãy viết nội dung góp ý.').max(20_000),
  }),

  'documents.list': z.object({}),
  'documents.publish': z.object({
    id: id.optional(),
    kind: z.enum(['document', 'directive', 'news']),
    title: z.string().trim().min(1, 'Hãy nhập tiêu đề.').max(500),
    body: z.string().max(1_000_000).default(''),
    files: z.array(z.object({ name: z.string().trim().min(1).max(255), mime: z.string().min(1).max(200), sha256 })).max(100).default([]),
    /** 'all' (every ward in the account's scope) or chosen slot ids. */
    audience: z.union([z.literal('all'), z.array(id).min(1, 'Hãy chọn ít nhất một đơn vị nhận.')]),
  }),
  'documents.withdraw': z.object({ id }),

  'reports.period': z.object({
    /** 'YYYY-MM' for a month or 'YYYY-Qn' for a quarter. */
    period: z.string().regex(/^\d{4}-((0[1-9]|1[0-2])|Q[1-4])$/, 'Kỳ báo cáo phải là tháng (YYYY-MM) hoặc quý (YYYY-Qn).'),
    slotId: id.optional(),
    /** With one line per branch under each ward's line. */
    branches: z.boolean().default(false),
  }),
  'reports.trend': z.object({ to: month, months: z.number().int().min(3).max(36).default(12), slotId: id.optional() }),
} as const;

export interface ConsoleOutputs {
  'auth.status': { user: ConsoleUser | null; serverName: string };
  'auth.login': ConsoleUser;
  'auth.logout': null;
  'auth.changePassword': null;
  'users.list': ConsoleUserRow[];
  'users.create': ConsoleUserRow;
  'users.update': ConsoleUserRow;
  'audit.list': ConsoleAuditRow[];
  'sites.list': ConsoleSite[];
  'sites.create': CreatedConsoleSite;
  'sites.revoke': null;
  'overview.month': MonthOverview;
  'meetings.get': ConsoleMeeting;
  'feedback.add': ConsoleFeedback;
  'documents.list': ConsoleDocument[];
  'documents.publish': ConsoleDocument;
  'documents.withdraw': null;
  'reports.period': PeriodReport;
  'reports.trend': TrendPoint[];
}

export type ConsoleMethod = keyof typeof consoleSchemas & keyof ConsoleOutputs;
export type ConsoleInput<M extends ConsoleMethod> = z.input<(typeof consoleSchemas)[M]>;
export type ConsoleParsedInput<M extends ConsoleMethod> = z.output<(typeof consoleSchemas)[M]>;
export type ConsoleOutput<M extends ConsoleMethod> = ConsoleOutputs[M];
export const consoleMethods = Object.keys(consoleSchemas) as ConsoleMethod[];

export function isConsoleMethod(name: unknown): name is ConsoleMethod {
  return typeof name === 'string' && Object.hasOwn(consoleSchemas, name);
}

/** Files go up before `documents.publish` names them: `POST /console/files` with the raw bytes, the name in the
 *  `x-file-name` header (URI-encoded), answered with this. */
export interface UploadedFile {
  sha256: string;
  size: number;
  name: string;
  mime: string;
}

/** `GET /console/export/report.xlsx?period=…[&slotId=…]`: the period report as an Excel workbook. */
export const REPORT_EXPORT_PATH = '/console/export/report.xlsx';
export const CONSOLE_API_PATH = '/console/api/';
export const CONSOLE_FILES_PATH = '/console/files';
/** Every request that changes something carries this header: a cross-site form cannot set it. */
export const CONSOLE_CSRF_HEADER = 'x-chibo-console';

// ---- The typed client --------------------------------------------------------------------------------------------------

type AreaOf<M extends string> = M extends `${infer A}.${string}` ? A : never;
type ActionOf<M extends string, A extends string> = M extends `${A}.${infer X}` ? X : never;
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type EmptyInput<M extends ConsoleMethod> = {} extends ConsoleInput<M> ? true : false;

export type ConsoleClient = {
  [A in AreaOf<ConsoleMethod>]: {
    [X in ActionOf<ConsoleMethod, A>]: `${A}.${X}` extends infer M extends ConsoleMethod
      ? EmptyInput<M> extends true
        ? (input?: ConsoleInput<M>) => Promise<ConsoleOutput<M>>
        : (input: ConsoleInput<M>) => Promise<ConsoleOutput<M>>
      : never;
  };
};

/** `console.area.action(input)` over `invoke`; failures become ApiError with the Vietnamese message. */
export function createConsoleClient(invoke: (method: string, input: unknown) => Promise<Envelope<unknown>>): ConsoleClient {
  return methodClient(consoleMethods, invoke) as unknown as ConsoleClient;
}
