import { useQuery } from '@apollo/client/react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import { useMe } from '../auth';
import { graphql } from '../gql';
import type { Severity } from '../gql/graphql';
import { Link } from '../router';
import { formatDate, startOfDay } from '../time';
import { SeverityBadge } from '../ui/badges';
import { ErrorAlert } from '../ui/form';
import { LineChart } from '../ui/line-chart';

const DashboardData = graphql(`
  query Dashboard(
    $today: DateTime!
    $now: DateTime!
    $month: DateTime!
    $prevMonth: DateTime!
    $f0: DateTime!
    $f1: DateTime!
    $f2: DateTime!
    $f3: DateTime!
    $f4: DateTime!
    $f5: DateTime!
    $f6: DateTime!
    $f7: DateTime!
  ) {
    critical: incidents(
      filter: { status: [NEW, TRIAGED, IN_PROGRESS, CONTAINED], severity: [CRITICAL] }
      first: 1
    ) {
      totalCount
    }
    high: incidents(filter: { status: [NEW, TRIAGED, IN_PROGRESS, CONTAINED], severity: [HIGH] }, first: 1) {
      totalCount
    }
    medium: incidents(
      filter: { status: [NEW, TRIAGED, IN_PROGRESS, CONTAINED], severity: [MEDIUM] }
      first: 1
    ) {
      totalCount
    }
    low: incidents(filter: { status: [NEW, TRIAGED, IN_PROGRESS, CONTAINED], severity: [LOW] }, first: 1) {
      totalCount
    }
    today: metrics(from: $today, to: $now) {
      total
      byAgency {
        agencyId
        ackBreaches
      }
    }
    month: metrics(from: $month, to: $now) {
      total
      mttaSeconds
      mttrSeconds
      ackSlaCompliance
      resolveSlaCompliance
      byAgency {
        agencyId
        total
        open
        ackBreaches
        mttaSeconds
        mttrSeconds
      }
    }
    previous: metrics(from: $prevMonth, to: $month) {
      total
      ackSlaCompliance
      resolveSlaCompliance
    }
    w0: metrics(from: $f0, to: $f1) {
      mttaSeconds
      mttrSeconds
    }
    w1: metrics(from: $f1, to: $f2) {
      mttaSeconds
      mttrSeconds
    }
    w2: metrics(from: $f2, to: $f3) {
      mttaSeconds
      mttrSeconds
    }
    w3: metrics(from: $f3, to: $f4) {
      mttaSeconds
      mttrSeconds
    }
    w4: metrics(from: $f4, to: $f5) {
      mttaSeconds
      mttrSeconds
    }
    w5: metrics(from: $f5, to: $f6) {
      mttaSeconds
      mttrSeconds
    }
    w6: metrics(from: $f6, to: $f7) {
      mttaSeconds
      mttrSeconds
    }
    w7: metrics(from: $f7, to: $now) {
      mttaSeconds
      mttrSeconds
    }
    agencies {
      id
      code
      name
    }
  }
`);

const WEEK = 7 * 86400_000;

