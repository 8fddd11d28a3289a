import { useMutation, useQuery } from '@apollo/client/react';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useMe } from '../auth';
import { graphql } from '../gql';
import type {
  AdminChainsQuery,
  EscalationTargetKind,
  IncidentCategory,
  NotificationChannel,
  Role,
  Severity,
} from '../gql/graphql';
import { formatDateTime } from '../time';
import { CATEGORIES, SEVERITIES } from '../ui/enums';
import { AgencySelect, EnumSelect, ErrorAlert, FormMessage, type Msg } from '../ui/form';
import { useDuration } from '../ui/sla-clock';

const AdminChains = graphql(`
  query AdminChains {
    escalationChains {
      id
      name
      description
      isDefault
      repeatCount
      version
      steps {
        id
        position
        delaySeconds
        channels
        targets {
          kind
          userId
          teamId
          role
        }
      }
    }
    teams {
      id
      name
    }
    users {
      id
      displayName
      role
      active
    }
  }
`);
const CreateChain = graphql(`
  mutation CreateChain($input: EscalationChainInput!) {
    createEscalationChain(input: $input) {
      id
      name
      version
    }
  }
`);
const UpdateChain = graphql(`
  mutation UpdateChain($id: ID!, $input: EscalationChainInput!) {
    updateEscalationChain(id: $id, input: $input) {
      id
      name
      version
    }
  }
`);
const DeleteChain = graphql(`
  mutation DeleteChain($id: ID!) {
    deleteEscalationChain(id: $id)
  }
`);
const AdminPolicies = graphql(`
  query AdminPolicies {
    escalationPolicies {
      id
      severity
      category
      agencyId
      chainId
    }
    escalationChains {
      id
      name
    }
    agencies {
      id
      code
      name
    }
  }
`);
const CreatePolicy = graphql(`
  mutation CreatePolicy($input: EscalationPolicyInput!) {
    createEscalationPolicy(input: $input) {
      id
    }
  }
`);
const DeletePolicy = graphql(`
  mutation DeletePolicy($id: ID!) {
    deleteEscalationPolicy(id: $id)
  }
`);
const Readiness = graphql(`
  query Readiness($days: Int!) {
    escalationReadiness(days: $days) {
      from
      to
      chains {
        chainId
        chainName
        ready
        steps {
          position
          reachesNobodyNow
          reason
          onCallGaps {
            start
            end
          }
        }
      }
      teams {
        teamId
        teamName
        gaps {
          start
          end
        }
        membersWithoutVerifiedContact {
          id
          displayName
          email
        }
        onCallNowWithoutVerifiedContact {
          id
          displayName
          email
        }
      }
    }
  }
`);

type Chain = AdminChainsQuery['escalationChains'][number];
interface TargetDraft {
  kind: EscalationTargetKind;
  userId: string;
  teamId: string;
  role: Role;
}
interface StepDraft {
  delayMinutes: number;
  channels: NotificationChannel[];
  targets: TargetDraft[];
}
interface ChainDraft {
  id: string | null;
  version: number | null;
  name: string;
  description: string;
  repeatCount: number;
  isDefault: boolean;
  steps: StepDraft[];
}

const KINDS: EscalationTargetKind[] = ['TEAM_ON_CALL', 'TEAM', 'USER', 'ROLE'];
const TARGET_ROLES: Role[] = ['COORDINATOR', 'RESPONDER', 'LEADER', 'ADMIN'];
const CHANNELS: NotificationChannel[] = ['IN_APP', 'EMAIL', 'TELEGRAM', 'ZALO', 'WEB_PUSH'];

