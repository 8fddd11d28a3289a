import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { graphql } from '../gql';
import { updateSessionUser } from '../session';
import { FormMessage, type Msg } from '../ui/form';
import { LanguageSwitch } from '../ui/layout';
import { TimeZonePicker } from '../ui/time-zone-picker';

// Contact methods, linking and preferences are loaded on demand, to keep the first load small.
const NotificationSettings = lazy(() => import('./settings-notifications'));
const SecuritySettings = lazy(() => import('./settings-security'));

const MyProfile = graphql(`
  query MyProfile {
    me {
      id
      email
      displayName
      locale
      timeZone
      contactMethods {
        email
        phone
        telegramChatId
        zaloUserId
      }
    }
  }
`);

const UpdateProfile = graphql(`
  mutation UpdateProfile($input: UpdateProfileInput!) {
    updateMyProfile(input: $input) {
      id
      timeZone
      locale
      contactMethods {
        email
        phone
        telegramChatId
        zaloUserId
      }
    }
  }
`);

const ChangePassword = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input)
  }
`);

export function Settings() {
  const { t } = useTranslation();
  const { data } = useQuery(MyProfile);
  const [update, { loading }] = useMutation(UpdateProfile);
  const [changePassword] = useMutation(ChangePassword);
  const me = data?.me;
  const [timeZone, setTimeZone] = useState('');
  const [phone, setPhone] = useState('');
  const [message, setMessage] = useState<Msg>(null);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [pwMessage, setPwMessage] = useState<Msg>(null);

  useEffect(() => {
    if (!me) return;
    setTimeZone(me.timeZone);
    setPhone(me.contactMethods?.phone ?? '');
  }, [me]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await update({
        variables: {
          input: {
            timeZone,
            phone: phone || undefined,
          },
        },
      });
      updateSessionUser({ timeZone });
      setMessage({ ok: true, text: t('common.saved') });
    } catch (err) {
      setMessage({ ok: false, text: t('common.error', { message: (err as Error).message }) });
    }
  };

  const savePassword = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await changePassword({ variables: { input: { currentPassword: current, newPassword: next } } });
      setCurrent('');
      setNext('');
      setPwMessage({ ok: true, text: t('settings.passwordChanged') });
    } catch (err) {
      setPwMessage({ ok: false, text: t('common.error', { message: (err as Error).message }) });
    }
  };

  return (
    <div className="settings">
      <h1>{t('settings.title')}</h1>
      <section aria-labelledby="lang-h">
        <h2 id="lang-h">{t('settings.language')}</h2>
        <LanguageSwitch />
      </section>
      <form onSubmit={(e) => void save(e)} aria-labelledby="contact-h">
        <TimeZonePicker value={timeZone} onChange={setTimeZone} />
        <h2 id="contact-h">{t('settings.contact')}</h2>
        <label htmlFor="email-ro">{t('settings.email')}</label>
        <input id="email-ro" value={me?.email ?? ''} readOnly />
        <label htmlFor="phone">{t('settings.phone')}</label>
        <input
          id="phone"
          type="tel"
          inputMode="tel"
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
        />
        {/* Telegram and Zalo are linked with a one-time code (notification settings below),
            which proves the chat is this person's; a typed id would not be verified. */}
        <FormMessage msg={message} errorRole="status" />
        <button type="submit" className="primary" disabled={loading}>
          {t('common.save')}
        </button>
      </form>
      <Suspense fallback={<p className="splash">{t('app.loading')}</p>}>
        <NotificationSettings />
        <SecuritySettings />
      </Suspense>
      <form onSubmit={(e) => void savePassword(e)} aria-labelledby="pw-h">
        <h2 id="pw-h">{t('settings.password')}</h2>
        <label htmlFor="pw-current">{t('settings.currentPassword')}</label>
        <input
          id="pw-current"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
        <label htmlFor="pw-new">{t('settings.newPassword')}</label>
        <input
          id="pw-new"
          type="password"
          autoComplete="new-password"
          minLength={10}
          maxLength={128}
          value={next}
          onChange={(e) => setNext(e.target.value)}
        />
        <FormMessage msg={pwMessage} errorRole="status" />
        <button type="submit" disabled={!current || next.length < 10}>
          {t('settings.password')}
        </button>
      </form>
    </div>
  );
}
