// The application frame: sidebar, header naming the ward, and the page. On first start it offers setup or demo data.
import {
  ApartmentOutlined,
  CalendarOutlined,
  CloudSyncOutlined,
  DashboardOutlined,
  FileTextOutlined,
  SettingOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Layout, Menu, Result, Spin, Typography } from 'antd';
import { useEffect } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { api } from './api';
import { BranchesPage } from './pages/BranchesPage';
import { ComingLaterPage } from './pages/ComingLaterPage';
import { FirstRunPage } from './pages/FirstRunPage';
import { MembersPage } from './pages/MembersPage';
import { OverviewPage } from './pages/OverviewPage';
import { SettingsPage } from './pages/SettingsPage';
import { NAV } from './strings';

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

export function App() {
  const queryClient = useQueryClient();
  const info = useQuery({ queryKey: ['app.info'], queryFn: () => api.app.info() });
  const location = useLocation();
  const navigate = useNavigate();

  useEffect(() => api.subscribe('data.changed', () => void queryClient.invalidateQueries()), [queryClient]);

  if (info.isPending) {
    return (
      <div style={{ display: 'grid', placeItems: 'center', height: '100%' }}>
        <Spin size="large" description="Đang mở dữ liệu…" />
      </div>
    );
  }
  if (info.isError) {
    return <Result status="error" title="Không mở được dữ liệu" subTitle={info.error.message} />;
  }
  if (!info.data.ward) return <FirstRunPage />;

  const ward = info.data.ward;
  const selected = MENU.find((item) => item.key !== '/' && location.pathname.startsWith(item.key))?.key ?? '/';

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
        <Header style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', borderBottom: '1px solid #ece7e2' }}>
          <div style={{ lineHeight: 1.3 }}>
            <Typography.Text strong style={{ fontSize: 17 }} data-testid="ward-name">
              {ward.name}
            </Typography.Text>
            {ward.superiorName && (
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  Trực thuộc {ward.superiorName}
                </Typography.Text>
              </div>
            )}
          </div>
          {info.data.host === 'preview' && <Typography.Text type="secondary">Bản xem trước trên trình duyệt</Typography.Text>}
        </Header>
        <Content style={{ padding: 24 }}>
          <Routes>
            <Route path="/" element={<OverviewPage />} />
            <Route path="/chi-bo" element={<BranchesPage />} />
            <Route path="/dang-vien" element={<MembersPage />} />
            <Route path="/sinh-hoat" element={<ComingLaterPage title={NAV.meetings} what="kế hoạch sinh hoạt, chương trình, dự thảo nghị quyết, điểm danh, biểu quyết và biên bản" />} />
            <Route path="/van-ban" element={<ComingLaterPage title={NAV.documents} what="văn bản, chỉ thị và tin tức từ cấp ủy cấp trên" />} />
            <Route path="/dong-bo" element={<ComingLaterPage title={NAV.sync} what="đồng bộ hồ sơ lên cấp ủy cấp trên và nhận góp ý, văn bản về" />} />
            <Route path="/cai-dat" element={<SettingsPage info={info.data} />} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </Content>
      </Layout>
    </Layout>
  );
}
