import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { STAFF, useMe } from '../auth';
import { graphql } from '../gql';
import type { IncidentDetailQuery, ObservableType, Tlp } from '../gql/graphql';
import { Link, useLocation } from '../router';
import type { SessionUser } from '../session';
import { formatDateTime } from '../time';
import { SeverityBadge, StatusBadge, TlpBadge } from '../ui/badges';
import { ErrorAlert } from '../ui/form';
import { useWarnPercent } from '../ui/incident-list';
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

const Acknowledge = graphql(`
  mutation Acknowledge($id: ID!, $v: Int) {
    acknowledgeIncident(id: $id, expectedVersion: $v) {
      id
      status
      version
      assigneeId
    }
  }
`);
const Contain = graphql(`
  mutation Contain($id: ID!, $v: Int, $note: String) {
    containIncident(id: $id, expectedVersion: $v, note: $note) {
      id
      status
      version
    }
  }
`);
const Resolve = graphql(`
  mutation Resolve($id: ID!, $v: Int, $resolution: String!) {
    resolveIncident(id: $id, expectedVersion: $v, resolution: $resolution) {
      id
      status
      version
    }
  }
`);
const Close = graphql(`
  mutation Close($id: ID!, $v: Int) {
    closeIncident(id: $id, expectedVersion: $v) {
      id
      status
      version
    }
  }
`);
const Reopen = graphql(`
  mutation Reopen($id: ID!, $v: Int, $reason: String!) {
    reopenIncident(id: $id, expectedVersion: $v, reason: $reason) {
      id
      status
      version
    }
  }
`);
const AddComment = graphql(`
  mutation AddComment($incidentId: ID!, $body: String!, $internal: Boolean!) {
    addComment(incidentId: $incidentId, body: $body, internal: $internal) {
      id
    }
  }
`);
const SetTaskDone = graphql(`
  mutation SetTaskDone($taskId: ID!, $done: Boolean!) {
    setTaskDone(taskId: $taskId, done: $done) {
      id
      done
    }
  }
`);
const ApplyRunbook = graphql(`
  mutation ApplyRunbook($incidentId: ID!, $runbookId: ID!) {
    applyRunbook(incidentId: $incidentId, runbookId: $runbookId) {
      id
    }
  }
`);
const AddObservable = graphql(`
  mutation AddObservable($incidentId: ID!, $input: ObservableInput!) {
    addObservable(incidentId: $incidentId, input: $input) {
      id
    }
  }
`);

type Incident = NonNullable<IncidentDetailQuery['incident']>;
type Action = 'acknowledge' | 'contain' | 'resolve' | 'close' | 'reopen';

/** The moves valid now for this user, mirroring the server's rules (docs/incidents.md); the server decides. */
export function validActions(i: Incident, me: SessionUser): Action[] {
  const staff = STAFF.includes(me.role);
  const coordinator = me.role === 'COORDINATOR';
  const assignee = i.assigneeId === me.id;
  const out: Action[] = [];
  if ((i.status === 'NEW' || i.status === 'TRIAGED') && staff && (assignee || !i.assigneeId))
    out.push('acknowledge');
  const works = coordinator || (assignee && me.role === 'RESPONDER');
  if ((i.status === 'IN_PROGRESS' || i.status === 'CONTAINED') && works) out.push('resolve');
  if (i.status === 'IN_PROGRESS' && works) out.push('contain');
  if (i.status === 'RESOLVED' && coordinator) out.push('close');
  if (
    (i.status === 'RESOLVED' && (works || (me.role === 'REPORTER' && i.reporterId === me.id))) ||
    (i.status === 'CLOSED' && coordinator)
  )
    out.push('reopen');
  return out.slice(0, 2);
}

const STEPS = ['NEW', 'TRIAGED', 'IN_PROGRESS', 'CONTAINED', 'RESOLVED', 'CLOSED'] as const;

function errorText(t: TFunction, e: unknown): string {
  const err = e as { errors?: { extensions?: { code?: string } }[]; message?: string };
  const code = err.errors?.[0]?.extensions?.code;
  if (code === 'CONFLICT' || code === 'INVALID_TRANSITION') return t('incident.changed');
  return t('common.error', { message: err.message ?? String(e) });
}

