import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ApiError, rawGraphql, setSession, type SessionUser } from '../session';
import { applyLang } from '../i18n';
import { formatDateTime, DEFAULT_TZ } from '../time';
import { LanguageSwitchLocal } from '../ui/language-local';

const LOGIN = `mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    accessToken accessTokenExpiresAt user { id role agencyId displayName locale timeZone }
  }
}`;

export function SignIn() {
  const { t, i18n } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (!email.trim() || !password) {
      setError(t('signIn.required'));
      return;
    }
    setBusy(true);
    try {
      const data = await rawGraphql<{
        login: { accessToken: string; accessTokenExpiresAt: string; user: SessionUser };
      }>(LOGIN, { email: email.trim(), password });
      applyLang(data.login.user.locale);
      setSession(data.login.accessToken, data.login.accessTokenExpiresAt, data.login.user);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(String(e), undefined);
      const reason = err.extensions.reason;
      if (reason === 'ACCOUNT_LOCKED') {
        const until = formatDateTime(String(err.extensions.lockedUntil), DEFAULT_TZ, i18n.language);
        setError(t('signIn.locked', { until }));
      } else if (err.code === 'RATE_LIMITED') {
        const minutes = Math.max(1, Math.ceil(Number(err.extensions.retryAfterSeconds ?? 60) / 60));
        setError(t('signIn.rateLimited', { minutes }));
      } else if (reason === 'ACCOUNT_DISABLED') {
        setError(t('signIn.disabled'));
      } else if (err.code === 'UNAUTHENTICATED') {
        setError(t('signIn.invalid'));
      } else {
        setError(t('signIn.failed', { message: err.message }));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="signin">
      <div className="signin-card">
        <h1>
          <img src="/icon.svg" alt="" width={40} height={40} /> {t('app.name')}
        </h1>
        <p className="muted">{t('app.tagline')}</p>
        <LanguageSwitchLocal />
        <form
          onSubmit={(e) => void submit(e)}
          noValidate
          aria-describedby={error ? 'signin-error' : undefined}
        >
          <h2>{t('signIn.title')}</h2>
          {error && (
            <p id="signin-error" className="alert error" role="alert">
              {error}
            </p>
          )}
          <label htmlFor="email">{t('signIn.email')}</label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            inputMode="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={error ? true : undefined}
            required
          />
          <label htmlFor="password">{t('signIn.password')}</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={error ? true : undefined}
            required
          />
          <button type="submit" className="primary big" disabled={busy}>
            {busy ? t('signIn.working') : t('signIn.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
