import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Button, notification, unstableSetRender } from 'antd';
import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { App } from './App.tsx';
import { startAntdA11y } from './a11y/antd.ts';
import { startAnnouncer } from './a11y/live.ts';
import { ApiError } from './api/client.ts';
import { errorText } from './api/errors.ts';
import i18n from './i18n/index.ts';
import './styles.css';

// antd 5 renders message/notification/Modal.confirm with React 18's render(), gone in React 19: without this
// hook every "saved" and every error toast silently never appeared.
unstableSetRender((node, container) => {
  const host = container as Element & { _granaryRoot?: Root };
  host._granaryRoot ??= createRoot(host);
  const root = host._granaryRoot;
  root.render(node);
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
    host._granaryRoot = undefined;
  };
});

/**
 * A screen whose data could not load says so in the user's language, with a retry of everything that failed —
 * not a blank card. A 404 is left to the screen (it knows what is missing); a failed refresh of data already
 * shown stays quiet.
 */
const queryCache = new QueryCache({
  onError: (e, query) => {
    if (query.state.data !== undefined) return;
    if (e instanceof ApiError && (e.status === 404 || e.status === 401)) return;
    notification.error({
      key: 'load-failed',
      message: i18n.t('errors.loadFailed'),
      description: errorText(e),
      duration: 0,
      btn: (
        <Button
          type="primary"
          size="small"
          onClick={() => {
            notification.destroy('load-failed');
            void queryClient.refetchQueries({ predicate: (q) => q.state.status === 'error' });
          }}
        >
          {i18n.t('errors.retry')}
        </Button>
      ),
    });
  },
});
const queryClient = new QueryClient({
  queryCache,
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } },
});
startAnnouncer();
startAntdA11y();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
