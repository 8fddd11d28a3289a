import { useQuery, useSubscription } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { useMe } from '../auth';
import { Link } from '../router';
import { IncidentList } from '../ui/incident-list';
import { PullToRefresh } from '../ui/pull-to-refresh';
import { IncidentChanges, QueueIncidents } from './queue';

/** A reporter's home: their agency's incidents (the server limits a reporter to their agency). */
export function Reports() {
  const { t } = useTranslation();
  const me = useMe();
  const list = useQuery(QueueIncidents, { variables: { filter: { agencyId: me.agencyId ?? undefined } } });
  useSubscription(IncidentChanges, { onData: () => void list.refetch() });
  return (
    <PullToRefresh onRefresh={() => list.refetch()}>
      <h1>{t('reports.title')}</h1>
      <p>
        <Link href="/report" className="button primary big">
          ✚ {t('reports.new')}
        </Link>
      </p>
      {list.error && (
        <p className="alert error" role="alert">
          {t('common.error', { message: list.error.message })}
        </p>
      )}
      {list.data &&
        (list.data.incidents.totalCount === 0 ? (
          <p className="muted">{t('reports.empty')}</p>
        ) : (
          <IncidentList items={list.data.incidents.edges.map((e) => e.node)} label={t('reports.title')} />
        ))}
    </PullToRefresh>
  );
}
