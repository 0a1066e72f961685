import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import viVN from 'antd/locale/vi_VN';
import dayjs from 'dayjs';
import 'dayjs/locale/vi';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { HashRouter } from 'react-router';
import { ApiError } from '../../../core/api';
import { theme } from '../../src/theme';
import '../../src/styles.css';
import '../../src/meetings/meetings.css';
import { App } from './App';
import './console.css';
import { setSessionNotice } from './session';

dayjs.locale('vi');

// A call refused because the session ended (idle time, the account disabled) brings back the sign-in page with a word
// on why; a refusal while the session still stands stays on the page that asked.
const onError = (error: Error, quiet?: unknown) => {
  // Signing in and changing the password answer "wrong password" with the same codes; their forms say it themselves.
  if (quiet) return;
  if (error instanceof ApiError && (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN')) {
    if (error.code === 'UNAUTHENTICATED') setSessionNotice(error.message || 'Phiên làm việc đã hết. Hãy đăng nhập lại.');
    void queryClient.invalidateQueries({ queryKey: ['auth.status'] });
  }
};
const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (error) => onError(error) }),
  mutationCache: new MutationCache({ onError: (error, _v, _r, mutation) => onError(error, mutation.meta?.quiet) }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (count, error) => !(error instanceof ApiError) && count < 1,
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={viVN} theme={theme}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <HashRouter>
            <App />
          </HashRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
