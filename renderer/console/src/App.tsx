// The console's frame: the sign-in page without a session, the change of password when the account must, otherwise a
// side menu with what the account's role may use, a header naming the server and the account, and the page.
import {
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  DashboardOutlined,
  KeyOutlined,
  LogoutOutlined,
  SendOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dropdown, Layout, Menu, Modal, Result, Spin, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import type { ConsoleUser } from '../../../core/consoleApi';
import { consoleApi } from './api';
import { ChangePasswordForm, LoginPage, MustChangePasswordPage } from './LoginPage';
import { AuditPage } from './pages/AuditPage';
import { DocumentsPage } from './pages/DocumentsPage';
import { MeetingPage } from './pages/MeetingPage';
import { OverviewPage } from './pages/OverviewPage';
import { ReportsPage } from './pages/ReportsPage';
import { SitesPage } from './pages/SitesPage';
import { UsersPage } from './pages/UsersPage';
import { setSessionNotice } from './session';
import { NAV, ROLE } from './strings';

const { Sider, Header, Content } = Layout;

function menuFor(user: ConsoleUser) {
  const admin = user.role === 'admin';
  return [
    { key: '/', icon: <DashboardOutlined aria-hidden />, label: NAV.overview },
    { key: '/don-vi', icon: <ApartmentOutlined aria-hidden />, label: NAV.sites },
    { key: '/van-ban', icon: <SendOutlined aria-hidden />, label: NAV.documents },
    { key: '/bao-cao', icon: <BarChartOutlined aria-hidden />, label: NAV.reports },
    ...(admin
      ? [
          { key: '/tai-khoan', icon: <TeamOutlined aria-hidden />, label: NAV.users },
          { key: '/nhat-ky', icon: <AuditOutlined aria-hidden />, label: NAV.audit },
        ]
      : []),
  ];
}

function Centered({ children }: { children: React.ReactNode }) {
  return <div style={{ display: 'grid', placeItems: 'center', height: '100%' }}>{children}</div>;
}

export function App() {
  const auth = useQuery({ queryKey: ['auth.status'], queryFn: () => consoleApi.auth.status(), staleTime: 0 });
  if (auth.isPending) {
    return (
      <Centered>
        <Spin size="large" description="Đang mở trang quản lý…" />
      </Centered>
    );
  }
  if (auth.isError) {
    return (
      <Result
        status="error"
        title="Không kết nối được tới máy chủ"
        subTitle={auth.error.message}
        extra={
          <Button type="primary" onClick={() => void auth.refetch()}>
            Thử lại
          </Button>
        }
      />
    );
  }
  const { user, serverName } = auth.data;
  if (!user) return <LoginPage serverName={serverName} />;
  if (user.mustChangePassword) return <MustChangePasswordPage user={user} />;
  return <Frame user={user} serverName={serverName} />;
}

function Frame({ user, serverName }: { user: ConsoleUser; serverName: string }) {
  const queryClient = useQueryClient();
  const location = useLocation();
  const navigate = useNavigate();
  const [changing, setChanging] = useState(false);
  const menu = menuFor(user);
  const selected = location.pathname.startsWith('/hop/') ? '/' : (menu.find((item) => item.key !== '/' && location.pathname.startsWith(item.key))?.key ?? '/');
  const admin = user.role === 'admin';

  const logout = async () => {
    setSessionNotice(null);
    try {
      await consoleApi.auth.logout();
    } finally {
      queryClient.clear();
      await queryClient.invalidateQueries();
      navigate('/');
    }
  };

  return (
    <Layout style={{ minHeight: '100%' }}>
      <Sider width={232} breakpoint="lg" collapsedWidth={64}>
        <div className="brand">
          <span className="brand-star" aria-hidden>
            ★
          </span>
          <span>Chi bộ số</span>
        </div>
        <div className="console-brand-note">Trang quản lý của cấp trên</div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[selected]}
          items={menu}
          onClick={({ key }) => navigate(key)}
          style={{ borderInlineEnd: 'none', paddingTop: 8 }}
          aria-label="Điều hướng chính"
        />
      </Sider>
      <Layout>
        <Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', borderBottom: '1px solid #ece7e2', gap: 16 }}>
          <div style={{ lineHeight: 1.3, minWidth: 0 }}>
            <Typography.Text strong style={{ fontSize: 17 }} data-testid="server-name">
              {serverName || 'Máy chủ đồng bộ'}
            </Typography.Text>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {user.scope === null ? 'Theo dõi toàn bộ các đơn vị' : `Theo dõi ${user.scope.length} đơn vị được phân công`}
              </Typography.Text>
            </div>
          </div>
          <Dropdown
            menu={{
              items: [
                { key: 'password', icon: <KeyOutlined aria-hidden />, label: 'Đổi mật khẩu' },
                { type: 'divider' },
                { key: 'logout', icon: <LogoutOutlined aria-hidden />, label: 'Đăng xuất' },
              ],
              onClick: ({ key }) => (key === 'logout' ? void logout() : setChanging(true)),
            }}
          >
            <Button type="text" icon={<UserOutlined aria-hidden />} data-testid="current-user">
              {user.displayName} · {ROLE[user.role]}
            </Button>
          </Dropdown>
        </Header>
        <Content style={{ padding: 24 }}>
          <Routes>
            <Route path="/" element={<OverviewPage user={user} />} />
            <Route path="/hop/:id" element={<MeetingPage />} />
            <Route path="/don-vi" element={<SitesPage user={user} />} />
            <Route path="/van-ban" element={<DocumentsPage user={user} />} />
            <Route path="/bao-cao" element={<ReportsPage />} />
            {admin && <Route path="/tai-khoan" element={<UsersPage user={user} />} />}
            {admin && <Route path="/nhat-ky" element={<AuditPage />} />}
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </Content>
      </Layout>
      <Modal title="Đổi mật khẩu" open={changing} onCancel={() => setChanging(false)} footer={null} destroyOnHidden>
        <ChangePasswordForm onDone={() => setChanging(false)} />
      </Modal>
    </Layout>
  );
}