const newTarget = (): TargetDraft => ({ kind: 'TEAM_ON_CALL', userId: '', teamId: '', role: 'COORDINATOR' });
/** A new step pages on the message channels; web push is ticked per chain (phones must subscribe first). */
const NEW_STEP_CHANNELS: NotificationChannel[] = ['IN_APP', 'EMAIL', 'TELEGRAM', 'ZALO'];
const newStep = (): StepDraft => ({
  delayMinutes: 5,
  channels: [...NEW_STEP_CHANNELS],
  targets: [newTarget()],
});
const emptyDraft = (): ChainDraft => ({
  id: null,
  version: null,
  name: '',
  description: '',
  repeatCount: 0,
  isDefault: false,
  steps: [newStep()],
});

function draftOf(c: Chain): ChainDraft {
  return {
    id: c.id,
    version: c.version,
    name: c.name,
    description: c.description,
    repeatCount: c.repeatCount,
    isDefault: c.isDefault,
    steps: c.steps.map((s) => ({
      delayMinutes: s.delaySeconds / 60,
      channels: [...s.channels],
      targets: s.targets.map((x) => ({
        kind: x.kind,
        userId: x.userId ?? '',
        teamId: x.teamId ?? '',
        role: x.role ?? 'COORDINATOR',
      })),
    })),
  };
}

