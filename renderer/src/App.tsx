// The application frame: sidebar, header naming the ward and the signed-in user, and the page. On first start it offers
// setup or demo data; without a session it asks to sign in; after idle time it locks.
import {
  ApartmentOutlined,
  CalendarOutlined,
  CloudSyncOutlined,
  DashboardOutlined,
  FileTextOutlined,
  LogoutOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dropdown, Layout, Menu, Result, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import type { SessionUser } from '../../core/api';
import { api } from './api';
import { LoginPage } from './auth/LoginPage';
import { useIdleLock } from './auth/useIdleLock';
import { BranchesPage } from './pages/BranchesPage';
import { DocumentsPage } from './pages/DocumentsPage';
import { FirstRunPage } from './pages/FirstRunPage';
import { MeetingPage } from './pages/MeetingPage';
import { MeetingsPage } from './pages/MeetingsPage';
import { MembersPage } from './pages/MembersPage';
import { OverviewPage } from './pages/OverviewPage';
import { ConsolePage } from './presentation/ConsolePage';
import { ProjectorPage } from './presentation/ProjectorPage';
import { SettingsPage } from './pages/SettingsPage';
import { SyncPage } from './pages/SyncPage';
import { NAV, ROLE } from './strings';

const { Sider, Header, Content } = Layout;

const MENU = [
  { key: '/', icon: <DashboardOutlined aria-hidden />, label: NAV.overview },
  { key: '/chi-bo', icon: <ApartmentOutlined aria-hidden />, label: NAV.branches },
  { key: '/dang-vien', icon: <TeamOutlined aria-hidden />, label: NAV.members },
  { key: '/sinh-hoat', icon: <CalendarOutlined aria-hidden />, label: NAV.meetings },
  { key: '/van-ban', icon: <FileTextOutlined aria-hidden />, label: NAV.documents },
  { key: '/dong-bo', icon: <CloudSyncOutlined aria-hidden />, label: NAV.sync },
  { key: '/cai-dat', icon: <SettingOutlined aria-hidden />, label: NAV.settings },
];

function Centered({ children }: { children: React.ReactNode }) {
  return <div style={{ display: 'grid', placeItems: 'center', height: '100%' }}>{children}</div>;
}

export function App() {
  const location = useLocation();
  // The projector's window shows slides and nothing else: no frame, no sign-in form, no idle lock of its own.
  if (location.pathname === '/may-chieu') return <ProjectorPage />;
  return <OfficeApp presenting={location.pathname.startsWith('/trinh-chieu/')} />;
}

function OfficeApp({ presenting }: { presenting: boolean }) {
  const queryClient = useQueryClient();
  const info = useQuery({ queryKey: ['app.info'], queryFn: () => api.app.info() });
  const auth = useQuery({ queryKey: ['auth.status'], queryFn: () => api.auth.status(), enabled: Boolean(info.data?.ward) });
  const user = auth.data?.user ?? null;
  const [lockedUser, setLockedUser] = useState<string | null>(null);
  // While the meeting is on the projector the console does not lock: the secretary may listen for half an hour
  // without touching it. Leaving the presentation (Esc) brings the lock back.
  useIdleLock(auth.data?.idleLockMinutes ?? 0, Boolean(user) && !presenting, () => {
    if (!user) return;
    setLockedUser(user.username);
    // The server forgets the session as well; unlocking is a new sign-in.
    void api.auth.logout().finally(() => queryClient.invalidateQueries({ queryKey: ['auth.status'] }));
  }, () => void queryClient.invalidateQueries({ queryKey: ['auth.status'] }));

  useEffect(() => api.subscribe('data.changed', () => void queryClient.invalidateQueries()), [queryClient]);

  if (info.isPending || (info.data?.ward && auth.isPending)) {
    return (
      <Centered>
        <Spin size="large" description="Đang mở dữ liệu…" />
      </Centered>
    );
  }
  if (info.isError) return <Result status="error" title="Không mở được dữ liệu" subTitle={info.error.message} />;
  if (!info.data.ward) return <FirstRunPage />;
  const ward = info.data.ward;
  if (auth.isError) return <Result status="error" title="Không đọc được phiên đăng nhập" subTitle={auth.error.message} />;
  if (!user) return <LoginPage wardName={ward.name} status={auth.data!} lockedUser={lockedUser ?? undefined} key={lockedUser ?? ''} />;
  if (presenting) {
    return (
      <Routes>
        <Route path="/trinh-chieu/:id" element={<ConsolePage />} />
      </Routes>
    );
  }
  return (
    <Frame
      wardName={ward.name}
      superiorName={ward.superiorName}
      user={user}
      host={info.data.host}
      info={info.data}
      onSignedOut={() => setLockedUser(null)}
    />
  );
}

function Frame({
  wardName,
  superiorName,
  user,
  host,
  info,
  onSignedOut,
}: {
  onSignedOut: () => void;
  wardName: string;
  superiorName: string | null;
  user: SessionUser;
  host: 'electron' | 'preview';
  info: Parameters<typeof SettingsPage>[0]['info'];
}) {
  const queryClient = useQueryClient();
  const location = useLocation();
  const navigate = useNavigate();
  const selected = MENU.find((item) => item.key !== '/' && location.pathname.startsWith(item.key))?.key ?? '/';
  const logout = async () => {
    await api.auth.logout();
    onSignedOut();
    queryClient.clear();
    await queryClient.invalidateQueries();
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
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[selected]}
          items={MENU}
          onClick={({ key }) => navigate(key)}
          style={{ borderInlineEnd: 'none', paddingTop: 8 }}
          aria-label="Điều hướng chính"
        />
      </Sider>
      <Layout>
        <Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', borderBottom: '1px solid #ece7e2', gap: 16 }}>
          <div style={{ lineHeight: 1.3, minWidth: 0 }}>
            <Typography.Text strong style={{ fontSize: 17 }} data-testid="ward-name">
              {wardName}
            </Typography.Text>
            {superiorName && (
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  Trực thuộc {superiorName}
                </Typography.Text>
              </div>
            )}
          </div>
          <div style={{ display: 'flex', alignItems: 'center', gap: 16 }}>
            {host === 'preview' && <Typography.Text type="secondary">Bản xem trước trên trình duyệt</Typography.Text>}
            <Dropdown
              menu={{
                items: [{ key: 'logout', icon: <LogoutOutlined aria-hidden />, label: 'Đăng xuất' }],
                onClick: ({ key }) => key === 'logout' && void logout(),
              }}
            >
              <Button type="text" icon={<UserOutlined aria-hidden />} data-testid="current-user">
                {user.displayName} · {ROLE[user.role]}
                {user.branchName ? ` (${user.branchName})` : ''}
              </Button>
            </Dropdown>
          </div>
        </Header>
        <Content style={{ padding: 24 }}>
          <Routes>
            <Route path="/" element={<OverviewPage />} />
            <Route path="/chi-bo" element={<BranchesPage />} />
            <Route path="/dang-vien" element={<MembersPage />} />
            <Route path="/sinh-hoat" element={<MeetingsPage />} />
            <Route path="/sinh-hoat/:id" element={<MeetingPage />} />
            <Route path="/van-ban" element={<DocumentsPage />} />
            <Route path="/dong-bo" element={<SyncPage />} />
            <Route path="/cai-dat" element={<SettingsPage info={info} />} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </Content>
      </Layout>
    </Layout>
  );
}
