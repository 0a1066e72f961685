import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseDataDir, chooseNativeBinding, chooseUserDataDir, describeMissingNativeBinding, describeStartupFailure } from './startup';

describe('chooseDataDir', () => {
  it('uses CHIBO_DATA_DIR when set, else the userData folder', () => {
    expect(chooseDataDir({ CHIBO_DATA_DIR: '/tmp/chibo-e2e' }, '/home/a/.config/Chi bộ số')).toBe('/tmp/chibo-e2e');
    expect(chooseDataDir({ CHIBO_DATA_DIR: 'relative' }, '/u')).toBe(path.resolve('relative'));
    expect(chooseDataDir({}, '/home/a/.config/Chi bộ số')).toBe('/home/a/.config/Chi bộ số');
    expect(chooseDataDir({ CHIBO_DATA_DIR: '  ' }, '/u')).toBe('/u');
  });
});

describe('chooseUserDataDir', () => {
  it('moves Electron’s profile inside CHIBO_DATA_DIR when it is set, and leaves it alone otherwise', () => {
    expect(chooseUserDataDir({ CHIBO_DATA_DIR: '/tmp/chibo-e2e' })).toBe(path.join('/tmp/chibo-e2e', 'electron-profile'));
    expect(chooseUserDataDir({})).toBeNull();
    expect(chooseUserDataDir({ CHIBO_DATA_DIR: ' ' })).toBeNull();
  });
});

describe('chooseNativeBinding', () => {
  it('lets a packaged app find the module electron-builder rebuilt', () => {
    expect(chooseNativeBinding({ isPackaged: true, appPath: '/opt/app.asar', exists: () => false })).toEqual({ kind: 'bundled' });
  });

  it('uses the Electron build in .electron-native/ while developing', () => {
    const file = path.join('/work/app', '.electron-native', 'better_sqlite3.node');
    expect(chooseNativeBinding({ isPackaged: false, appPath: '/work/app', exists: (f) => f === file })).toEqual({ kind: 'file', file });
    expect(chooseNativeBinding({ isPackaged: false, appPath: '/work/app', exists: () => false })).toEqual({ kind: 'missing', file });
  });
});

describe('describeStartupFailure', () => {
  it('shows a DatabaseOpenError’s own Vietnamese message, the data folder, and that the app closes', () => {
    const error = Object.assign(new Error('Tệp dữ liệu "x" được tạo bởi một phiên bản Chi bộ số mới hơn … Tệp được giữ nguyên, không bị thay đổi.'), {
      name: 'DatabaseOpenError',
    });
    const failure = describeStartupFailure(error, '/data');
    expect(failure.title).toBe('Không mở được dữ liệu Chi bộ số');
    expect(failure.content.split('\n')[0]).toBe(error.message);
    expect(failure.content).toContain('Thư mục dữ liệu: /data');
    expect(failure.content).toContain('Ứng dụng sẽ đóng lại.');
  });

  it('explains an unexpected error in Vietnamese and keeps its text for the administrator', () => {
    const failure = describeStartupFailure(new Error('EACCES: permission denied'), '/data');
    expect(failure.content).toMatch(/^Đã có lỗi không mong muốn/);
    expect(failure.content).toContain('EACCES: permission denied');
    expect(describeStartupFailure('boom', '/d').content).toContain('boom');
  });

  it('says how to fix a better-sqlite3 built for the wrong ABI', () => {
    const error = Object.assign(
      new Error('Không mở được tệp dữ liệu "x": The module was compiled against a different Node.js version using NODE_MODULE_VERSION 115.'),
      { name: 'DatabaseOpenError' },
    );
    expect(describeStartupFailure(error, '/d').content).toContain('npm start');
  });

  it('says how to build the missing Electron module', () => {
    const failure = describeMissingNativeBinding('/w/.electron-native/better_sqlite3.node', '/d');
    expect(failure.content).toContain('/w/.electron-native/better_sqlite3.node');
    expect(failure.content).toContain('npm start');
  });
});
