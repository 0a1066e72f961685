// The one set of web preferences every window of the app gets (the console and the projector): Electron's security
// checklist in one place, so a new window cannot be made with a weaker one.
import type { WebPreferences } from 'electron';

export function secureWebPreferences(preload: string, development: boolean): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    // Chromium's spell checker fetches dictionaries from Google on Linux; ward PCs are often offline.
    spellcheck: false,
    devTools: development,
  };
}
