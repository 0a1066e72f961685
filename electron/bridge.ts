// What the preload hands the page as `window.chibo`: invoke(method, input) and subscribe(topic, handler), over the two
// channels of ipc-contract.ts and nothing else. Names outside the allow-lists never reach the main process, the IPC
// event object never reaches the page, and a failure comes back as the API's envelope rather than a thrown error.
// Pure: preload.ts passes Electron's ipcRenderer; the tests pass a fake.
import type { Envelope, Transport } from '../core/api';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-contract';
import { ipcErrors as t } from './strings';

/** The part of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface AllowList {
  methods: readonly string[];
  topics: readonly string[];
}

/** The object exposed as `window.chibo`: exactly core/api's Transport, so the renderer passes it to createClient. */
export type ChiboBridge = Transport;

export function createBridge(ipc: IpcRendererLike, allow: AllowList, report: (error: unknown) => void = console.error): ChiboBridge {
  const methods = new Set(allow.methods);
  const topics = new Set(allow.topics);
  const handlers = new Map<string, Set<{ handler: (payload: unknown) => void }>>();

  const onEvent = (_event: unknown, topic: unknown, payload: unknown) => {
    if (typeof topic !== 'string') return;
    for (const entry of [...(handlers.get(topic) ?? [])]) {
      try {
        entry.handler(payload);
      } catch (error) {
        report(error);
      }
    }
  };
  let listening = false;

  return {
    async invoke(method: string, input: unknown): Promise<Envelope<unknown>> {
      if (typeof method !== 'string' || !methods.has(method)) {
        return { ok: false, error: { code: 'UNKNOWN_METHOD', message: t.unknownMethod(String(method)) } };
      }
      try {
        return (await ipc.invoke(INVOKE_CHANNEL, method, input)) as Envelope<unknown>;
      } catch (error) {
        report(error);
        return { ok: false, error: { code: 'UNAVAILABLE', message: t.unavailable } };
      }
    },

    subscribe(topic: string, handler: (payload: unknown) => void): () => void {
      if (typeof topic !== 'string' || !topics.has(topic)) throw new TypeError(t.unknownTopic(String(topic)));
      if (typeof handler !== 'function') throw new TypeError(t.handlerNotFunction);
      const entry = { handler };
      const set = handlers.get(topic) ?? new Set();
      handlers.set(topic, set);
      set.add(entry);
      if (!listening) {
        ipc.on(EVENT_CHANNEL, onEvent);
        listening = true;
      }
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        set.delete(entry);
        if (set.size === 0) handlers.delete(topic);
        if (handlers.size === 0 && listening) {
          ipc.removeListener(EVENT_CHANNEL, onEvent);
          listening = false;
        }
      };
    },
  };
}
