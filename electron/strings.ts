// Every Vietnamese word the shell shows: menus, dialogs and the errors the main process and preload answer with.
// Kept in one place so it can be read and corrected together.

export const PRODUCT_NAME = 'Chi bộ số';

export const menu = {
  file: 'Tệp',
  backup: 'Sao lưu dữ liệu…',
  quit: 'Thoát',
  edit: 'Chỉnh sửa',
  undo: 'Hoàn tác',
  redo: 'Làm lại',
  cut: 'Cắt',
  copy: 'Sao chép',
  paste: 'Dán',
  selectAll: 'Chọn tất cả',
  view: 'Xem',
  reload: 'Tải lại',
  zoomIn: 'Phóng to',
  zoomOut: 'Thu nhỏ',
  resetZoom: 'Cỡ chữ mặc định',
  fullScreen: 'Toàn màn hình',
  devTools: 'Công cụ phát triển',
  window: 'Cửa sổ',
  minimize: 'Thu nhỏ',
  close: 'Đóng',
  help: 'Trợ giúp',
  about: `Giới thiệu ${PRODUCT_NAME}`,
} as const;

export const ipcErrors = {
  forbidden:
    'Yêu cầu bị từ chối vì không đến từ cửa sổ của Chi bộ số. Dữ liệu không bị thay đổi. Hãy đóng trang lạ (nếu có) và thao tác lại trong cửa sổ chính.',
  unknownMethod: (method: string) => `Không có chức năng "${method.slice(0, 80)}". Hãy cập nhật hoặc khởi động lại ứng dụng.`,
  unavailable: 'Không liên lạc được với phần xử lý dữ liệu của ứng dụng. Hãy khởi động lại Chi bộ số; nếu vẫn lỗi, hãy báo quản trị viên.',
  unknownTopic: (topic: string) => `Không có kênh sự kiện "${topic.slice(0, 80)}".`,
  handlerNotFunction: 'Hàm nhận sự kiện phải là một hàm.',
} as const;

export const startupErrors = {
  title: 'Không mở được dữ liệu Chi bộ số',
  dataDir: (dir: string) => `Thư mục dữ liệu: ${dir}`,
  unexpected: 'Đã có lỗi không mong muốn khi mở dữ liệu. Tệp dữ liệu được giữ nguyên, không bị thay đổi. Hãy báo quản trị viên kèm nội dung dưới đây.',
  nativeModule:
    'Thư viện SQLite chưa được dựng cho phiên bản Electron này. Khi phát triển, hãy chạy "npm start" để dựng lại (thư mục .electron-native/); bản cài đặt thì hãy cài lại ứng dụng.',
  nativeModuleMissing: (file: string) =>
    `Chưa có thư viện SQLite dựng cho Electron tại "${file}". Hãy chạy "npm start" (lệnh này tự dựng thư viện) thay vì chạy Electron trực tiếp.`,
  quitting: 'Ứng dụng sẽ đóng lại.',
} as const;

export const about = {
  title: `Giới thiệu ${PRODUCT_NAME}`,
  detail: (info: { version: string; electron: string; dataDir: string }) =>
    [
      'Hồ sơ, sinh hoạt và biên bản chi bộ cho văn phòng Đảng ủy phường, xã.',
      '',
      `Phiên bản: ${info.version}`,
      `Electron: ${info.electron}`,
      `Thư mục dữ liệu: ${info.dataDir}`,
    ].join('\n'),
  ok: 'Đóng',
} as const;

export const update = {
  readyTitle: 'Đã có bản cập nhật Chi bộ số',
  readyBody: '{appName} phiên bản {version} đã tải xong và sẽ được cài khi bạn thoát ứng dụng.',
} as const;

export const projector = {
  /** The projector window's title (the taskbar shows it; the room never does). */
  title: 'Màn hình chiếu',
  mirrored:
    'Máy chiếu đang hiển thị giống hệt màn hình máy tính, nên người dự họp cũng thấy màn hình điều khiển. Hãy nhấn phím Windows + P và chọn "Mở rộng" (Extend): màn hình chiếu sẽ tự mở toàn màn hình trên máy chiếu.',
  single:
    'Chỉ có một màn hình nên màn hình chiếu mở trong một cửa sổ riêng. Khi cắm máy chiếu (và chọn "Mở rộng" bằng Windows + P), màn hình chiếu sẽ tự chuyển sang máy chiếu.',
} as const;
