import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { STAFF, useMe } from '../auth';
import { graphql } from '../gql';
import type { IncidentDetailQuery } from '../gql/graphql';
import { formatDateTime } from '../time';
import { errorText } from './errors';
import { ErrorAlert } from './form';

const SetTaskDone = graphql(`
  mutation SetTaskDone($taskId: ID!, $done: Boolean!) {
    setTaskDone(taskId: $taskId, done: $done) {
      id
      done
      overdue
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
const AllRunbooks = graphql(`
  query AllRunbooks {
    runbooks {
      id
      title
    }
  }
`);

type Incident = NonNullable<IncidentDetailQuery['incident']>;

/**
 * Tasks with phase, role and due time; a tick shows at once (optimistic) and the box stays
 * disabled until the server answers, so a second tap cannot toggle it back. Any runbook can be
 * applied from the picker, the suggested ones first.
 */
export function IncidentTasks({
  incident,
  refetch,
}: {
  incident: Incident;
  refetch: () => Promise<unknown>;
}) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const staff = STAFF.includes(me.role);
  const [setDone] = useMutation(SetTaskDone);
  const [apply, applying] = useMutation(ApplyRunbook);
  const runbooks = useQuery(AllRunbooks, { skip: !staff, fetchPolicy: 'cache-first' });
  const [pending, setPending] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const suggested = new Set(incident.suggestedRunbooks.map((r) => r.id));
  const options = [
    ...incident.suggestedRunbooks,
    ...(runbooks.data?.runbooks ?? []).filter((r) => !suggested.has(r.id)),
  ];
  const [runbookId, setRunbookId] = useState('');
  const chosen = runbookId || options[0]?.id || '';
  const p = incident.taskProgress;

  const toggle = async (taskId: string, done: boolean) => {
    if (pending.has(taskId)) return;
    setPending((s) => new Set(s).add(taskId));
    setError(null);
    try {
      // __typename lets the cache apply the optimistic answer to the task at once.
      const optimistic = { __typename: 'Task' as const, id: taskId, done, overdue: false };
      await setDone({ variables: { taskId, done }, optimisticResponse: { setTaskDone: optimistic } });
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setPending((s) => {
        const next = new Set(s);
        next.delete(taskId);
        return next;
      });
      await refetch();
    }
  };
  const applyChosen = async () => {
    setError(null);
    try {
      await apply({ variables: { incidentId: incident.id, runbookId: chosen } });
    } catch (err) {
      setError(errorText(t, err));
    }
    await refetch();
  };

  return (
    <section aria-labelledby="tasks-h">
      <h2 id="tasks-h">{t('incident.tasks')}</h2>
      {error && <ErrorAlert>{error}</ErrorAlert>}
      {p.total > 0 && (
        <>
          <progress max={p.total} value={p.done} aria-label={t('incident.tasks')} />
          <p className="small">{t('incident.taskProgress', { done: p.done, total: p.total })}</p>
        </>
      )}
      {incident.tasks.length === 0 && <p className="muted">{t('incident.noTasks')}</p>}
      <ul className="tasks">
        {incident.tasks.map((task) => (
          <li key={task.id} data-task={task.id}>
            <label>
              <input
                type="checkbox"
                checked={task.done}
                disabled={!staff || pending.has(task.id)}
                onChange={(e) => void toggle(task.id, e.target.checked)}
              />
              {task.title}
              {task.overdue && <strong className="overdue"> ⚠ {t('incident.overdue')}</strong>}
            </label>
            <span className="small muted task-meta">
              {t(`phase.${task.phase}`)}
              {task.role && ` · ${t(`roles.${task.role}`)}`}
              {task.dueAt &&
                ` · ${t('tasks.due', { at: formatDateTime(task.dueAt, me.timeZone, i18n.language) })}`}
            </span>
          </li>
        ))}
      </ul>
      {staff && options.length > 0 && (
        <div className="inline-form">
          <label htmlFor="runbook-pick">{t('tasks.runbook')}</label>
          <select id="runbook-pick" value={chosen} onChange={(e) => setRunbookId(e.target.value)}>
            {options.map((r) => (
              <option key={r.id} value={r.id}>
                {suggested.has(r.id) ? `★ ${r.title} (${t('tasks.suggested')})` : r.title}
              </option>
            ))}
          </select>
          <button type="button" disabled={applying.loading || !chosen} onClick={() => void applyChosen()}>
            {t('incident.applyRunbook')}
          </button>
        </div>
      )}
    </section>
  );
}
