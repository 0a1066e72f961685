// The one door into the services for both transports: checks the method name, parses the input with the contract's
// schema, runs the service and answers with the envelope. A failure never escapes as a crash, and a service that
// throws has written nothing (services write inside one transaction).
import { z } from 'zod';
import { ApiError, isMethod, schemas, type ApiFailure, type Envelope, type Method, type Output, type ParsedInput } from './api';
import { checkAccess } from './auth/access';
import type { SessionRef } from './auth/sessions';
import { loadSessionUser } from './auth/users';
import type { Call, ServiceContext } from './context';

export type Handlers = {
  [M in Method]: (input: ParsedInput<M>, ctx: ServiceContext, call: Call) => Promise<Output<M>> | Output<M>;
};

const vietnamese = z.locales.vi().localeError;

function invalidInput(error: z.ZodError): ApiFailure {
  const fields = error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  // The messages name their field in Vietnamese; the paths travel apart, for forms to place each message.
  const list = [...new Set(fields.map((f) => f.message))].join('; ');
  return { code: 'INVALID_INPUT', message: `Dữ liệu gửi lên không hợp lệ: ${list}`, fields };
}

/** `session` is the caller's slot for its sign-in token, kept by the host (per window, or a cookie). */
export type Dispatch = (method: unknown, input: unknown, session?: SessionRef) => Promise<Envelope<unknown>>;

export function createDispatcher(ctx: ServiceContext, handlers: Handlers, log: (error: unknown) => void = console.error): Dispatch {
  return async (method, input, session = { token: null }) => {
    if (!isMethod(method)) {
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `Không có chức năng "${String(method).slice(0, 80)}".` } };
    }
    const parsed = schemas[method].safeParse(input ?? {}, { error: vietnamese });
    if (!parsed.success) return { ok: false, error: invalidInput(parsed.error) };
    try {
      const userId = ctx.sessions.resolve(session.token);
      const call: Call = { user: userId ? loadSessionUser(ctx, userId) : null, session };
      if (userId && !call.user) ctx.sessions.revoke(session.token);
      checkAccess(method, call.user);
      const handler = handlers[method] as (input: unknown, ctx: ServiceContext, call: Call) => unknown;
      return { ok: true, value: await handler(parsed.data, ctx, call) };
    } catch (error) {
      if (error instanceof ApiError) {
        return { ok: false, error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } };
      }
      log(error);
      return {
        ok: false,
        error: { code: 'INTERNAL', message: 'Đã có lỗi không mong muốn; thao tác chưa được ghi. Hãy thử lại, nếu vẫn lỗi hãy báo quản trị viên.' },
      };
    }
  };
}
