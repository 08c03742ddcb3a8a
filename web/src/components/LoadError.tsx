import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../api/errors.ts';

/** A screen whose data did not come: why, in the user's language, and a retry (not for what does not exist). */
export function LoadError({ error, retry }: { error: unknown; retry?: () => unknown }) {
  const { t } = useTranslation();
  const missing = (error as { status?: number })?.status === 404;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="load-error"
      message={errorText(error)}
      action={
        retry && !missing ? (
          <Button size="small" onClick={retry}>
            {t('errors.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
