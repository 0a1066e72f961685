// Signed requests (§3). The checks run in the specification's order and the first to fail answers; the only writes
// (the nonce, the site's last-seen time) happen after every check has passed.
import { CLOCK_WINDOW_MS, NONCE_TTL_MS, signingString, verifyText } from '../core/sync/protocol';
import type { EnrolledSite, SyncEnv } from './context';
import { fail } from './errors';

export interface SignedRequest {
  method: string;
  /** Path and query exactly as the client sent them. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** The raw body bytes (empty when there is none). */
  body: Buffer;
}

function header(headers: SignedRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? undefined : value;
}

const NONCE = /^[A-Za-z0-9_-]{16,128}$/;
const INTEGER = /^-?\d{1,16}$/;

export async function authenticate(env: SyncEnv, req: SignedRequest): Promise<EnrolledSite> {
  const siteId = header(req.headers, 'chibo-site');
  const time = header(req.headers, 'chibo-time');
  const nonce = header(req.headers, 'chibo-nonce');
  const signature = header(req.headers, 'chibo-signature');
  if (!siteId || !time || !nonce || !signature) throw fail('UNAUTHENTICATED');

  // 1. The site exists and is enrolled; 2. it is not revoked.
  const site = await env.db.selectFrom('sites').selectAll().where('site_id', '=', siteId).executeTakeFirst();
  if (!site || site.enrolled_at === null || !site.public_key || !site.site_id) throw fail('UNAUTHENTICATED');
  if (site.revoked_at !== null) throw fail('SITE_REVOKED');

  // 3. The time is within the window; the client sets its offset from serverTime and retries.
  const now = env.clock();
  if (!INTEGER.test(time)) throw fail('MALFORMED', {}, 'Tiêu đề chibo-time phải là số mili giây.');
  if (Math.abs(Number(time) - now) > CLOCK_WINDOW_MS) throw fail('CLOCK_SKEW', { serverTime: now });

  // 4. The signature covers method, path and query, site, time, nonce and the body's hash.
  const text = signingString({ method: req.method, path: req.url, site: siteId, time, nonce, body: req.body });
  if (!verifyText(site.public_key, text, signature)) throw fail('BAD_SIGNATURE');

  // 5. The nonce is new for this site. Expired nonces go first: the clock window is shorter than their lifetime, so a
  //    request old enough to reuse one has already failed step 3. The insert is the check: two requests racing with
  //    one nonce cannot both succeed.
  if (!NONCE.test(nonce)) throw fail('MALFORMED', {}, 'Tiêu đề chibo-nonce không hợp lệ.');
  await env.db.deleteFrom('nonces').where('expires', '<=', now).execute();
  const inserted = await env.db
    .insertInto('nonces')
    .values({ slot_id: site.slot_id, nonce, expires: now + NONCE_TTL_MS })
    .onConflict((oc) => oc.columns(['slot_id', 'nonce']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) throw fail('REPLAY');

  await env.db.updateTable('sites').set({ last_seen_at: now }).where('slot_id', '=', site.slot_id).execute();
  return { ...site, last_seen_at: now, signed_at: Number(time) } as EnrolledSite;
}
