import { useQuery, useSubscription } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useMe } from '../auth';
import { graphql } from '../gql';
import type { IncidentStatus } from '../gql/graphql';
import { Link } from '../router';
import { IncidentList } from '../ui/incident-list';
import { PullToRefresh } from '../ui/pull-to-refresh';

export const OPEN: IncidentStatus[] = ['NEW', 'TRIAGED', 'IN_PROGRESS', 'CONTAINED'];

export const QueueIncidents = graphql(`
  query QueueIncidents($filter: IncidentFilter!) {
    incidents(filter: $filter, first: 20) {
      totalCount
      edges {
        node {
          ...IncidentRow
        }
      }
    }
  }
`);

export const MyTeams = graphql(`
  query MyTeams {
    teams {
      id
      name
      members {
        userId
      }
    }
  }
`);

export const IncidentChanges = graphql(`
  subscription IncidentChanges {
    incidentChanged {
      type
      incidentId
      incident {
        ...IncidentRow
      }
    }
  }
`);

export function Queue() {
  const { t } = useTranslation();
  const me = useMe();
  const teams = useQuery(MyTeams);
  const myTeam = teams.data?.teams.find((team) => team.members.some((m) => m.userId === me.id));
  const mine = useQuery(QueueIncidents, { variables: { filter: { status: OPEN, mine: true } } });
  const team = useQuery(QueueIncidents, {
    variables: { filter: { status: OPEN, teamId: myTeam?.id } },
    skip: !myTeam,
  });
  const unassigned = useQuery(QueueIncidents, { variables: { filter: { status: OPEN, unassigned: true } } });
  const [announce, setAnnounce] = useState('');

  const refetchAll = () =>
    Promise.all([mine.refetch(), unassigned.refetch(), myTeam ? team.refetch() : Promise.resolve()]);

  const live = useSubscription(IncidentChanges, {
    onData: ({ data }) => {
      const event = data.data?.incidentChanged;
      if (!event) return;
      if (event.type === 'incident.reported')
        setAnnounce(t('queue.newArrived', { code: event.incident.code }));
      // Which section an incident belongs to can change with any event: ask again.
      void refetchAll();
    },
  });

  const sections = [
    { key: 'mine', title: t('queue.mine'), q: mine },
    ...(myTeam ? [{ key: 'team', title: `${t('queue.team')}: ${myTeam.name}`, q: team }] : []),
    { key: 'unassigned', title: t('queue.unassigned'), q: unassigned },
  ];

  const isEmpty = (q: (typeof sections)[number]['q']) => q.data?.incidents.totalCount === 0;
  const allEmpty = sections.every((x) => isEmpty(x.q));
  return (
    <PullToRefresh onRefresh={refetchAll}>
      <h1>{t('queue.title')}</h1>
      <p className="live small" data-live={live.error ? 'off' : 'on'}>
        <span aria-hidden="true">{live.error ? '○' : '●'}</span>{' '}
        {live.error ? t('common.offline') : t('common.live')}
      </p>
      <p className="sr-only" role="status" aria-live="polite">
        {announce}
      </p>
      <nav className="subnav" aria-label={t('nav.queue')}>
        <Link href="/queue" aria-current="page">
          {t('queue.title')}
        </Link>
        <Link href="/queue/open">{t('lists.open')}</Link>
        <Link href="/queue/closed">{t('lists.closed')}</Link>
      </nav>
      {allEmpty && <p className="muted empty">{t('lists.allEmpty')}</p>}
      {/* Empty sections go last, so the first card is the first thing seen. */}
      {[...sections.filter((x) => !isEmpty(x.q)), ...sections.filter((x) => isEmpty(x.q))].map(
        ({ key, title, q }) => (
          <section
            key={key}
            aria-labelledby={`q-${key}`}
            data-section={key}
            className={isEmpty(q) ? 'empty-section' : ''}
          >
            <h2 id={`q-${key}`}>
              {title} <span className="count">({q.data?.incidents.totalCount ?? '…'})</span>
            </h2>
            {q.error && (
              <p className="alert error" role="alert">
                {t('common.error', { message: q.error.message })}
              </p>
            )}
            {q.data && <IncidentList items={q.data.incidents.edges.map((e) => e.node)} label={title} />}
          </section>
        ),
      )}
    </PullToRefresh>
  );
}
