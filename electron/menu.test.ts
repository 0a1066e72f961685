import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate } from './menu';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

const labels = (items: MenuItemConstructorOptions[]) => items.filter((i) => i.type !== 'separator').map((i) => i.label);
const submenu = (items: MenuItemConstructorOptions[], label: string) =>
  items.find((i) => i.label === label)?.submenu as MenuItemConstructorOptions[];

describe('buildMenuTemplate', () => {
  const packaged = buildMenuTemplate({ development: false, onAbout: () => {} });
  const development = buildMenuTemplate({ development: true, onAbout: () => {} });

  it('has the five Vietnamese menus in order', () => {
    expect(labels(packaged)).toEqual(['Tệp', 'Chỉnh sửa', 'Xem', 'Cửa sổ', 'Trợ giúp']);
  });

  it('labels every item in Vietnamese, role items included (Electron would show English role labels otherwise)', () => {
    for (const item of flatten(development)) {
      if (item.type === 'separator') continue;
      expect(item.label, JSON.stringify(item)).toBeTruthy();
      expect(item.label).not.toMatch(/^(File|Edit|View|Window|Help|Quit|Exit|Undo|Redo|Cut|Copy|Paste|Select All|Reload|Zoom|Toggle|Minimize|Close|About)\b/);
    }
  });

  it('offers the expected items', () => {
    expect(labels(submenu(packaged, 'Tệp'))).toEqual(['Thoát']);
    expect(labels(submenu(packaged, 'Chỉnh sửa'))).toEqual(['Hoàn tác', 'Làm lại', 'Cắt', 'Sao chép', 'Dán', 'Chọn tất cả']);
    expect(labels(submenu(packaged, 'Xem'))).toEqual(['Tải lại', 'Phóng to', 'Thu nhỏ', 'Cỡ chữ mặc định', 'Toàn màn hình']);
    expect(labels(submenu(packaged, 'Cửa sổ'))).toEqual(['Thu nhỏ', 'Đóng']);
    expect(labels(submenu(packaged, 'Trợ giúp'))).toEqual(['Giới thiệu Chi bộ số']);
  });

  it('uses Electron roles for the standard actions', () => {
    const roles = Object.fromEntries(flatten(packaged).filter((i) => i.role).map((i) => [i.label, i.role]));
    expect(roles).toMatchObject({
      Thoát: 'quit',
      'Hoàn tác': 'undo',
      'Sao chép': 'copy',
      'Chọn tất cả': 'selectAll',
      'Tải lại': 'reload',
      'Phóng to': 'zoomIn',
      'Cỡ chữ mặc định': 'resetZoom',
      'Toàn màn hình': 'togglefullscreen',
      Đóng: 'close',
    });
  });

  it('shows the developer tools only in development', () => {
    const devTools = (template: MenuItemConstructorOptions[]) => flatten(template).filter((i) => i.role === 'toggleDevTools');
    expect(devTools(packaged)).toEqual([]);
    expect(devTools(development).map((i) => i.label)).toEqual(['Công cụ phát triển']);
    expect(labels(submenu(development, 'Xem')).at(-1)).toBe('Công cụ phát triển');
  });

  it('calls back for Giới thiệu, and offers Sao lưu only when given a handler', () => {
    const onAbout = vi.fn();
    const onBackup = vi.fn();
    const template = buildMenuTemplate({ development: false, onAbout, onBackup });
    const click = (label: string) => (flatten(template).find((i) => i.label === label)?.click as () => void)();
    click('Giới thiệu Chi bộ số');
    click('Sao lưu dữ liệu…');
    expect(onAbout).toHaveBeenCalledOnce();
    expect(onBackup).toHaveBeenCalledOnce();
    expect(labels(submenu(template, 'Tệp'))).toEqual(['Sao lưu dữ liệu…', 'Thoát']);
    expect(flatten(packaged).some((i) => i.label === 'Sao lưu dữ liệu…')).toBe(false);
  });
});
