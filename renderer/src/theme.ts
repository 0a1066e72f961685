// The look: a sober party red for action and emphasis, calm greys for records, type sized for office screens.
import type { ThemeConfig } from 'antd';

export const PARTY_RED = '#b3261e';
export const SIDEBAR = '#5c1410';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: PARTY_RED,
    colorLink: PARTY_RED,
    borderRadius: 6,
    fontSize: 15,
    fontFamily: '"Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
    colorBgLayout: '#f5f3f0',
  },
  components: {
    Layout: { siderBg: SIDEBAR, headerBg: '#ffffff', headerHeight: 60, headerPadding: '0 24px' },
    Menu: {
      darkItemBg: SIDEBAR,
      darkSubMenuItemBg: SIDEBAR,
      darkItemSelectedBg: '#8c1d16',
      darkItemColor: 'rgba(255, 255, 255, 0.78)',
      darkItemHoverColor: '#ffffff',
      itemHeight: 44,
    },
    Table: { headerBg: '#faf7f5' },
  },
};
