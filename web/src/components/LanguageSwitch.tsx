import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n/index.ts';

/** The language picker of the top bar and of the pages before sign-in; the choice is kept in this browser. */
export function LanguageSwitch() {
  const { i18n, t } = useTranslation();
  return (
    <Select
      aria-label={t('nav.language')}
      size="small"
      value={i18n.language}
      style={{ width: 110 }}
      options={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
      onChange={(v) => {
        localStorage.setItem('granary.lang', v);
        void i18n.changeLanguage(v);
      }}
    />
  );
}
