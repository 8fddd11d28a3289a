import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useMe } from '../auth';
import { graphql } from '../gql';
import type { IncidentRowFragment, Severity } from '../gql/graphql';
import { Link } from '../router';
import { formatDateTime } from '../time';
import { SeverityBadge, StatusBadge, TlpBadge } from './badges';
import { SlaClock } from './sla-clock';
import { TriageForm } from './triage-form';

export const IncidentRow = graphql(`
  fragment IncidentRow on Incident {
    id
    code
    title
    severity
    tlp
    status
    createdAt
    ackDueAt
    resolveDueAt
    slaPaused
    assigneeId
    agencyId
    assignee {
      id
      displayName
    }
    agency {
      id
      code
    }
  }
`);

export const SlaWarnings = graphql(`
  query SlaWarnings {
    slaPolicies {
      id
      severity
      warnPercent
    }
  }
`);

/** The warning point (percentage of each target) per severity; 80 when the policies are not readable. */
export function useWarnPercent(): (severity: Severity) => number {
  const { data } = useQuery(SlaWarnings, { fetchPolicy: 'cache-first' });
  return (severity) => data?.slaPolicies.find((p) => p.severity === severity)?.warnPercent ?? 80;
}

export function IncidentList({ items, label }: { items: IncidentRowFragment[]; label: string }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const warn = useWarnPercent();
  const [triaging, setTriaging] = useState<string | null>(null);
  if (items.length === 0) return <p className="muted empty">{t('queue.empty')}</p>;
  const coordinator = me.role === 'COORDINATOR';
  return (
    <ul className="incident-list" aria-label={label}>
      {items.map((i) => (
        <li key={i.id} className={`incident-card sev-edge-${i.severity.toLowerCase()}`} data-code={i.code}>
          <Link href={`/incidents/${i.id}`} className="card-link">
            <span className="row">
              <span className="code">{i.code}</span>
              <SeverityBadge severity={i.severity} />
              <StatusBadge status={i.status} />
              {i.tlp !== 'CLEAR' && <TlpBadge tlp={i.tlp} />}
            </span>
            <span className="title">{i.title}</span>
            <span className="row small muted">
              <span>{i.agency?.code ?? ''}</span>
              <span>{formatDateTime(i.createdAt, me.timeZone, i18n.language)}</span>
              {i.assignee && <span>{t('queue.assignee', { name: i.assignee.displayName })}</span>}
            </span>
            <SlaClock incident={i} warnPercent={warn(i.severity)} />
          </Link>
          {coordinator && i.status === 'NEW' && (
            <button
              type="button"
              className="secondary card-action"
              aria-expanded={triaging === i.id}
              onClick={() => setTriaging(triaging === i.id ? null : i.id)}
            >
              {t('coord.triageFromCard', { code: i.code })}
            </button>
          )}
          {triaging === i.id && <TriageForm incidentId={i.id} onDone={() => setTriaging(null)} />}
        </li>
      ))}
    </ul>
  );
}
