import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { graphql } from '../gql';
import { Link } from '../router';
import { errorText } from '../ui/errors';
import { ErrorAlert } from '../ui/form';
import { ScheduleEditor } from './schedule-editor';

export const TeamOncallDoc = graphql(`
  query TeamOncall($id: ID!) {
    team(id: $id) {
      id
      name
      members {
        userId
        isLead
      }
      schedules {
        id
        name
        version
        layers {
          id
          name
          participantIds
          shiftLengthHours
          handoffTime
          startDate
        }
        overrides {
          id
          userId
          startsAt
          endsAt
          reason
        }
      }
    }
    onCallNow(teamId: $id) {
      id
      displayName
    }
    users {
      id
      displayName
      role
    }
  }
`);
const AddMember = graphql(`
  mutation AddTeamMember($teamId: ID!, $input: TeamMemberInput!) {
    addTeamMember(teamId: $teamId, input: $input) {
      userId
    }
  }
`);
const RemoveMember = graphql(`
  mutation RemoveTeamMember($teamId: ID!, $userId: ID!) {
    removeTeamMember(teamId: $teamId, userId: $userId)
  }
`);
const CreateSchedule = graphql(`
  mutation CreateSchedule($teamId: ID!, $name: String!) {
    createSchedule(teamId: $teamId, name: $name) {
      id
    }
  }
`);

/** One team's on-call: members, who is on call now, and each schedule's layers, overrides and calendar. */
export function TeamOncall({ teamId }: { teamId: string }) {
  const { t } = useTranslation();
  const { data, error, refetch } = useQuery(TeamOncallDoc, { variables: { id: teamId } });
  const [add] = useMutation(AddMember);
  const [remove] = useMutation(RemoveMember);
  const [createSchedule] = useMutation(CreateSchedule);
  const [userId, setUserId] = useState('');
  const [scheduleName, setScheduleName] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const act = (p: Promise<unknown>) =>
    p.then(() => (setFailure(null), refetch())).catch((err: unknown) => setFailure(errorText(t, err)));
  if (error) return <ErrorAlert>{errorText(t, error)}</ErrorAlert>;
  if (!data) return <p className="splash">{t('app.loading')}</p>;
  const { team } = data;
  const name = (id: string) => data.users.find((u) => u.id === id)?.displayName ?? id;
  const candidates = data.users.filter(
    (u) => u.role !== 'REPORTER' && !team.members.some((m) => m.userId === u.id),
  );
  return (
    <section aria-labelledby="oncall-h">
      <p>
        <Link href="/admin/teams">← {t('admin.teams')}</Link>
      </p>
      <h2 id="oncall-h">{team.name}</h2>
      {failure && <ErrorAlert>{failure}</ErrorAlert>}
      <p data-testid="on-call-now">
        <strong>{t('admin.onCallNow')}:</strong>{' '}
        {data.onCallNow.map((u) => u.displayName).join(', ') || t('oncall.nobody')}
      </p>
      <h3>{t('admin.members')}</h3>
      <ul className="members">
        {team.members.map((m) => (
          <li key={m.userId} data-member={m.userId}>
            {name(m.userId)}
            {m.isLead && ' ★'}{' '}
            <button
              type="button"
              onClick={() => void act(remove({ variables: { teamId, userId: m.userId } }))}
            >
              {t('oncall.remove', { name: name(m.userId) })}
            </button>
          </li>
        ))}
      </ul>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (userId)
            void act(add({ variables: { teamId, input: { userId, isLead: false } } })).then(() =>
              setUserId(''),
            );
        }}
      >
        <label htmlFor="add-member">{t('oncall.addMember')}</label>
        <select id="add-member" value={userId} onChange={(e) => setUserId(e.target.value)}>
          <option value="">—</option>
          {candidates.map((u) => (
            <option key={u.id} value={u.id}>
              {u.displayName} ({t(`roles.${u.role}`)})
            </option>
          ))}
        </select>
        <button type="submit" disabled={!userId}>
          {t('common.add')}
        </button>
      </form>
      {team.schedules.map((s) => (
        <ScheduleEditor
          key={s.id}
          schedule={s}
          members={team.members.map((m) => ({ id: m.userId, name: name(m.userId) }))}
          onDone={refetch}
        />
      ))}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (scheduleName.trim())
            void act(createSchedule({ variables: { teamId, name: scheduleName.trim() } })).then(() =>
              setScheduleName(''),
            );
        }}
      >
        <label htmlFor="new-schedule">{t('oncall.newSchedule')}</label>
        <input
          id="new-schedule"
          value={scheduleName}
          maxLength={120}
          onChange={(e) => setScheduleName(e.target.value)}
        />
        <button type="submit">{t('common.create')}</button>
      </form>
    </section>
  );
}
