import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN from './locales/zh-CN.json';
import en from './locales/en.json';

export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];

const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('lowcode.lang') : null;

// zh-CN is the default; the choice is remembered per browser.
i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: stored === 'en' ? 'en' : 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});

export function setLanguage(lang: Language) {
  localStorage.setItem('lowcode.lang', lang);
  void i18n.changeLanguage(lang);
}

export default i18n;
