import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useMe } from '../auth';
import { graphql } from '../gql';
import { Link } from '../router';
import { formatDateTime } from '../time';
import { SeverityBadge } from '../ui/badges';
import { UnreadCount } from '../ui/bell';
import { errorText } from '../ui/errors';
import { ErrorAlert } from '../ui/form';

export const MyInbox = graphql(`
  query MyInbox($unreadOnly: Boolean, $after: String) {
    myNotifications(first: 20, unreadOnly: $unreadOnly, after: $after) {
      unreadCount
      totalCount
      edges {
        node {
          id
          event
          channel
          createdAt
          readAt
          incidentId
          incident {
            id
            code
            title
            severity
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
const MarkRead = graphql(`
  mutation MarkRead($ids: [ID!]!) {
    markNotificationsRead(ids: $ids)
  }
`);
const MarkAllRead = graphql(`
  mutation MarkAllRead {
    markAllNotificationsRead
  }
`);

/** Everything sent to me, newest first; opening an entry marks it read and goes to its incident. */
export function Inbox() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const { data, error, refetch, fetchMore } = useQuery(MyInbox, {
    variables: { unreadOnly },
    fetchPolicy: 'cache-and-network',
    pollInterval: 20_000,
  });
  const refetchQueries = [UnreadCount];
  const [markRead] = useMutation(MarkRead, { refetchQueries });
  const [markAll, marking] = useMutation(MarkAllRead, { refetchQueries });
  const [failure, setFailure] = useState<string | null>(null);
  const inbox = data?.myNotifications;
  const act = (p: Promise<unknown>) =>
    p.then(() => refetch()).catch((err: unknown) => setFailure(errorText(t, err)));

  return (
    <section aria-labelledby="inbox-h">
      <h1 id="inbox-h">{t('inbox.title')}</h1>
      {(error || failure) && <ErrorAlert>{failure ?? errorText(t, error)}</ErrorAlert>}
      <div className="row">
        <label className="switch">
          <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} />
          {t('inbox.unreadOnly')}
        </label>
        {(inbox?.unreadCount ?? 0) > 0 && (
          <button type="button" disabled={marking.loading} onClick={() => void act(markAll())}>
            {t('inbox.markAll')}
          </button>
        )}
      </div>
      {inbox && inbox.edges.length === 0 && <p className="muted empty">{t('inbox.empty')}</p>}
      <ul className="inbox">
        {inbox?.edges.map(({ node: n }) => (
          <li
            key={n.id}
            className={n.readAt ? 'read' : 'unread'}
            data-event={n.event}
            data-code={n.incident?.code}
          >
            <Link
              href={`/incidents/${n.incidentId}`}
              className="card-link"
              onClick={() => {
                if (!n.readAt) void markRead({ variables: { ids: [n.id] } }).catch(() => undefined);
              }}
            >
              <span className="row">
                {!n.readAt && <strong className="unread-mark">● {t('inbox.unread')}</strong>}
                <strong>{t(`inbox.${n.event}`)}</strong>
                {n.incident && <SeverityBadge severity={n.incident.severity} />}
              </span>
              {n.incident && (
                <span className="title">
                  {n.incident.code} · {n.incident.title}
                </span>
              )}
              <span className="small muted">{formatDateTime(n.createdAt, me.timeZone, i18n.language)}</span>
            </Link>
            {!n.readAt && (
              <button
                type="button"
                className="link"
                onClick={() => void act(markRead({ variables: { ids: [n.id] } }))}
              >
                {t('inbox.markRead')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {inbox?.pageInfo.hasNextPage && (
        <button
          type="button"
          onClick={() =>
            void fetchMore({
              variables: { after: inbox.pageInfo.endCursor },
              updateQuery: (prev, { fetchMoreResult }) => ({
                myNotifications: {
                  ...fetchMoreResult.myNotifications,
                  edges: [...prev.myNotifications.edges, ...fetchMoreResult.myNotifications.edges],
                },
              }),
            })
          }
        >
          {t('inbox.more')}
        </button>
      )}
    </section>
  );
}
