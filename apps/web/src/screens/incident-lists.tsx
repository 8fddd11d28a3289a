import { useQuery, useSubscription } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useMe } from '../auth';
import { graphql } from '../gql';
import { Link, navigate, useLocation } from '../router';
import { localInputToIso } from '../time';
import { FilterBar } from '../ui/filter-bar';
import { IncidentList } from '../ui/incident-list';
import { filterSearch, type ListFilter, parseFilter, toApiFilter } from '../ui/list-filter';
import { IncidentChanges } from './queue';

export const ListIncidents = graphql(`
  query ListIncidents($filter: IncidentFilter!, $orderBy: IncidentOrder!, $after: String) {
    incidents(filter: $filter, first: 20, orderBy: $orderBy, after: $after) {
      edges {
        node {
          ...IncidentRow
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
export const IncidentCounts = graphql(`
  query IncidentCounts($filter: IncidentFilter!) {
    incidentCounts(filter: $filter) {
      total
      byStatus {
        key
        count
      }
      bySeverity {
        key
        count
      }
      byCategory {
        key
        count
      }
      bySlaState {
        key
        count
      }
      bySource {
        key
        count
      }
    }
  }
`);

/**
 * Every open case (`/queue/open`, most urgent first) or every closed one (`/queue/closed`, newest
 * first, with a date range), whoever handles it; the filter lives in the URL so it can be shared.
 */
export function IncidentLists({ closed }: { closed: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const { path, search } = useLocation();
  const filter = parseFilter(search, closed);
  const [text, setText] = useState(filter.q);
  const apiFilter = toApiFilter(filter, closed, (day) => localInputToIso(`${day}T00:00`, me.timeZone));
  const orderBy = closed ? 'NEWEST' : 'URGENCY';
  const list = useQuery(ListIncidents, { variables: { filter: apiFilter, orderBy } });
  const counts = useQuery(IncidentCounts, { variables: { filter: apiFilter } });
  const update = (patch: Partial<ListFilter>) =>
    navigate(`${path}${filterSearch({ ...filter, ...patch })}`, { replace: true });
  // The text search waits for a pause in typing before it changes the URL.
  const latest = useRef(filter);
  latest.current = filter;
  useEffect(() => {
    if (text === latest.current.q) return;
    const timer = setTimeout(() => update({ q: text }), 250);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);
  useSubscription(IncidentChanges, {
    onData: () => {
      void list.refetch();
      void counts.refetch();
    },
  });
  const items = (list.data ?? list.previousData)?.incidents.edges.map((e) => e.node) ?? [];
  const total = (counts.data ?? counts.previousData)?.incidentCounts.total;
  const page = list.data?.incidents.pageInfo;
  const title = closed ? t('lists.closedTitle') : t('lists.openTitle');

  return (
    <>
      <nav className="subnav" aria-label={t('nav.queue')}>
        {me.role !== 'LEADER' && <Link href="/queue">{t('queue.title')}</Link>}
        <Link href="/queue/open" aria-current={closed ? undefined : 'page'}>
          {t('lists.open')}
        </Link>
        <Link href="/queue/closed" aria-current={closed ? 'page' : undefined}>
          {t('lists.closed')}
        </Link>
      </nav>
      <h1>{title}</h1>
      <FilterBar
        filter={filter}
        closed={closed}
        counts={(counts.data ?? counts.previousData)?.incidentCounts}
        search={text}
        onSearch={setText}
        onChange={update}
      />
      <p className="row small">
        <span role="status" data-testid="list-count" aria-busy={list.loading}>
          {total === undefined ? '…' : t('lists.count', { count: total })}
        </span>
        {search.size > 0 && (
          <button type="button" className="link" onClick={() => navigate(path, { replace: true })}>
            {t('lists.clear')}
          </button>
        )}
      </p>
      <p className="small muted">{closed ? t('lists.sortedByNewest') : t('lists.sortedByUrgency')}</p>
      {list.error && (
        <p className="alert error" role="alert">
          {t('common.error', { message: list.error.message })}
        </p>
      )}
      {items.length === 0 && !list.loading ? (
        <p className="muted empty">{t('lists.empty')}</p>
      ) : (
        <IncidentList items={items} label={title} />
      )}
      {page?.hasNextPage && (
        <button
          type="button"
          onClick={() =>
            void list.fetchMore({
              variables: { after: page.endCursor },
              updateQuery: (prev, { fetchMoreResult }) => ({
                incidents: {
                  ...fetchMoreResult.incidents,
                  edges: [...prev.incidents.edges, ...fetchMoreResult.incidents.edges],
                },
              }),
            })
          }
        >
          {t('lists.more')}
        </button>
      )}
    </>
  );
}
