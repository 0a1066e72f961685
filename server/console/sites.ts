// The wards' sites as the console shows them: each site's state, last sync and version, its branches; creating a site
// (and its one-time enrolment code) and revoking one are the administrator's (server/admin.ts does the work).
import type { ConsoleSite, CreatedConsoleSite } from '../../core/consoleApi';
import { createSite, listSites, revokeSite } from '../admin';
import type { ServerKysely } from '../db';
import { inScope, notFound, type Scope } from './errors';

type Clock = () => number;

export async function consoleSites(db: ServerKysely, scope: Scope, clock: Clock = Date.now): Promise<ConsoleSite[]> {
  const sites = (await listSites(db, clock)).filter((s) => inScope(scope, s.slotId));
  const counts = await db
    .selectFrom('console_branches')
    .select(['site_id', (eb) => eb.fn.countAll().as('n')])
    .groupBy('site_id')
    .execute();
  const branches = new Map(counts.map((c) => [c.site_id, Number(c.n)]));
  const collator = new Intl.Collator('vi');
  return sites
    .map(
      (s): ConsoleSite => ({
        slotId: s.slotId,
        name: s.organisation?.name || s.name,
        organisationName: s.organisation?.name ?? null,
        state: s.status,
        createdAt: s.createdAt,
        codeExpiresAt: s.codeExpiresAt,
        enrolledAt: s.enrolledAt,
        revokedAt: s.revokedAt,
        lastSeenAt: s.lastSeenAt,
        lastPushAt: s.lastPushAt,
        appVersion: s.appVersion,
        epochs: s.epochs.length,
        branches: s.siteId ? (branches.get(s.siteId) ?? 0) : 0,
      }),
    )
    .sort((a, b) => collator.compare(a.name, b.name));
}

export async function createConsoleSite(db: ServerKysely, name: string, actor: string, clock: Clock = Date.now): Promise<CreatedConsoleSite> {
  const created = await createSite(db, name, clock, actor);
  return { slotId: created.slotId, code: created.code, expiresAt: created.expiresAt };
}

export async function revokeConsoleSite(db: ServerKysely, slotId: string, actor: string, clock: Clock = Date.now): Promise<void> {
  const site = await db.selectFrom('sites').select('slot_id').where('slot_id', '=', slotId).executeTakeFirst();
  if (!site) throw notFound('Không có đơn vị này.');
  await revokeSite(db, slotId, clock, actor);
}
