// The contract between the renderer and the services: every method's name, its zod input schema and its output type.
// Both transports (Electron IPC and the preview's HTTP) parse input with these schemas and answer with one envelope.
// This file imports nothing but zod, so the renderer can use it; it holds no logic beyond the typed client.
import { z } from 'zod';

// ---- Shapes the methods return -------------------------------------------------------------------------------------

export type OrganisationKind = 'province' | 'district' | 'ward' | 'branch';
export type BranchKind = 'residential' | 'agency' | 'enterprise' | 'school' | 'other';

export interface AppInfo {
  productName: string;
  version: string;
  schemaVersion: number;
  /** Where the database lives; shown in Cài đặt. */
  dataDir: string;
  /** The ward this installation keeps, or null on first start (the app then offers setup or demo data). */
  ward: { id: string; name: string; superiorName: string | null } | null;
  /** 'electron' or 'preview', so the UI can say where it runs. */
  host: 'electron' | 'preview';
}

export interface OrganisationNode {
  id: string;
  parentId: string | null;
  kind: OrganisationKind;
  name: string;
  branchKind: BranchKind | null;
  dissolved: boolean;
  /** Members in this organisation's own records (branches only; 0 for the others). */
  memberCount: number;
}

export interface BranchSummary {
  id: string;
  name: string;
  branchKind: BranchKind;
  dissolved: boolean;
  official: number;
  probationary: number;
  exempt: number;
  away: number;
  /** 'YYYY-MM-DD' of the latest meeting held, or null. */
  lastMeetingDate: string | null;
}

export interface MemberRow {
  id: string;
  fullName: string;
  branchId: string;
  branchName: string;
  gender: 'male' | 'female';
  birthDate: string | null;
  admissionDate: string | null;
  status: 'official' | 'probationary';
  standing: 'active' | 'exempt' | 'away' | 'transferred_out' | 'removed' | 'deceased';
  /** Twelve months after admission (Điều lệ Đảng, Điều 5), for probationary members; null otherwise. */
  probationEnd: string | null;
}

export interface Page<T> {
  total: number;
  rows: T[];
}

export interface DemoSummary {
  wardId: string;
  wardName: string;
  branches: number;
  members: number;
  meetings: number;
  attendance: number;
  /** One account per role, for trying the app; printed by the preview and shown on the login page of a demo. */
  accounts: { username: string; password: string; role: Role; displayName: string }[];
}

export type Role = 'ward_admin' | 'ward_staff' | 'branch_secretary' | 'viewer';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** For a branch secretary: the one branch they see and edit. */
  branchId: string | null;
  branchName: string | null;
}

export interface AuthStatus {
  user: SessionUser | null;
  /** Minutes without activity after which the app locks and asks for the password again. */
  idleLockMinutes: number;
  /** The demo's accounts, when this data folder holds the demo ward; empty otherwise. */
  demoAccounts: DemoSummary['accounts'];
}

export type MemberStanding = MemberRow['standing'];

export interface MemberDetail extends MemberRow {
  officialDate: string | null;
  cardNumber: string | null;
  citizenId: string | null;
  phone: string | null;
  standingSince: string | null;
  standingReason: string | null;
  standingResolution: string | null;
  awayUntil: string | null;
  awayPlace: string | null;
  version: number;
}

export type MemberEventKind =
  | 'created' | 'imported' | 'edited' | 'official' | 'exempted' | 'exemption_ended' | 'away' | 'returned'
  | 'moved' | 'transferred_in' | 'transferred_out' | 'removed' | 'deceased';

export interface MemberEvent {
  id: string;
  kind: MemberEventKind;
  effectiveDate: string | null;
  fromBranchName: string | null;
  toBranchName: string | null;
  /** Changed fields (edited) or the reason and resolution (standing changes). */
  details: Record<string, unknown> | null;
  recordedAt: number;
  recordedBy: string | null;
}

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  branchId: string | null;
  branchName: string | null;
  disabled: boolean;
  lockedUntil: number | null;
  createdAt: number;
}

