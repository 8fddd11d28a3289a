import { useTranslation } from 'react-i18next';

import { FormMessage } from '../ui/form';
import { usePush } from './use-push';

/** Settings → notifications → "this device": web push on or off here. */
export function PushSettings({ methodIds }: { methodIds: string[] | undefined }) {
  const { t } = useTranslation();
  const push = usePush(methodIds);
  if (!push.keyLoaded) return null;
  return (
    <section aria-labelledby="push-h" data-testid="web-push">
      <h2 id="push-h">{t('push.title')}</h2>
      <p className="hint">{t('push.hint')}</p>
      {!push.configured ? (
        <p className="small">{t('push.serverOff')}</p>
      ) : push.state === 'unsupported' ? (
        <p className="small">{t('push.unsupported')}</p>
      ) : (
        <>
          <p className="row">
            <strong>{t('push.here')}</strong>
            <span
              className={`badge ${push.state === 'on' ? 'verified' : 'unverified'}`}
              data-testid="push-state"
            >
              {push.state ? t(`push.state.${push.state}`) : '…'}
            </span>
          </p>
          {push.state === 'denied' && <p className="small">{t('push.deniedHint')}</p>}
          <FormMessage msg={push.msg} />
          {push.state === 'on' ? (
            <button type="button" disabled={push.busy} onClick={() => void push.disable()}>
              {t('push.disable')}
            </button>
          ) : (
            <button
              type="button"
              className="primary"
              disabled={push.busy || push.state === 'denied'}
              onClick={() => void push.enable()}
            >
              {t('push.enable')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
