import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { rawGraphql } from '../session';

const REQUEST = `mutation RequestPasswordReset($email: String!) { requestPasswordReset(email: $email) }`;

/** Asks for a reset link by e-mail; the answer never says whether the address has an account. */
export function ForgotPassword({ initialEmail, onBack }: { initialEmail: string; onBack: () => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState(initialEmail);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (!email.trim()) {
      setError(t('reset.emailRequired'));
      return;
    }
    try {
      await rawGraphql(REQUEST, { email: email.trim() });
      setSent(true);
    } catch (e) {
      setError(t('signIn.failed', { message: (e as Error).message }));
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <h2>{t('reset.askTitle')}</h2>
      {sent ? (
        <p className="alert success" role="status">
          {t('reset.sent')}
        </p>
      ) : (
        <>
          <p className="muted">{t('reset.askHelp')}</p>
          {error && (
            <p className="alert error" role="alert">
              {error}
            </p>
          )}
          <label htmlFor="reset-email">{t('signIn.email')}</label>
          <input
            id="reset-email"
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
          />
          <button type="submit" className="primary big">
            {t('reset.send')}
          </button>
        </>
      )}
      <button type="button" className="link" onClick={onBack}>
        {t('reset.back')}
      </button>
    </form>
  );
}
