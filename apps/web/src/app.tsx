import { ApolloProvider } from '@apollo/client/react';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { createApolloClient } from './apollo';
import { homeFor, useSession } from './auth';
import { applyLang } from './i18n';
import { match, navigate, useLocation } from './router';
import { IncidentDetail } from './screens/incident-detail';
import { IncidentLists } from './screens/incident-lists';
import { Inbox } from './screens/inbox';
import { Queue } from './screens/queue';
import { ReportForm } from './screens/report-form';
import { Reports } from './screens/reports';
import { Settings } from './screens/settings';
import { ResetPassword } from './screens/reset-password';
import { SecondFactorEnrol } from './screens/second-factor-enrol';
import { SignIn } from './screens/sign-in';
import { refreshAccessToken, updateSessionUser } from './session';
import { Layout } from './ui/layout';

// Charts and admin screens are loaded on demand, to keep the first load small.
const Dashboard = lazy(() => import('./screens/dashboard'));
const Admin = lazy(() => import('./admin/admin'));

function Routes() {
  const user = useSession()!;
  const { path } = useLocation();
  const { t } = useTranslation();
  let params: Record<string, string> | null;
  // A role that must use a second factor, without one yet: set it up before anything else.
  if (user.mustEnrolSecondFactor) {
    return <SecondFactorEnrol forced onDone={() => updateSessionUser({ mustEnrolSecondFactor: false })} />;
  }
  if (path === '/' || path === '/signin') {
    navigate(homeFor(user.role), { replace: true });
    return null;
  }
  if (path === '/queue') return <Queue />;
  if (path === '/queue/open') return <IncidentLists key="open" closed={false} />;
  if (path === '/queue/closed') return <IncidentLists key="closed" closed />;
  if (path === '/inbox') return <Inbox />;
  if (path === '/reports') return <Reports />;
  if (path === '/report') return <ReportForm />;
  if (path === '/settings') return <Settings />;
  if (path === '/dashboard') return <Dashboard />;
  if (path === '/admin' || path.startsWith('/admin/')) return <Admin />;
  if ((params = match('/incidents/:id', path))) return <IncidentDetail id={params.id} />;
  return <p role="alert">{t('common.notFound')}</p>;
}

function SignedOut() {
  const { path } = useLocation();
  return path === '/reset-password' ? <ResetPassword /> : <SignIn />;
}

export function App() {
  const client = useMemo(() => createApolloClient(), []);
  const user = useSession();
  const [restoring, setRestoring] = useState(true);
  const { t } = useTranslation();

  useEffect(() => {
    // A reload keeps the session: the refresh cookie buys a new access token.
    void refreshAccessToken().finally(() => setRestoring(false));
  }, []);

  useEffect(() => {
    if (user) applyLang(user.locale);
  }, [user?.locale]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (!user) void client.clearStore();
  }, [user, client]);

  if (restoring) return <p className="splash">{t('app.loading')}</p>;
  return (
    <ApolloProvider client={client}>
      {user ? (
        <Layout>
          <Suspense fallback={<p className="splash">{t('app.loading')}</p>}>
            <Routes />
          </Suspense>
        </Layout>
      ) : (
        <SignedOut />
      )}
    </ApolloProvider>
  );
}
