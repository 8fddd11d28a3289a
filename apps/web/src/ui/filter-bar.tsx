import { useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { graphql } from '../gql';
import type { IncidentCountsQuery } from '../gql/graphql';
import { CATEGORIES, CLOSED_STATUSES, OPEN_STATUSES, SEVERITIES, SLA_STATES, SOURCES } from './enums';
import type { ListFilter } from './list-filter';
import { useStaff } from './staff-directory';

const FilterAgencies = graphql(`
  query FilterAgencies {
    agencies {
      id
      name
    }
  }
`);

type Counts = IncidentCountsQuery['incidentCounts'] | undefined;
type Facet = 'status' | 'severity' | 'category' | 'sla' | 'source';
const COUNT_FIELD = {
  status: 'byStatus',
  severity: 'bySeverity',
  category: 'byCategory',
  sla: 'bySlaState',
  source: 'bySource',
} as const;

/** Selects for every facet, each option with how many cases it would show; the text search first. */
export function FilterBar({
  filter,
  closed,
  counts,
  search,
  onSearch,
  onChange,
}: {
  filter: ListFilter;
  closed: boolean;
  counts: Counts;
  search: string;
  onSearch: (text: string) => void;
  onChange: (patch: Partial<ListFilter>) => void;
}) {
  const { t } = useTranslation();
  const { teams, people } = useStaff();
  const agencies = useQuery(FilterAgencies, { fetchPolicy: 'cache-first' });
  const count = (facet: Facet, key: string) =>
    counts?.[COUNT_FIELD[facet]].find((c) => c.key === key)?.count ?? 0;
  const facet = (name: Facet, label: string, values: readonly string[], text: (v: string) => string) => (
    <div className="filter">
      <label htmlFor={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} value={filter[name]} onChange={(e) => onChange({ [name]: e.target.value })}>
        <option value="">{t('lists.any')}</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {text(v)} ({count(name, v)})
          </option>
        ))}
      </select>
    </div>
  );
  const plain = (
    name: 'agency' | 'team' | 'assignee',
    label: string,
    options: { id: string; name: string }[],
  ) => (
    <div className="filter">
      <label htmlFor={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} value={filter[name]} onChange={(e) => onChange({ [name]: e.target.value })}>
        <option value="">{t('lists.any')}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <div className="filter-bar" role="search">
      <label htmlFor="f-q">{t('lists.search')}</label>
      <input
        id="f-q"
        type="search"
        value={search}
        maxLength={200}
        onChange={(e) => onSearch(e.target.value)}
      />
      <details className="filters" open>
        <summary>{t('lists.filters')}</summary>
        <div className="filter-grid">
          {facet('status', t('status.label'), closed ? CLOSED_STATUSES : OPEN_STATUSES, (v) =>
            t(`status.${v}`),
          )}
          {facet('severity', t('severity.label'), SEVERITIES, (v) => t(`severity.${v}`))}
          {!closed && facet('sla', t('slaState.label'), SLA_STATES, (v) => t(`slaState.${v}`))}
          {facet('category', t('category.label'), CATEGORIES, (v) => t(`category.${v}`))}
          {facet('source', t('source.label'), SOURCES, (v) => t(`source.${v}`))}
          {plain('agency', t('lists.agency'), agencies.data?.agencies ?? [])}
          {plain('team', t('lists.team'), teams)}
          {plain('assignee', t('lists.assignee'), [
            { id: 'none', name: t('lists.unassigned') },
            ...people.map((p) => ({ id: p.id, name: p.displayName })),
          ])}
          {closed && (
            <>
              <div className="filter">
                <label htmlFor="f-from">{t('lists.from')}</label>
                <input
                  id="f-from"
                  type="date"
                  value={filter.from}
                  onChange={(e) => onChange({ from: e.target.value })}
                />
              </div>
              <div className="filter">
                <label htmlFor="f-to">{t('lists.to')}</label>
                <input
                  id="f-to"
                  type="date"
                  value={filter.to}
                  onChange={(e) => onChange({ to: e.target.value })}
                />
              </div>
            </>
          )}
        </div>
      </details>
    </div>
  );
}