function Actions({ incident, onDone }: { incident: Incident; onDone: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const me = useMe();
  const [ack] = useMutation(Acknowledge);
  const [contain] = useMutation(Contain);
  const [resolve] = useMutation(Resolve);
  const [close] = useMutation(Close);
  const [reopen] = useMutation(Reopen);
  const [asking, setAsking] = useState<Action | null>(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const actions = validActions(incident, me);
  const v = incident.version;
  const id = incident.id;

  const run = async (action: Action) => {
    if ((action === 'resolve' || action === 'reopen') && asking !== action) {
      setAsking(action);
      setText('');
      setError(null);
      return;
    }
    if ((action === 'resolve' || action === 'reopen') && !text.trim()) {
      setError(action === 'resolve' ? t('incident.resolutionRequired') : t('incident.reasonRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (action === 'acknowledge') await ack({ variables: { id, v } });
      if (action === 'contain') await contain({ variables: { id, v } });
      if (action === 'resolve') await resolve({ variables: { id, v, resolution: text.trim() } });
      if (action === 'close') await close({ variables: { id, v } });
      if (action === 'reopen') await reopen({ variables: { id, v, reason: text.trim() } });
      setAsking(null);
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
      await onDone();
    }
  };

  if (actions.length === 0) return <p className="muted">{t('incident.noActions')}</p>;
  return (
    <div className="actions">
      {error && <ErrorAlert>{error}</ErrorAlert>}
      {asking && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run(asking);
          }}
        >
          <label htmlFor="action-text">
            {asking === 'resolve' ? t('incident.resolution') : t('incident.reason')}
          </label>
          <textarea
            id="action-text"
            rows={3}
            value={text}
            onChange={(e) => setText(e.target.value)}
            maxLength={5000}
          />
          <div className="row">
            <button type="submit" className="primary big" disabled={busy}>
              {t('incident.confirm')}: {t(`incident.${asking}`)}
            </button>
            <button type="button" onClick={() => setAsking(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      {!asking && (
        <div className="big-buttons">
          {actions.map((a, index) => (
            <button
              key={a}
              type="button"
              className={index === 0 ? 'primary big' : 'secondary big'}
              disabled={busy}
              onClick={() => void run(a)}
              data-action={a}
            >
              {t(`incident.${a}`)}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

function Comments({ incident, refetch }: { incident: Incident; refetch: () => Promise<unknown> }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const staff = me.role !== 'REPORTER';
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [add, { loading }] = useMutation(AddComment);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) return;
    try {
      await add({ variables: { incidentId: incident.id, body: body.trim(), internal: staff && internal } });
      setBody('');
      setError(null);
      await refetch();
    } catch (err) {
      setError(errorText(t, err));
    }
  };
  return (
    <section aria-labelledby="comments-h">
      <h2 id="comments-h">{t('incident.comments')}</h2>
      {incident.comments.length === 0 && <p className="muted">{t('incident.noComments')}</p>}
      <ul className="comments">
        {incident.comments.map((c) => (
          <li key={c.id} className={c.internal ? 'internal' : ''}>
            <span className="small muted">
              {formatDateTime(c.createdAt, me.timeZone, i18n.language)} ·{' '}
              <strong>{c.internal ? `🔒 ${t('incident.internalBadge')}` : t('incident.visibleBadge')}</strong>
            </span>
            <p>{c.body}</p>
          </li>
        ))}
      </ul>
      <form onSubmit={(e) => void submit(e)}>
        {error && <ErrorAlert>{error}</ErrorAlert>}
        <label htmlFor="comment-body">{t('incident.comment')}</label>
        <textarea
          id="comment-body"
          rows={3}
          maxLength={10000}
          value={body}
          onChange={(e) => setBody(e.target.value)}
        />
        {staff && (
          <label className="switch">
            <input
              type="checkbox"
              role="switch"
              checked={internal}
              aria-checked={internal}
              onChange={(e) => setInternal(e.target.checked)}
            />
            {t('incident.internal')}
          </label>
        )}
        <button type="submit" disabled={loading || !body.trim()}>
          {t('incident.addComment')}
        </button>
      </form>
    </section>
  );
}

function Tasks({ incident, refetch }: { incident: Incident; refetch: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const me = useMe();
  const [setDone] = useMutation(SetTaskDone);
  const [apply] = useMutation(ApplyRunbook);
  const staff = STAFF.includes(me.role);
  const p = incident.taskProgress;
  return (
    <section aria-labelledby="tasks-h">
      <h2 id="tasks-h">{t('incident.tasks')}</h2>
      {p.total > 0 && (
        <>
          <progress max={p.total} value={p.done} aria-label={t('incident.tasks')} />
          <p className="small">{t('incident.taskProgress', { done: p.done, total: p.total })}</p>
        </>
      )}
      {incident.tasks.length === 0 && <p className="muted">{t('incident.noTasks')}</p>}
      <ul className="tasks">
        {incident.tasks.map((task) => (
          <li key={task.id}>
            <label>
              <input
                type="checkbox"
                checked={task.done}
                disabled={!staff}
                onChange={(e) =>
                  void setDone({ variables: { taskId: task.id, done: e.target.checked } }).then(
                    refetch,
                    refetch,
                  )
                }
              />
              {task.title}
              {task.overdue && <strong className="overdue"> ⚠ {t('incident.overdue')}</strong>}
            </label>
          </li>
        ))}
      </ul>
      {staff &&
        incident.tasks.length === 0 &&
        incident.suggestedRunbooks.map((r) => (
          <button
            key={r.id}
            type="button"
            onClick={() =>
              void apply({ variables: { incidentId: incident.id, runbookId: r.id } }).then(refetch, refetch)
            }
          >
            {t('incident.applyRunbook')}: {r.title}
          </button>
        ))}
    </section>
  );
}

const OBSERVABLE_TYPES: ObservableType[] = ['IP', 'DOMAIN', 'URL', 'HASH', 'EMAIL', 'FILE_NAME', 'OTHER'];
const TLPS: Tlp[] = ['CLEAR', 'GREEN', 'AMBER', 'AMBER_STRICT', 'RED'];

function Observables({ incident, refetch }: { incident: Incident; refetch: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const me = useMe();
  const [type, setType] = useState<ObservableType>('IP');
  const [value, setValue] = useState('');
  const [tlp, setTlp] = useState<Tlp>(incident.tlp);
  const [error, setError] = useState<string | null>(null);
  const [add] = useMutation(AddObservable);
  const canAdd = me.role === 'COORDINATOR' || me.role === 'RESPONDER' || me.role === 'REPORTER';
  return (
    <section aria-labelledby="obs-h">
      <h2 id="obs-h">{t('incident.observables')}</h2>
      {incident.observables.length === 0 && <p className="muted">{t('incident.noObservables')}</p>}
      <ul className="observables">
        {incident.observables.map((o) => (
          <li key={o.id}>
            <code>{o.type}</code> <span className="value">{o.value}</span> <TlpBadge tlp={o.tlp} />
          </li>
        ))}
      </ul>
      {canAdd && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!value.trim()) return;
            add({ variables: { incidentId: incident.id, input: { type, value: value.trim(), tlp } } })
              .then(() => {
                setValue('');
                setError(null);
                return refetch();
              })
              .catch((err: unknown) => setError(errorText(t, err)));
          }}
        >
          {error && <ErrorAlert>{error}</ErrorAlert>}
          <label htmlFor="obs-type">{t('incident.observableType')}</label>
          <select id="obs-type" value={type} onChange={(e) => setType(e.target.value as ObservableType)}>
            {OBSERVABLE_TYPES.map((x) => (
              <option key={x}>{x}</option>
            ))}
          </select>
          <label htmlFor="obs-value">{t('incident.observableValue')}</label>
          <input id="obs-value" value={value} maxLength={2000} onChange={(e) => setValue(e.target.value)} />
          <label htmlFor="obs-tlp">{t('tlp.label')}</label>
          <select id="obs-tlp" value={tlp} onChange={(e) => setTlp(e.target.value as Tlp)}>
            {TLPS.map((x) => (
              <option key={x} value={x}>
                TLP:{x.replace('_', '+')}
              </option>
            ))}
          </select>
          <button type="submit">{t('incident.addObservable')}</button>
        </form>
      )}
    </section>
  );
}

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
        <Actions incident={incident} onDone={refetch} />
      </section>
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
        <dd>{incident.assignee?.displayName ?? t('common.unassigned')}</dd>
      </dl>
      <section aria-labelledby="desc-h">
        <h2 id="desc-h">{t('incident.description')}</h2>
        <p className="prewrap">{incident.description}</p>
        {incident.resolutionSummary && <p className="prewrap">✓ {incident.resolutionSummary}</p>}
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

      {!reporterView && <Tasks incident={incident} refetch={refetch} />}
      <Comments incident={incident} refetch={refetch} />
      <Observables incident={incident} refetch={refetch} />

      {!reporterView && <DeliveryLog incidentId={incident.id} tick={tick} />}
      <p>
        <Link href={reporterView ? '/reports' : '/queue'}>← {t('common.back')}</Link>
      </p>
    </article>
  );
}
