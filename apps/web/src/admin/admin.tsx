import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useMe } from '../auth';
import { graphql } from '../gql';
import type { AgencyKind, Role, Severity } from '../gql/graphql';
import { Link, match, useLocation } from '../router';
import { accessToken } from '../session';
import { AgencySelect, EnumSelect, ErrorAlert } from '../ui/form';
import { TeamOncall } from './team-oncall';

// Chains, policies and readiness are a separate chunk, loaded when one of their tabs opens.
const EscalationAdmin = lazy(() => import('./escalation'));

const AdminUsers = graphql(`
  query AdminUsers {
    users(includeInactive: true) {
      id
      displayName
      email
      role
      active
      agencyId
      lockedUntil
    }
    agencies {
      id
      code
      name
    }
  }
`);
const CreateUser = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      id
    }
  }
`);
const DeactivateUser = graphql(`
  mutation DeactivateUser($id: ID!) {
    deactivateUser(id: $id) {
      id
      active
    }
  }
`);
const ReactivateUser = graphql(`
  mutation ReactivateUser($id: ID!) {
    reactivateUser(id: $id) {
      id
      active
    }
  }
`);
const ResetSecondFactor = graphql(`
  mutation ResetSecondFactor($userId: ID!) {
    resetSecondFactor(userId: $userId)
  }
`);

const IssuePasswordResetLink = graphql(`
  mutation IssuePasswordResetLink($userId: ID!) {
    issuePasswordResetLink(userId: $userId) {
      url
      expiresAt
    }
  }
`);

const AdminAgencies = graphql(`
  query AdminAgencies {
    agencies {
      id
      code
      name
      kind
      parentId
      systems {
        id
        name
        securityLevel
      }
    }
  }
`);
const CreateAgency = graphql(`
  mutation CreateAgency($input: CreateAgencyInput!) {
    createAgency(input: $input) {
      id
    }
  }
`);
const AdminTeams = graphql(`
  query AdminTeams {
    teams {
      id
      name
      description
      members {
        userId
        isLead
      }
      schedules {
        id
        name
        layers {
          id
        }
      }
    }
    users {
      id
      displayName
    }
  }
`);
const CreateTeam = graphql(`
  mutation CreateTeam($input: TeamInput!) {
    createTeam(input: $input) {
      id
    }
  }
`);
const AdminSla = graphql(`
  query AdminSla {
    slaPolicies {
      id
      severity
      ackMinutes
      resolveMinutes
      warnPercent
      workingHoursOnly
      version
    }
  }
`);
const UpdateSla = graphql(`
  mutation UpdateSla($severity: Severity!, $input: SlaPolicyInput!) {
    updateSlaPolicy(severity: $severity, input: $input) {
      id
      ackMinutes
      resolveMinutes
      warnPercent
      workingHoursOnly
      version
    }
  }
