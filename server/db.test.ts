// The database layer: the same schema and values on SQLite and PostgreSQL, identity made once, and writers that run
// at the same time without a puller missing anything.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { publishDocument, withdrawDocument } from './admin';
import { logChange } from './changes';
import { openServerDb, SQLITE_FILE_NAME } from './db';
import { serverIdentity } from './meta';
import { describeEachDatabase, makeTempDir, type Json } from './testing';

describe('openServerDb', () => {
  it('makes an SQLite file in WAL mode with foreign keys on, and keeps its identity across restarts', async () => {
    const dir = makeTempDir();
    try {
      const first = await openServerDb({ dataDir: dir, name: 'Thành ủy' });
      const identity = await serverIdentity(first.db);
      expect(identity.name).toBe('Thành ủy');
      await first.close();
      const raw = new BetterSqlite3(path.join(dir, SQLITE_FILE_NAME), { readonly: true });
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      raw.close();
      const second = await openServerDb({ dataDir: dir, name: 'Tên khác' });
      expect(await serverIdentity(second.db)).toEqual(identity);
      const migrations = await second.db
        .selectFrom('kysely_migration' as never)
        .select('name' as never)
        .execute();
      expect(migrations.map((m) => (m as { name: string }).name)).toEqual([
        '001-initial',
        '002-upstream',
        '003-epoch-last-push',
        '004-console-accounts',
        '005-console-projections',
        '006-console-receipts',
        '007-upstream-lease-rejections',
      ]);
      await expect(
        second.db.insertInto('site_epochs').values({ slot_id: 'nobody', epoch: 1, last_seq: 0, token_current: null, token_previous: null, created_at: 1 }).execute(),
      ).rejects.toThrow(/FOREIGN KEY/);
      await second.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a DATABASE_URL that is not PostgreSQL, in Vietnamese', async () => {
    await expect(openServerDb({ dataDir: makeTempDir(), databaseUrl: 'mysql://x' })).rejects.toThrow(/DATABASE_URL phải là/);
  });
});

describeEachDatabase('database values', (h, kind) => {
  it('stores and returns millisecond times and HLC stamps beyond 2^31 exactly, as numbers', async () => {
    const big = 2 ** 52 + 7;
    await h()
      .env.db.insertInto('records')
      .values({ table_name: 'members', record_key: 'k', owner_site: 's', version: 2 ** 31 - 1, updated_at: big, deleted_at: big - 1, data: '{}', received_at: Date.now() })
      .execute();
    const row = await h().env.db.selectFrom('records').selectAll().executeTakeFirstOrThrow();
    expect(row.updated_at).toBe(big);
    expect(row.deleted_at).toBe(big - 1);
    expect(typeof row.received_at).toBe('number');
    const count = await h().env.db.selectFrom('records').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(count.n).toBe(1);
  });

  it('never lets a puller skip a change while documents are published concurrently', async () => {
    const site = await h().site();
    const seen = new Set<string>();
    let cursor = 0;
    const drain = async () => {
      for (;;) {
        const page = await site.request('GET', `/v1/pull?cursor=${cursor}&limit=3`);
        for (const c of page.json.changes as Json[]) seen.add(c.key);
        cursor = page.json.cursor;
        if (!page.json.more) return;
      }
    };
    const publishes = Array.from({ length: 30 }, (_, i) =>
      publishDocument(h().env.db, { kind: 'news', title: `Tin ${i}`, body: '', audience: 'all' }, h().clock.fn),
    );
    const pulls = Array.from({ length: 10 }, () => drain());
    const published = await Promise.all(publishes);
    await Promise.all(pulls);
    await drain();
    expect([...seen].sort()).toEqual(published.map((p) => p.id).sort());
  });

  it.runIf(kind === 'postgres')('makes a change that commits late wait for its turn, so a puller cannot pass over it', async () => {
    const site = await h().site();
    const now = h().clock.now;
    // A writer takes its cursor and holds its transaction open…
    const slow = await h().env.db.startTransaction().execute();
    await slow
      .insertInto('records')
      .values({ table_name: 'documents', record_key: 'slow', owner_site: 'server', version: 1, updated_at: now * 1024, deleted_at: null, data: '{}', received_at: now })
      .execute();
    await logChange(slow, 'documents', 'slow', ['*'], now);
    // …while another publishes: it waits for the first to commit instead of taking a later cursor that commits first.
    let fastDone = false;
    const fast = publishDocument(h().env.db, { kind: 'news', title: 'nhanh', body: '', audience: 'all' }, h().clock.fn).then((r) => {
      fastDone = true;
      return r;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fastDone).toBe(false);
    const during = await site.request('GET', '/v1/pull?cursor=0');
    expect(during.json.changes).toEqual([]);
    await slow.commit().execute();
    const { id } = await fast;
    const after = await site.request('GET', `/v1/pull?cursor=${during.json.cursor}`);
    expect(after.json.changes.map((c: Json) => c.key)).toEqual(['slow', id]);
  });

  it('gives a site that pulls in pages of any size the latest copy of every record sent to it (property)', async () => {
    const a = await h().site('A');
    const b = await h().site('B');
    type Action = { kind: 'publish'; to: 'all' | 'a' | 'b' | 'ab' } | { kind: 'edit' | 'withdraw'; index: number } | { kind: 'pull'; limit: number };
    const action: fc.Arbitrary<Action> = fc.oneof(
      fc.record({ kind: fc.constant('publish' as const), to: fc.constantFrom('all' as const, 'a' as const, 'b' as const, 'ab' as const) }),
      fc.record({ kind: fc.constantFrom('edit' as const, 'withdraw' as const), index: fc.nat(20) }),
      fc.record({ kind: fc.constant('pull' as const), limit: fc.integer({ min: 1, max: 4 }) }),
    );
    let cursor = 0;
    const local = new Map<string, { version: number; deletedAt: number | null }>();
    const pull = async (limit: number, all: boolean) => {
      for (;;) {
        const page = await a.request('GET', `/v1/pull?cursor=${cursor}&limit=${limit}`);
        for (const c of page.json.changes as Json[]) {
          const held = local.get(c.key);
          if (!held || c.version > held.version) local.set(c.key, { version: c.version, deletedAt: c.deletedAt });
        }
        cursor = page.json.cursor;
        if (!all || !page.json.more) return;
      }
    };
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 12 }), async (actions) => {
        const docs: { id: string; forA: boolean; version: number; deleted: boolean }[] = [];
        for (const act of actions) {
          h().clock.advance(10);
          if (act.kind === 'publish') {
            const audience = act.to === 'all' ? 'all' : act.to === 'a' ? [a.siteId] : act.to === 'b' ? [b.siteId] : [a.siteId, b.slotId];
            const { id } = await publishDocument(h().env.db, { kind: 'news', title: 'x', body: '', audience }, h().clock.fn);
            docs.push({ id, forA: act.to !== 'b', version: 1, deleted: false });
          } else if (act.kind === 'pull') {
            await pull(act.limit, false);
          } else {
            const doc = docs[act.index % Math.max(1, docs.length)];
            if (!doc || doc.deleted) continue;
            if (act.kind === 'edit') {
              await publishDocument(h().env.db, { id: doc.id, kind: 'news', title: 'y', body: '', audience: doc.forA ? 'all' : [b.siteId] }, h().clock.fn);
              doc.version++;
            } else {
              await withdrawDocument(h().env.db, doc.id, h().clock.fn);
              doc.version++;
              doc.deleted = true;
            }
          }
        }
        await pull(2, true);
        for (const doc of docs) {
          const held = local.get(doc.id);
          if (!doc.forA) expect(held).toBeUndefined();
          else expect({ version: held?.version, deleted: held?.deletedAt !== null }).toEqual({ version: doc.version, deleted: doc.deleted });
        }
      }),
      { numRuns: 15 },
    );
  });
});
