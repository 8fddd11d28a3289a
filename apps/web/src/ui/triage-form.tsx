import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { graphql } from '../gql';
import type { IncidentCategory, Severity, Tlp } from '../gql/graphql';
import { CATEGORIES, SEVERITIES, TLPS, tlpLabel } from './enums';
import { errorText } from './errors';
import { EnumSelect, FormMessage, type Msg } from './form';
import { useStaff } from './staff-directory';

export const IncidentForTriage = graphql(`
  query IncidentForTriage($id: ID!) {
    incident(id: $id) {
      id
      code
      status
      severity
      category
      tlp
      teamId
      assigneeId
      version
    }
  }
`);
const Triage = graphql(`
  mutation TriageIncident($id: ID!, $input: TriageIncidentInput!) {
    triageIncident(id: $id, input: $input) {
      id
      status
      severity
      category
      tlp
      teamId
      assigneeId
      version
    }
  }
`);
const Reclassify = graphql(`
  mutation ReclassifyIncident($id: ID!, $input: TriageIncidentInput!) {
    reclassifyIncident(id: $id, input: $input) {
      id
      severity
      category
      tlp
      teamId
      version
    }
  }
`);
export const AssignIncident = graphql(`
  mutation AssignIncident($id: ID!, $v: Int, $assigneeId: ID, $teamId: ID) {
    assignIncident(id: $id, expectedVersion: $v, assigneeId: $assigneeId, teamId: $teamId) {
      id
      teamId
      assigneeId
      version
    }
  }
`);

/**
 * Severity, category, TLP, team and assignee in one form with the current values. A NEW case is
 * triaged in one call; an open one is reclassified and (when the people change) reassigned.
 */
export function TriageForm({ incidentId, onDone }: { incidentId: string; onDone: () => unknown }) {
  const { t } = useTranslation();
  const { data } = useQuery(IncidentForTriage, {
    variables: { id: incidentId },
    fetchPolicy: 'network-only',
  });
  const { teams, people } = useStaff();
  const [triage] = useMutation(Triage);
  const [reclassify] = useMutation(Reclassify);
  const [assign] = useMutation(AssignIncident);
  const [severity, setSeverity] = useState<Severity>('MEDIUM');
  const [category, setCategory] = useState<IncidentCategory>('OTHER');
  const [tlp, setTlp] = useState<Tlp>('AMBER');
  const [teamId, setTeamId] = useState('');
  const [assigneeId, setAssigneeId] = useState('');
  const [msg, setMsg] = useState<Msg>(null);
  const [busy, setBusy] = useState(false);
  const incident = data?.incident;
  useEffect(() => {
    if (!incident) return;
    setSeverity(incident.severity);
    setCategory(incident.category);
    setTlp(incident.tlp);
    setTeamId(incident.teamId ?? '');
    setAssigneeId(incident.assigneeId ?? '');
  }, [incident]);
  if (!incident) return <p className="muted">{t('app.loading')}</p>;
  const team = teams.find((x) => x.id === teamId);
  // Members of the chosen team first, then everyone else who can take a case.
  const ordered = [...people].sort(
    (a, b) =>
      Number(!team?.members.some((m) => m.userId === a.id)) -
      Number(!team?.members.some((m) => m.userId === b.id)),
  );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMsg(null);
    const input = { severity, category, tlp, teamId: teamId || null, expectedVersion: incident.version };
    try {
      if (incident.status === 'NEW') {
        await triage({ variables: { id: incident.id, input: { ...input, assigneeId: assigneeId || null } } });
      } else {
        let version = incident.version;
        const classified =
          severity !== incident.severity || category !== incident.category || tlp !== incident.tlp;
        if (classified || (teamId || null) !== incident.teamId) {
          const r = await reclassify({ variables: { id: incident.id, input } });
          version = r.data?.reclassifyIncident.version ?? version;
        }
        if ((assigneeId || null) !== incident.assigneeId)
          await assign({
            variables: {
              id: incident.id,
              v: version,
              assigneeId: assigneeId || null,
              teamId: teamId || null,
            },
          });
      }
      setMsg({ ok: true, text: t('coord.saved') });
      await onDone();
    } catch (err) {
      setMsg({ ok: false, text: errorText(t, err) });
    } finally {
      setBusy(false);
    }
  };

  const p = `triage-${incident.id}`;
  return (
    <form className="coord-form" onSubmit={(e) => void submit(e)} data-form="triage">
      <FormMessage msg={msg} />
      <EnumSelect
        id={`${p}-sev`}
        label={t('severity.label')}
        value={severity}
        options={SEVERITIES}
        optionLabel={(s) => t(`severity.${s}`)}
        onChange={setSeverity}
      />
      <EnumSelect
        id={`${p}-cat`}
        label={t('category.label')}
        value={category}
        options={CATEGORIES}
        optionLabel={(c) => t(`category.${c}`)}
        onChange={setCategory}
      />
      <EnumSelect
        id={`${p}-tlp`}
        label="TLP"
        value={tlp}
        options={TLPS}
        optionLabel={tlpLabel}
        onChange={setTlp}
      />
      <label htmlFor={`${p}-team`}>{t('coord.team')}</label>
      <select id={`${p}-team`} value={teamId} onChange={(e) => setTeamId(e.target.value)}>
        <option value="">{t('coord.noTeam')}</option>
        {teams.map((x) => (
          <option key={x.id} value={x.id}>
            {x.name}
          </option>
        ))}
      </select>
      <label htmlFor={`${p}-who`}>{t('coord.assignee')}</label>
      <select id={`${p}-who`} value={assigneeId} onChange={(e) => setAssigneeId(e.target.value)}>
        <option value="">{t('coord.noAssignee')}</option>
        {ordered.map((u) => (
          <option key={u.id} value={u.id}>
            {u.displayName} ({t(`roles.${u.role}`)})
          </option>
        ))}
      </select>
      <button type="submit" className="primary" disabled={busy}>
        {incident.status === 'NEW' ? t('coord.triage') : t('coord.save')}
      </button>
    </form>
  );
}
