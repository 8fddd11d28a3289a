import { useMutation } from '@apollo/client/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { STAFF, useMe } from '../auth';
import { graphql } from '../gql';
import { applyLang } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { clearSession, rawGraphql, updateSessionUser } from '../session';
import { PushPrompt } from '../push/push-prompt';
import { Bell } from './bell';
import { LanguageButtons } from './language-local';

export const SetLocale = graphql(`
  mutation SetLocale($locale: String!) {
    updateMyProfile(input: { locale: $locale }) {
      id
      locale
    }
  }
`);

/** Switches the whole UI and remembers the choice in the user's profile. */
export function LanguageSwitch() {
  const [save] = useMutation(SetLocale);
  const choose = (lang: 'vi' | 'en') => {
    applyLang(lang);
    updateSessionUser({ locale: lang });
    void save({ variables: { locale: lang } }).catch(() => undefined);
  };
  return <LanguageButtons choose={choose} />;
}

export function Layout({ children }: { children: ReactNode }) {
  const me = useMe();
  const { t } = useTranslation();
  const { path } = useLocation();
  const links: { href: string; label: string; icon: string }[] = [];
  if (STAFF.includes(me.role)) links.push({ href: '/queue', label: t('nav.queue'), icon: '☰' });
  if (me.role === 'REPORTER') links.push({ href: '/reports', label: t('nav.reports'), icon: '☰' });
  links.push({ href: '/report', label: t('nav.report'), icon: '✚' });
  if (me.role === 'LEADER') links.push({ href: '/queue/open', label: t('lists.open'), icon: '☰' });
  if (me.role !== 'REPORTER') links.push({ href: '/dashboard', label: t('nav.dashboard'), icon: '▦' });
  if (me.role === 'ADMIN' || me.role === 'COORDINATOR')
    links.push({ href: '/admin', label: t('nav.admin'), icon: '⚙' });
  links.push({ href: '/settings', label: t('nav.settings'), icon: '☺' });

  const signOut = async () => {
    await rawGraphql('mutation { logout }').catch(() => undefined);
    clearSession();
    navigate('/signin', { replace: true });
  };

  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="top">
        <Link href="/" className="brand" aria-label={`${t('app.name')}: ${t('app.tagline')}`}>
          <img src="/icon.svg" alt="" width={28} height={28} /> {t('app.name')}
        </Link>
        <LanguageSwitch />
        <Bell />
        {/* The user and sign-out fold into one menu: the header stays one line on a phone. */}
        <details className="user-menu">
          <summary aria-label={`${me.displayName} · ${t(`roles.${me.role}`)}`}>
            <span aria-hidden="true">☺</span> <span className="who">{me.displayName}</span>
          </summary>
          <div className="user-menu-body">
            <p className="small">
              {me.displayName} · {t(`roles.${me.role}`)}
            </p>
            <button type="button" className="link" onClick={() => void signOut()}>
              {t('nav.signOut')}
            </button>
          </div>
        </details>
      </header>
      <nav className="tabs" aria-label={t('nav.main')}>
        {links.map((l) => (
          <Link
            key={l.href}
            href={l.href}
            aria-current={path === l.href || path.startsWith(`${l.href}/`) ? 'page' : undefined}
          >
            <span aria-hidden="true" className="tab-icon">
              {l.icon}
            </span>
            <span>{l.label}</span>
          </Link>
        ))}
      </nav>
      <main id="main" tabIndex={-1}>
        <PushPrompt />
        {children}
      </main>
    </>
  );
}
