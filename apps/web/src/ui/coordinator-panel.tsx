import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useMe } from '../auth';
import { graphql } from '../gql';
import type { IncidentStatus } from '../gql/graphql';
import { errorText } from './errors';
import { ErrorAlert } from './form';
import { ReasonForm } from './reason-form';
import { RejectForm } from './reject-form';
import { TriageForm } from './triage-form';

const Escalate = graphql(`
  mutation EscalateIncident($id: ID!, $v: Int, $reason: String!) {
    escalateIncident(id: $id, expectedVersion: $v, reason: $reason) {
      id
      escalationLevel
      version
    }
  }
`);
const PauseSla = graphql(`
  mutation PauseSla($id: ID!, $reason: String!) {
    pauseSlaClock(incidentId: $id, reason: $reason) {
      id
      slaPaused
      version
    }
  }
`);
const ResumeSla = graphql(`
  mutation ResumeSla($id: ID!) {
    resumeSlaClock(incidentId: $id) {
      id
      slaPaused
      ackDueAt
      resolveDueAt
      version
    }
  }
`);

type Tool = 'triage' | 'reject' | 'escalate' | 'pause';
const OPEN: IncidentStatus[] = ['NEW', 'TRIAGED', 'IN_PROGRESS', 'CONTAINED'];

/**
 * The coordinator's moves on an open case, one open form at a time: triage (or reclassify and
 * reassign), reject, escalate, pause / resume the SLA clocks. Responders may escalate their case.
 */
export function CoordinatorPanel({
  incident,
  onDone,
}: {
  incident: {
    id: string;
    status: IncidentStatus;
    version: number;
    slaPaused: boolean;
    assigneeId?: string | null;
  };
  onDone: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const [open, setOpen] = useState<Tool | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [escalate] = useMutation(Escalate);
  const [pause] = useMutation(PauseSla);
  const [resume, resuming] = useMutation(ResumeSla);
  const coordinator = me.role === 'COORDINATOR';
  const responder = me.role === 'RESPONDER' && incident.assigneeId === me.id;
  if (!OPEN.includes(incident.status) || (!coordinator && !responder)) return null;
  const tools: Tool[] = coordinator
    ? ['triage', ...(['NEW', 'TRIAGED'].includes(incident.status) ? (['reject'] as const) : []), 'escalate']
    : ['escalate'];
  if (coordinator && !incident.slaPaused) tools.push('pause');
  const label: Record<Tool, string> = {
    triage: incident.status === 'NEW' ? t('coord.triage') : `${t('coord.reclassify')} / ${t('coord.assign')}`,
    reject: t('coord.reject'),
    escalate: t('coord.escalate'),
    pause: t('coord.pause'),
  };
  const done = async () => {
    setOpen(null);
    await onDone();
  };
  const doResume = async () => {
    setError(null);
    try {
      await resume({ variables: { id: incident.id } });
      await onDone();
    } catch (err) {
      setError(errorText(t, err));
    }
  };

  return (
    <section aria-labelledby="coord-h" className="coord-panel">
      <h2 id="coord-h">{t('coord.title')}</h2>
      {error && <ErrorAlert>{error}</ErrorAlert>}
      {incident.slaPaused && (
        <p className="alert info" data-testid="sla-paused">
          ⏸ {t('coord.paused')}{' '}
          {coordinator && (
            <button type="button" disabled={resuming.loading} onClick={() => void doResume()}>
              {t('coord.resume')}
            </button>
          )}
        </p>
      )}
      <div className="tool-buttons">
        {tools.map((tool) => (
          <button
            key={tool}
            type="button"
            aria-expanded={open === tool}
            className={open === tool ? 'secondary active' : 'secondary'}
            onClick={() => setOpen(open === tool ? null : tool)}
            data-tool={tool}
          >
            {label[tool]}
          </button>
        ))}
      </div>
      {open === 'triage' && <TriageForm incidentId={incident.id} onDone={done} />}
      {open === 'reject' && <RejectForm incident={incident} onDone={done} />}
      {open === 'escalate' && (
        <ReasonForm
          id="escalate"
          label={t('coord.escalateReason')}
          submitLabel={t('coord.escalateSave')}
          onSubmit={(reason) =>
            escalate({ variables: { id: incident.id, v: incident.version, reason } }).then(done)
          }
        />
      )}
      {open === 'pause' && (
        <ReasonForm
          id="pause"
          label={t('coord.pauseReason')}
          submitLabel={t('coord.pauseSave')}
          onSubmit={(reason) => pause({ variables: { id: incident.id, reason } }).then(done)}
        />
      )}
    </section>
  );
}
