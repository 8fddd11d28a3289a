import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

import { coordinationEn, coordinationVi, englishPlurals } from './locales/coordination';
import { en } from './locales/en';
import { vi } from './locales/vi';

export type Lang = 'vi' | 'en';

type Tree = { [key: string]: string | Tree };
/** Nested merge of message trees (plural forms join their section instead of replacing it). */
function merge(base: object, extra: object): Tree {
  const out: Tree = { ...(base as Tree) };
  for (const [key, value] of Object.entries(extra as Tree)) {
    const current = out[key];
    out[key] = typeof value === 'object' && typeof current === 'object' ? merge(current, value) : value;
  }
  return out;
}
const STORAGE_KEY = 'tocsin.lang';

/** Before sign-in: the last language used on this device; after: the user's profile wins. */
export function initialLang(): Lang {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'en' ? 'en' : 'vi';
}

void i18next.use(initReactI18next).init({
  resources: {
    vi: { translation: merge(vi, coordinationVi) },
    en: { translation: merge(merge(en, coordinationEn), englishPlurals) },
  },
  lng: initialLang(),
  fallbackLng: 'vi',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function applyLang(lang: string): void {
  const l: Lang = lang === 'en' ? 'en' : 'vi';
  localStorage.setItem(STORAGE_KEY, l);
  document.documentElement.lang = l;
  if (i18next.language !== l) void i18next.changeLanguage(l);
}

document.documentElement.lang = i18next.language;

export default i18next;
