import { useQuery, useSubscription } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';

import { graphql } from '../gql';
import { Link, useLocation } from '../router';

export const UnreadCount = graphql(`
  query UnreadCount {
    myNotifications(first: 1, unreadOnly: true) {
      unreadCount
    }
  }
`);
const BellLive = graphql(`
  subscription BellLive {
    incidentChanged {
      type
      incidentId
    }
  }
`);

/** The inbox bell with the unread count: re-read on every incident event and every 20 s. */
export function Bell() {
  const { t } = useTranslation();
  const { path } = useLocation();
  const { data, refetch } = useQuery(UnreadCount, { pollInterval: 20_000 });
  useSubscription(BellLive, { onData: () => void refetch() });
  const count = data?.myNotifications.unreadCount ?? 0;
  return (
    <Link
      href="/inbox"
      className="bell"
      aria-label={t('inbox.bell', { count })}
      aria-current={path === '/inbox' ? 'page' : undefined}
      data-unread={count}
    >
      <span aria-hidden="true">🔔</span>
      {count > 0 && (
        <span className="bell-count" aria-hidden="true">
          {count > 99 ? '99+' : count}
        </span>
      )}
    </Link>
  );
}
