import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useMe } from '../auth';
import { graphql } from '../gql';
import type { DeliveryState, IncidentDetailQuery } from '../gql/graphql';
import { formatDateTime } from '../time';
import { ErrorAlert, FormMessage, type Msg } from '../ui/form';

export const IncidentNotifications = graphql(`
  query IncidentNotifications($incidentId: ID!) {
    notifications(incidentId: $incidentId) {
      id
      event
      recipientId
      recipientName
      channel
      state
      attempts
      lastError
      outcomeUnknown
      fallbackFromId
      repeat
      createdAt
      sentAt
      failedAt
      deferredUntil
      acknowledgedAt
      acknowledgedVia
    }
  }
`);

const RetryNotification = graphql(`
  mutation RetryNotification($id: ID!) {
    retryNotification(id: $id) {
      id
      state
      attempts
      lastError
      failedAt
    }
  }
`);

type Escalation = NonNullable<NonNullable<IncidentDetailQuery['incident']>['escalation']>;

const STATE_SYMBOL: Record<DeliveryState, string> = {
  PENDING: '⏳',
  SENT: '✓',
  FAILED: '✗',
  ACKNOWLEDGED: '✔✔',
};

/** Where the incident's escalation chain stands: chain, step x of n, next step or why it stopped. */
export function EscalationPanel({ escalation }: { escalation: Escalation | null | undefined }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const at = (iso: string | null | undefined) => formatDateTime(iso, me.timeZone, i18n.language);
  return (
    <section aria-labelledby="escalation-h" data-testid="escalation">
      <h2 id="escalation-h">{t('escalation.title')}</h2>
      {!escalation ? (
        <p className="muted">{t('escalation.notStarted')}</p>
      ) : (
        <div className="card" data-stopped={escalation.stoppedAt ? 'true' : 'false'}>
          <p>
            <strong>{t('escalation.chain')}:</strong>{' '}
            <span data-testid="escalation-chain">{escalation.chainName}</span>
          </p>
          <p data-testid="escalation-state">
            <strong>
              {escalation.stoppedAt
                ? t('escalation.stopped', { time: at(escalation.stoppedAt) })
                : t('escalation.running')}
            </strong>
            {escalation.stoppedAt &&
              ` · ${t('escalation.step', { x: Math.min(escalation.stepIndex + 1, escalation.stepCount), n: escalation.stepCount })}`}
            {escalation.repeat > 0 && ` · ${t('escalation.round', { n: escalation.repeat + 1 })}`}
          </p>
          {escalation.stoppedAt && escalation.stopReason && (
            <p data-testid="escalation-stop">
              {t('tl.stopped', {
                reason: t(`escalation.reasons.${escalation.stopReason}`, {
                  defaultValue: escalation.stopReason,
                }),
              })}
            </p>
          )}
          {!escalation.stoppedAt && escalation.nextAt && (
            <p data-testid="escalation-next">
              {t('escalation.nextAt', {
                x: escalation.stepIndex + 1,
                n: escalation.stepCount,
                time: at(escalation.nextAt),
              })}
            </p>
          )}
          <p className="small muted">
            {t('escalation.run', { n: escalation.run, time: at(escalation.startedAt) })}
          </p>
        </div>
      )}
    </section>
  );
}

/**
 * The delivery log: one row per person and channel with its state, attempts, last error and times;
 * coordinators may send a FAILED one again. Re-read when the incident changes (`tick`) and every
 * few seconds while something is still pending.
 */
export function DeliveryLog({ incidentId, tick }: { incidentId: string; tick: number }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [message, setMessage] = useState<Msg>(null);
  const { data, error, refetch } = useQuery(IncidentNotifications, { variables: { incidentId } });
  const rows = data?.notifications ?? [];
  const pending = rows.some((r) => r.state === 'PENDING');
  const [retry, { loading }] = useMutation(RetryNotification);
  useEffect(() => {
    if (tick > 0) void refetch();
  }, [tick, refetch]);
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => void refetch(), 5000);
    return () => clearInterval(timer);
  }, [pending, refetch]);
  const at = (iso: string | null | undefined) => formatDateTime(iso, me.timeZone, i18n.language);
  const canRetry = me.role === 'COORDINATOR';

  return (
    <section aria-labelledby="deliveries-h" data-testid="delivery-log">
      <h2 id="deliveries-h">{t('incident.deliveries')}</h2>
      {error && !data && <ErrorAlert>{t('common.error', { message: error.message })}</ErrorAlert>}
      <FormMessage msg={message} errorRole="status" />
      {data && rows.length === 0 && <p className="muted">{t('incident.noDeliveries')}</p>}
      {rows.length > 0 && (
        <p className="small muted">{t('delivery.count', { n: rows.length, count: rows.length })}</p>
      )}
      <ul className="deliveries">
        {rows.map((n) => (
          <li key={n.id} className="card" data-state={n.state} data-channel={n.channel}>
            <p className="row">
              <strong className="recipient">{n.recipientName}</strong>
              <span className="badge channel">{t(`channel.${n.channel}`)}</span>
              <span className={`badge delivery-${n.state.toLowerCase()}`}>
                <span aria-hidden="true">{STATE_SYMBOL[n.state]}</span> {t(`delivery.states.${n.state}`)}
              </span>
            </p>
            <p className="small">
              {t(`delivery.events.${n.event}`)}
              {n.repeat > 0 && ` · ${t('escalation.round', { n: n.repeat + 1 })}`}
              {/* An in-app message is written, not sent: "attempts: 0" beside "sent" read as a contradiction. */}
              {n.attempts > 0 && ` · ${t('delivery.attempts', { n: n.attempts })}`}
            </p>
            <p className="small muted">
              {t('delivery.created', { time: at(n.createdAt) })}
              {n.sentAt && ` · ${t('delivery.sent', { time: at(n.sentAt) })}`}
              {n.deferredUntil &&
                n.state === 'PENDING' &&
                ` · ${t('delivery.deferred', { time: at(n.deferredUntil) })}`}
              {n.failedAt && ` · ${t('delivery.failed', { time: at(n.failedAt) })}`}
              {n.acknowledgedAt &&
                ` · ${
                  n.acknowledgedVia
                    ? t('delivery.acknowledgedVia', {
                        time: at(n.acknowledgedAt),
                        channel: t(`channel.${n.acknowledgedVia}`),
                      })
                    : t('delivery.acknowledged', { time: at(n.acknowledgedAt) })
                }`}
            </p>
            {n.lastError && (
              <p className="small error-text">{t('delivery.lastError', { error: n.lastError })}</p>
            )}
            {n.outcomeUnknown && <p className="small">⚠ {t('delivery.outcomeUnknown')}</p>}
            {n.fallbackFromId && <p className="small muted">↪ {t('delivery.fallback')}</p>}
            {canRetry && n.state === 'FAILED' && (
              <button
                type="button"
                disabled={loading}
                aria-label={t('delivery.retryFor', {
                  name: n.recipientName,
                  channel: t(`channel.${n.channel}`),
                })}
                onClick={() =>
                  void retry({ variables: { id: n.id } })
                    .then(() => {
                      setMessage({ ok: true, text: t('delivery.retried') });
                      return refetch();
                    })
                    .catch((err: Error) =>
                      setMessage({ ok: false, text: t('common.error', { message: err.message }) }),
                    )
                }
              >
                ↻ {t('delivery.retry')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
