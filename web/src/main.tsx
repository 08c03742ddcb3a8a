import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { unstableSetRender } from 'antd';
import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { App } from './App.tsx';
import './i18n/index.ts';
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

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
