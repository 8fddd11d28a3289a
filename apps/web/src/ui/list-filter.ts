import type {
  IncidentCategory,
  IncidentFilter,
  IncidentSource,
  IncidentStatus,
  Severity,
  SlaState,
} from '../gql/graphql';
import { CATEGORIES, CLOSED_STATUSES, OPEN_STATUSES, SEVERITIES, SLA_STATES, SOURCES } from './enums';

/** The filter of the all-open and closed lists, as it is written in the URL (shareable). */
export interface ListFilter {
  status: IncidentStatus | '';
  severity: Severity | '';
  category: IncidentCategory | '';
  sla: SlaState | '';
  source: IncidentSource | '';
  agency: string;
  team: string;
  /** A user id, "none" for unassigned, or "" for anyone. */
  assignee: string;
  q: string;
  /** Closed list only: YYYY-MM-DD, in the user's zone. */
  from: string;
  to: string;
}

export const FILTER_KEYS = [
  'status',
  'severity',
  'category',
  'sla',
  'source',
  'agency',
  'team',
  'assignee',
  'q',
  'from',
  'to',
] as const satisfies readonly (keyof ListFilter)[];

const pick = <T extends string>(value: string | null, allowed: readonly T[]): T | '' =>
  value && (allowed as readonly string[]).includes(value) ? (value as T) : '';
const uuidOr = (value: string | null, extra?: string): string =>
  value && (/^[0-9a-f-]{36}$/i.test(value) || value === extra) ? value : '';
const day = (value: string | null): string => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '');

export function parseFilter(search: URLSearchParams, closed: boolean): ListFilter {
  return {
    status: pick(search.get('status'), closed ? CLOSED_STATUSES : OPEN_STATUSES),
    severity: pick(search.get('severity'), SEVERITIES),
    category: pick(search.get('category'), CATEGORIES),
    sla: closed ? '' : pick(search.get('sla'), SLA_STATES),
    source: pick(search.get('source'), SOURCES),
    agency: uuidOr(search.get('agency')),
    team: uuidOr(search.get('team')),
    assignee: uuidOr(search.get('assignee'), 'none'),
    q: (search.get('q') ?? '').slice(0, 200),
    from: closed ? day(search.get('from')) : '',
    to: closed ? day(search.get('to')) : '',
  };
}

/** The query string of a filter (empty values left out, stable order). */
export function filterSearch(f: ListFilter): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (f[key]) params.set(key, f[key]);
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** The API filter; `dayStart` turns a YYYY-MM-DD in the user's zone into an instant. */
export function toApiFilter(
  f: ListFilter,
  closed: boolean,
  dayStart: (day: string) => string,
): IncidentFilter {
  const nextDay = (d: string) =>
    new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return {
    status: f.status ? [f.status] : closed ? CLOSED_STATUSES : OPEN_STATUSES,
    severity: f.severity ? [f.severity] : null,
    category: f.category ? [f.category] : null,
    slaState: f.sla ? [f.sla] : null,
    source: f.source ? [f.source] : null,
    agencyId: f.agency || null,
    teamId: f.team || null,
    assigneeId: f.assignee && f.assignee !== 'none' ? f.assignee : null,
    unassigned: f.assignee === 'none' ? true : null,
    search: f.q.trim() || null,
    closedFrom: f.from ? dayStart(f.from) : null,
    closedTo: f.to ? dayStart(nextDay(f.to)) : null,
  };
}