export interface AuditRow {
  id: string;
  at: number;
  userName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

export interface OfficerRow {
  id: string;
  memberId: string;
  memberName: string;
  role: 'secretary' | 'deputy_secretary' | 'committee_member';
  termLabel: string;
  termStart: string;
  termEnd: string | null;
}

export interface ImportReport {
  fileName: string;
  sheetName: string;
  headerRow: number;
  /** Each column of the header row, the field it became (null: ignored) and that field's Vietnamese name. */
  headers: { column: number; text: string; field: string | null; label: string | null }[];
  /** Vietnamese names of required columns the file lacks. */
  missingFields: string[];
  total: number;
  valid: number;
  invalid: number;
  /** Every row with a problem, and the first valid rows as a sample. */
  rows: { row: number; fullName: string | null; branchName: string | null; errors: string[]; warnings: string[] }[];
}


// ---- Meetings (sinh hoạt chi bộ) -----------------------------------------------------------------------------------

export type MeetingKind = 'regular' | 'thematic' | 'combined';
export type MeetingStatus = 'planned' | 'shared' | 'held' | 'adopted' | 'sent';
export type Presence = 'present' | 'absent_excused' | 'absent_unexcused';

export interface MonthRow {
  branchId: string;
  branchName: string;
  meeting: {
    id: string;
    kind: MeetingKind;
    scheduledAt: string;
    status: MeetingStatus;
    /** Hours between sharing the draft and the meeting; null when not shared. */
    leadHours: number | null;
    sharedLate: boolean;
    attendanceRate: number | null;
    opinions: number;
  } | null;
  /** No meeting held by the end of the month, or a planned one whose date has passed. */
  overdue: boolean;
}

export interface MeetingSummary {
  id: string;
  branchId: string;
  branchName: string;
  kind: MeetingKind;
  scheduledAt: string;
  place: string | null;
  status: MeetingStatus;
}

export interface AgendaItemRow {
  id: string;
  title: string;
  minutes: number;
  presenter: string;
  summary: string | null;
}

export interface DraftVersion {
  versionNo: number;
  sections: { heading: string; paragraphs: string[] }[];
  lines: { number: number; text: string; section: number; paragraph: number }[];
  createdAt: number;
  createdBy: string | null;
  source: 'written' | 'docx' | 'comments';
}

export interface CommentRow {
  id: string;
  draftVersion: number;
  source: 'member' | 'superior';
  authorName: string;
  lineFrom: number;
  lineTo: number;
  text: string;
  proposedText: string | null;
  decision: 'pending' | 'accepted' | 'partly' | 'rejected';
  decisionNote: string | null;
  createdAt: number;
}

export interface RollRow {
  memberId: string;
  name: string;
  status: 'official' | 'probationary';
  standing: 'active' | 'exempt' | 'away';
  expected: boolean;
  presence: Presence | null;
  reason: string | null;
}

export interface OpinionRow {
  id: string;
  agendaItemId: string | null;
  agendaItemTitle: string | null;
  memberId: string | null;
  speakerName: string;
  summary: string;
}

export interface AttachmentRow {
  id: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
}

export interface MeetingDetail extends MeetingSummary {
  version: number;
  topic: string | null;
  chairId: string | null;
  secretaryId: string | null;
  guests: { name: string; role: string }[];
  endedAt: string | null;
  conclusion: string | null;
  locked: boolean;
  agenda: AgendaItemRow[];
  agendaMinutes: number;
  agendaWarning: string | null;
  draft: DraftVersion | null;
  draftVersions: number[];
  draftSharedAt: number | null;
  leadHours: number | null;
  sharedLate: boolean;
  attachments: AttachmentRow[];
  comments: CommentRow[];
  roll: RollRow[];
  totals: {
    total: number; official: number; probationary: number; exempt: number; away: number; summoned: number;
    present: number; presentOfficial: number; presentProbationary: number; exemptPresent: number; absent: number;
    absentExcused: { name: string; reason: string | null }[]; absentUnexcused: string[]; rate: number;
  };
  denominator: { denominator: number; officialTotal: number; away: number; exemptAbsent: number; absentExcused: number; eligiblePresent: number };
  opinions: OpinionRow[];
  vote: { for: number; against: number; abstain: number; passed: boolean; forShare: number } | null;
  minutesText: string | null;
  minutesHash: string | null;
  adoptedAt: number | null;
  resolutionNumber: string | null;
  addenda: { id: string; text: string; createdAt: number; createdBy: string | null }[];
}

export interface MeetingReportRow {
  branchId: string;
  branchName: string;
  month: string;
  held: boolean;
  attendanceRate: number | null;
  opinions: number;
  sharedOnTime: boolean | null;
}

// ---- Presentation --------------------------------------------------------------------------------------------------

export type ProjectorScreen = 'slide' | 'black' | 'white';
export type ProjectorTheme = 'dark' | 'light' | 'contrast';

/** One draft line on a slide: its number over the whole draft, so "dòng 42" reads the same on every screen. */
export interface SlideLine {
  number: number;
  text: string;
  heading: boolean;
}

interface SlideBase {
  /** Stable while the meeting's data is unchanged; the console's list and the projector both key on it. */
  key: string;
  /** A short Vietnamese label for the console's slide list. */
  label: string;
  /** The agenda item (0-based) the slide belongs to, or null. */
  agendaIndex: number | null;
  /** Speaker notes: only in the console's copy of the deck, never sent to the projector. */
  notes: string[];
}

export type Slide = SlideBase &
  (
    | { kind: 'title'; wardName: string; branchName: string; meetingTitle: string; scheduledAt: string; place: string | null }
    | { kind: 'agenda'; items: { title: string; minutes: number; presenter: string }[]; current: number | null }
    | { kind: 'item'; number: number; count: number; title: string; presenter: string; minutes: number; items: string[] }
    | { kind: 'draft'; versionNo: number; page: number; pages: number; lines: SlideLine[]; totalLines: number }
    | {
        kind: 'comment';
        number: number;
        count: number;
        comment: { authorName: string; source: 'member' | 'superior'; lineFrom: number; lineTo: number; text: string; proposedText: string | null };
        lines: SlideLine[];
        /** Lines of the range not shown for want of room. */
        moreLines: number;
      }
    | { kind: 'document'; attachmentId: string; name: string; mime: string; page: number; pages: number }
    | {
        kind: 'attendance';
        summoned: number;
        present: number;
        presentOfficial: number;
        presentProbationary: number;
        exemptPresent: number;
        absentExcused: number;
        absentUnexcused: number;
        rate: number;
        guests: number;
        recorded: boolean;
      }
    | {
        kind: 'vote';
        vote: { for: number; against: number; abstain: number; passed: boolean; forShare: number } | null;
        denominator: MeetingDetail['denominator'];
      }
  );

export interface Deck {
  meetingId: string;
  branchId: string;
  slides: Slide[];
  /** Minutes planned per agenda item, for the console's timers. */
  agendaMinutes: number[];
  /** Draft lines per projector page: fixed, so a line is on the same page on every screen. */
  linesPerPage: number;
}

/** What both windows render from. The host (Electron's main process, the preview server) holds it. */
export interface PresentationState {
  meetingId: string;
  branchId: string;
  /** Grows with every change, so a window that missed an event can tell. */
  seq: number;
  slideCount: number;
  /** The console's slide. */
  index: number;
  /** The projector's slide: the console's, unless frozen. */
  shown: number;
  frozen: boolean;
  screen: ProjectorScreen;
  message: string | null;
  countdown: { durationMs: number; remainingMs: number; startedAt: number | null; visible: boolean };
  theme: ProjectorTheme;
  /** When the presentation began, and when the current agenda item did (host clock, ms). */
  startedAt: number;
  item: { agendaIndex: number | null; startedAt: number };
  /** The agenda item of each slide, so the host can time items. */
  agendaBySlide: (number | null)[];
  /** Set by a host that opened its own projector window (Electron); the preview's console opens one itself. */
  projector: { mode: 'fullscreen' | 'windowed' | 'none'; warning: string | null };
}

// ---- Sync with the superior committee ------------------------------------------------------------------------------

export type SyncPhase = 'push' | 'blobs' | 'pull' | 'recover';

export interface SyncStatus {
  enrolled: boolean;
  serverUrl: string | null;
  serverName: string | null;
  siteId: string | null;
  epoch: number | null;
  /** not_enrolled: never enrolled; idle: up to date; waiting: changes queued; syncing: a cycle runs; offline: the
   *  server could not be reached; error: the server refused (see lastError); revoked: the server revoked this site. */
  state: 'not_enrolled' | 'idle' | 'waiting' | 'syncing' | 'offline' | 'error' | 'revoked';
  lastSuccessAt: number | null;
  lastAttemptAt: number | null;
  nextAttemptAt: number | null;
  /** Vietnamese, for the person. */
  lastError: string | null;
  /** Outbox entries not yet acknowledged, in all and per table. */
  waiting: number;
  waitingByTable: { table: string; count: number }[];
  /** Changes the server refused, with its reason; the queue went on without them. */
  rejected: { seq: number; table: string; key: string; code: string; reason: string; at: number }[];
  progress: { phase: SyncPhase; done: number; total: number } | null;
}

export interface SuperiorDocument {
  id: string;
  kind: 'document' | 'directive' | 'news';
  title: string;
  body: string;
  publishedAt: number;
  files: { name: string; mime: string; size: number; sha256: string; available: boolean }[];
  readAt: number | null;
}

// ---- Input schemas -------------------------------------------------------------------------------------------------

const empty = z.object({}).strict();
const name = (what: string) =>
  z
    .string({ error: `${what} phải là chữ.` })
    .trim()
    .min(2, { error: `${what} phải có ít nhất 2 ký tự.` })
    .max(200, { error: `${what} dài quá 200 ký tự.` });

const id = z.string({ error: 'Thiếu mã bản ghi.' }).min(1).max(64);
const date = (what: string) =>
  z
    .string({ error: `${what} phải là ngày.` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${what} không hợp lệ.` })
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), {
      error: `${what} không có thật trên lịch.`,
    });
const optionalText = (what: string, max = 200) =>
  z
    .string()
    .trim()
    .max(max, { error: `${what} dài quá ${max} ký tự.` })
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();
const role = z.enum(['ward_admin', 'ward_staff', 'branch_secretary', 'viewer'], { error: 'Vai trò không hợp lệ.' });
const username = z
  .string({ error: 'Thiếu tên đăng nhập.' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,32}$/, { error: 'Tên đăng nhập gồm 3–32 ký tự: chữ không dấu, số, dấu chấm, gạch dưới, gạch ngang.' });
const password = z
  .string({ error: 'Thiếu mật khẩu.' })
  .min(8, { error: 'Mật khẩu phải có ít nhất 8 ký tự.' })
  .max(200, { error: 'Mật khẩu dài quá 200 ký tự.' });
const memberFields = {
  fullName: name('Họ và tên'),
  gender: z.enum(['male', 'female'], { error: 'Giới tính phải là Nam hoặc Nữ.' }),
  birthDate: date('Ngày sinh'),
  admissionDate: date('Ngày vào Đảng'),
  officialDate: date('Ngày chính thức').nullable().optional(),
  cardNumber: optionalText('Số thẻ đảng viên', 20),
  citizenId: z
    .string()
    .trim()
    .regex(/^(\d{12})?$/, { error: 'Số CCCD phải có đúng 12 chữ số.' })
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional(),
  phone: z
    .string()
    .trim()
    .regex(/^(\+?\d[\d .]{8,14})?$/, { error: 'Số điện thoại không hợp lệ.' })
    .transform((v) => (v === '' ? null : v.replace(/[ .]/g, '')))
    .nullable()
    .optional(),
};
const meetingKind = z.enum(['regular', 'thematic', 'combined'], { error: 'Loại buổi sinh hoạt không hợp lệ.' });
const dateTime = z
  .string({ error: 'Thiếu ngày giờ.' })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, { error: 'Ngày giờ không hợp lệ.' })
  .refine((v) => !Number.isNaN(Date.parse(`${v}:00Z`)) && new Date(`${v}:00Z`).toISOString().startsWith(v), { error: 'Ngày giờ không có thật.' });
const margin = z.number().min(5, { error: 'Lề từ 5 đến 50 mm.' }).max(50, { error: 'Lề từ 5 đến 50 mm.' });
const base64File = z
  .object({
    fileName: z.string().trim().min(1).max(255),
    /** The file's bytes, base64. */
    data: z.string().max(30_000_000, { error: 'Tệp quá lớn (tối đa khoảng 20 MB).' }),
  })
  .strict();

export const schemas = {
  'app.info': empty,
  'auth.status': empty,
  'auth.login': z.object({ username, password: z.string({ error: 'Thiếu mật khẩu.' }).min(1, { error: 'Hãy nhập mật khẩu.' }).max(200) }).strict(),
  'auth.logout': empty,
  'auth.changePassword': z.object({ currentPassword: z.string().min(1).max(200), newPassword: password }).strict(),
  'setup.createWard': z
    .object({
      wardName: name('Tên đảng bộ phường, xã'),
      superiorName: name('Tên cấp ủy cấp trên'),
      superiorKind: z.enum(['province', 'district'], { error: 'Cấp trên phải là tỉnh/thành ủy hoặc quận/huyện ủy.' }),
      adminName: name('Họ tên quản trị viên'),
      adminUsername: username,
      adminPassword: password,
    })
    .strict(),
  'demo.create': empty,
  'organisations.tree': empty,
  'branches.list': empty,
  'branches.create': z.object({ name: name('Tên chi bộ'), branchKind: z.enum(['residential', 'agency', 'enterprise', 'school', 'other']) }).strict(),
  'branches.update': z
    .object({ id, name: name('Tên chi bộ'), branchKind: z.enum(['residential', 'agency', 'enterprise', 'school', 'other']) })
    .strict(),
  'branches.dissolve': z.object({ id, date: date('Ngày giải thể') }).strict(),
  'branches.committee': z.object({ branchId: id }).strict(),
  'branches.appointOfficer': z
    .object({
      branchId: id,
      memberId: id,
      role: z.enum(['secretary', 'deputy_secretary', 'committee_member'], { error: 'Chức vụ không hợp lệ.' }),
      termLabel: z.string().trim().regex(/^\d{4}\s*[–-]\s*\d{4}$/, { error: 'Nhiệm kỳ ghi dạng 2025–2030.' }),
      termStart: date('Ngày bắt đầu'),
    })
    .strict(),
  'branches.endOfficer': z.object({ id, termEnd: date('Ngày thôi giữ chức') }).strict(),
  'members.list': z
    .object({
      branchId: z.string().min(1).max(64).optional(),
      search: z.string().max(100, { error: 'Từ khóa tìm kiếm dài quá 100 ký tự.' }).optional(),
      status: z.enum(['official', 'probationary']).optional(),
      standing: z.enum(['active', 'exempt', 'away', 'transferred_out', 'removed', 'deceased', 'on_roll']).optional(),
      /** Probationary members whose twelve months end in this month (YYYY-MM) or earlier. */
      dueForOfficialIn: z.string().regex(/^\d{4}-\d{2}$/).optional(),
      page: z.number().int().min(1, { error: 'Số trang phải từ 1 trở lên.' }).default(1),
      pageSize: z.number().int().min(1).max(500, { error: 'Mỗi trang có tối đa 500 dòng.' }).default(50),
    })
    .strict(),
  'members.get': z.object({ id }).strict(),
  'members.history': z.object({ id }).strict(),
  'members.create': z.object({ branchId: id, ...memberFields }).strict(),
  'members.update': z.object({ id, version: z.number().int().min(1), ...memberFields }).strict(),
  'members.recognizeOfficial': z.object({ id, officialDate: date('Ngày chính thức'), resolution: optionalText('Số nghị quyết', 50) }).strict(),
  'members.exempt': z
    .object({ id, from: date('Ngày bắt đầu miễn'), reason: name('Lý do miễn sinh hoạt'), resolution: name('Số nghị quyết của chi bộ') })
    .strict(),
  'members.endExemption': z.object({ id, date: date('Ngày thôi miễn') }).strict(),
  'members.markAway': z
    .object({ id, from: date('Ngày đi'), until: date('Ngày dự kiến về').nullable().optional(), place: name('Nơi sinh hoạt tạm thời') })
    .strict(),
  'members.markReturned': z.object({ id, date: date('Ngày trở về') }).strict(),
  'members.move': z.object({ id, toBranchId: id, date: date('Ngày chuyển') }).strict(),
  'members.transferOut': z.object({ id, date: date('Ngày chuyển đi'), destination: name('Nơi chuyển đến') }).strict(),
  'members.remove': z
    .object({ id, date: date('Ngày'), kind: z.enum(['removed', 'deceased']), reason: optionalText('Lý do', 500) })
    .strict(),
  'members.importPreview': base64File,
  'members.importCommit': base64File.extend({ skipInvalid: z.boolean().default(false) }).strict(),
  'members.exportXlsx': z.object({ branchId: id.optional() }).strict(),
  'users.list': empty,
  'users.create': z
    .object({ username, displayName: name('Họ tên'), password, role, branchId: id.nullable().optional() })
    .strict(),
  'users.update': z
    .object({ id, displayName: name('Họ tên'), role, branchId: id.nullable().optional(), disabled: z.boolean() })
    .strict(),
  'users.resetPassword': z.object({ id, password }).strict(),
  'audit.list': z
    .object({
      entity: z.string().max(40).optional(),
      userId: id.optional(),
      /** An action ("auth.login"), or a whole area when it ends with a dot ("members."). */
      action: z.string().max(60).optional(),
      /** Epoch milliseconds, inclusive. */
      from: z.number().int().optional(),
      to: z.number().int().optional(),
      page: z.number().int().min(1).default(1),
      pageSize: z.number().int().min(1).max(200).default(50),
    })
    .strict(),
  'meetings.month': z.object({ month: z.string().regex(/^\d{4}-\d{2}$/, { error: 'Tháng ghi dạng YYYY-MM.' }) }).strict(),
  'meetings.list': z.object({ branchId: id.optional(), from: date('Từ ngày').optional(), to: date('Đến ngày').optional() }).strict(),
  'meetings.plan': z
    .object({
      branchIds: z.array(id).min(1, { error: 'Hãy chọn ít nhất một chi bộ.' }).max(500),
      kind: meetingKind,
      scheduledAt: dateTime,
      place: name('Địa điểm'),
      topic: optionalText('Chuyên đề', 300),
    })
    .strict(),
  'meetings.get': z.object({ id }).strict(),
  'meetings.update': z
    .object({
      id,
      version: z.number().int().min(1),
      kind: meetingKind,
      scheduledAt: dateTime,
      place: name('Địa điểm'),
      topic: optionalText('Chuyên đề', 300),
      chairId: id.nullable().optional(),
      secretaryId: id.nullable().optional(),
      guests: z.array(z.object({ name: name('Tên khách mời'), role: z.string().trim().max(200) }).strict()).max(50).default([]),
      endedAt: z.string().regex(/^\d{2}:\d{2}$/, { error: 'Giờ kết thúc ghi dạng HH:mm.' }).nullable().optional(),
      conclusion: optionalText('Kết luận', 10_000),
    })
    .strict(),
  'meetings.markHeld': z.object({ id }).strict(),
  'agenda.save': z
    .object({
      meetingId: id,
      items: z
        .array(
          z
            .object({
              title: name('Nội dung'),
              minutes: z.number().int().min(1, { error: 'Thời lượng tối thiểu 1 phút.' }).max(600),
              presenter: z.string().trim().max(200).default(''),
              summary: optionalText('Tóm tắt', 10_000),
            })
            .strict(),
        )
        .max(60),
    })
    .strict(),
  'agenda.fromTemplate': z.object({ meetingId: id }).strict(),
  'drafts.save': z
    .object({
      meetingId: id,
      sections: z
        .array(z.object({ heading: z.string().trim().max(500), paragraphs: z.array(z.string().trim().max(5_000)).max(200) }).strict())
        .min(1, { error: 'Dự thảo cần ít nhất một phần.' })
        .max(50),
    })
    .strict(),
  'drafts.get': z.object({ meetingId: id, versionNo: z.number().int().min(1).optional() }).strict(),
  'drafts.importDocx': base64File.extend({ meetingId: id }).strict(),
  'drafts.share': z.object({ meetingId: id }).strict(),
  'drafts.fromAcceptedComments': z.object({ meetingId: id }).strict(),
  'attachments.add': base64File.extend({ meetingId: id }).strict(),
  'comments.add': z
    .object({
      meetingId: id,
      authorName: name('Người góp ý'),
      lineFrom: z.number().int().min(1),
      lineTo: z.number().int().min(1),
      text: z.string().trim().min(1, { error: 'Hãy ghi nội dung góp ý.' }).max(5_000),
      proposedText: optionalText('Đề nghị sửa thành', 5_000),
      source: z.enum(['member', 'superior']).default('member'),
    })
    .strict(),
  'comments.decide': z
    .object({ id, decision: z.enum(['accepted', 'partly', 'rejected', 'pending']), note: optionalText('Ghi chú', 2_000) })
    .strict(),
  'attendance.mark': z
    .object({
      meetingId: id,
      marks: z
        .array(
          z
            .object({ memberId: id, presence: z.enum(['present', 'absent_excused', 'absent_unexcused']).nullable(), reason: optionalText('Lý do', 200) })
            .strict(),
        )
        .min(1)
        .max(1000),
    })
    .strict(),
  'opinions.add': z
    .object({ meetingId: id, agendaItemId: id.nullable().optional(), memberId: id.nullable().optional(), speakerName: name('Người phát biểu'), summary: z.string().trim().min(1, { error: 'Hãy tóm tắt ý kiến.' }).max(5_000) })
    .strict(),
  'opinions.update': z
    .object({ id, agendaItemId: id.nullable().optional(), speakerName: name('Người phát biểu'), summary: z.string().trim().min(1).max(5_000) })
    .strict(),
  'opinions.remove': z.object({ id }).strict(),
  'vote.record': z
    .object({ meetingId: id, for: z.number().int().min(0), against: z.number().int().min(0), abstain: z.number().int().min(0) })
    .strict(),
  'minutes.generate': z.object({ meetingId: id }).strict(),
  'minutes.save': z.object({ meetingId: id, text: z.string().max(200_000) }).strict(),
  'minutes.adopt': z.object({ meetingId: id, approval: z.number().min(0).max(1) }).strict(),
  'minutes.addendum': z.object({ meetingId: id, text: z.string().trim().min(1, { error: 'Hãy ghi nội dung đính chính.' }).max(20_000) }).strict(),
  'minutes.exportDocx': z.object({ meetingId: id, resolution: z.boolean().default(false) }).strict(),
  'minutes.exportPdf': z.object({ meetingId: id, resolution: z.boolean().default(false) }).strict(),
  'minutes.printView': z.object({ meetingId: id, resolution: z.boolean().default(false) }).strict(),
  'reports.meetings': z.object({ from: z.string().regex(/^\d{4}-\d{2}$/), to: z.string().regex(/^\d{4}-\d{2}$/) }).strict(),
  'reports.meetingsXlsx': z.object({ from: z.string().regex(/^\d{4}-\d{2}$/), to: z.string().regex(/^\d{4}-\d{2}$/) }).strict(),
  'presentation.open': z.object({ meetingId: id }).strict(),
  'presentation.state': empty,
  'presentation.deck': z.object({ audience: z.enum(['console', 'projector']) }).strict(),
  'presentation.control': z
    .object({
      action: z.discriminatedUnion('type', [
        z.object({ type: z.enum(['next', 'previous', 'first', 'last']) }).strict(),
        z.object({ type: z.literal('go'), index: z.number().int().min(0).max(100_000) }).strict(),
        // With toggle, a screen already shown goes back to the slide: two quick presses of B always end where they began.
        z.object({ type: z.literal('screen'), screen: z.enum(['slide', 'black', 'white']), toggle: z.boolean().optional() }).strict(),
        // Without `frozen`, the freeze toggles.
        z.object({ type: z.literal('freeze'), frozen: z.boolean().optional() }).strict(),
        z.object({ type: z.literal('countdown'), op: z.enum(['toggle', 'reset', 'hide']) }).strict(),
        z.object({ type: z.literal('countdownLength'), minutes: z.number().min(0.5, { error: 'Đếm ngược từ 0,5 đến 60 phút.' }).max(60, { error: 'Đếm ngược từ 0,5 đến 60 phút.' }) }).strict(),
        z.object({ type: z.literal('message'), text: z.string().trim().max(300, { error: 'Thông báo dài quá 300 ký tự.' }).nullable() }).strict(),
        z.object({ type: z.literal('theme'), theme: z.enum(['dark', 'light', 'contrast']) }).strict(),
      ], { error: 'Lệnh trình chiếu không hợp lệ.' }),
    })
    .strict(),
  'presentation.file': z.object({ attachmentId: id }).strict(),
  'presentation.close': empty,
  'sync.status': empty,
  'sync.enrol': z
    .object({
      serverUrl: z
        .string({ error: 'Thiếu địa chỉ máy chủ.' })
        .trim()
        .regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, { error: 'Địa chỉ máy chủ phải bắt đầu bằng http:// hoặc https://.' })
        .max(500),
      code: z
        .string({ error: 'Thiếu mã đăng ký.' })
        .trim()
        .regex(/^[A-Za-z0-9\s-]{12,20}$/, { error: 'Mã đăng ký gồm 12 ký tự, dạng XXXX-XXXX-XXXX.' }),
    })
    .strict(),
  'sync.now': empty,
  'sync.exportFile': empty,
  'sync.importFile': base64File,
  'documents.list': empty,
  'documents.markRead': z.object({ id }).strict(),
  'documents.file': z.object({ id, sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: 'Mã tệp không hợp lệ.' }) }).strict(),
  'settings.documentLayout': empty,
  'settings.saveDocumentLayout': z
    .object({
      marginsMm: z.object({ top: margin, bottom: margin, left: margin, right: margin }).strict(),
      fontSizePt: z.number().min(12, { error: 'Cỡ chữ từ 12 đến 14.' }).max(14, { error: 'Cỡ chữ từ 12 đến 14.' }),
    })
    .strict(),
} as const;

export interface Outputs {
  'app.info': AppInfo;
  'auth.status': AuthStatus;
  'auth.login': SessionUser;
  'auth.logout': null;
  'auth.changePassword': null;
  'setup.createWard': { wardId: string };
  'demo.create': DemoSummary;
  'organisations.tree': OrganisationNode[];
  'branches.list': BranchSummary[];
  'branches.create': { id: string };
  'branches.update': null;
  'branches.dissolve': null;
  'branches.committee': OfficerRow[];
  'branches.appointOfficer': { id: string };
  'branches.endOfficer': null;
  'members.list': Page<MemberRow>;
  'members.get': MemberDetail;
  'members.history': MemberEvent[];
  'members.create': { id: string };
  'members.update': MemberDetail;
  'members.recognizeOfficial': MemberDetail;
  'members.exempt': MemberDetail;
  'members.endExemption': MemberDetail;
  'members.markAway': MemberDetail;
  'members.markReturned': MemberDetail;
  'members.move': MemberDetail;
  'members.transferOut': MemberDetail;
  'members.remove': MemberDetail;
  'members.importPreview': ImportReport;
  'members.importCommit': { imported: number; skipped: number };
  'members.exportXlsx': { fileName: string; data: string };
  'users.list': UserRow[];
  'users.create': { id: string };
  'users.update': null;
  'users.resetPassword': null;
  'audit.list': Page<AuditRow>;
  'meetings.month': MonthRow[];
  'meetings.list': MeetingSummary[];
  'meetings.plan': { ids: string[] };
  'meetings.get': MeetingDetail;
  'meetings.update': MeetingDetail;
  'meetings.markHeld': MeetingDetail;
  'agenda.save': MeetingDetail;
  'agenda.fromTemplate': MeetingDetail;
  'drafts.save': MeetingDetail;
  'drafts.get': DraftVersion;
  'drafts.importDocx': MeetingDetail;
  'drafts.share': MeetingDetail;
  'drafts.fromAcceptedComments': MeetingDetail;
  'attachments.add': MeetingDetail;
  'comments.add': MeetingDetail;
  'comments.decide': MeetingDetail;
  'attendance.mark': MeetingDetail;
  'opinions.add': MeetingDetail;
  'opinions.update': MeetingDetail;
  'opinions.remove': MeetingDetail;
  'vote.record': MeetingDetail;
  'minutes.generate': MeetingDetail;
  'minutes.save': MeetingDetail;
  'minutes.adopt': MeetingDetail;
  'minutes.addendum': MeetingDetail;
  'minutes.exportDocx': { fileName: string; data: string };
  'minutes.exportPdf': { fileName: string; data: string };
  'minutes.printView': { html: string };
  'reports.meetings': MeetingReportRow[];
  'reports.meetingsXlsx': { fileName: string; data: string };
  'presentation.open': PresentationState;
  'presentation.state': PresentationState | null;
  'presentation.deck': Deck | null;
  'presentation.control': PresentationState;
  'presentation.file': { mime: string; data: string };
  'presentation.close': null;
  'sync.status': SyncStatus;
  'sync.enrol': SyncStatus;
  'sync.now': SyncStatus;
  'sync.exportFile': { fileName: string; data: string };
  'sync.importFile': { summary: string; status: SyncStatus };
  'documents.list': SuperiorDocument[];
  'documents.markRead': null;
  'documents.file': { fileName: string; mime: string; data: string };
  'settings.documentLayout': { marginsMm: { top: number; bottom: number; left: number; right: number }; fontSizePt: number };
  'settings.saveDocumentLayout': null;
}

export type Method = keyof typeof schemas & keyof Outputs;
export type Input<M extends Method> = z.input<(typeof schemas)[M]>;
export type ParsedInput<M extends Method> = z.output<(typeof schemas)[M]>;
export type Output<M extends Method> = Outputs[M];
/** One control of the presentation: a slide change, a black screen, the countdown, a message. */
export type ControlAction = Input<'presentation.control'>['action'];
export const methods = Object.keys(schemas) as Method[];

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(schemas, name);
}

// ---- The envelope --------------------------------------------------------------------------------------------------

export type ErrorCode =
  | 'INVALID_INPUT'
  | 'UNKNOWN_METHOD'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export interface ApiFailure {
  code: ErrorCode;
  /** Vietnamese, for the person: what happened and what to do. */
  message: string;
  /** For INVALID_INPUT: the field paths and their messages. */
  fields?: { path: string; message: string }[];
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiFailure };

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// ---- Events --------------------------------------------------------------------------------------------------------

export interface Events {
  /** Something changed in the records; views refetch. */
  'data.changed': { areas: string[] };
  /** The projection moved (slide, black screen, freeze, countdown, message) or ended (null). */
  'presentation.changed': PresentationState | null;
  /** The sync's state changed (a cycle began or ended, progress, an error). */
  'sync.changed': SyncStatus;
}
export type Topic = keyof Events;

// ---- The typed client ----------------------------------------------------------------------------------------------

export interface Transport {
  invoke(method: string, input: unknown): Promise<Envelope<unknown>>;
  subscribe(topic: string, handler: (payload: unknown) => void): () => void;
}

type AreaOf<M extends string> = M extends `${infer A}.${string}` ? A : never;
type ActionOf<M extends string, A extends string> = M extends `${A}.${infer X}` ? X : never;
// True when every field of the input is optional, so the call may omit it.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type EmptyInput<M extends Method> = {} extends Input<M> ? true : false;

export type ApiClient = {
  [A in AreaOf<Method>]: {
    [X in ActionOf<Method, A>]: `${A}.${X}` extends infer M extends Method
      ? EmptyInput<M> extends true
        ? (input?: Input<M>) => Promise<Output<M>>
        : (input: Input<M>) => Promise<Output<M>>
      : never;
  };
} & {
  subscribe<T extends Topic>(topic: T, handler: (payload: Events[T]) => void): () => void;
};

/** `client.area.action(input)` for each `area.action` name, calling `invoke`; a failure becomes ApiError with its
 *  Vietnamese message. The app's client and the console's (core/consoleApi.ts) are both built with it. */
export function methodClient(
  names: readonly string[],
  invoke: (method: string, input: unknown) => Promise<Envelope<unknown>>,
): Record<string, Record<string, (input?: unknown) => Promise<unknown>>> {
  const client: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {};
  for (const method of names) {
    const [area, action] = method.split('.') as [string, string];
    client[area] ??= {};
    client[area][action] = async (input?: unknown) => {
      const envelope = await invoke(method, input ?? {});
      if (envelope.ok) return envelope.value;
      throw new ApiError(envelope.error.code, envelope.error.message, envelope.error.fields);
    };
  }
  return client;
}

/** Builds `api.area.action(input)` over a transport; failures become ApiError with the Vietnamese message. */
export function createClient(transport: Transport): ApiClient {
  const client = methodClient(methods, (method, input) => transport.invoke(method, input));
  return Object.assign(client, {
    subscribe: (topic: string, handler: (payload: never) => void) => transport.subscribe(topic, handler as (p: unknown) => void),
  }) as unknown as ApiClient;
}
