import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { navigate } from '../router';
import { ApiError, rawGraphql } from '../session';
import { LanguageSwitchLocal } from '../ui/language-local';

const RESET = `mutation ResetPassword($token: String!, $password: String!) {
  resetPassword(token: $token, newPassword: $password)
}`;

/** The page a reset link opens: choose a new password (the link works once). */
export function ResetPassword() {
  const { t } = useTranslation();
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (password.length < 10) {
      setError(t('reset.tooShort'));
      return;
    }
    try {
      await rawGraphql(RESET, { token, password });
      setDone(true);
    } catch (e) {
      const reason = e instanceof ApiError ? e.extensions.reason : undefined;
      setError(
        reason === 'RESET_LINK_INVALID'
          ? t('reset.invalidLink')
          : t('signIn.failed', { message: (e as Error).message }),
      );
    }
  };

  return (
    <main id="main" className="signin">
      <div className="signin-card">
        <h1>
          <img src="/icon.svg" alt="" width={40} height={40} /> {t('app.name')}
        </h1>
        <LanguageSwitchLocal />
        <form onSubmit={(e) => void submit(e)} noValidate>
          <h2>{t('reset.title')}</h2>
          {done ? (
            <p className="alert success" role="status">
              {t('reset.done')}
            </p>
          ) : (
            <>
              {error && (
                <p className="alert error" role="alert">
                  {error}
                </p>
              )}
              <label htmlFor="new-password">{t('settings.newPassword')}</label>
              <input
                id="new-password"
                type="password"
                autoComplete="new-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                required
              />
              <button type="submit" className="primary big">
                {t('reset.save')}
              </button>
            </>
          )}
          <button type="button" className="link" onClick={() => navigate('/signin')}>
            {t('reset.toSignIn')}
          </button>
        </form>
      </div>
    </main>
  );
}
