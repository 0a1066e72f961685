// Types for electron-binary.mjs, so the TypeScript e2e specs can import it.
export type ElectronBinary =
  | { present: true; version: string; executable: string }
  | { present: false; version: string; reason: string };

export function findElectronBinary(root: string, env?: NodeJS.ProcessEnv): ElectronBinary;
