// Reading what a client sent: JSON from the raw bytes (kept raw for the signature), the protocol version, and a zod
// schema per body. Unknown fields are ignored, as §10 asks.
import { z } from 'zod';
import { PROTOCOL } from '../core/sync/protocol';
import { fail } from './errors';

export function parseJson(body: Buffer | undefined): unknown {
  if (!body || body.length === 0) throw fail('MALFORMED', {}, 'Thiếu nội dung JSON của yêu cầu.');
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw fail('MALFORMED', {}, 'Nội dung yêu cầu không phải JSON hợp lệ.');
  }
}

/** A body naming another protocol version is answered PROTOCOL_UNSUPPORTED before anything else is read of it. */
export function checkProtocol(raw: unknown): void {
  const protocol = (raw as { protocol?: unknown } | null)?.protocol;
  if (typeof raw === 'object' && raw !== null && protocol !== undefined && protocol !== PROTOCOL) {
    throw fail('PROTOCOL_UNSUPPORTED', { supported: [PROTOCOL] });
  }
}

export function parseWith<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || '(gốc)';
  throw fail('MALFORMED', { field }, `Yêu cầu không đúng định dạng: trường "${field}" không hợp lệ.`);
}

export const safeInt = z.number().int();
export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);
