// Every method of the contract, bound to its service. The compiler checks that none is missing; the dispatcher has
// already checked the caller's role (core/auth/access.ts), so `signedIn(call)` is the user the rule let through.
import * as users from '../auth/users';
import { signedIn } from '../context';
import type { Handlers } from '../dispatch';
import * as app from './app';
import * as audit from './audit';
import * as branches from './branches';
import * as workbooks from './memberWorkbooks';
import * as members from './members';
import * as organisations from './organisations';
import * as setup from './setup';

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
};