export default function Dashboard() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const vars = useMemo(() => {
    const now = new Date();
    const today = startOfDay(me.timeZone, now);
    const weeks = Array.from(
      { length: 8 },
      (_, i) => new Date(today.getTime() - (7 - i) * WEEK - 6 * 86400_000),
    );
    return {
      now: now.toISOString(),
      today: today.toISOString(),
      month: new Date(today.getTime() - 30 * 86400_000).toISOString(),
      prevMonth: new Date(today.getTime() - 60 * 86400_000).toISOString(),
      ...Object.fromEntries(weeks.map((w, i) => [`f${i}`, w.toISOString()])),
      weeks,
    };
  }, [me.timeZone]);
  const { weeks, ...variables } = vars;
  const { data, error } = useQuery(DashboardData, { variables: variables as never });
  if (error) return <ErrorAlert>{t('common.error', { message: error.message })}</ErrorAlert>;
  if (!data) return <p className="splash">{t('app.loading')}</p>;

  const mins = (s: number | null | undefined) =>
    s == null
      ? t('dashboard.noData')
      : s >= 7200
        ? t('dashboard.hours', { n: (s / 3600).toFixed(1) })
        : t('dashboard.minutes', { n: Math.round(s / 60) });
  const pct = (v: number | null | undefined) => (v == null ? '—' : `${Math.round(v * 100)}%`);
  const sev: [Severity, number][] = [
    ['CRITICAL', data.critical.totalCount],
    ['HIGH', data.high.totalCount],
    ['MEDIUM', data.medium.totalCount],
    ['LOW', data.low.totalCount],
  ];
  const maxSev = Math.max(1, ...sev.map(([, n]) => n));
  const name = (id: string) => data.agencies.find((a) => a.id === id)?.name ?? id;
  const breaches = data.today.byAgency.reduce((sum, a) => sum + a.ackBreaches, 0);
  const series = [data.w0, data.w1, data.w2, data.w3, data.w4, data.w5, data.w6, data.w7];
  const labels = weeks.map((w) => formatDate(w, me.timeZone, i18n.language));
  const openTotal = sev.reduce((s, [, n]) => s + n, 0);
  const compliance = data.month.ackSlaCompliance;
  const before = data.previous.ackSlaCompliance;
  const change = compliance != null && before != null ? Math.round((compliance - before) * 100) : null;

  return (
    <div className="dashboard">
      <h1>{t('dashboard.title')}</h1>
      <div className="tile headline" data-testid="sla-headline">
        <span className="tile-label">{t('dash.slaHeadline')}</span>
        <span className="tile-value">{pct(compliance)}</span>
        <span className="small">
          {change == null
            ? t('dash.noComparison')
            : t('dash.comparison', { change: `${change >= 0 ? '▲ +' : '▼ '}${change}`, before: pct(before) })}
        </span>
        <span className="small muted">{t('dash.slaExplain')}</span>
      </div>
      <div className="tiles">
        <Link className="tile" href="/queue/open" data-testid="open-total-link">
          <span className="tile-label">{t('dashboard.open')}</span>
          <span className="tile-value" data-testid="open-total">
            {openTotal}
          </span>
        </Link>
        <Link className="tile" href="/queue/open?sla=BREACHED">
          <span className="tile-label">{t('dashboard.breachesToday')}</span>
          <span className="tile-value">{breaches}</span>
        </Link>
        <div className="tile">
          <span className="tile-label">{t('dashboard.mtta')}</span>
          <span className="tile-value">{mins(data.month.mttaSeconds)}</span>
          <span className="small muted">{t('dash.mttaExplain')}</span>
        </div>
        <div className="tile">
          <span className="tile-label">{t('dashboard.mttr')}</span>
          <span className="tile-value">{mins(data.month.mttrSeconds)}</span>
          <span className="small muted">{t('dash.mttrExplain')}</span>
        </div>
      </div>
      <section aria-labelledby="sev-h">
        <h2 id="sev-h">{t('dashboard.openBySeverity')}</h2>
        <table className="bars">
          <tbody>
            {sev.map(([s, n]) => (
              <tr key={s}>
                <th scope="row">
                  <SeverityBadge severity={s} />
                </th>
                <td>
                  <span
                    className={`bar sev-bg-${s.toLowerCase()}`}
                    style={{ width: `${(n / maxSev) * 100}%` }}
                  />
                </td>
                <td className="num">
                  <Link href={`/queue/open?severity=${s}`} data-severity-link={s}>
                    {n}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="trend-h">
        <h2 id="trend-h">{t('dashboard.overTime')}</h2>
        <LineChart
          labels={labels}
          series={[
            {
              name: t('dashboard.mtta'),
              values: series.map((w) => (w.mttaSeconds == null ? null : w.mttaSeconds / 60)),
              dash: false,
            },
            {
              name: t('dashboard.mttr'),
              values: series.map((w) => (w.mttrSeconds == null ? null : w.mttrSeconds / 60)),
              dash: true,
            },
          ]}
          unit="min"
        />
      </section>
      <section aria-labelledby="agency-h">
        <h2 id="agency-h">{t('dashboard.perAgency')}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('incident.agency')}</th>
                <th scope="col">{t('dashboard.open')}</th>
                <th scope="col">{t('dashboard.reported')}</th>
                <th scope="col">{t('dashboard.ackBreaches')}</th>
                <th scope="col">MTTA</th>
                <th scope="col">MTTR</th>
              </tr>
            </thead>
            <tbody>
              {data.month.byAgency.map((a) => (
                <tr key={a.agencyId}>
                  <th scope="row">{name(a.agencyId)}</th>
                  <td className="num">
                    <Link href={`/queue/open?agency=${a.agencyId}`}>{a.open}</Link>
                  </td>
                  <td className="num">{a.total}</td>
                  <td className="num">{a.ackBreaches}</td>
                  <td>{mins(a.mttaSeconds)}</td>
                  <td>{mins(a.mttrSeconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="small">
          {t('dashboard.compliance')}: {pct(data.month.ackSlaCompliance)} /{' '}
          {pct(data.month.resolveSlaCompliance)}
        </p>
      </section>
    </div>
  );
}
