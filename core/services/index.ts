// Every method of the contract, bound to its service. The compiler checks that none is missing; the dispatcher has
// already checked the caller's role (core/auth/access.ts), so `signedIn(call)` is the user the rule let through.
import * as users from '../auth/users';
import { signedIn } from '../context';
import type { Handlers } from '../dispatch';
import * as app from './app';
import * as audit from './audit';
import * as branches from './branches';
import * as workbooks from './memberWorkbooks';
import * as reports from './meetingReports';
import * as meetings from './meetings';
import * as members from './members';
import * as minutes from './minutesExport';
import * as organisations from './organisations';
import * as presentation from './presentation';
import * as setup from './setup';
import * as sync from './sync';

export const handlers: Handlers = {
  'app.info': (_input, ctx) => app.info(ctx),
  'auth.status': (_input, ctx, call) => users.status(ctx, call),
  'auth.login': (input, ctx, call) => users.login(input, ctx, call),
  'auth.logout': (_input, ctx, call) => users.logout(ctx, call),
  'auth.changePassword': (input, ctx, call) => users.changePassword(input, ctx, signedIn(call)),
  'setup.createWard': (input, ctx, call) => setup.createWard(input, ctx, call),
  'demo.create': (_input, ctx, call) => setup.createDemo(ctx, call),
  'organisations.tree': (_input, ctx, call) => organisations.tree(ctx, signedIn(call)),
  'branches.list': (_input, ctx, call) => organisations.branches(ctx, signedIn(call)),
  'branches.create': (input, ctx, call) => branches.create(input, ctx, signedIn(call)),
  'branches.update': (input, ctx, call) => branches.update(input, ctx, signedIn(call)),
  'branches.dissolve': (input, ctx, call) => branches.dissolve(input, ctx, signedIn(call)),
  'branches.committee': (input, ctx, call) => branches.committee(input, ctx, signedIn(call)),
  'branches.appointOfficer': (input, ctx, call) => branches.appointOfficer(input, ctx, signedIn(call)),
  'branches.endOfficer': (input, ctx, call) => branches.endOfficer(input, ctx, signedIn(call)),
  'members.list': (input, ctx, call) => members.list(input, ctx, signedIn(call)),
  'members.get': (input, ctx, call) => members.get(input, ctx, signedIn(call)),
  'members.history': (input, ctx, call) => members.history(input, ctx, signedIn(call)),
  'members.create': (input, ctx, call) => members.create(input, ctx, signedIn(call)),
  'members.update': (input, ctx, call) => members.update(input, ctx, signedIn(call)),
  'members.recognizeOfficial': (input, ctx, call) => members.recognizeOfficial(input, ctx, signedIn(call)),
  'members.exempt': (input, ctx, call) => members.exempt(input, ctx, signedIn(call)),
  'members.endExemption': (input, ctx, call) => members.endExemption(input, ctx, signedIn(call)),
  'members.markAway': (input, ctx, call) => members.markAway(input, ctx, signedIn(call)),
  'members.markReturned': (input, ctx, call) => members.markReturned(input, ctx, signedIn(call)),
  'members.move': (input, ctx, call) => members.move(input, ctx, signedIn(call)),
  'members.transferOut': (input, ctx, call) => members.transferOut(input, ctx, signedIn(call)),
  'members.remove': (input, ctx, call) => members.remove(input, ctx, signedIn(call)),
  'members.importPreview': (input, ctx) => workbooks.importPreview(input, ctx),
  'members.importCommit': (input, ctx, call) => workbooks.importCommit(input, ctx, signedIn(call)),
  'members.exportXlsx': (input, ctx, call) => workbooks.exportXlsx(input, ctx, signedIn(call)),
  'users.list': (_input, ctx) => users.list(ctx),
  'users.create': (input, ctx, call) => users.create(input, ctx, signedIn(call)),
  'users.update': (input, ctx, call) => users.update(input, ctx, signedIn(call)),
  'users.resetPassword': (input, ctx, call) => users.resetPassword(input, ctx, signedIn(call)),
  'audit.list': (input, ctx) => audit.list(input, ctx),
  'meetings.month': (input, ctx, call) => meetings.month(input, ctx, signedIn(call)),
  'meetings.list': (input, ctx, call) => meetings.list(input, ctx, signedIn(call)),
  'meetings.plan': (input, ctx, call) => meetings.plan(input, ctx, signedIn(call)),
  'meetings.get': (input, ctx, call) => meetings.get(input, ctx, signedIn(call)),
  'meetings.update': (input, ctx, call) => meetings.update(input, ctx, signedIn(call)),
  'meetings.markHeld': (input, ctx, call) => meetings.markHeld(input, ctx, signedIn(call)),
  'agenda.save': (input, ctx, call) => meetings.saveAgenda(input, ctx, signedIn(call)),
  'agenda.fromTemplate': (input, ctx, call) => meetings.agendaFromTemplate(input, ctx, signedIn(call)),
  'drafts.save': (input, ctx, call) => meetings.saveDraft(input, ctx, signedIn(call)),
  'drafts.get': (input, ctx, call) => meetings.getDraft(input, ctx, signedIn(call)),
  'drafts.importDocx': (input, ctx, call) => meetings.importDraftDocx(input, ctx, signedIn(call)),
  'drafts.share': (input, ctx, call) => meetings.shareDraft(input, ctx, signedIn(call)),
  'drafts.fromAcceptedComments': (input, ctx, call) => meetings.fromAcceptedComments(input, ctx, signedIn(call)),
  'attachments.add': (input, ctx, call) => meetings.addAttachment(input, ctx, signedIn(call)),
  'comments.add': (input, ctx, call) => meetings.addComment(input, ctx, signedIn(call)),
  'comments.decide': (input, ctx, call) => meetings.decideComment(input, ctx, signedIn(call)),
  'attendance.mark': (input, ctx, call) => meetings.markAttendance(input, ctx, signedIn(call)),
  'opinions.add': (input, ctx, call) => meetings.addOpinion(input, ctx, signedIn(call)),
  'opinions.update': (input, ctx, call) => meetings.updateOpinion(input, ctx, signedIn(call)),
  'opinions.remove': (input, ctx, call) => meetings.removeOpinion(input, ctx, signedIn(call)),
  'vote.record': (input, ctx, call) => meetings.recordVote(input, ctx, signedIn(call)),
  'minutes.generate': (input, ctx, call) => {
    const user = signedIn(call);
    return meetings.saveMinutes({ meetingId: input.meetingId, text: minutes.generateText(ctx, meetings.detail(ctx, user, input.meetingId)) }, ctx, user);
  },
  'minutes.save': (input, ctx, call) => meetings.saveMinutes(input, ctx, signedIn(call)),
  'minutes.adopt': (input, ctx, call) => meetings.adoptMinutes(input, ctx, signedIn(call)),
  'minutes.addendum': (input, ctx, call) => meetings.addAddendum(input, ctx, signedIn(call)),
  'minutes.exportDocx': (input, ctx, call) => minutes.exportDocx(input, ctx, signedIn(call)),
  'minutes.exportPdf': (input, ctx, call) => minutes.exportPdf(input, ctx, signedIn(call)),
  'minutes.printView': (input, ctx, call) => minutes.printView(input, ctx, signedIn(call)),
  'reports.meetings': (input, ctx, call) => reports.meetingReport(input, ctx, signedIn(call)),
  'reports.meetingsXlsx': (input, ctx, call) => reports.meetingReportXlsx(input, ctx, signedIn(call)),
  'presentation.open': (input, ctx, call) => presentation.open(input, ctx, signedIn(call)),
  'presentation.state': (_input, ctx, call) => presentation.state(ctx, signedIn(call)),
  'presentation.deck': (input, ctx, call) => presentation.deck(input, ctx, signedIn(call)),
  'presentation.control': (input, ctx, call) => presentation.control(input, ctx, signedIn(call)),
  'presentation.file': (input, ctx, call) => presentation.file(input, ctx, signedIn(call)),
  'presentation.close': (_input, ctx, call) => presentation.close(ctx, signedIn(call)),
  'sync.status': (_input, ctx) => sync.status(ctx),
  'sync.enrol': (input, ctx, call) => sync.enrol(input, ctx, signedIn(call)),
  'sync.now': (_input, ctx, call) => sync.now(ctx, signedIn(call)),
  'sync.exportFile': (_input, ctx, call) => sync.exportFile(ctx, signedIn(call)),
  'sync.importFile': (input, ctx, call) => sync.importFile(input, ctx, signedIn(call)),
  'documents.list': (_input, ctx) => sync.listDocuments(ctx),
  'documents.markRead': (input, ctx, call) => sync.markDocumentRead(input, ctx, signedIn(call)),
  'documents.file': (input, ctx) => sync.documentFile(input, ctx),
  'settings.documentLayout': (_input, ctx) => reports.documentLayout(ctx),
  'settings.saveDocumentLayout': (input, ctx, call) => reports.saveDocumentLayout(input, ctx, signedIn(call)),
};
