// Cài đặt: what this installation is and where it keeps its data; for the administrator, accounts and the audit trail;
// for everyone, changing their own password.
import { Card, Descriptions, Tabs, Typography } from 'antd';
import type { AppInfo } from '../../../core/api';
import { useSessionUser } from '../session';
import { AccountsTab } from '../settings/AccountsTab';
import { AuditTab } from '../settings/AuditTab';
import { DocumentLayoutTab } from '../settings/DocumentLayoutTab';
import { ChangePasswordTab } from '../settings/ChangePasswordTab';
import { NAV } from '../strings';

function InfoTab({ info }: { info: AppInfo }) {
  return (
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
  );
}

export function SettingsPage({ info }: { info: AppInfo }) {
  const user = useSessionUser();
  const admin = user?.role === 'ward_admin';
  return (
    <>
      <Typography.Title level={3} className="page-title">
        {NAV.settings}
      </Typography.Title>
      <div className="page-subtitle">Thông tin về bản cài đặt này{admin ? ', tài khoản người dùng và nhật ký thay đổi' : ''}.</div>
      <Card styles={{ body: { paddingTop: 8 } }}>
        <Tabs
          destroyOnHidden
          items={[
            { key: 'info', label: 'Thông tin', children: <InfoTab info={info} /> },
            ...(admin && user
              ? [
                  { key: 'accounts', label: 'Tài khoản', children: <AccountsTab self={user} /> },
                  { key: 'audit', label: 'Nhật ký thay đổi', children: <AuditTab /> },
                ]
              : []),
            { key: 'documents', label: 'Thể thức văn bản', children: <DocumentLayoutTab editable={admin} /> },
            { key: 'password', label: 'Đổi mật khẩu', children: <ChangePasswordTab /> },
          ]}
        />
      </Card>
    </>
  );
}