function errorCode(err: unknown): string | undefined {
  return (err as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code;
}

function ChainEditor({
  draft,
  setDraft,
  data,
  onSaved,
  onReload,
}: {
  draft: ChainDraft;
  setDraft: (d: ChainDraft) => void;
  data: AdminChainsQuery;
  onSaved: (name: string) => void;
  onReload: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const [create, { loading: creating }] = useMutation(CreateChain);
  const [update, { loading: updating }] = useMutation(UpdateChain);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const people = data.users.filter((u) => u.active && u.role !== 'REPORTER');
  const setStep = (i: number, step: StepDraft) =>
    setDraft({ ...draft, steps: draft.steps.map((s, j) => (j === i ? step : s)) });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setConflict(false);
    const input = {
      name: draft.name.trim(),
      description: draft.description.trim(),
      repeatCount: draft.repeatCount,
      isDefault: draft.isDefault,
      version: draft.version ?? undefined,
      steps: draft.steps.map((s) => ({
        delaySeconds: Math.round(s.delayMinutes * 60),
        channels: s.channels,
        targets: s.targets.map((x) => ({
          kind: x.kind,
          userId: x.kind === 'USER' ? x.userId || null : null,
          teamId: x.kind === 'TEAM' || x.kind === 'TEAM_ON_CALL' ? x.teamId || null : null,
          role: x.kind === 'ROLE' ? x.role : null,
        })),
      })),
    };
    try {
      if (draft.id) await update({ variables: { id: draft.id, input } });
      else await create({ variables: { input } });
      onSaved(input.name);
    } catch (err) {
      if (errorCode(err) === 'CONFLICT' && draft.id) setConflict(true);
      else setError(t('common.error', { message: (err as Error).message }));
    }
  };

  const title = draft.id ? t('chains.editChain', { name: draft.name }) : t('chains.newChain');
  return (
    <form
      className="inline-form"
      onSubmit={(e) => void submit(e)}
      aria-label={title}
      data-testid="chain-editor"
    >
      <h3>
        {title}
        {draft.version !== null && (
          <span className="small muted"> · {t('chains.version', { v: draft.version })}</span>
        )}
      </h3>
      {conflict && (
        <div className="alert error" role="alert" data-testid="chain-conflict">
          <p>⚠ {t('chains.conflict', { v: draft.version })}</p>
          <button type="button" onClick={() => void onReload().then(() => setConflict(false))}>
            {t('chains.reload')}
          </button>
        </div>
      )}
      {error && <ErrorAlert>{error}</ErrorAlert>}
      <label htmlFor="ch-name">{t('chains.name')}</label>
      <input
        id="ch-name"
        required
        maxLength={120}
        value={draft.name}
        onChange={(e) => setDraft({ ...draft, name: e.target.value })}
      />
      <label htmlFor="ch-desc">{t('chains.description')}</label>
      <input
        id="ch-desc"
        maxLength={1000}
        value={draft.description}
        onChange={(e) => setDraft({ ...draft, description: e.target.value })}
      />
      <label htmlFor="ch-repeat">{t('chains.repeat')}</label>
      <input
        id="ch-repeat"
        type="number"
        min={0}
        max={10}
        value={draft.repeatCount}
        onChange={(e) => setDraft({ ...draft, repeatCount: Number(e.target.value) })}
      />
      <label className="switch">
        <input
          type="checkbox"
          checked={draft.isDefault}
          onChange={(e) => setDraft({ ...draft, isDefault: e.target.checked })}
        />
        {t('chains.isDefault')}
      </label>

      <h4>{t('chains.steps')}</h4>
      {draft.steps.map((step, i) => {
        const p = `st-${i}`;
        return (
          <fieldset key={i} data-step={i}>
            <legend>{t('chains.step', { n: i + 1 })}</legend>
            <label htmlFor={`${p}-delay`}>{t('chains.delay')}</label>
            <input
              id={`${p}-delay`}
              type="number"
              min={0}
              max={10080}
              step="any"
              value={step.delayMinutes}
              onChange={(e) => setStep(i, { ...step, delayMinutes: Number(e.target.value) })}
            />
            <div
              className="checks"
              role="group"
              aria-label={`${t('chains.channels')} · ${t('chains.step', { n: i + 1 })}`}
            >
              <span className="small">{t('chains.channels')}:</span>
              {CHANNELS.map((c) => (
                <label key={c}>
                  <input
                    type="checkbox"
                    checked={step.channels.includes(c)}
                    onChange={(e) =>
                      setStep(i, {
                        ...step,
                        channels: e.target.checked
                          ? CHANNELS.filter((x) => x === c || step.channels.includes(x))
                          : step.channels.filter((x) => x !== c),
                      })
                    }
                  />
                  {t(`channel.${c}`)}
                </label>
              ))}
            </div>
            {step.targets.map((target, k) => {
              const q = `${p}-t${k}`;
              const setTarget = (x: TargetDraft) =>
                setStep(i, { ...step, targets: step.targets.map((y, m) => (m === k ? x : y)) });
              return (
                <div key={k} className="card" data-target={k}>
                  <p className="small muted">{t('chains.target', { n: k + 1, step: i + 1 })}</p>
                  <EnumSelect
                    id={`${q}-kind`}
                    label={t('chains.targetKind')}
                    value={target.kind}
                    options={KINDS}
                    optionLabel={(kind) => t(`chains.kinds.${kind}`)}
                    onChange={(kind) => setTarget({ ...target, kind })}
                  />
                  {target.kind === 'USER' && (
                    <>
                      <label htmlFor={`${q}-user`}>{t('chains.person')}</label>
                      <select
                        id={`${q}-user`}
                        required
                        value={target.userId}
                        onChange={(e) => setTarget({ ...target, userId: e.target.value })}
                      >
                        <option value="">—</option>
                        {people.map((u) => (
                          <option key={u.id} value={u.id}>
                            {u.displayName} ({t(`roles.${u.role}`)})
                          </option>
                        ))}
                      </select>
                    </>
                  )}
                  {(target.kind === 'TEAM' || target.kind === 'TEAM_ON_CALL') && (
                    <>
                      <label htmlFor={`${q}-team`}>{t('chains.team')}</label>
                      <select
                        id={`${q}-team`}
                        value={target.teamId}
                        onChange={(e) => setTarget({ ...target, teamId: e.target.value })}
                      >
                        <option value="">{t('chains.incidentTeam')}</option>
                        {data.teams.map((team) => (
                          <option key={team.id} value={team.id}>
                            {team.name}
                          </option>
                        ))}
                      </select>
                    </>
                  )}
                  {target.kind === 'ROLE' && (
                    <EnumSelect
                      id={`${q}-role`}
                      label={t('chains.role')}
                      value={target.role}
                      options={TARGET_ROLES}
                      optionLabel={(r) => t(`roles.${r}`)}
                      onChange={(role) => setTarget({ ...target, role })}
                    />
                  )}
                  {step.targets.length > 1 && (
                    <button
                      type="button"
                      onClick={() => setStep(i, { ...step, targets: step.targets.filter((_, m) => m !== k) })}
                    >
                      {t('chains.removeTarget')} {k + 1}
                    </button>
                  )}
                </div>
              );
            })}
            <div className="row">
              <button
                type="button"
                disabled={step.targets.length >= 10}
                onClick={() => setStep(i, { ...step, targets: [...step.targets, newTarget()] })}
              >
                + {t('chains.addTarget')}
              </button>
              {draft.steps.length > 1 && (
                <button
                  type="button"
                  onClick={() => setDraft({ ...draft, steps: draft.steps.filter((_, j) => j !== i) })}
                >
                  {t('chains.removeStep', { n: i + 1 })}
                </button>
              )}
            </div>
          </fieldset>
        );
      })}
      <div className="row">
        <button
          type="button"
          disabled={draft.steps.length >= 20}
          onClick={() => setDraft({ ...draft, steps: [...draft.steps, newStep()] })}
        >
          + {t('chains.addStep')}
        </button>
        <button type="submit" className="primary" disabled={creating || updating}>
          {draft.id ? t('common.save') : t('common.create')}
        </button>
        {draft.id && (
          <button type="button" onClick={() => setDraft(emptyDraft())}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

function targetText(
  t: TFunction,
  data: AdminChainsQuery,
  x: Chain['steps'][number]['targets'][number],
): string {
  const kind = t(`chains.kinds.${x.kind}`);
  if (x.kind === 'USER')
    return `${kind}: ${data.users.find((u) => u.id === x.userId)?.displayName ?? x.userId ?? '?'}`;
  if (x.kind === 'ROLE') return `${kind}: ${x.role ? t(`roles.${x.role}`) : '?'}`;
  return `${kind}: ${x.teamId ? (data.teams.find((team) => team.id === x.teamId)?.name ?? x.teamId) : t('chains.incidentTeam')}`;
}

function Chains() {
  const { t } = useTranslation();
  const duration = useDuration();
  const { data, refetch } = useQuery(AdminChains);
  const [remove] = useMutation(DeleteChain);
  const [draft, setDraft] = useState<ChainDraft>(emptyDraft);
  const [message, setMessage] = useState<Msg>(null);

  const reload = async () => {
    const fresh = await refetch();
    const chain = fresh.data?.escalationChains.find((c) => c.id === draft.id);
    setDraft(chain ? draftOf(chain) : emptyDraft());
  };

  return (
    <section aria-labelledby="chains-h">
      <h2 id="chains-h">{t('chains.title')}</h2>
      <FormMessage msg={message} errorRole="status" />
      <ul className="chain-steps" data-testid="chain-list">
        {data?.escalationChains.map((c) => (
          <li key={c.id} className="card" data-chain={c.name}>
            <h3>
              {c.name} {c.isDefault && <span className="badge verified">{t('chains.default')}</span>}
            </h3>
            {c.description && <p className="small">{c.description}</p>}
            <p className="small muted">
              {t('chains.version', { v: c.version })} · {t('chains.repeatShort', { n: c.repeatCount })}
            </p>
            <ol>
              {c.steps.map((s) => (
                <li key={s.id}>
                  {s.targets.map((x) => targetText(t, data, x)).join('; ')} —{' '}
                  {s.channels.map((ch) => t(`channel.${ch}`)).join(', ')} ·{' '}
                  {t('chains.delayShort', { time: duration(s.delaySeconds * 1000) })}
                </li>
              ))}
            </ol>
            <div className="row">
              <button type="button" onClick={() => setDraft(draftOf(c))}>
                {t('common.edit')} «{c.name}»
              </button>
              {!c.isDefault && (
                <button
                  type="button"
                  onClick={() =>
                    void remove({ variables: { id: c.id } })
                      .then(() => refetch())
                      .catch((err: Error) =>
                        setMessage({ ok: false, text: t('common.error', { message: err.message }) }),
                      )
                  }
                >
                  {t('chains.deleteChain', { name: c.name })}
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
      {data && (
        <ChainEditor
          key={draft.id ?? 'new'}
          draft={draft}
          setDraft={setDraft}
          data={data}
          onReload={reload}
          onSaved={(name) => {
            setMessage({ ok: true, text: draft.id ? t('common.saved') : t('chains.created', { name }) });
            setDraft(emptyDraft());
            void refetch();
          }}
        />
      )}
    </section>
  );
}

function Policies() {
  const { t } = useTranslation();
  const { data, refetch } = useQuery(AdminPolicies);
  const [create] = useMutation(CreatePolicy);
  const [remove] = useMutation(DeletePolicy);
  const [form, setForm] = useState({
    severity: '' as Severity | '',
    category: '' as IncidentCategory | '',
    agencyId: '',
    chainId: '',
  });
  const [error, setError] = useState<string | null>(null);
  const chainName = (id: string) => data?.escalationChains.find((c) => c.id === id)?.name ?? id;
  const agencyName = (id?: string | null) =>
    id ? (data?.agencies.find((a) => a.id === id)?.name ?? id) : t('chains.any');
  const fail = (err: Error) => setError(t('common.error', { message: err.message }));
  return (
    <section aria-labelledby="policies-h">
      <h2 id="policies-h">{t('chains.policies')}</h2>
      {data && data.escalationPolicies.length === 0 && <p className="muted">{t('chains.noPolicies')}</p>}
      <ul className="plain-list" data-testid="policy-list">
        {data?.escalationPolicies.map((p) => (
          <li key={p.id} className="card">
            <p>
              {t('chains.policyRow', {
                severity: p.severity ? t(`severity.${p.severity}`) : t('chains.any'),
                category: p.category ? t(`category.${p.category}`) : t('chains.any'),
                agency: agencyName(p.agencyId),
                chain: chainName(p.chainId),
              })}
            </p>
            <button
              type="button"
              onClick={() =>
                void remove({ variables: { id: p.id } })
                  .then(() => refetch())
                  .catch(fail)
              }
            >
              {t('chains.deletePolicy')}
            </button>
          </li>
        ))}
      </ul>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          create({
            variables: {
              input: {
                chainId: form.chainId,
                severity: form.severity || null,
                category: form.category || null,
                agencyId: form.agencyId || null,
              },
            },
          })
            .then(() => {
              setError(null);
              return refetch();
            })
            .catch(fail);
        }}
      >
        <h3>{t('chains.newPolicy')}</h3>
        {error && <ErrorAlert>{error}</ErrorAlert>}
        <EnumSelect<Severity | ''>
          id="pol-sev"
          label={t('severity.label')}
          value={form.severity}
          options={SEVERITIES}
          optionLabel={(s) => t(`severity.${s}`)}
          empty={t('chains.any')}
          onChange={(severity) => setForm({ ...form, severity })}
        />
        <EnumSelect<IncidentCategory | ''>
          id="pol-cat"
          label={t('category.label')}
          value={form.category}
          options={CATEGORIES}
          optionLabel={(c) => t(`category.${c}`)}
          empty={t('chains.any')}
          onChange={(category) => setForm({ ...form, category })}
        />
        <AgencySelect
          id="pol-agency"
          label={t('incident.agency')}
          value={form.agencyId}
          agencies={data?.agencies}
          empty={t('chains.any')}
          onChange={(agencyId) => setForm({ ...form, agencyId })}
        />
        <label htmlFor="pol-chain">{t('chains.chain')}</label>
        <select
          id="pol-chain"
          required
          value={form.chainId}
          onChange={(e) => setForm({ ...form, chainId: e.target.value })}
        >
          <option value="">—</option>
          {data?.escalationChains.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <button type="submit" className="primary" disabled={!form.chainId}>
          {t('common.create')}
        </button>
      </form>
    </section>
  );
}

function ReadinessReport() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { data, error } = useQuery(Readiness, { variables: { days: 7 }, fetchPolicy: 'network-only' });
  const at = (iso: string) => formatDateTime(iso, me.timeZone, i18n.language);
  const r = data?.escalationReadiness;
  return (
    <section aria-labelledby="ready-h" data-testid="readiness">
      <h2 id="ready-h">{t('chains.readiness')}</h2>
      {error && <ErrorAlert>{t('common.error', { message: error.message })}</ErrorAlert>}
      {!r && !error && <p className="splash">{t('app.loading')}</p>}
      {r && (
        <>
          <p className="small muted">{t('chains.horizon', { days: 7, from: at(r.from), to: at(r.to) })}</p>
          <h3>{t('chains.title')}</h3>
          <ul className="plain-list">
            {r.chains.map((c) => (
              <li key={c.chainId} className="card" data-chain={c.chainName} data-ready={String(c.ready)}>
                <p className="row">
                  <strong>{c.chainName}</strong>
                  <span className={`badge ${c.ready ? 'verified' : 'failed-badge'}`}>
                    {c.ready ? t('chains.ready') : t('chains.notReady')}
                  </span>
                </p>
                <ul>
                  {c.steps
                    .filter((s) => s.reachesNobodyNow || s.onCallGaps.length > 0)
                    .map((s) => (
                      <li key={s.position} data-step={s.position}>
                        <strong>{t('chains.step', { n: s.position + 1 })}</strong>
                        {s.reachesNobodyNow && (
                          <span>
                            {' '}
                            {t('chains.reachesNobody', {
                              reason: s.reason
                                ? t(`escalation.skipReasons.${s.reason}`, { defaultValue: s.reason })
                                : '—',
                            })}
                          </span>
                        )}
                        {s.onCallGaps.length > 0 && (
                          <span>
                            {' '}
                            · {t('chains.gaps')}:{' '}
                            {s.onCallGaps
                              .map((g) => t('chains.gap', { start: at(g.start), end: at(g.end) }))
                              .join('; ')}
                          </span>
                        )}
                      </li>
                    ))}
                </ul>
              </li>
            ))}
          </ul>
          <h3>{t('chains.teams')}</h3>
          <ul className="plain-list">
            {r.teams.map((team) => (
              <li key={team.teamId} className="card" data-team={team.teamName}>
                <h4>{team.teamName}</h4>
                <p>
                  <strong>{t('chains.gaps')}:</strong>{' '}
                  {team.gaps.length
                    ? team.gaps.map((g) => t('chains.gap', { start: at(g.start), end: at(g.end) })).join('; ')
                    : t('chains.noGaps')}
                </p>
                <p>
                  <strong>⚠ {t('chains.onCallWithoutContact')}:</strong>{' '}
                  {team.onCallNowWithoutVerifiedContact.map((u) => u.displayName).join(', ') ||
                    t('chains.allOk')}
                </p>
                <p>
                  <strong>{t('chains.withoutContact')}:</strong>{' '}
                  {team.membersWithoutVerifiedContact
                    .map((u) => `${u.displayName} <${u.email}>`)
                    .join(', ') || t('chains.allOk')}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Admin → escalation: chains, policies and the readiness report (loaded on demand). */
export default function EscalationAdmin({ view }: { view: 'chains' | 'policies' | 'readiness' }) {
  if (view === 'policies') return <Policies />;
  if (view === 'readiness') return <ReadinessReport />;
  return <Chains />;
}
