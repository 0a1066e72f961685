// The sandboxed preload: exposes `window.chibo = { invoke, subscribe }` (bridge.ts) and nothing else — never
// ipcRenderer itself. Built as one CommonJS file (out/preload/preload.cjs) because a sandboxed preload can require only
// 'electron'. The method list is core/api's `methods`, written in at build time by electron.vite.config.ts, so this
// bundle carries neither zod nor the schemas.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';
import { TOPICS } from './ipc-contract';

declare const __CHIBO_METHODS__: readonly string[];

contextBridge.exposeInMainWorld('chibo', createBridge(ipcRenderer, { methods: __CHIBO_METHODS__, topics: TOPICS }));
