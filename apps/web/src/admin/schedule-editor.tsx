import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useMe } from '../auth';
import { graphql } from '../gql';
import type { TeamOncallQuery } from '../gql/graphql';
import { formatDateTime, localInputToIso, startOfDay } from '../time';
import { errorText } from '../ui/errors';
import { ErrorAlert } from '../ui/form';

const AddLayer = graphql(`
  mutation AddRotationLayer($scheduleId: ID!, $input: RotationLayerInput!) {
    addRotationLayer(scheduleId: $scheduleId, input: $input) {
      id
    }
  }
`);
const CreateOverride = graphql(`
  mutation CreateOverride($scheduleId: ID!, $input: OverrideInput!) {
    createOverride(scheduleId: $scheduleId, input: $input) {
      id
    }
  }
`);
const DeleteOverride = graphql(`
  mutation DeleteOverride($id: ID!) {
    deleteOverride(id: $id)
  }
`);
const Coverage = graphql(`
  query ScheduleCoverage($scheduleId: ID!, $from: DateTime!, $to: DateTime!) {
    scheduleCoverage(scheduleId: $scheduleId, from: $from, to: $to) {
      start
      end
      source
      userIds
    }
  }
`);

type Schedule = NonNullable<TeamOncallQuery['team']>['schedules'][number];
const DAYS = 14;

