// Who may call what. Checked by the dispatcher before any service runs, for every transport; services then check the
// scope of a branch secretary (their own branch only) where a record names a branch.
import { ApiError, type Method, type Role, type SessionUser } from '../api';

type Rule = 'public' | 'signedIn' | readonly Role[];

const EDITORS = ['ward_admin', 'ward_staff', 'branch_secretary'] as const;
const OFFICE = ['ward_admin', 'ward_staff'] as const;
const ADMIN = ['ward_admin'] as const;

export const ACCESS: Record<Method, Rule> = {
  'app.info': 'public',
  'auth.status': 'public',
  'auth.login': 'public',
  'auth.logout': 'public',
  'auth.changePassword': 'signedIn',
  // Both refuse once the installation has a ward, so they are open only on first start.
  'setup.createWard': 'public',
  'demo.create': 'public',
  'organisations.tree': 'signedIn',
  'branches.list': 'signedIn',
  'branches.create': OFFICE,
  'branches.update': OFFICE,
  'branches.dissolve': OFFICE,
  'branches.committee': 'signedIn',
  'branches.appointOfficer': OFFICE,
  'branches.endOfficer': OFFICE,
  'members.list': 'signedIn',
  'members.get': 'signedIn',
  'members.history': 'signedIn',
  'members.create': EDITORS,
  'members.update': EDITORS,
  'members.recognizeOfficial': EDITORS,
  'members.exempt': EDITORS,
  'members.endExemption': EDITORS,
  'members.markAway': EDITORS,
  'members.markReturned': EDITORS,
  'members.move': OFFICE,
  'members.transferOut': EDITORS,
  'members.remove': EDITORS,
  'members.importPreview': OFFICE,
  'members.importCommit': OFFICE,
  'members.exportXlsx': 'signedIn',
  'users.list': ADMIN,
  'users.create': ADMIN,
  'users.update': ADMIN,
  'users.resetPassword': ADMIN,
  'audit.list': ADMIN,
  'meetings.month': 'signedIn',
  'meetings.list': 'signedIn',
  'meetings.plan': EDITORS,
  'meetings.get': 'signedIn',
  'meetings.update': EDITORS,
  'meetings.markHeld': EDITORS,
  'agenda.save': EDITORS,
  'agenda.fromTemplate': EDITORS,
  'drafts.save': EDITORS,
  'drafts.get': 'signedIn',
  'drafts.importDocx': EDITORS,
  'drafts.share': EDITORS,
  'drafts.fromAcceptedComments': EDITORS,
  'attachments.add': EDITORS,
  'comments.add': EDITORS,
  'comments.decide': EDITORS,
  'attendance.mark': EDITORS,
  'opinions.add': EDITORS,
  'opinions.update': EDITORS,
  'opinions.remove': EDITORS,
  'vote.record': EDITORS,
  'minutes.generate': EDITORS,
  'minutes.save': EDITORS,
  'minutes.adopt': EDITORS,
  'minutes.addendum': EDITORS,
  'minutes.exportDocx': 'signedIn',
  'minutes.exportPdf': 'signedIn',
  'minutes.printView': 'signedIn',
  'reports.meetings': OFFICE,
  'reports.meetingsXlsx': OFFICE,
  // Showing a meeting reads its records; every role that may read the branch may present it.
  'presentation.open': 'signedIn',
  'presentation.state': 'signedIn',
  'presentation.deck': 'signedIn',
  'presentation.control': 'signedIn',
  'presentation.file': 'signedIn',
  'presentation.close': 'signedIn',
  // Sync: anyone signed in sees its state; the office runs it; only the administrator enrols the installation.
  'sync.status': 'signedIn',
  'sync.enrol': ADMIN,
  'sync.now': OFFICE,
  'sync.exportFile': OFFICE,
  'sync.importFile': OFFICE,
  'documents.list': 'signedIn',
  'documents.markRead': 'signedIn',
  'documents.file': 'signedIn',
  'settings.documentLayout': 'signedIn',
  'settings.saveDocumentLayout': ADMIN,
};

export const ROLE_LABEL: Record<Role, string> = {
  ward_admin: 'quản trị viên đảng bộ',
  ward_staff: 'cán bộ văn phòng',
  branch_secretary: 'bí thư chi bộ',
  viewer: 'người xem',
};

export function checkAccess(method: Method, user: SessionUser | null): void {
  const rule = ACCESS[method];
  if (rule === 'public') return;
  if (!user) throw new ApiError('UNAUTHENTICATED', 'Chưa đăng nhập hoặc phiên làm việc đã hết hạn. Hãy đăng nhập lại.');
  if (rule !== 'signedIn' && !rule.includes(user.role)) {
    throw new ApiError('FORBIDDEN', `Tài khoản ${ROLE_LABEL[user.role]} không được làm thao tác này.`);
  }
}

/** A branch secretary sees and edits only their own branch; everyone else, every branch of the ward. */
export function checkBranchScope(user: SessionUser, branchId: string): void {
  if (user.role === 'branch_secretary' && user.branchId !== branchId) {
    throw new ApiError('FORBIDDEN', 'Tài khoản bí thư chi bộ chỉ xem và sửa được hồ sơ của chi bộ mình.');
  }
}
