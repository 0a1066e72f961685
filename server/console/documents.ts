// What the console sends down: documents (with files), directives and news to every ward or chosen ones, each ward's
// receipt; and feedback on a branch's draft resolution, anchored to its lines. Scope is enforced here: a reviewer
// publishes only to the wards assigned to them ('all' means all of those), sees the documents sent to every ward or to
// one of theirs, and writes feedback only on the meetings of their wards.
import type { ConsoleDocument, ConsoleFeedback, ConsoleParsedInput, ConsoleUser, DocumentKind } from '../../core/consoleApi';
import { numberLines, type DraftSection } from '../../core/rules/draftLines';
import { AdminError, addFeedback, publishDocument, withdrawDocument } from '../admin';
import type { ServerKysely } from '../db';
import { ConsoleError, forbidden, inScope, notFound, type Scope } from './errors';
import { receiptsOf } from './receipts';

type Clock = () => number;

interface SiteRef {
  slot_id: string;
  site_id: string | null;
  organisation_id: string | null;
  name: string;
  organisation_name: string | null;
  enrolled_at: number | null;
}

async function sitesIndex(db: ServerKysely): Promise<{ sites: SiteRef[]; bySlot: Map<string, SiteRef>; byAudience: Map<string, SiteRef> }> {
  const sites = await db.selectFrom('sites').select(['slot_id', 'site_id', 'organisation_id', 'name', 'organisation_name', 'enrolled_at']).execute();
  const bySlot = new Map(sites.map((s) => [s.slot_id, s]));
  const byAudience = new Map<string, SiteRef>();
  for (const s of sites) {
    byAudience.set(s.slot_id, s);
    if (s.site_id) byAudience.set(s.site_id, s);
    if (s.organisation_id) byAudience.set(s.organisation_id, s);
  }
  return { sites, bySlot, byAudience };
}

const wardName = (s: SiteRef) => s.organisation_name ?? s.name;

interface Targets {
  all: boolean;
  /** Slot ids the record went to ('all': every enrolled ward). */
  slots: string[];
}

async function targetsOf(db: ServerKysely, keys: string[] | null): Promise<Map<string, Targets>> {
  const index = await sitesIndex(db);
  let query = db.selectFrom('change_log').select(['record_key', 'audience']).where('table_name', '=', 'documents');
  if (keys) query = query.where('record_key', 'in', keys.length > 0 ? keys : ['\u0000']);
  const rows = await query.execute();
  const raw = new Map<string, string[]>();
  for (const r of rows) (raw.get(r.record_key) ?? raw.set(r.record_key, []).get(r.record_key)!).push(r.audience);
  const out = new Map<string, Targets>();
  for (const [key, audiences] of raw) {
    const all = audiences.includes('*');
    const slots = all
      ? index.sites.filter((s) => s.enrolled_at !== null).map((s) => s.slot_id)
      : [...new Set(audiences.map((a) => index.byAudience.get(a)?.slot_id).filter((s): s is string => s !== undefined))];
    out.set(key, { all, slots });
  }
  return out;
}

/** A reviewer may change a document only when every ward it went to is theirs (not one sent to all wards). */
function mayManage(user: ConsoleUser, targets: Targets | undefined): boolean {
  if (user.role === 'admin') return true;
  if (!targets || targets.all) return false;
  return targets.slots.length > 0 && targets.slots.every((s) => inScope(user.scope, s));
}

function visible(scope: Scope, targets: Targets): boolean {
  return scope === null || targets.all || targets.slots.some((s) => inScope(scope, s));
}

