import { useQuery, useSubscription } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useMe } from '../auth';
import { graphql } from '../gql';
import { Link, useLocation } from '../router';
import { formatDateTime } from '../time';
import { SeverityBadge, StatusBadge, TlpBadge } from '../ui/badges';
import { CoordinatorPanel } from '../ui/coordinator-panel';
import { IncidentActions } from '../ui/incident-actions';
import { Comments } from '../ui/incident-comments';
import { useWarnPercent } from '../ui/incident-list';
import { Observables } from '../ui/incident-observables';
import { IncidentTasks } from '../ui/incident-tasks';
import { SlaClock } from '../ui/sla-clock';
import { timelineText } from '../ui/timeline-text';
import { DeliveryLog, EscalationPanel } from './incident-escalation';

export const IncidentDetailDoc = graphql(`
  query IncidentDetail($id: ID!) {
    incident(id: $id) {
      id
      code
      title
      description
      category
      severity
      tlp
      status
      source
      createdAt
      detectedAt
      acknowledgedAt
      resolvedAt
      ackDueAt
      resolveDueAt
      slaPaused
      escalationLevel
      version
      agencyId
      reporterId
      assigneeId
      teamId
      duplicateOfId
      resolutionCode
      lessonsLearned
      affectedSystemName
      resolutionSummary
      escalation {
        chainName
        stepIndex
        stepCount
        repeat
        run
        startedAt
        nextAt
        stoppedAt
        stopReason
      }
      agency {
        id
        code
        name
      }
      assignee {
        id
        displayName
      }
      timeline {
        id
        kind
        occurredAt
        internal
        actorId
        dataJson
      }
      comments {
        id
        body
        internal
        createdAt
        authorId
      }
      taskProgress {
        done
        total
        percent
      }
      tasks {
        id
        title
        done
        overdue
        dueAt
        phase
        role
      }
      suggestedRunbooks {
        id
        title
      }
      observables {
        id
        type
        value
        tlp
        description
      }
    }
  }
`);

export const IncidentLive = graphql(`
  subscription IncidentLive($id: ID!) {
    incidentChanged(id: $id) {
      type
      incidentId
    }
  }
`);

const STEPS = ['NEW', 'TRIAGED', 'IN_PROGRESS', 'CONTAINED', 'RESOLVED', 'CLOSED'] as const;

