import { useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { FormMessage } from '../ui/form';
import { WebPushKey } from './push-operations';
import { usePush } from './use-push';
import { isPhone, markPromptSeen, promptSeen, pushSupported } from './web-push';

/**
 * After the first sign-in on a phone: one offer to ring this phone for incidents. Shown once per
 * device (turning it on or "not now" both end it); settings can change it later.
 */
export function PushPrompt() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!pushSupported() || !isPhone() || promptSeen() || Notification.permission !== 'default') return;
    // Only where the service worker runs (it shows the notifications): not in development builds.
    void navigator.serviceWorker
      .getRegistration()
      .then((registration) => setOpen(Boolean(registration)))
      .catch(() => undefined);
  }, []);
  if (!open) return null;
  return <PushOffer onClose={() => setOpen(false)} />;
}

function PushOffer({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { data } = useQuery(WebPushKey);
  const push = usePush([]);
  if (!data?.webPushPublicKey) return null;
  const later = () => {
    markPromptSeen();
    onClose();
  };
  return (
    <aside className="card push-prompt" aria-labelledby="push-prompt-h" data-testid="push-prompt">
      <h2 id="push-prompt-h">{t('push.promptTitle')}</h2>
      <p>{t('push.promptText')}</p>
      <FormMessage msg={push.msg} />
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={push.busy}
          onClick={() => void push.enable().then((ok) => ok && setTimeout(onClose, 1500))}
        >
          {t('push.enable')}
        </button>
        <button type="button" onClick={later}>
          {t('push.later')}
        </button>
      </div>
    </aside>
  );
}
