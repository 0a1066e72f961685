// The server's answers and the sync files, checked with zod where they come in (a trust boundary): fields this client
// does not know are ignored (§10), fields it needs must have the right shape.
import { z } from 'zod';
import { SERVER_TABLES, WARD_TABLES } from './protocol';

const int = z.number().int();
const data = z.record(z.string(), z.unknown());

export const enrolAnswer = z.object({
  siteId: z.string(),
  slotId: z.string(),
  server: z.object({ id: z.string(), name: z.string(), publicKey: z.string().min(1) }),
  epoch: int.positive(),
  serverTime: z.number().optional(),
});

export const pushAnswer = z.object({
  lastSeq: int.nonnegative(),
  token: z.string().min(1),
  applied: int.nonnegative().default(0),
  skipped: int.nonnegative().default(0),
  stale: z.array(z.object({ seq: int, table: z.string(), key: z.string() })).default([]),
  rejected: z
    .array(z.object({ seq: int, table: z.string(), key: z.string(), code: z.string(), reason: z.string().default('') }))
    .default([]),
});

/** One change; the data is checked table by table when applied, so one odd change never refuses the page. */
const change = z.object({
  cursor: int,
  table: z.string(),
  key: z.string(),
  version: int,
  updatedAt: int,
  deletedAt: int.nullable().default(null),
  data: data.nullable().default({}),
});

export const pullAnswer = z.union([
  z.object({ reset: z.literal(true), cursor: z.literal(0) }),
  z.object({ changes: z.array(change), cursor: int.nonnegative(), more: z.boolean().default(false) }),
]);

export const ownAnswer = z.object({
  records: z.array(
    z.object({
      table: z.enum(WARD_TABLES),
      key: z.string(),
      version: int,
      updatedAt: int,
      deletedAt: int.nullable().default(null),
      data,
    }),
  ),
  next: z.string().nullable().default(null),
});

export const missingAnswer = z.object({ missing: z.array(z.string()) });
export const putAnswer = z.object({ received: int.nonnegative(), complete: z.boolean() });

export const fileHeader = z.object({
  format: z.literal('chibo-sync'),
  version: z.literal(1),
  direction: z.enum(['up', 'down']),
  siteId: z.string(),
  epoch: int.nullable().optional(),
  createdAt: z.number(),
  payloadSha256: z.string().regex(/^[0-9a-f]{64}$/),
  cursor: int.nonnegative().optional(),
});

export const fileLine = z.object({
  ack: pushAnswer.optional(),
  pull: pullAnswer.optional(),
  blob: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), data: z.string() }).optional(),
});

export const isServerTable = (t: string): t is (typeof SERVER_TABLES)[number] => (SERVER_TABLES as readonly string[]).includes(t);
