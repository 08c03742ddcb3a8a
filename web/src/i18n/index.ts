import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import ja from './ja.json';
import zhCN from './zh-CN.json';

export const LANGUAGES = [
  { code: 'zh-CN', label: '简体中文' },
  { code: 'ja', label: '日本語' },
  { code: 'en', label: 'English' },
] as const;
export type Lang = (typeof LANGUAGES)[number]['code'];

/** The user's setting wins; else the browser's language; else English. */
export function pickLanguage(userLocale?: string | null): Lang {
  const wanted = [userLocale, localStorage.getItem('granary.lang'), ...navigator.languages].filter(Boolean) as string[];
  for (const w of wanted) {
    if (w.toLowerCase().startsWith('zh')) return 'zh-CN';
    if (w.toLowerCase().startsWith('ja')) return 'ja';
    if (w.toLowerCase().startsWith('en')) return 'en';
  }
  return 'en';
}

i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ja: { translation: ja }, 'zh-CN': { translation: zhCN } },
  lng: pickLanguage(),
  fallbackLng: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

// <html lang> follows the language on every change and after a reload (screen readers pick their voice by it;
// CJK fonts pick their glyphs by it: 直 is drawn differently in zh and ja).
const setLang = (lng: string) => {
  document.documentElement.lang = lng;
};
setLang(i18n.language);
i18n.on('languageChanged', setLang);

export default i18n;