`);

const ROLES: Role[] = ['REPORTER', 'RESPONDER', 'COORDINATOR', 'LEADER', 'ADMIN'];
const KINDS: AgencyKind[] = ['PROVINCE', 'DEPARTMENT', 'DISTRICT', 'COMMUNE'];

function Users() {
  const { t } = useTranslation();
  const me = useMe();
  const { data, refetch } = useQuery(AdminUsers);
  const [create] = useMutation(CreateUser);
  const [deactivate] = useMutation(DeactivateUser);
  const [reactivate] = useMutation(ReactivateUser);
  const [resetSecondFactor] = useMutation(ResetSecondFactor);
  const [issueLink] = useMutation(IssuePasswordResetLink);
  const [notice, setNotice] = useState<string | null>(null);
  const [form, setForm] = useState({
    displayName: '',
    email: '',
    password: '',
    role: 'REPORTER' as Role,
    agencyId: '',
  });
  const [error, setError] = useState<string | null>(null);
  const isAdmin = me.role === 'ADMIN';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await create({ variables: { input: { ...form, agencyId: form.agencyId || undefined } } });
      setForm({ ...form, displayName: '', email: '', password: '' });
      setError(null);
      await refetch();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const agency = (id?: string | null) => data?.agencies.find((a) => a.id === id)?.code ?? '—';
  return (
    <section aria-labelledby="users-h">
      <h2 id="users-h">{t('admin.users')}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('admin.name')}</th>
              <th scope="col">{t('admin.email')}</th>
              <th scope="col">{t('admin.role')}</th>
              <th scope="col">{t('incident.agency')}</th>
              <th scope="col">{t('admin.active')}</th>
              {isAdmin && <th scope="col" />}
            </tr>
          </thead>
          <tbody>
            {data?.users.map((u) => (
              <tr key={u.id}>
                <th scope="row">{u.displayName}</th>
                <td>{u.email}</td>
                <td>{t(`roles.${u.role}`)}</td>
                <td>{agency(u.agencyId)}</td>
                <td>{u.active ? `✓ ${t('common.yes')}` : `✗ ${t('common.no')}`}</td>
                {isAdmin && (
                  <td>
                    {u.id !== me.id && (
                      <button
                        type="button"
                        onClick={() =>
                          void (
                            u.active
                              ? deactivate({ variables: { id: u.id } })
                              : reactivate({ variables: { id: u.id } })
                          )
                            .then(() => refetch())
                            .catch((err: Error) => setError(err.message))
                        }
                      >
                        {u.active ? t('admin.deactivate') : t('admin.reactivate')}
                      </button>
                    )}
                    {u.id !== me.id && u.active && (
                      <>
                        <button
                          type="button"
                          onClick={() => {
                            if (!window.confirm(t('admin.resetSecondFactorConfirm', { name: u.displayName })))
                              return;
                            void resetSecondFactor({ variables: { userId: u.id } })
                              .then(() => setNotice(t('admin.secondFactorReset', { name: u.displayName })))
                              .catch((err: Error) => setError(err.message));
                          }}
                        >
                          {t('admin.resetSecondFactor')}
                        </button>
                        <button
                          type="button"
                          onClick={() =>
                            void issueLink({ variables: { userId: u.id } })
                              .then(({ data: link }) =>
                                setNotice(
                                  t('admin.resetLink', {
                                    name: u.displayName,
                                    url: link?.issuePasswordResetLink.url ?? '',
                                  }),
                                ),
                              )
                              .catch((err: Error) => setError(err.message))
                          }
                        >
                          {t('admin.issueResetLink')}
                        </button>
                      </>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {notice && (
        <p className="alert success reset-notice" role="status">
          {notice}
        </p>
      )}
      {isAdmin && (
        <form onSubmit={(e) => void submit(e)} className="inline-form">
          <h3>{t('admin.newUser')}</h3>
          {error && <ErrorAlert>{error}</ErrorAlert>}
          <label htmlFor="nu-name">{t('admin.name')}</label>
          <input
            id="nu-name"
            value={form.displayName}
            onChange={(e) => setForm({ ...form, displayName: e.target.value })}
          />
          <label htmlFor="nu-email">{t('admin.email')}</label>
          <input
            id="nu-email"
            type="email"
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.target.value })}
          />
          <label htmlFor="nu-password">{t('admin.password')}</label>
          <input
            id="nu-password"
            type="password"
            autoComplete="new-password"
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
          />
          <EnumSelect
            id="nu-role"
            label={t('admin.role')}
            value={form.role}
            options={ROLES}
            optionLabel={(r) => t(`roles.${r}`)}
            onChange={(role) => setForm({ ...form, role })}
          />
          <AgencySelect
            id="nu-agency"
            label={t('incident.agency')}
            value={form.agencyId}
            agencies={data?.agencies}
            empty="—"
            onChange={(agencyId) => setForm({ ...form, agencyId })}
          />
          <button type="submit" className="primary">
            {t('common.create')}
          </button>
        </form>
      )}
    </section>
  );
}

function Agencies() {
  const { t } = useTranslation();
  const me = useMe();
  const { data, refetch } = useQuery(AdminAgencies);
  const [create] = useMutation(CreateAgency);
  const [form, setForm] = useState({ code: '', name: '', kind: 'DEPARTMENT' as AgencyKind, parentId: '' });
  const [error, setError] = useState<string | null>(null);
  const parent = (id?: string | null) => data?.agencies.find((a) => a.id === id)?.code ?? '—';
  return (
    <section aria-labelledby="ag-h">
      <h2 id="ag-h">{t('admin.agencies')}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('admin.code')}</th>
              <th scope="col">{t('admin.name')}</th>
              <th scope="col">{t('admin.kind')}</th>
              <th scope="col">{t('admin.parent')}</th>
              <th scope="col">{t('incident.system')}</th>
            </tr>
          </thead>
          <tbody>
            {data?.agencies.map((a) => (
              <tr key={a.id}>
                <th scope="row">{a.code}</th>
                <td>{a.name}</td>
                <td>{a.kind}</td>
                <td>{parent(a.parentId)}</td>
                <td>{a.systems.map((s) => `${s.name} (${s.securityLevel})`).join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {me.role === 'ADMIN' && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            create({ variables: { input: { ...form, parentId: form.parentId || undefined } } })
              .then(() => {
                setError(null);
                setForm({ ...form, code: '', name: '' });
                return refetch();
              })
              .catch((err: Error) => setError(err.message));
          }}
        >
          <h3>{t('admin.newAgency')}</h3>
          {error && <ErrorAlert>{error}</ErrorAlert>}
          <label htmlFor="na-code">{t('admin.code')}</label>
          <input
            id="na-code"
            value={form.code}
            onChange={(e) => setForm({ ...form, code: e.target.value })}
          />
          <label htmlFor="na-name">{t('admin.name')}</label>
          <input
            id="na-name"
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
          <EnumSelect
            id="na-kind"
            label={t('admin.kind')}
            value={form.kind}
            options={KINDS}
            onChange={(kind) => setForm({ ...form, kind })}
          />
          <AgencySelect
            id="na-parent"
            label={t('admin.parent')}
            value={form.parentId}
            agencies={data?.agencies}
            empty="—"
            onChange={(parentId) => setForm({ ...form, parentId })}
          />
          <button type="submit" className="primary">
            {t('common.create')}
          </button>
        </form>
      )}
    </section>
  );
}

function Teams() {
  const { t } = useTranslation();
  const { data, refetch } = useQuery(AdminTeams);
  const [create] = useMutation(CreateTeam);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const user = (id: string) => data?.users.find((u) => u.id === id)?.displayName ?? id;
  return (
    <section aria-labelledby="teams-h">
      <h2 id="teams-h">{t('admin.teams')}</h2>
      {data?.teams.map((team) => (
        <article key={team.id} className="card">
          <h3>{team.name}</h3>
          <p>
            <Link href={`/admin/teams/${team.id}`}>{t('oncall.manage', { name: team.name })}</Link>
          </p>
          {team.description && <p>{team.description}</p>}
          <p>
            <strong>{t('admin.members')}:</strong>{' '}
            {team.members.map((m) => `${user(m.userId)}${m.isLead ? ' ★' : ''}`).join(', ') || '—'}
          </p>
          <p>
            <strong>{t('admin.schedules')}:</strong>{' '}
            {team.schedules
              .map((s) => `${s.name} (${t('admin.layers', { n: s.layers.length, count: s.layers.length })})`)
              .join('; ') || '—'}
          </p>
        </article>
      ))}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          create({ variables: { input: { name } } })
            .then(() => {
              setName('');
              setError(null);
              return refetch();
            })
            .catch((err: Error) => setError(err.message));
        }}
      >
        <h3>{t('admin.newTeam')}</h3>
        {error && <ErrorAlert>{error}</ErrorAlert>}
        <label htmlFor="nt-name">{t('admin.name')}</label>
        <input id="nt-name" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="primary">
          {t('common.create')}
        </button>
      </form>
    </section>
  );
}

function SlaRow({
  p,
}: {
  p: {
    severity: Severity;
    ackMinutes: number;
    resolveMinutes: number;
    warnPercent: number;
    workingHoursOnly: boolean;
    version: number;
  };
}) {
  const { t } = useTranslation();
  const [update] = useMutation(UpdateSla);
  const [v, setV] = useState(p);
  const [msg, setMsg] = useState<string | null>(null);
  const id = p.severity.toLowerCase();
  return (
    <form
      className="inline-form card"
      onSubmit={(e) => {
        e.preventDefault();
        update({
          variables: {
            severity: p.severity,
            input: {
              ackMinutes: v.ackMinutes,
              resolveMinutes: v.resolveMinutes,
              warnPercent: v.warnPercent,
              workingHoursOnly: v.workingHoursOnly,
              version: p.version,
            },
          },
        })
          .then(() => setMsg(t('common.saved')))
          .catch((err: Error) => setMsg(err.message));
      }}
    >
      <h3>{t(`severity.${p.severity}`)}</h3>
      <label htmlFor={`ack-${id}`}>{t('admin.ackMinutes')}</label>
      <input
        id={`ack-${id}`}
        type="number"
        min={1}
        value={v.ackMinutes}
        onChange={(e) => setV({ ...v, ackMinutes: Number(e.target.value) })}
      />
      <label htmlFor={`res-${id}`}>{t('admin.resolveMinutes')}</label>
      <input
        id={`res-${id}`}
        type="number"
        min={1}
        value={v.resolveMinutes}
        onChange={(e) => setV({ ...v, resolveMinutes: Number(e.target.value) })}
      />
      <label htmlFor={`warn-${id}`}>{t('admin.warnPercent')}</label>
      <input
        id={`warn-${id}`}
        type="number"
        min={1}
        max={99}
        value={v.warnPercent}
        onChange={(e) => setV({ ...v, warnPercent: Number(e.target.value) })}
      />
      <label className="switch">
        <input
          type="checkbox"
          checked={v.workingHoursOnly}
          onChange={(e) => setV({ ...v, workingHoursOnly: e.target.checked })}
        />
        {t('admin.workingHours')}
      </label>
      {msg && <p role="status">{msg}</p>}
      <button type="submit">{t('common.save')}</button>
    </form>
  );
}

function Sla() {
  const { t } = useTranslation();
  const { data } = useQuery(AdminSla);
  return (
    <section aria-labelledby="sla-h">
      <h2 id="sla-h">{t('admin.sla')}</h2>
      {data?.slaPolicies.map((p) => (
        <SlaRow key={`${p.id}-${p.version}`} p={p} />
      ))}
    </section>
  );
}

/**
 * The BullMQ dashboard (/queues/, served by the api) is a separate page: a page load carries no bearer
 * token, so this hands the token to the api once, which sets a cookie for /queues only.
 */
function QueueDashboardLink() {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  const open = async () => {
    const token = await accessToken();
    const res = token
      ? await fetch('/queues/session', { method: 'POST', headers: { authorization: `Bearer ${token}` } })
      : null;
    if (res?.ok) window.location.assign('/queues/');
    else setFailed(true);
  };
  return (
    <>
      <button type="button" className="link" onClick={() => void open()}>
        {t('admin.queues')}
      </button>
      {failed && <span role="alert">{t('admin.queuesUnavailable')}</span>}
    </>
  );
}

export default function Admin() {
  const { t } = useTranslation();
  const { path } = useLocation();
  const tabs = [
    { href: '/admin/users', label: t('admin.users') },
    { href: '/admin/agencies', label: t('admin.agencies') },
    { href: '/admin/teams', label: t('admin.teams') },
    { href: '/admin/sla', label: t('admin.sla') },
    { href: '/admin/chains', label: t('chains.title') },
    { href: '/admin/policies', label: t('chains.policies') },
    { href: '/admin/readiness', label: t('chains.readiness') },
  ];
  const teamId = match('/admin/teams/:id', path)?.id;
  const current = teamId ? '/admin/teams' : (tabs.find((x) => x.href === path)?.href ?? '/admin/users');
  return (
    <div className="admin">
      <h1>{t('admin.title')}</h1>
      <nav className="subtabs" aria-label={t('admin.title')}>
        {tabs.map((x) => (
          <Link key={x.href} href={x.href} aria-current={x.href === current ? 'page' : undefined}>
            {x.label}
          </Link>
        ))}
        <QueueDashboardLink />
      </nav>
      {current === '/admin/users' && <Users />}
      {current === '/admin/agencies' && <Agencies />}
      {current === '/admin/teams' && (teamId ? <TeamOncall teamId={teamId} /> : <Teams />)}
      {current === '/admin/sla' && <Sla />}
      {(current === '/admin/chains' || current === '/admin/policies' || current === '/admin/readiness') && (
        <Suspense fallback={<p className="splash">{t('app.loading')}</p>}>
          <EscalationAdmin view={current.slice('/admin/'.length) as 'chains' | 'policies' | 'readiness'} />
        </Suspense>
      )}
    </div>
  );
}
