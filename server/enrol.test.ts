// Enrolment (§4) and the unsigned info route, over real HTTP, on each database.
import { expect, it } from 'vitest';
import { CODE_TTL_MS, makeKeyPair, signText, verifyText } from '../core/sync/protocol';
import { createSite, listSites } from './admin';
import { describeEachDatabase, get, TestSite } from './testing';

describeEachDatabase('enrolment', (h) => {
  it('answers /v1/info with the server identity and the server time, unsigned', async () => {
    const res = await get(h().url, '/v1/info');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ protocol: 1, protocols: [1], server: { id: expect.any(String), name: expect.any(String) } });
    expect(res.json.serverTime).toBe(h().clock.now);
    expect(res.headers.get('chibo-server-time')).toBe(String(h().clock.now));
  });

  it('enrols a site with a fresh code, binds its site id and starts it in epoch 1', async () => {
    const { slotId, code } = await createSite(h().env.db, 'Phường Bến Nghé', h().clock.fn);
    const site = new TestSite(h(), 'Phường Bến Nghé');
    const res = await site.enrol(code.toLowerCase().replace(/-/g, ' '));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ siteId: site.siteId, slotId, epoch: 1, serverTime: h().clock.now });
    const info = await get(h().url, '/v1/info');
    expect(res.json.server).toEqual(info.json.server);
    const [listed] = await listSites(h().env.db, h().clock.fn);
    expect(listed).toMatchObject({ slotId, status: 'enrolled', siteId: site.siteId, organisation: site.organisation, currentEpoch: 1, appVersion: '0.1.0' });
    expect(listed!.epochs).toEqual([{ epoch: 1, lastSeq: 0, createdAt: h().clock.now }]);
    const audit = await h().env.db.selectFrom('audit').select('action').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['site.create', 'site.enrol']);
  });

  it('accepts a code once only', async () => {
    const { code } = await createSite(h().env.db, 'Phường 1', h().clock.fn);
    expect((await new TestSite(h(), 'A').enrol(code)).status).toBe(200);
    const again = await new TestSite(h(), 'B').enrol(code);
    expect(again.status).toBe(403);
    expect(again.json.error.code).toBe('CODE_INVALID');
    expect(again.json.error.message).toMatch(/Mã đăng ký/);
  });

  it('refuses an expired code and an unknown one', async () => {
    const { code } = await createSite(h().env.db, 'Phường 2', h().clock.fn);
    h().clock.advance(CODE_TTL_MS + 1);
    expect((await new TestSite(h(), 'A').enrol(code)).json.error.code).toBe('CODE_INVALID');
    expect((await new TestSite(h(), 'A').enrol('AAAA-BBBB-CCCC')).json.error.code).toBe('CODE_INVALID');
    expect((await new TestSite(h(), 'A').enrol('not a code')).json.error.code).toBe('CODE_INVALID');
  });

  it('refuses a proof made with another key, and leaves the code usable', async () => {
    const { code } = await createSite(h().env.db, 'Phường 3', h().clock.fn);
    const site = new TestSite(h(), 'Phường 3');
    const other = makeKeyPair();
    const wrong = await site.enrol(code, { proof: signText(other.privateKey, `CHIBO1-ENROL\n${code.replace(/-/g, '')}\n${site.siteId}`) });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe('BAD_SIGNATURE');
    expect((await site.enrol(code)).status).toBe(200);
  });

  it('refuses a site id already bound to another slot', async () => {
    const first = await h().site('Phường 4');
    const { code } = await createSite(h().env.db, 'Phường 4 (bản sao)', h().clock.fn);
    const copy = new TestSite(h(), 'Phường 4');
    const res = await copy.enrol(code, {
      siteId: first.siteId,
      proof: signText(copy.keys.privateKey, `CHIBO1-ENROL\n${code.replace(/-/g, '')}\n${first.siteId}`),
    });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe('CODE_INVALID');
  });

  it('answers another protocol version with PROTOCOL_UNSUPPORTED, and a malformed body with MALFORMED', async () => {
    const { code } = await createSite(h().env.db, 'Phường 5', h().clock.fn);
    const site = new TestSite(h(), 'Phường 5');
    const v2 = await site.enrol(code, { protocol: 2 });
    expect(v2.status).toBe(426);
    expect(v2.json.error).toMatchObject({ code: 'PROTOCOL_UNSUPPORTED', supported: [1] });
    const bad = await site.enrol(code, { publicKey: 'bm90IGEga2V5' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('MALFORMED');
    const notJson = await fetch(`${h().url}/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe('MALFORMED');
    expect((await site.enrol(code)).status).toBe(200);
  });

  it("the server's public key verifies what the server signs", async () => {
    const site = await h().site();
    const info = await get(h().url, '/v1/info');
    const { serverIdentity } = await import('./meta');
    const me = await serverIdentity(h().env.db);
    expect(me.publicKey).toBe(info.json.server.publicKey);
    expect(verifyText(info.json.server.publicKey, 'x', signText(me.privateKey, 'x'))).toBe(true);
    expect(site.slotId).not.toBe('');
  });
});
