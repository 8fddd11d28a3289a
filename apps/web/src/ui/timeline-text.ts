import type { TFunction } from 'i18next';

import { formatDateTime } from '../time';

type Data = Record<string, unknown>;

const str = (v: unknown): string | undefined =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;

/** A known key's translation, else the raw value (a server newer than this UI). */
function known(t: TFunction, prefix: string, value: unknown): string {
  const raw = str(value) ?? '';
  const key = `${prefix}.${raw}`;
  const text = t(key);
  return text === key ? raw : text;
}

/** The generic fallback: a few well-known fields, as before. */
function fields(data: Data): string {
  return ['from', 'to', 'reason', 'resolution', 'note', 'channel', 'recipient', 'state', 'title']
    .filter((k) => str(data[k]) !== undefined)
    .map((k) => `${k}: ${str(data[k])}`)
    .join(' · ');
}

/**
 * One readable line for a timeline entry's data, in the UI's language: SLA warnings and breaches,
 * the escalation chain's progress and notifications get sentences; other kinds keep the short
 * field list. Steps are counted from 1 for people (the API counts from 0).
 */
export function timelineText(t: TFunction, kind: string, dataJson: string, tz: string, lang: string): string {
  let data: Data;
  try {
    data = JSON.parse(dataJson) as Data;
  } catch {
    return '';
  }
  const round = (n: unknown) => (typeof n === 'number' && n > 0 ? t('tl.round', { n: n + 1 }) : '');
  const step = (n: unknown) => (typeof n === 'number' ? n + 1 : '?');
  switch (kind) {
    case 'SLA_WARNING':
    case 'SLA_BREACHED':
      return t(kind === 'SLA_WARNING' ? 'tl.slaWarning' : 'tl.slaBreached', {
        clock: known(t, 'tl.clock', data.clock),
        due: formatDateTime(str(data.dueAt) ?? null, tz, lang),
      });
    case 'ESCALATION_STARTED':
      return t('tl.started', {
        chain: str(data.chain) ?? '—',
        steps: str(data.steps) ?? '?',
        run: str(data.run) ?? '1',
      });
    case 'ESCALATION_STEP':
      return (
        t('tl.step', {
          step: step(data.position),
          count: Array.isArray(data.recipients) ? data.recipients.length : 0,
        }) + round(data.repeat)
      );
    case 'ESCALATION_STEP_SKIPPED':
      return (
        t('tl.skipped', {
          step: step(data.position),
          reason: known(t, 'escalation.skipReasons', data.reason),
        }) + round(data.repeat)
      );
    case 'ESCALATION_STOPPED':
      return t('tl.stopped', { reason: known(t, 'escalation.reasons', data.reason) });
    case 'NOTIFICATION': {
      const failed = data.deliveryFailed as Data | undefined;
      if (failed && typeof failed === 'object') {
        const fallback = failed.fallback as Data | null | undefined;
        return (
          t('tl.deliveryFailed', {
            channel: known(t, 'channel', failed.channel),
            kind: known(t, 'delivery.failure', failed.kind),
          }) + (fallback ? t('tl.fallbackTo', { channel: known(t, 'channel', fallback.channel) }) : '')
        );
      }
      if (data.event !== undefined) {
        return (
          t('tl.requested', {
            event: known(t, 'delivery.events', data.event),
            count: Array.isArray(data.notifications) ? data.notifications.length : 0,
          }) + round(data.repeat)
        );
      }
      return fields(data);
    }
    default:
      return fields(data);
  }
}
