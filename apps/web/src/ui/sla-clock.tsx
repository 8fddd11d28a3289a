import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';

import type { IncidentStatus } from '../gql/graphql';

/** One ticking clock for every countdown on the page. */
let now = Date.now();
const tickers = new Set<() => void>();
setInterval(() => {
  now = Date.now();
  for (const t of tickers) t();
}, 1000);

export function useNow(): number {
  return useSyncExternalStore(
    (cb) => {
      tickers.add(cb);
      return () => tickers.delete(cb);
    },
    () => now,
  );
}

export function useDuration() {
  const { t } = useTranslation();
  return (ms: number) => {
    const s = Math.max(0, Math.round(Math.abs(ms) / 1000));
    const d = Math.floor(s / 86400);
    const h = Math.floor((s % 86400) / 3600);
    const m = Math.floor((s % 3600) / 60);
    if (d > 0) return `${t('time.days', { n: d })} ${t('time.hours', { n: h })}`;
    if (h > 0) return `${t('time.hours', { n: h })} ${t('time.minutes', { n: m })}`;
    if (m > 0) return `${t('time.minutes', { n: m })} ${t('time.seconds', { n: s % 60 })}`;
    return t('time.seconds', { n: s });
  };
}

export type SlaState = 'ok' | 'warning' | 'breached';

export interface SlaInput {
  status: IncidentStatus;
  createdAt: string;
  acknowledgedAt?: string | null;
  ackDueAt?: string | null;
  resolveDueAt?: string | null;
  slaPaused?: boolean;
}

/** The clock that matters now: acknowledgement before IN_PROGRESS, resolution until RESOLVED. */
export function activeClock(i: SlaInput): { kind: 'ack' | 'resolve'; start: number; due: number } | null {
  if (i.status === 'NEW' || i.status === 'TRIAGED') {
    return i.ackDueAt ? { kind: 'ack', start: Date.parse(i.createdAt), due: Date.parse(i.ackDueAt) } : null;
  }
  if (i.status === 'IN_PROGRESS' || i.status === 'CONTAINED') {
    return i.resolveDueAt
      ? { kind: 'resolve', start: Date.parse(i.createdAt), due: Date.parse(i.resolveDueAt) }
      : null;
  }
  return null;
}

export function slaState(clock: { start: number; due: number }, at: number, warnPercent: number): SlaState {
  if (at >= clock.due) return 'breached';
  const warnAt = clock.start + ((clock.due - clock.start) * warnPercent) / 100;
  return at >= warnAt ? 'warning' : 'ok';
}

const ICON: Record<SlaState, string> = { ok: '◷', warning: '⚠', breached: '⛔' };

/** SLA countdown: amber from the policy's warning point, red at breach; icon and words say it too. */
export function SlaClock({ incident, warnPercent }: { incident: SlaInput; warnPercent: number }) {
  const { t } = useTranslation();
  const at = useNow();
  const fmt = useDuration();
  const clock = activeClock(incident);
  if (!clock) return null;
  if (incident.slaPaused) {
    return <span className="sla sla-paused">⏸ {t('sla.paused')}</span>;
  }
  const state = slaState(clock, at, warnPercent);
  const left = clock.due - at;
  const text =
    state === 'breached'
      ? t(clock.kind === 'ack' ? 'sla.ackLate' : 'sla.resolveLate', { time: fmt(left) })
      : t(clock.kind === 'ack' ? 'sla.ackIn' : 'sla.resolveIn', { time: fmt(left) });
  const word = state === 'ok' ? t('sla.onTrack') : state === 'warning' ? t('sla.warning') : t('sla.breached');
  return (
    <span className={`sla sla-${state}`} data-sla={state} role="timer" aria-live="off">
      <span aria-hidden="true">{ICON[state]} </span>
      <span className="sr-only">{word}: </span>
      {text}
    </span>
  );
}
