// The console's refusals: the app's error codes (core/api.ts) with a Vietnamese message, answered in the same envelope.
import type { ErrorCode } from '../../core/api';

export class ConsoleError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'ConsoleError';
  }
}

export const notFound = (message: string) => new ConsoleError('NOT_FOUND', message);
export const forbidden = (message = 'Tài khoản của đồng chí không được xem hoặc làm việc này.') => new ConsoleError('FORBIDDEN', message);

/** The wards an account sees: null for every ward (an administrator), or the slot ids assigned to it. */
export type Scope = readonly string[] | null;

export const inScope = (scope: Scope, slotId: string) => scope === null || scope.includes(slotId);
