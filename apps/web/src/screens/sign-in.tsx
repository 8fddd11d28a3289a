import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { applyLang } from '../i18n';
import { ApiError, rawGraphql, SESSION_FIELDS, type SessionPayload, startSession } from '../session';
import { DEFAULT_TZ, formatDateTime } from '../time';
import { LanguageSwitchLocal } from '../ui/language-local';
import { ForgotPassword } from './forgot-password';

const LOGIN = `mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { ${SESSION_FIELDS} secondStepToken }
}`;
const SECOND_STEP = `mutation SecondStep($token: String!, $code: String!) {
  verifySecondFactor(secondStepToken: $token, code: $code) { ${SESSION_FIELDS} }
}`;

type LoginAnswer = Omit<SessionPayload, 'accessToken' | 'user'> & {
  accessToken: string | null;
  user: SessionPayload['user'] | null;
  secondStepToken: string | null;
};

export function SignIn() {
  const { t, i18n } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [secondStep, setSecondStep] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [recovery, setRecovery] = useState(false);
  const [forgot, setForgot] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const explain = (e: unknown) => {
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
    } else if (reason === 'INVALID_SECOND_FACTOR') {
      setError(t('signIn.invalidCode'));
    } else if (reason === 'SECOND_STEP_EXPIRED') {
      setSecondStep(null);
      setError(t('signIn.stepExpired'));
    } else if (err.code === 'UNAUTHENTICATED') {
      setError(t('signIn.invalid'));
    } else {
      setError(t('signIn.failed', { message: err.message }));
    }
  };

  const start = (payload: SessionPayload) => {
    applyLang(payload.user.locale);
    startSession(payload);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (!email.trim() || !password) {
      setError(t('signIn.required'));
      return;
    }
    setBusy(true);
    try {
      const { login } = await rawGraphql<{ login: LoginAnswer }>(LOGIN, { email: email.trim(), password });
      if (login.secondStepToken) {
        setSecondStep(login.secondStepToken);
        setCode('');
      } else {
        start(login as SessionPayload);
      }
    } catch (e) {
      explain(e);
    } finally {
      setBusy(false);
    }
  };

  const submitCode = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (!code.trim()) {
      setError(t(recovery ? 'signIn.recoveryRequired' : 'signIn.codeRequired'));
      return;
    }
    setBusy(true);
    try {
      const data = await rawGraphql<{ verifySecondFactor: SessionPayload }>(SECOND_STEP, {
        token: secondStep,
        code: code.trim(),
      });
      start(data.verifySecondFactor);
    } catch (e) {
      explain(e);
    } finally {
      setBusy(false);
    }
  };

  const alert = error && (
    <p id="signin-error" className="alert error" role="alert">
      {error}
    </p>
  );

  return (
    <main id="main" className="signin">
      <div className="signin-card">
        <h1>
          <img src="/icon.svg" alt="" width={40} height={40} /> {t('app.name')}
        </h1>
        <p className="muted">{t('app.tagline')}</p>
        <LanguageSwitchLocal />
        {forgot ? (
          <ForgotPassword initialEmail={email} onBack={() => setForgot(false)} />
        ) : secondStep ? (
          <form
            onSubmit={(e) => void submitCode(e)}
            noValidate
            aria-describedby={error ? 'signin-error' : undefined}
          >
            <h2>{t('signIn.secondStepTitle')}</h2>
            <p className="muted">{t(recovery ? 'signIn.recoveryHelp' : 'signIn.codeHelp')}</p>
            {alert}
            <label htmlFor="code">{t(recovery ? 'signIn.recoveryCode' : 'signIn.code')}</label>
            <input
              id="code"
              name="code"
              autoComplete="one-time-code"
              inputMode={recovery ? 'text' : 'numeric'}
              maxLength={recovery ? 20 : 6}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              aria-invalid={error ? true : undefined}
              required
            />
            <button type="submit" className="primary big" disabled={busy}>
              {busy ? t('signIn.working') : t('signIn.verify')}
            </button>
            <button
              type="button"
              className="link"
              onClick={() => {
                setRecovery(!recovery);
                setCode('');
                setError(null);
              }}
            >
              {t(recovery ? 'signIn.useApp' : 'signIn.useRecovery')}
            </button>
          </form>
        ) : (
          <form
            onSubmit={(e) => void submit(e)}
            noValidate
            aria-describedby={error ? 'signin-error' : undefined}
          >
            <h2>{t('signIn.title')}</h2>
            {alert}
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
            <button type="button" className="link" onClick={() => setForgot(true)}>
              {t('signIn.forgot')}
            </button>
          </form>
        )}
      </div>
    </main>
  );
}