export function IncidentDetail({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { search } = useLocation();
  const warn = useWarnPercent();
  const { data, loading, error, refetch } = useQuery(IncidentDetailDoc, { variables: { id } });
  const [tick, setTick] = useState(0);
  useSubscription(IncidentLive, {
    variables: { id },
    onData: () => {
      setTick((n) => n + 1);
      void refetch();
    },
  });
  if (error && !data) {
    const notFound = error.message.includes('not found') || error.message.includes('UUID');
    return (
      <p className="alert error" role="alert">
        {notFound ? t('common.notFound') : t('common.error', { message: error.message })}
      </p>
    );
  }
  if (loading && !data) return <p className="splash">{t('app.loading')}</p>;
  const incident = data?.incident;
  if (!incident)
    return (
      <p className="alert error" role="alert" data-testid="not-found">
        {t('common.notFound')}
      </p>
    );
  const reporterView = me.role === 'REPORTER';
  const stepIndex = STEPS.indexOf(incident.status as (typeof STEPS)[number]);
  const tz = me.timeZone;
  const lang = i18n.language;

  return (
    <article className="incident" data-status={incident.status}>
      {search.get('reported') === '1' && (
        <p className="alert success" role="status" data-testid="reported-banner">
          {t('incident.reportedBanner', { code: incident.code })}
        </p>
      )}
      <header className="incident-head">
        <p className="row">
          <span className="code" data-testid="incident-code">
            {incident.code}
          </span>
          <SeverityBadge severity={incident.severity} />
          <TlpBadge tlp={incident.tlp} />
          <StatusBadge status={incident.status} />
        </p>
        <h1>{incident.title}</h1>
        <SlaClock incident={incident} warnPercent={warn(incident.severity)} />
        {incident.escalationLevel > 0 && (
          <p className="small">⬆ {t('incident.escalationLevel', { level: incident.escalationLevel })}</p>
        )}
      </header>

      {incident.status !== 'REJECTED' && (
        <ol className="stepper" aria-label={t('status.label')}>
          {STEPS.map((s, index) => (
            <li
              key={s}
              className={index < stepIndex ? 'done' : index === stepIndex ? 'current' : ''}
              aria-current={index === stepIndex ? 'step' : undefined}
            >
              <span aria-hidden="true">{index < stepIndex ? '✓' : index === stepIndex ? '●' : '○'}</span>{' '}
              {t(`status.${s}`)}
            </li>
          ))}
        </ol>
      )}

      <section aria-labelledby="actions-h">
        <h2 id="actions-h" className="sr-only">
          {t('incident.actions')}
        </h2>
        <IncidentActions incident={incident} onDone={refetch} />
      </section>
      <CoordinatorPanel incident={incident} onDone={refetch} />
      {!reporterView && <EscalationPanel escalation={incident.escalation} />}

      <dl className="facts">
        <dt>{t('incident.agency')}</dt>
        <dd>{incident.agency ? `${incident.agency.name} (${incident.agency.code})` : '—'}</dd>
        <dt>{t('category.label')}</dt>
        <dd>{t(`category.${incident.category}`)}</dd>
        <dt>{t('incident.system')}</dt>
        <dd>{incident.affectedSystemName ?? '—'}</dd>
        <dt>{t('incident.reportedAt')}</dt>
        <dd>{formatDateTime(incident.createdAt, tz, lang)}</dd>
        <dt>{t('incident.detectedAt')}</dt>
        <dd>{formatDateTime(incident.detectedAt, tz, lang)}</dd>
        <dt>{t('incident.assignee')}</dt>
        <dd>
          {reporterView
            ? incident.assigneeId || incident.assignee || !['NEW', 'TRIAGED'].includes(incident.status)
              ? t('who.teamHandling')
              : t('who.waiting')
            : (incident.assignee?.displayName ?? t('common.unassigned'))}
        </dd>
      </dl>
      <section aria-labelledby="desc-h">
        <h2 id="desc-h">{t('incident.description')}</h2>
        <p className="prewrap">{incident.description}</p>
        {incident.resolutionSummary && <p className="prewrap">✓ {incident.resolutionSummary}</p>}
        {incident.resolutionCode && (
          <p data-testid="resolution-code">
            {t('coord.resolutionCode')}: {t(`resolution.${incident.resolutionCode}`)}
          </p>
        )}
        {incident.lessonsLearned && (
          <p className="prewrap">
            {t('coord.lessons')}: {incident.lessonsLearned}
          </p>
        )}
      </section>

      <section aria-labelledby="timeline-h">
        <h2 id="timeline-h">{t('incident.timeline')}</h2>
        <ol className="timeline">
          {incident.timeline.map((e) => (
            <li key={e.id} data-kind={e.kind}>
              <time dateTime={e.occurredAt}>{formatDateTime(e.occurredAt, tz, lang)}</time>{' '}
              <strong>{t(`timeline.${e.kind}`)}</strong>
              {e.internal && !reporterView && (
                <span className="small muted"> · 🔒 {t('incident.internalBadge')}</span>
              )}
              {e.kind !== 'COMMENT' && (
                <span className="small muted"> {timelineText(t, e.kind, e.dataJson, tz, lang)}</span>
              )}
            </li>
          ))}
        </ol>
      </section>

      {!reporterView && <IncidentTasks incident={incident} refetch={refetch} />}
      <Comments incident={incident} refetch={refetch} />
      <Observables incident={incident} refetch={refetch} />

      {!reporterView && <DeliveryLog incidentId={incident.id} tick={tick} />}
      <p>
        <Link href={reporterView ? '/reports' : '/queue'}>← {t('common.back')}</Link>
      </p>
    </article>
  );
}
