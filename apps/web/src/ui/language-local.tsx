import { useTranslation } from 'react-i18next';

import { applyLang } from '../i18n';

/** The two language buttons; `choose` applies (and, signed in, saves) the choice. */
export function LanguageButtons({ choose }: { choose: (lang: 'vi' | 'en') => void }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="lang-switch" role="group" aria-label={t('nav.language')}>
      {(['vi', 'en'] as const).map((lang) => (
        <button
          key={lang}
          type="button"
          lang={lang}
          aria-pressed={i18n.language === lang}
          onClick={() => choose(lang)}
        >
          {lang === 'vi' ? 'Tiếng Việt' : 'English'}
        </button>
      ))}
    </div>
  );
}

/** Before sign-in there is no profile: the choice is kept on this device only. */
export function LanguageSwitchLocal() {
  return <LanguageButtons choose={applyLang} />;
}
