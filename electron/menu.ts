// The application menu, in Vietnamese. A pure function of what the shell knows (development or packaged, which actions
// it offers), so the labels and the development-only items are tested without Electron.
import type { MenuItemConstructorOptions } from 'electron';
import { menu as t } from './strings';

export interface MenuOptions {
  /** Development build: adds Công cụ phát triển. Never true in a packaged app. */
  development: boolean;
  onAbout: () => void;
  /** Offered when given: Tệp › Sao lưu dữ liệu… */
  onBackup?: () => void;
}

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const file: MenuItemConstructorOptions[] = [
    ...(options.onBackup ? [{ label: t.backup, click: options.onBackup }, { type: 'separator' as const }] : []),
    { label: t.quit, role: 'quit' },
  ];
  const view: MenuItemConstructorOptions[] = [
    { label: t.reload, role: 'reload' },
    { type: 'separator' },
    { label: t.zoomIn, role: 'zoomIn' },
    { label: t.zoomOut, role: 'zoomOut' },
    { label: t.resetZoom, role: 'resetZoom' },
    { type: 'separator' },
    { label: t.fullScreen, role: 'togglefullscreen' },
    ...(options.development ? [{ type: 'separator' as const }, { label: t.devTools, role: 'toggleDevTools' as const }] : []),
  ];
  return [
    { label: t.file, submenu: file },
    {
      label: t.edit,
      submenu: [
        { label: t.undo, role: 'undo' },
        { label: t.redo, role: 'redo' },
        { type: 'separator' },
        { label: t.cut, role: 'cut' },
        { label: t.copy, role: 'copy' },
        { label: t.paste, role: 'paste' },
        { type: 'separator' },
        { label: t.selectAll, role: 'selectAll' },
      ],
    },
    { label: t.view, submenu: view },
    {
      label: t.window,
      submenu: [
        { label: t.minimize, role: 'minimize' },
        { label: t.close, role: 'close' },
      ],
    },
    { label: t.help, submenu: [{ label: t.about, click: options.onAbout }] },
  ];
}
