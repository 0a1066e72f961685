// For tests: a runtime on a fresh temporary data folder, and callers signed in as each of the demo ward's roles.
import fs from 'node:fs';
import { makeTempDir } from '../db/testing';
import type { Input, Method, Output, Role } from './api';
import type { SessionRef } from './auth/sessions';
import { startRuntime, type Runtime, type RuntimeOptions } from './runtime';

export interface Caller {
  session: SessionRef;
  /** Calls a method and returns its value, or throws with the envelope's code and message. */
  call<M extends Method>(method: M, input?: Input<M>): Promise<Output<M>>;
  /** Calls a method and returns the envelope as it is. */
  raw(method: string, input?: unknown): ReturnType<Runtime['dispatch']>;
}

export interface TestRuntime {
  runtime: Runtime;
  dir: string;
  anonymous: Caller;
  caller(): Caller;
  /** After `demo.create`: a caller signed in with the demo account of that role. */
  as(role: Role): Promise<Caller>;
  close(): Promise<void>;
}

export function startTestRuntime(options: Partial<RuntimeOptions> = {}): TestRuntime {
  const dir = makeTempDir('chibo-core-');
  const runtime = startRuntime({ dataDir: dir, host: 'cli', appVersion: '0.0.0-test', log: () => {}, ...options });
  const caller = (): Caller => {
    const session: SessionRef = { token: null };
    return {
      session,
      raw: (method, input = {}) => runtime.dispatch(method, input, session),
      async call(method, input) {
        const envelope = await runtime.dispatch(method, input ?? {}, session);
        if (!envelope.ok) throw Object.assign(new Error(`${envelope.error.code}: ${envelope.error.message}`), envelope.error);
        return envelope.value as never;
      },
    };
  };
  const anonymous = caller();
  return {
    runtime,
    dir,
    anonymous,
    caller,
    async as(role) {
      const status = await anonymous.call('auth.status');
      const account = status.demoAccounts.find((a) => a.role === role);
      if (!account) throw new Error(`no demo account for ${role}: call demo.create first`);
      const c = caller();
      await c.call('auth.login', { username: account.username, password: account.password });
      return c;
    },
    async close() {
      await runtime.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
