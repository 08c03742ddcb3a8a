import { Typography } from 'antd';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Every screen's one h1, and the browser tab's title: "客户 · 粮仓". After a navigation the app moves focus here
 * (tabIndex -1), so keyboard and screen-reader users start at the new screen, not at the top of the page.
 */
export function PageTitle({ title, text, extra }: { title: ReactNode; text?: string; extra?: ReactNode }) {
  const { t } = useTranslation();
  const plain = text ?? (typeof title === 'string' ? title : '');
  useEffect(() => {
    document.title = plain ? `${plain} · ${t('app.name')}` : t('app.name');
  }, [plain, t]);
  return (
    <Typography.Title level={1} className="page-title" tabIndex={-1}>
      {title}
      {extra}
    </Typography.Title>
  );
}

/** Where focus goes after a navigation: the new screen's h1 once it has rendered, else the main region. */
export function focusScreen(): () => void {
  let tries = 0;
  const id = setInterval(() => {
    const h1 = document.querySelector<HTMLElement>('main h1, #main h1');
    if (h1 || ++tries > 40) {
      clearInterval(id);
      (h1 ?? document.querySelector<HTMLElement>('#main'))?.focus({ preventScroll: false });
    }
  }, 50);
  return () => clearInterval(id);
}
