// Every method of the contract, bound to its service. The compiler checks that none is missing.
import type { Handlers } from '../dispatch';
import * as app from './app';
import * as members from './members';
import * as organisations from './organisations';
import * as setup from './setup';

export const handlers: Handlers = {
  'app.info': (_input, ctx) => app.info(ctx),
  'setup.createWard': (input, ctx) => setup.createWard(input, ctx),
  'demo.create': (_input, ctx) => setup.createDemo(ctx),
  'organisations.tree': (_input, ctx) => organisations.tree(ctx),
  'branches.list': (_input, ctx) => organisations.branches(ctx),
  'members.list': (input, ctx) => members.list(input, ctx),
};
