import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useMe } from '../auth';
import { graphql } from '../gql';
import type { IncidentDetailQuery } from '../gql/graphql';
import { formatDateTime } from '../time';
import { errorText } from './errors';
import { ErrorAlert } from './form';
import { StaffDirectory } from './staff-directory';

const AddComment = graphql(`
  mutation AddComment($incidentId: ID!, $body: String!, $internal: Boolean!) {
    addComment(incidentId: $incidentId, body: $body, internal: $internal) {
      id
    }
  }
`);
type Incident = NonNullable<IncidentDetailQuery['incident']>;

export function Comments({ incident, refetch }: { incident: Incident; refetch: () => Promise<unknown> }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const staff = me.role !== 'REPORTER';
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [add, { loading }] = useMutation(AddComment);
  const people = useQuery(StaffDirectory, { skip: !staff, fetchPolicy: 'cache-first' });
  // Staff see who wrote; a reporter sees "you" or "the response team" (staff stay unnamed to them).
  const author = (id: string | null | undefined) =>
    id === me.id
      ? t('who.you')
      : staff
        ? (people.data?.users.find((u) => u.id === id)?.displayName ?? t('who.someone'))
        : t('who.team');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) return;
    try {
      await add({ variables: { incidentId: incident.id, body: body.trim(), internal: staff && internal } });
      setBody('');
      setError(null);
      await refetch();
    } catch (err) {
      setError(errorText(t, err));
    }
  };
  return (
    <section aria-labelledby="comments-h">
      <h2 id="comments-h">{t('incident.comments')}</h2>
      {incident.comments.length === 0 && <p className="muted">{t('incident.noComments')}</p>}
      <ul className="comments">
        {incident.comments.map((c) => (
          <li key={c.id} className={c.internal ? 'internal' : ''}>
            <span className="small muted">
              <strong className="author">{author(c.authorId)}</strong> ·{' '}
              {formatDateTime(c.createdAt, me.timeZone, i18n.language)} ·{' '}
              <strong>{c.internal ? `🔒 ${t('incident.internalBadge')}` : t('incident.visibleBadge')}</strong>
            </span>
            <p>{c.body}</p>
          </li>
        ))}
      </ul>
      <form onSubmit={(e) => void submit(e)}>
        {error && <ErrorAlert>{error}</ErrorAlert>}
        <label htmlFor="comment-body">{t('incident.comment')}</label>
        <textarea
          id="comment-body"
          rows={3}
          maxLength={10000}
          value={body}
          onChange={(e) => setBody(e.target.value)}
        />
        {staff && (
          <label className="switch">
            <input
              type="checkbox"
              role="switch"
              checked={internal}
              aria-checked={internal}
              onChange={(e) => setInternal(e.target.checked)}
            />
            {t('incident.internal')}
          </label>
        )}
        <button type="submit" disabled={loading || !body.trim()}>
          {t('incident.addComment')}
        </button>
      </form>
    </section>
  );
}