/** A schedule's rotation layers and overrides ("I cover Tuesday night"), and who is on call for 14 days. */
export function ScheduleEditor({
  schedule,
  members,
  onDone,
}: {
  schedule: Schedule;
  members: { id: string; name: string }[];
  onDone: () => Promise<unknown>;
}) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const tz = me.timeZone;
  const range = useMemo(() => {
    const from = startOfDay(tz);
    return { from: from.toISOString(), to: new Date(from.getTime() + DAYS * 86_400_000).toISOString() };
  }, [tz]);
  const coverage = useQuery(Coverage, { variables: { scheduleId: schedule.id, ...range } });
  const [addLayer] = useMutation(AddLayer);
  const [createOverride] = useMutation(CreateOverride);
  const [deleteOverride] = useMutation(DeleteOverride);
  const [failure, setFailure] = useState<string | null>(null);
  const [layer, setLayer] = useState({
    name: '',
    participants: [] as string[],
    hours: '168',
    handoff: '08:00',
    start: range.from.slice(0, 10),
  });
  const [cover, setCover] = useState({ userId: '', from: '', to: '', reason: '' });
  const name = (id: string) => members.find((m) => m.id === id)?.name ?? id;
  const at = (iso: string) => formatDateTime(iso, tz, i18n.language);
  const act = async (p: Promise<unknown>) => {
    try {
      await p;
      setFailure(null);
      await Promise.all([onDone(), coverage.refetch()]);
      return true;
    } catch (err) {
      setFailure(errorText(t, err));
      return false;
    }
  };
  const submitLayer = async (e: FormEvent) => {
    e.preventDefault();
    const input = {
      name: layer.name.trim(),
      participantIds: layer.participants,
      shiftLengthHours: Number(layer.hours),
      handoffTime: layer.handoff,
      startDate: layer.start,
      timeZone: tz,
    };
    if (await act(addLayer({ variables: { scheduleId: schedule.id, input } })))
      setLayer({ ...layer, name: '', participants: [] });
  };
  const submitOverride = async (e: FormEvent) => {
    e.preventDefault();
    if (!cover.userId || !cover.from || !cover.to) return setFailure(t('oncall.overrideRequired'));
    const input = {
      userId: cover.userId,
      startsAt: localInputToIso(cover.from, tz),
      endsAt: localInputToIso(cover.to, tz),
      reason: cover.reason.trim() || null,
    };
    if (await act(createOverride({ variables: { scheduleId: schedule.id, input } })))
      setCover({ userId: '', from: '', to: '', reason: '' });
  };
  const p = `s-${schedule.id}`;
  return (
    <article className="card" data-schedule={schedule.name}>
      <h3>{schedule.name}</h3>
      {failure && <ErrorAlert>{failure}</ErrorAlert>}
      <h4>{t('oncall.layers')}</h4>
      <ul>
        {schedule.layers.map((l) => (
          <li key={l.id}>
            <strong>{l.name}</strong>: {l.participantIds.map(name).join(' → ')} ·{' '}
            {t('oncall.shift', { hours: l.shiftLengthHours, at: l.handoffTime })}
          </li>
        ))}
      </ul>
      <form className="coord-form" onSubmit={(e) => void submitLayer(e)} data-form="layer">
        <label htmlFor={`${p}-ln`}>{t('oncall.layerName')}</label>
        <input
          id={`${p}-ln`}
          required
          maxLength={120}
          value={layer.name}
          onChange={(e) => setLayer({ ...layer, name: e.target.value })}
        />
        <fieldset>
          <legend>{t('oncall.participants')}</legend>
          {members.map((m) => (
            <label key={m.id} className="radio">
              <input
                type="checkbox"
                checked={layer.participants.includes(m.id)}
                onChange={(e) =>
                  setLayer({
                    ...layer,
                    participants: e.target.checked
                      ? [...layer.participants, m.id]
                      : layer.participants.filter((x) => x !== m.id),
                  })
                }
              />
              {m.name}
            </label>
          ))}
        </fieldset>
        <label htmlFor={`${p}-h`}>{t('oncall.shiftHours')}</label>
        <input
          id={`${p}-h`}
          type="number"
          min={1}
          max={2016}
          value={layer.hours}
          onChange={(e) => setLayer({ ...layer, hours: e.target.value })}
        />
        <label htmlFor={`${p}-ho`}>{t('oncall.handoff')}</label>
        <input
          id={`${p}-ho`}
          type="time"
          value={layer.handoff}
          onChange={(e) => setLayer({ ...layer, handoff: e.target.value })}
        />
        <label htmlFor={`${p}-sd`}>{t('oncall.startDate')}</label>
        <input
          id={`${p}-sd`}
          type="date"
          value={layer.start}
          onChange={(e) => setLayer({ ...layer, start: e.target.value })}
        />
        <button type="submit">{t('oncall.addLayer')}</button>
      </form>
      <h4>{t('oncall.overrides')}</h4>
      <ul>
        {schedule.overrides.map((o) => (
          <li key={o.id}>
            {name(o.userId)}: {at(o.startsAt)} – {at(o.endsAt)} {o.reason && `(${o.reason})`}{' '}
            <button type="button" onClick={() => void act(deleteOverride({ variables: { id: o.id } }))}>
              {t('common.delete')}
            </button>
          </li>
        ))}
      </ul>
      <form className="coord-form" onSubmit={(e) => void submitOverride(e)} data-form="override">
        <label htmlFor={`${p}-ou`}>{t('oncall.whoCovers')}</label>
        <select
          id={`${p}-ou`}
          value={cover.userId}
          onChange={(e) => setCover({ ...cover, userId: e.target.value })}
        >
          <option value="">—</option>
          {members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
        <label htmlFor={`${p}-of`}>{t('oncall.from')}</label>
        <input
          id={`${p}-of`}
          type="datetime-local"
          value={cover.from}
          onChange={(e) => setCover({ ...cover, from: e.target.value })}
        />
        <label htmlFor={`${p}-ot`}>{t('oncall.to')}</label>
        <input
          id={`${p}-ot`}
          type="datetime-local"
          value={cover.to}
          onChange={(e) => setCover({ ...cover, to: e.target.value })}
        />
        <label htmlFor={`${p}-or`}>{t('incident.reason')}</label>
        <input
          id={`${p}-or`}
          maxLength={500}
          value={cover.reason}
          onChange={(e) => setCover({ ...cover, reason: e.target.value })}
        />
        <button type="submit">{t('oncall.addOverride')}</button>
      </form>
      <h4>{t('oncall.calendar', { days: DAYS })}</h4>
      <ol className="coverage" data-testid="coverage">
        {coverage.data?.scheduleCoverage.map((c) => (
          <li key={c.start} data-source={c.source}>
            {at(c.start)} – {at(c.end)}:{' '}
            {c.userIds.length ? c.userIds.map(name).join(', ') : `⚠ ${t('oncall.gap')}`}
            {c.source === 'override' && ` · ${t('oncall.override')}`}
          </li>
        ))}
      </ol>
    </article>
  );
}
