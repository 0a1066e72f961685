// The meeting on the projector. One presentation per machine at a time, held by the host (ctx.presentation): the
// console sends controls, both windows render from the state that comes back as the 'presentation.changed' event.
// The projector asks for the deck of the meeting being presented and nothing else, without the speaker notes.
import fs from 'node:fs';
import type { Deck, ParsedInput, PresentationState, SessionUser } from '../api';
import { ApiError } from '../api';
import { checkBranchScope } from '../auth/access';
import type { ServiceContext } from '../context';
import { buildDeck, projectorDeck } from '../presentation/deck';
import { pdfPageCount } from '../presentation/pdfPages';
import { control as applyControl, startState, withDeck } from '../presentation/state';
import { attachmentPath, detail } from './meetings';
import { currentWardId } from './setup';

async function deckOf(ctx: ServiceContext, user: SessionUser, meetingId: string): Promise<Deck> {
  const meeting = detail(ctx, user, meetingId);
  const pdfPages = new Map<string, number>();
  for (const a of meeting.attachments) {
    if (a.mime === 'application/pdf') pdfPages.set(a.sha256, await pdfPageCount(a.sha256, attachmentPath(ctx.dataDir, a.sha256)));
  }
  const wardName = ctx.store.sqlite.prepare('SELECT name FROM organisations WHERE id = ?').pluck().get(currentWardId(ctx)) as string;
  return buildDeck({ meeting, wardName, pdfPages });
}

function publish(ctx: ServiceContext, state: PresentationState | null): void {
  ctx.presentation.state = state;
  ctx.emit('presentation.changed', state);
}

/** The presentation, if the caller may see its branch; another branch's secretary sees none. */
function visible(ctx: ServiceContext, user: SessionUser): PresentationState | null {
  const state = ctx.presentation.state;
  if (!state) return null;
  try {
    checkBranchScope(user, state.branchId);
    return state;
  } catch {
    return null;
  }
}

function current(ctx: ServiceContext, user: SessionUser): PresentationState {
  const state = ctx.presentation.state;
  if (!state) throw new ApiError('CONFLICT', 'Chưa có buổi sinh hoạt nào đang trình chiếu. Hãy mở trình chiếu từ trang buổi sinh hoạt.');
  checkBranchScope(user, state.branchId);
  return state;
}

export async function open(input: ParsedInput<'presentation.open'>, ctx: ServiceContext, user: SessionUser): Promise<PresentationState> {
  const deck = await deckOf(ctx, user, input.meetingId);
  let state = startState(deck, ctx.clock(), ctx.presentation.state);
  ctx.presentation.deck = deck;
  if (ctx.projector) {
    const placed = ctx.projector.open();
    state = { ...state, projector: { mode: placed.mode, warning: placed.warning } };
  }
  publish(ctx, state);
  return state;
}

export function state(ctx: ServiceContext, user: SessionUser): PresentationState | null {
  return visible(ctx, user);
}

/** The deck, rebuilt from the records as they are now (a roll call taken, a vote recorded), for the console or the projector. */
export async function deck(input: ParsedInput<'presentation.deck'>, ctx: ServiceContext, user: SessionUser): Promise<Deck | null> {
  const state = visible(ctx, user);
  if (!state) return null;
  const fresh = await deckOf(ctx, user, state.meetingId);
  // The presentation may have ended or moved to another meeting while the deck was being built.
  if (ctx.presentation.state?.meetingId !== fresh.meetingId) return null;
  ctx.presentation.deck = fresh;
  const now = ctx.presentation.state;
  if (now.slideCount !== fresh.slides.length || fresh.slides.some((s, i) => s.agendaIndex !== now.agendaBySlide[i])) {
    publish(ctx, withDeck(now, fresh, ctx.clock()));
  }
  return input.audience === 'projector' ? projectorDeck(fresh) : fresh;
}

export function control(input: ParsedInput<'presentation.control'>, ctx: ServiceContext, user: SessionUser): PresentationState {
  const before = current(ctx, user);
  const after = applyControl(before, input.action, ctx.clock());
  if (after !== before) publish(ctx, after);
  return after;
}

/** A document of the meeting being presented, for the projector to draw; nothing of another meeting. */
export async function file(input: ParsedInput<'presentation.file'>, ctx: ServiceContext, user: SessionUser): Promise<{ mime: string; data: string }> {
  const state = current(ctx, user);
  const row = ctx.store.sqlite
    .prepare('SELECT mime, sha256 FROM attachments WHERE id = ? AND meeting_id = ? AND deleted_at IS NULL')
    .get(input.attachmentId, state.meetingId) as { mime: string; sha256: string } | undefined;
  if (!row) throw new ApiError('NOT_FOUND', 'Tài liệu này không thuộc buổi sinh hoạt đang trình chiếu.');
  try {
    const bytes = await fs.promises.readFile(attachmentPath(ctx.dataDir, row.sha256));
    return { mime: row.mime, data: bytes.toString('base64') };
  } catch {
    throw new ApiError('NOT_FOUND', 'Không đọc được tệp tài liệu trên máy này. Tệp có thể chưa được tải về.');
  }
}

export function close(ctx: ServiceContext, user: SessionUser): null {
  if (ctx.presentation.state) current(ctx, user);
  ctx.presentation.deck = null;
  ctx.projector?.close();
  publish(ctx, null);
  return null;
}
