import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useSession } from '../auth';
import { graphql } from '../gql';
import { formatDateTime } from '../time';
import { SecondFactorEnrol } from './second-factor-enrol';

const MySecurity = graphql(`
  query MySecurity {
    mySecondFactor {
      enabled
      required
      recoveryCodesLeft
      resetAt
    }
    mySessions {
      id
      userAgent
      ip
      lastUsedAt
      current
    }
  }
`);

const EndMySession = graphql(`
  mutation EndMySession($id: ID!) {
    endMySession(id: $id)
  }
`);

/** Settings: two-step sign-in and the list of signed-in devices, each with "sign out". */
export function SecuritySettings() {
  const { t, i18n } = useTranslation();
  const user = useSession()!;
  const { data, refetch } = useQuery(MySecurity);
  const [endSession] = useMutation(EndMySession);
  const [enrolling, setEnrolling] = useState(false);
  const factor = data?.mySecondFactor;

  return (
    <>
      <section aria-labelledby="twofactor-h">
        <h2 id="twofactor-h">{t('twoFactor.title')}</h2>
        {enrolling ? (
          <SecondFactorEnrol
            forced={false}
            onDone={() => {
              setEnrolling(false);
              void refetch();
            }}
          />
        ) : factor?.enabled ? (
          <p>{t('twoFactor.on', { count: factor.recoveryCodesLeft })}</p>
        ) : (
          <>
            <p>{t(factor?.required ? 'twoFactor.offRequired' : 'twoFactor.off')}</p>
            <button type="button" onClick={() => setEnrolling(true)}>
              {t('twoFactor.start')}
            </button>
          </>
        )}
      </section>
      <section aria-labelledby="sessions-h">
        <h2 id="sessions-h">{t('sessions.title')}</h2>
        <ul className="sessions">
          {data?.mySessions.map((s) => (
            <li key={s.id}>
              <strong>{s.userAgent ?? t('sessions.unknownDevice')}</strong>
              <span className="muted">
                {' '}
                {t('sessions.detail', {
                  ip: s.ip ?? '—',
                  at: formatDateTime(s.lastUsedAt, user.timeZone, i18n.language),
                })}
              </span>{' '}
              {s.current ? (
                <span className="badge">{t('sessions.current')}</span>
              ) : (
                <button
                  type="button"
                  onClick={() => void endSession({ variables: { id: s.id } }).then(() => refetch())}
                >
                  {t('sessions.signOut')}
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

export default SecuritySettings;
