import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useMe } from '../auth';
import { PushSettings } from '../push/push-settings';
import { graphql } from '../gql';
import type { LinkCodeMutation, NotificationChannel, Severity } from '../gql/graphql';
import { formatDateTime } from '../time';
import { FormMessage, type Msg } from '../ui/form';

const NotificationSettings = graphql(`
  query NotificationSettings {
    channelStatus {
      channel
      configured
      detail
    }
    myContactMethods {
      id
      channel
      address
      verified
      verifiedAt
      failedAt
      failureReason
      createdAt
    }
    notificationPreferences {
      userId
      quietStart
      quietEnd
      channelOrder {
        severity
        channels
      }
    }
  }
`);

const AddContactMethod = graphql(`
  mutation AddContactMethod($input: AddContactMethodInput!) {
    addContactMethod(input: $input) {
      id
    }
  }
`);
const RemoveContactMethod = graphql(`
  mutation RemoveContactMethod($id: ID!) {
    removeContactMethod(id: $id)
  }
`);
const SendTestNotification = graphql(`
  mutation SendTestNotification($contactMethodId: ID!) {
    sendTestNotification(contactMethodId: $contactMethodId) {
      id
      state
    }
  }
`);
const LinkCode = graphql(`
  mutation LinkCode($channel: NotificationChannel!) {
    createLinkCode(channel: $channel) {
      channel
      code
      deepLink
      expiresAt
      instruction
    }
  }
`);
const UpdatePreferences = graphql(`
  mutation UpdatePreferences($input: NotificationPreferencesInput!) {
    updateNotificationPreferences(input: $input) {
      userId
      quietStart
      quietEnd
      channelOrder {
        severity
        channels
      }
    }
  }
`);

const OUTWARD: NotificationChannel[] = ['EMAIL', 'TELEGRAM', 'ZALO', 'WEB_PUSH'];
const SEVERITIES: Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];

function LinkCodeCard({ link }: { link: LinkCodeMutation['createLinkCode'] }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const telegram = link.channel === 'TELEGRAM';
  return (
    <div className="card" data-testid={`link-code-${link.channel.toLowerCase()}`} aria-live="polite">
      <p>
        <strong>
          {t(`channel.${link.channel}`)} · {t('notify.code')}:
        </strong>{' '}
        <span className="link-code" data-testid="link-code">
          {link.code}
        </span>
      </p>
      <p>{t(telegram ? 'notify.telegramSteps' : 'notify.zaloSteps', { code: link.code })}</p>
      {link.deepLink && (
        <p>
          <a href={link.deepLink} target="_blank" rel="noreferrer">
            {t('notify.openBot')} ↗
          </a>
        </p>
      )}
      <p className="small muted">{t('notify.serverSays', { text: link.instruction })}</p>
      <p className="small">
        {t('notify.expires', { time: formatDateTime(link.expiresAt, me.timeZone, i18n.language) })}
      </p>
    </div>
  );
}

