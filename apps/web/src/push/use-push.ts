import { useMutation, useQuery } from '@apollo/client/react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { Msg } from '../ui/form';
import { SubscribeWebPush, UnsubscribeWebPush, WebPushKey } from './push-operations';
import { disablePush, enablePush, pushState, PushSetupError, type PushState } from './web-push';

/** Turning push on and off on this device, with what to tell the person. */
export function usePush(methodIds: string[] | undefined) {
  const { t } = useTranslation();
  const { data } = useQuery(WebPushKey);
  const [subscribe] = useMutation(SubscribeWebPush, { refetchQueries: ['NotificationSettings'] });
  const [unsubscribe] = useMutation(UnsubscribeWebPush, { refetchQueries: ['NotificationSettings'] });
  const [state, setState] = useState<PushState | null>(null);
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<Msg>(null);
  const publicKey = data?.webPushPublicKey ?? null;
  const ids = methodIds?.join(',');

  useEffect(() => {
    if (ids === undefined) return;
    void pushState(ids ? ids.split(',') : []).then(setState);
  }, [ids]);

  const explain = (error: unknown): string =>
    error instanceof PushSetupError
      ? t(`push.error.${error.reason}`)
      : t('common.error', { message: (error as Error).message });

  const enable = useCallback(async (): Promise<boolean> => {
    if (!publicKey) return false;
    setBusy(true);
    setMsg(null);
    try {
      await enablePush(publicKey, async (input) => {
        const res = await subscribe({ variables: { input } });
        return res.data!.subscribeWebPush.id;
      });
      setState('on');
      setMsg({ ok: true, text: t('push.enabled') });
      return true;
    } catch (error) {
      if (error instanceof PushSetupError && error.reason === 'denied') setState('denied');
      setMsg({ ok: false, text: explain(error) });
      return false;
    } finally {
      setBusy(false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [publicKey, subscribe]);

  const disable = useCallback(async () => {
    setBusy(true);
    setMsg(null);
    try {
      await disablePush((endpoint) => unsubscribe({ variables: { endpoint } }));
      setState('off');
      setMsg({ ok: true, text: t('push.disabled') });
    } catch (error) {
      setMsg({ ok: false, text: explain(error) });
    } finally {
      setBusy(false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [unsubscribe]);

  return { configured: publicKey !== null, keyLoaded: data !== undefined, state, busy, msg, enable, disable };
}