/** The documents the account may see, newest first, with each ward's receipt (wards in scope only). */
export async function listDocuments(db: ServerKysely, scope: Scope, only?: string): Promise<ConsoleDocument[]> {
  let query = db.selectFrom('records').select(['record_key', 'version', 'deleted_at', 'data']).where('table_name', '=', 'documents');
  if (only) query = query.where('record_key', '=', only);
  const records = await query.execute();
  const targets = await targetsOf(db, only ? [only] : null);
  const { bySlot } = await sitesIndex(db);
  const shown = records.filter((r) => {
    const t = targets.get(r.record_key);
    return t !== undefined && visible(scope, t);
  });
  const receipts = await receiptsOf(
    db,
    'documents',
    shown.map((r) => r.record_key),
  );
  const docs = shown.map((r): ConsoleDocument => {
    const data = JSON.parse(r.data) as { id: string; kind: DocumentKind; title: string; body?: string; published_at?: number; files?: string };
    const t = targets.get(r.record_key)!;
    const slots = t.slots.filter((s) => inScope(scope, s));
    let files: ConsoleDocument['files'];
    try {
      files = typeof data.files === 'string' ? (JSON.parse(data.files) as ConsoleDocument['files']) : [];
    } catch {
      files = [];
    }
    return {
      id: r.record_key,
      kind: data.kind,
      title: data.title,
      body: data.body ?? '',
      publishedAt: Number(data.published_at ?? 0),
      version: r.version,
      withdrawn: r.deleted_at !== null,
      files,
      audience: t.all ? 'all' : slots,
      receipts: slots.map((slotId) => {
        const receipt = receipts.get(`${r.record_key}\u0000${slotId}`);
        const site = bySlot.get(slotId);
        return { slotId, wardName: site ? wardName(site) : slotId, receivedAt: receipt && receipt.version >= r.version ? receipt.receivedAt : null };
      }),
    };
  });
  const collator = new Intl.Collator('vi');
  for (const d of docs) d.receipts.sort((a, b) => collator.compare(a.wardName, b.wardName));
  return docs.sort((a, b) => b.publishedAt - a.publishedAt || b.id.localeCompare(a.id));
}

function adminRefusal(error: unknown): never {
  if (error instanceof AdminError) throw new ConsoleError('INVALID_INPUT', error.message);
  throw error;
}

export async function publishForConsole(
  db: ServerKysely,
  user: ConsoleUser,
  input: ConsoleParsedInput<'documents.publish'>,
  clock: Clock = Date.now,
): Promise<ConsoleDocument> {
  const { bySlot } = await sitesIndex(db);
  let audience: 'all' | string[];
  if (input.audience === 'all') {
    if (user.scope === null) audience = 'all';
    else if (user.scope.length === 0) throw forbidden('Tài khoản của đồng chí chưa được giao đơn vị nào.');
    else audience = [...user.scope];
  } else {
    const chosen = [...new Set(input.audience)];
    const unknown = chosen.filter((s) => !bySlot.has(s));
    const foreign = chosen.filter((s) => !inScope(user.scope, s));
    if (foreign.length > 0) throw forbidden('Đồng chí chỉ gửi văn bản được cho các đơn vị được giao.');
    if (unknown.length > 0) {
      throw new ConsoleError('INVALID_INPUT', 'Có đơn vị nhận không tồn tại trên máy chủ.', [{ path: 'audience', message: 'Có đơn vị nhận không tồn tại.' }]);
    }
    audience = chosen;
  }
  if (input.id) {
    const held = await db.selectFrom('records').select('record_key').where('table_name', '=', 'documents').where('record_key', '=', input.id).executeTakeFirst();
    if (held && !mayManage(user, (await targetsOf(db, [input.id])).get(input.id))) {
      throw forbidden('Văn bản này gửi cả các đơn vị ngoài phạm vi của đồng chí: chỉ quản trị viên sửa được.');
    }
  }
  const published = await publishDocument(
    db,
    { id: input.id, kind: input.kind, title: input.title, body: input.body, files: input.files, audience },
    clock,
    user.username,
  ).catch(adminRefusal);
  const [doc] = await listDocuments(db, user.scope, published.id);
  return doc!;
}