/** Settings → notifications: channel status, contact methods, Telegram/Zalo linking, preferences. */
export default function NotificationSettingsScreen() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { data, refetch } = useQuery(NotificationSettings);
  const [add] = useMutation(AddContactMethod);
  const [remove] = useMutation(RemoveContactMethod);
  const [sendTest] = useMutation(SendTestNotification);
  const [createLink, { loading: linking }] = useMutation(LinkCode);
  const [savePrefs, { loading: saving }] = useMutation(UpdatePreferences);
  const [email, setEmail] = useState('');
  const [methodsMsg, setMethodsMsg] = useState<Msg>(null);
  const [linkMsg, setLinkMsg] = useState<Msg>(null);
  const [links, setLinks] = useState<LinkCodeMutation['createLinkCode'][]>([]);
  const [order, setOrder] = useState<Record<Severity, (NotificationChannel | '')[]>>({
    CRITICAL: [],
    HIGH: [],
    MEDIUM: [],
    LOW: [],
  });
  const [quietStart, setQuietStart] = useState('');
  const [quietEnd, setQuietEnd] = useState('');
  const [prefsMsg, setPrefsMsg] = useState<Msg>(null);
  const prefs = data?.notificationPreferences;

  useEffect(() => {
    if (!prefs) return;
    const next = { CRITICAL: [], HIGH: [], MEDIUM: [], LOW: [] } as Record<
      Severity,
      (NotificationChannel | '')[]
    >;
    for (const row of prefs.channelOrder) next[row.severity] = row.channels.filter((c) => c !== 'IN_APP');
    setOrder(next);
    setQuietStart(prefs.quietStart ?? '');
    setQuietEnd(prefs.quietEnd ?? '');
  }, [prefs]);

  const configured = (c: NotificationChannel) =>
    data?.channelStatus.find((s) => s.channel === c)?.configured ?? false;
  const fail = (set: (m: Msg) => void) => (err: Error) =>
    set({ ok: false, text: t('common.error', { message: err.message }) });
  const at = (iso: string | null | undefined) => formatDateTime(iso, me.timeZone, i18n.language);

  /** A change to the contact methods: says how it went and re-reads the list. */
  const changeMethods = (action: Promise<unknown>, done: string) =>
    action
      .then(() => {
        setMethodsMsg({ ok: true, text: done });
        return refetch();
      })
      .catch(fail(setMethodsMsg));

  const addEmail = (e: FormEvent) => {
    e.preventDefault();
    if (!email.trim()) return;
    void changeMethods(
      add({ variables: { input: { channel: 'EMAIL', address: email.trim() } } }).then(() => setEmail('')),
      t('notify.added'),
    );
  };

  const link = (channel: NotificationChannel) =>
    void createLink({ variables: { channel } })
      .then((res) => {
        const code = res.data?.createLinkCode;
        if (code) setLinks((all) => [code, ...all.filter((l) => l.channel !== channel)]);
        setLinkMsg(null);
      })
      .catch(fail(setLinkMsg));

  const save = (e: FormEvent) => {
    e.preventDefault();
    if (Boolean(quietStart) !== Boolean(quietEnd)) {
      setPrefsMsg({ ok: false, text: t('notify.quietBoth') });
      return;
    }
    const channelOrder = SEVERITIES.map((severity) => ({
      severity,
      channels: [...new Set(order[severity].filter((c): c is NotificationChannel => c !== ''))],
    }));
    savePrefs({
      variables: { input: { channelOrder, quietStart: quietStart || null, quietEnd: quietEnd || null } },
    })
      .then(() => setPrefsMsg({ ok: true, text: t('common.saved') }))
      .catch(fail(setPrefsMsg));
  };

  const setSlot = (severity: Severity, index: number, value: NotificationChannel | '') => {
    const list = [...order[severity]];
    while (list.length <= index) list.push('');
    list[index] = value;
    setOrder({ ...order, [severity]: list });
  };

  return (
    <>
      <section aria-labelledby="channels-h" data-testid="channel-status">
        <h2 id="channels-h">{t('notify.channels')}</h2>
        <ul className="plain-list">
          {data?.channelStatus.map((s) => (
            <li
              key={s.channel}
              className="card"
              data-channel={s.channel}
              data-configured={String(s.configured)}
            >
              <p className="row">
                <strong>{t(`channel.${s.channel}`)}</strong>
                <span className={`badge ${s.configured ? 'verified' : 'unverified'}`}>
                  {s.configured ? t('notify.on') : t('notify.off')}
                </span>
              </p>
              {!s.configured && <p className="small">{t('notify.offHint')}</p>}
              <p className="small muted">{s.detail}</p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="methods-h" data-testid="contact-methods">
        <h2 id="methods-h">{t('notify.methods')}</h2>
        <FormMessage msg={methodsMsg} />
        {data && data.myContactMethods.length === 0 && <p className="muted">{t('notify.noMethods')}</p>}
        <ul className="methods">
          {data?.myContactMethods.map((m) => (
            <li key={m.id} className="card" data-channel={m.channel} data-verified={String(m.verified)}>
              <p className="row">
                <strong>{t(`channel.${m.channel}`)}</strong>
                <span className="value">{m.address}</span>
              </p>
              <p className="row">
                {m.verified ? (
                  <span className="badge verified">{t('notify.verified')}</span>
                ) : (
                  <span className="badge unverified">{t('notify.unverified')}</span>
                )}
                {m.failedAt && (
                  <span className="badge failed-badge">
                    {t('notify.failedBadge', { reason: m.failureReason ?? at(m.failedAt) })}
                  </span>
                )}
              </p>
              <div className="row">
                <button
                  type="button"
                  disabled={!configured(m.channel)}
                  aria-label={t('notify.sendTestTo', { address: m.address })}
                  onClick={() =>
                    void changeMethods(
                      sendTest({ variables: { contactMethodId: m.id } }),
                      t('notify.testSent'),
                    )
                  }
                >
                  {t('notify.sendTest')}
                </button>
                <button
                  type="button"
                  aria-label={t('notify.removeThe', { address: m.address })}
                  onClick={() => void changeMethods(remove({ variables: { id: m.id } }), t('notify.removed'))}
                >
                  {t('notify.remove')}
                </button>
              </div>
              {!configured(m.channel) && <p className="small">{t('notify.offHint')}</p>}
            </li>
          ))}
        </ul>
        <form className="inline-form" onSubmit={addEmail}>
          <h3>{t('notify.addEmail')}</h3>
          {data && !configured('EMAIL') && <p className="small">{t('notify.offHint')}</p>}
          <label htmlFor="cm-email">{t('notify.emailAddress')}</label>
          <input
            id="cm-email"
            type="email"
            autoComplete="email"
            maxLength={254}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <button type="submit" disabled={!email.trim()}>
            {t('common.add')}
          </button>
        </form>
      </section>

      <PushSettings
        methodIds={data?.myContactMethods.filter((m) => m.channel === 'WEB_PUSH').map((m) => m.id)}
      />

      <section aria-labelledby="link-h" data-testid="linking">
        <h2 id="link-h">{t('notify.linking')}</h2>
        <FormMessage msg={linkMsg} />
        {(['TELEGRAM', 'ZALO'] as const).map((c) => (
          <div key={c}>
            <button type="button" disabled={linking || !configured(c)} onClick={() => link(c)}>
              {t(c === 'TELEGRAM' ? 'notify.linkTelegram' : 'notify.linkZalo')}
            </button>
            {data && !configured(c) && (
              <p className="small">
                {t(`channel.${c}`)}: {t('notify.off')} — {t('notify.offHint')}
              </p>
            )}
          </div>
        ))}
        {links.map((l) => (
          <LinkCodeCard key={l.channel} link={l} />
        ))}
      </section>

      <form onSubmit={save} aria-labelledby="prefs-h" data-testid="preferences">
        <h2 id="prefs-h">{t('notify.preferences')}</h2>
        <p className="hint">{t('notify.preferencesHint')}</p>
        {SEVERITIES.map((severity) => (
          <fieldset key={severity}>
            <legend>{t(`severity.${severity}`)}</legend>
            {OUTWARD.map((_, index) => {
              const id = `order-${severity.toLowerCase()}-${index}`;
              return (
                <div key={id}>
                  <label htmlFor={id}>
                    {t('notify.position', { n: index + 1, severity: t(`severity.${severity}`) })}
                  </label>
                  <select
                    id={id}
                    value={order[severity][index] ?? ''}
                    onChange={(e) => setSlot(severity, index, e.target.value as NotificationChannel | '')}
                  >
                    <option value="">{t('notify.unused')}</option>
                    {OUTWARD.map((c) => (
                      <option key={c} value={c}>
                        {t(`channel.${c}`)}
                        {data && !configured(c) ? ` (${t('notify.off')})` : ''}
                      </option>
                    ))}
                  </select>
                </div>
              );
            })}
          </fieldset>
        ))}
        <fieldset>
          <legend>{t('notify.quietHours')}</legend>
          <p className="hint" data-testid="quiet-hint">
            {t('notify.quietHint')}
          </p>
          <label htmlFor="quiet-start">{t('notify.quietStart')}</label>
          <input
            id="quiet-start"
            type="time"
            value={quietStart}
            onChange={(e) => setQuietStart(e.target.value)}
          />
          <label htmlFor="quiet-end">{t('notify.quietEnd')}</label>
          <input id="quiet-end" type="time" value={quietEnd} onChange={(e) => setQuietEnd(e.target.value)} />
        </fieldset>
        <FormMessage msg={prefsMsg} />
        <button type="submit" className="primary" disabled={saving}>
          {t('common.save')}
        </button>
      </form>
    </>
  );
}
