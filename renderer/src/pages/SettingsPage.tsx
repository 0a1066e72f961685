// Cài đặt: what this installation is and where it keeps its data.
import { Card, Descriptions, Typography } from 'antd';
import type { AppInfo } from '../../../core/api';
import { NAV } from '../strings';

export function SettingsPage({ info }: { info: AppInfo }) {
  return (
    <>
      <Typography.Title level={3} className="page-title">
        {NAV.settings}
      </Typography.Title>
      <div className="page-subtitle">Thông tin về bản cài đặt này.</div>
      <Card>
        <Descriptions
          column={1}
          bordered
          items={[
            { key: 'ward', label: 'Đảng bộ', children: info.ward?.name },
            { key: 'superior', label: 'Cấp ủy cấp trên', children: info.ward?.superiorName ?? 'Chưa ghi' },
            { key: 'version', label: 'Phiên bản', children: `${info.productName} ${info.version}` },
            { key: 'schema', label: 'Phiên bản dữ liệu', children: info.schemaVersion },
            { key: 'dir', label: 'Thư mục dữ liệu', children: <Typography.Text copyable>{info.dataDir}</Typography.Text> },
            {
              key: 'host',
              label: 'Đang chạy',
              children: info.host === 'electron' ? 'Ứng dụng máy tính' : 'Bản xem trước trên trình duyệt (chỉ trên máy này)',
            },
          ]}
        />
      </Card>
    </>
  );
}
