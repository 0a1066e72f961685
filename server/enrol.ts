// Enrolment (§4): a one-time code the administrator gave the ward, a key pair the ward made, and a proof that whoever
// holds the code also holds the private key. The slot is bound to the ward's own site id; the site starts in epoch 1.
import crypto from 'node:crypto';
import { z } from 'zod';
import { enrolProofText, normaliseCode, PROTOCOL, sha256Hex, verifyText, type EnrolAnswer } from '../core/sync/protocol';
import type { SyncEnv } from './context';
import { fail } from './errors';
import { audit, serverIdentity } from './meta';
import { checkProtocol, parseWith } from './validate';

const enrolSchema = z.object({
  protocol: z.literal(PROTOCOL),
  code: z.string().min(1).max(50),
  siteId: z.string().min(1).max(100),
  organisation: z.object({ id: z.string().min(1).max(100), name: z.string().min(1).max(300) }),
  publicKey: z.string().min(1).max(1000),
  appVersion: z.string().max(100),
  proof: z.string().min(1).max(1000),
});

/** The stored form of a code: SHA-256 of its 12 characters, upper case, no dashes. */
export function hashCode(code: string): string | null {
  const plain = normaliseCode(code);
  return plain ? sha256Hex(plain) : null;
}

function isEd25519Key(publicKey: string): boolean {
  try {
    return crypto.createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' }).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}

export async function enrol(env: SyncEnv, raw: unknown): Promise<EnrolAnswer> {
  checkProtocol(raw);
  const body = parseWith(enrolSchema, raw);
  if (!isEd25519Key(body.publicKey)) throw fail('MALFORMED', { field: 'publicKey' }, 'Khóa công khai phải là khóa Ed25519 (SPKI, base64).');
  const codeHash = hashCode(body.code);
  if (!codeHash) throw fail('CODE_INVALID');
  const now = env.clock();

  const { slotId, epoch } = await env.db.transaction().execute(async (trx) => {
    const slot = await trx.selectFrom('sites').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
    // The same site with the same key asking again (its first answer was lost): the same answer, nothing changed.
    const repeat =
      slot !== undefined && slot.code_used_at !== null && slot.revoked_at === null && slot.site_id === body.siteId && slot.public_key === body.publicKey;
    if (!slot || (!repeat && (slot.code_used_at !== null || slot.revoked_at !== null || now > slot.code_expires_at))) throw fail('CODE_INVALID');
    if (!verifyText(body.publicKey, enrolProofText(body.code, body.siteId), body.proof)) {
      throw fail('BAD_SIGNATURE', {}, 'Bằng chứng đăng ký không khớp với khóa công khai.');
    }
    if (repeat) return { slotId: slot.slot_id, epoch: Number(slot.current_epoch ?? 1) };
    const bound = await trx.selectFrom('sites').select('slot_id').where('site_id', '=', body.siteId).executeTakeFirst();
    if (bound && bound.slot_id !== slot.slot_id) {
      throw fail('CODE_INVALID', {}, 'Mã đơn vị (siteId) này đã được đăng ký cho một đơn vị khác trên máy chủ.');
    }
    // The condition on code_used_at makes a second enrolment racing this one with the same code change nothing.
    const updated = await trx
      .updateTable('sites')
      .set({
        site_id: body.siteId,
        organisation_id: body.organisation.id,
        organisation_name: body.organisation.name,
        public_key: body.publicKey,
        app_version: body.appVersion,
        code_used_at: now,
        enrolled_at: now,
        current_epoch: 1,
      })
      .where('slot_id', '=', slot.slot_id)
      .where('code_used_at', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw fail('CODE_INVALID');
    await trx
      .insertInto('site_epochs')
      .values({ slot_id: slot.slot_id, epoch: 1, last_seq: 0, token_current: null, token_previous: null, created_at: now })
      .execute();
    await audit(trx, {
      at: now,
      actor: `site:${body.siteId}`,
      action: 'site.enrol',
      detail: { slotId: slot.slot_id, name: slot.name, organisation: body.organisation, appVersion: body.appVersion },
    });
    return { slotId: slot.slot_id, epoch: 1 };
  });

  const server = await serverIdentity(env.db);
  return { siteId: body.siteId, slotId, server: { id: server.id, name: server.name, publicKey: server.publicKey }, epoch, serverTime: now };
}
