import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { methods } from '../core/api';
import { createBridge, type IpcRendererLike } from './bridge';
import { EVENT_CHANNEL, INVOKE_CHANNEL, TOPICS } from './ipc-contract';

/** Stands in for ipcRenderer: records invokes, and emits main-process events with a fake IPC event first. */
function fakeIpc(answer: (channel: string, ...args: unknown[]) => Promise<unknown> = async () => ({ ok: true, value: 1 })) {
  const emitter = new EventEmitter();
  const ipc = {
    invoke: vi.fn(answer),
    on: vi.fn((channel: string, listener: (...args: unknown[]) => void) => emitter.on(channel, listener)),
    removeListener: vi.fn((channel: string, listener: (...args: unknown[]) => void) => emitter.removeListener(channel, listener)),
  } satisfies IpcRendererLike;
  const sendFromMain = (topic: unknown, payload: unknown) => emitter.emit(EVENT_CHANNEL, { sender: 'secret ipc event' }, topic, payload);
  return { ipc, emitter, sendFromMain };
}

const allow = { methods, topics: TOPICS };

describe('invoke', () => {
  it('forwards an allowed method and its input on chibo:invoke, and returns the envelope', async () => {
    const { ipc } = fakeIpc(async () => ({ ok: true, value: { wardId: 'w1' } }));
    const bridge = createBridge(ipc, allow);
    await expect(bridge.invoke('setup.createWard', { wardName: 'Phường Một' })).resolves.toEqual({ ok: true, value: { wardId: 'w1' } });
    expect(ipc.invoke).toHaveBeenCalledWith(INVOKE_CHANNEL, 'setup.createWard', { wardName: 'Phường Một' });
  });

  it('answers a method outside the allow-list itself, without reaching the main process', async () => {
    const { ipc } = fakeIpc();
    const bridge = createBridge(ipc, allow);
    for (const method of ['fs.readFile', '__proto__', 'constructor', '', 42 as unknown as string]) {
      const envelope = await bridge.invoke(method, {});
      expect(envelope).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    }
    expect(ipc.invoke).not.toHaveBeenCalled();
  });

  it('turns a failed IPC call into an UNAVAILABLE envelope with a Vietnamese message', async () => {
    const report = vi.fn();
    const { ipc } = fakeIpc(async () => {
      throw new Error("Error invoking remote method 'chibo:invoke': An object could not be cloned.");
    });
    const envelope = await createBridge(ipc, allow, report).invoke('app.info', {});
    expect(envelope).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(envelope.ok === false && envelope.error.message).toMatch(/khởi động lại Chi bộ số/);
    expect(report).toHaveBeenCalledOnce();
  });

  it('allows every method of the contract', () => {
    expect(new Set(allow.methods)).toEqual(new Set(methods));
  });
});

describe('subscribe', () => {
  it('delivers the payload of its topic only, never the IPC event', () => {
    const { ipc, sendFromMain } = fakeIpc();
    const bridge = createBridge(ipc, allow);
    const handler = vi.fn();
    bridge.subscribe('data.changed', handler);
    sendFromMain('data.changed', { areas: ['members'] });
    sendFromMain('projector.state', { slide: 2 });
    sendFromMain(undefined, 'x');
    expect(handler.mock.calls).toEqual([[{ areas: ['members'] }]]);
  });

  it('listens on chibo:event once for many handlers, and stops when the last one unsubscribes', () => {
    const { ipc, emitter, sendFromMain } = fakeIpc();
    const bridge = createBridge(ipc, allow);
    const first = vi.fn();
    const second = vi.fn();
    const stopFirst = bridge.subscribe('data.changed', first);
    const stopSecond = bridge.subscribe('data.changed', second);
    expect(ipc.on).toHaveBeenCalledTimes(1);
    expect(emitter.listenerCount(EVENT_CHANNEL)).toBe(1);

    stopFirst();
    stopFirst(); // twice is harmless
    sendFromMain('data.changed', { areas: [] });
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledOnce();

    stopSecond();
    expect(emitter.listenerCount(EVENT_CHANNEL)).toBe(0);
    bridge.subscribe('data.changed', first);
    expect(emitter.listenerCount(EVENT_CHANNEL)).toBe(1);
  });

  it('keeps two subscriptions of the same function apart', () => {
    const { ipc, sendFromMain } = fakeIpc();
    const bridge = createBridge(ipc, allow);
    const handler = vi.fn();
    const stop = bridge.subscribe('data.changed', handler);
    bridge.subscribe('data.changed', handler);
    stop();
    sendFromMain('data.changed', {});
    expect(handler).toHaveBeenCalledOnce();
  });

  it('keeps delivering when one handler throws', () => {
    const report = vi.fn();
    const { ipc, sendFromMain } = fakeIpc();
    const bridge = createBridge(ipc, allow, report);
    const after = vi.fn();
    bridge.subscribe('data.changed', () => {
      throw new Error('view crashed');
    });
    bridge.subscribe('data.changed', after);
    sendFromMain('data.changed', {});
    expect(after).toHaveBeenCalledOnce();
    expect(report).toHaveBeenCalledOnce();
  });

  it('refuses unknown topics and non-function handlers', () => {
    const { ipc } = fakeIpc();
    const bridge = createBridge(ipc, allow);
    expect(() => bridge.subscribe('chibo:invoke', () => {})).toThrow(/Không có kênh sự kiện/);
    expect(() => bridge.subscribe('data.changed', 'x' as unknown as () => void)).toThrow(TypeError);
    expect(ipc.on).not.toHaveBeenCalled();
  });
});
