import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { graphql } from '../gql';
import { DEFAULT_TZ, formatDateTime } from '../time';

const BeginEnrolment = graphql(`
  mutation BeginSecondFactorEnrolment {
    beginSecondFactorEnrolment {
      secret
      qrCodeDataUrl
    }
  }
`);

const EnrolmentStatus = graphql(`
  query SecondFactorEnrolmentStatus {
    mySecondFactor {
      resetAt
    }
  }
`);

const ConfirmEnrolment = graphql(`
  mutation ConfirmSecondFactorEnrolment($code: String!) {
    confirmSecondFactorEnrolment(code: $code)
  }
`);

/**
 * Setting up an authenticator app: QR code (and the secret as text), a first code, then the ten
 * recovery codes, shown once. `forced`: the person's role requires it and nothing else is open yet.
 */
export function SecondFactorEnrol({ forced, onDone }: { forced: boolean; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  // Told here when an administrator removed the earlier one.
  const resetAt = useQuery(EnrolmentStatus).data?.mySecondFactor.resetAt;
  const [begin, { data: begun, loading }] = useMutation(BeginEnrolment);
  const [confirm] = useMutation(ConfirmEnrolment);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const enrolment = begun?.beginSecondFactorEnrolment;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (!/^\d{6}$/.test(code.trim())) {
      setError(t('twoFactor.codeFormat'));
      return;
    }
    try {
      const { data } = await confirm({ variables: { code: code.trim() } });
      setCodes(data?.confirmSecondFactorEnrolment ?? []);
    } catch (e) {
      setError((e as Error).message.includes('not right') ? t('twoFactor.wrongCode') : (e as Error).message);
    }
  };

  return (
    <section aria-labelledby="enrol-h" className="card">
      <h2 id="enrol-h">{t('twoFactor.enrolTitle')}</h2>
      {forced && <p className="alert warning">{t('twoFactor.required')}</p>}
      {resetAt && (
        <p className="alert warning" role="status">
          {t('twoFactor.wasReset', { at: formatDateTime(resetAt, DEFAULT_TZ, i18n.language) })}
        </p>
      )}
      {codes ? (
        <>
          <p>{t('twoFactor.recoveryIntro')}</p>
          <ol className="recovery-codes" aria-label={t('twoFactor.recoveryCodes')}>
            {codes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ol>
          <button type="button" className="primary" onClick={onDone}>
            {t('twoFactor.savedContinue')}
          </button>
        </>
      ) : !enrolment ? (
        <>
          <p>{t('twoFactor.intro')}</p>
          <button type="button" className="primary" disabled={loading} onClick={() => void begin()}>
            {t('twoFactor.start')}
          </button>
        </>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <p>{t('twoFactor.scan')}</p>
          <img src={enrolment.qrCodeDataUrl} alt={t('twoFactor.qrAlt')} width={240} height={240} />
          <p>
            {t('twoFactor.secretText')} <code data-testid="totp-secret">{enrolment.secret}</code>
          </p>
          {error && (
            <p className="alert error" role="alert">
              {error}
            </p>
          )}
          <label htmlFor="enrol-code">{t('twoFactor.firstCode')}</label>
          <input
            id="enrol-code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <button type="submit" className="primary">
            {t('twoFactor.confirm')}
          </button>
        </form>
      )}
    </section>
  );
}

export default SecondFactorEnrol;