export async function withdrawForConsole(db: ServerKysely, user: ConsoleUser, id: string, clock: Clock = Date.now): Promise<void> {
  const held = await db.selectFrom('records').select('record_key').where('table_name', '=', 'documents').where('record_key', '=', id).executeTakeFirst();
  const targets = (await targetsOf(db, [id])).get(id);
  if (!held || !targets || !visible(user.scope, targets)) throw notFound('Không có văn bản này.');
  if (!mayManage(user, targets)) throw forbidden('Văn bản này gửi cả các đơn vị ngoài phạm vi của đồng chí: chỉ quản trị viên thu hồi được.');
  await withdrawDocument(db, id, clock, user.username).catch(adminRefusal);
}

// ---- Feedback --------------------------------------------------------------------------------------------------------

/** The slot a meeting's ward holds, or null when the server has no such live meeting. */
export async function slotOfMeeting(db: ServerKysely, meetingId: string): Promise<string | null> {
  const row = await db
    .selectFrom('records as r')
    .innerJoin('sites as s', 's.site_id', 'r.owner_site')
    .select('s.slot_id')
    .where('r.table_name', '=', 'meetings')
    .where('r.record_key', '=', meetingId)
    .where('r.deleted_at', 'is', null)
    .executeTakeFirst();
  return row?.slot_id ?? null;
}

const MEETING_NOT_FOUND = 'Không có cuộc họp này, hoặc cuộc họp thuộc đơn vị ngoài phạm vi của đồng chí.';

export async function addFeedbackForConsole(
  db: ServerKysely,
  user: ConsoleUser,
  input: ConsoleParsedInput<'feedback.add'>,
  clock: Clock = Date.now,
): Promise<ConsoleFeedback> {
  const slot = await slotOfMeeting(db, input.meetingId);
  if (slot === null || !inScope(user.scope, slot)) throw notFound(MEETING_NOT_FOUND);
  if (input.lineTo < input.lineFrom) {
    throw new ConsoleError('INVALID_INPUT', 'Dòng kết thúc phải từ dòng bắt đầu trở đi.', [{ path: 'lineTo', message: 'Dòng kết thúc phải từ dòng bắt đầu trở đi.' }]);
  }
  const drafts = await db
    .selectFrom('console_links as l')
    .innerJoin('records as r', (join) => join.onRef('r.table_name', '=', 'l.table_name').onRef('r.record_key', '=', 'l.record_key'))
    .select('r.data')
    .where('l.table_name', '=', 'drafts')
    .where('l.meeting_id', '=', input.meetingId)
    .where('r.deleted_at', 'is', null)
    .execute();
  const draft = drafts
    .map((d) => JSON.parse(d.data) as { version_no?: number; content?: string })
    .find((d) => d.version_no === input.draftVersion);
  if (!draft) {
    throw new ConsoleError('INVALID_INPUT', `Dự thảo của cuộc họp không có phiên bản ${input.draftVersion}.`, [
      { path: 'draftVersion', message: 'Không có phiên bản dự thảo này.' },
    ]);
  }
  let sections: DraftSection[];
  try {
    sections = JSON.parse(draft.content ?? '[]') as DraftSection[];
  } catch {
    sections = [];
  }
  const lines = numberLines(sections).length;
  if (input.lineTo > lines) {
    const message = `Dự thảo phiên bản ${input.draftVersion} chỉ có ${lines} dòng.`;
    throw new ConsoleError('INVALID_INPUT', message, [{ path: input.lineFrom > lines ? 'lineFrom' : 'lineTo', message }]);
  }
  const added = await addFeedback(
    db,
    { meetingId: input.meetingId, draftVersion: input.draftVersion, lineFrom: input.lineFrom, lineTo: input.lineTo, authorName: user.displayName, text: input.text },
    clock,
    user.username,
  ).catch(adminRefusal);
  return {
    id: added.id,
    draftVersion: input.draftVersion,
    lineFrom: input.lineFrom,
    lineTo: input.lineTo,
    authorName: user.displayName,
    text: input.text,
    createdAt: added.createdAt,
    receivedAt: null,
  };
}
