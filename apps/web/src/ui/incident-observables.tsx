import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useMe } from '../auth';
import { graphql } from '../gql';
import type { IncidentDetailQuery, ObservableType, Tlp } from '../gql/graphql';
import { TlpBadge } from './badges';
import { TLPS } from './enums';
import { errorText } from './errors';
import { ErrorAlert } from './form';

const AddObservable = graphql(`
  mutation AddObservable($incidentId: ID!, $input: ObservableInput!) {
    addObservable(incidentId: $incidentId, input: $input) {
      id
    }
  }
`);

type Incident = NonNullable<IncidentDetailQuery['incident']>;

const OBSERVABLE_TYPES: ObservableType[] = ['IP', 'DOMAIN', 'URL', 'HASH', 'EMAIL', 'FILE_NAME', 'OTHER'];

export function Observables({ incident, refetch }: { incident: Incident; refetch: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const me = useMe();
  const [type, setType] = useState<ObservableType>('IP');
  const [value, setValue] = useState('');
  const [tlp, setTlp] = useState<Tlp>(incident.tlp);
  const [error, setError] = useState<string | null>(null);
  const [add] = useMutation(AddObservable);
  const canAdd = me.role === 'COORDINATOR' || me.role === 'RESPONDER' || me.role === 'REPORTER';
  return (
    <section aria-labelledby="obs-h">
      <h2 id="obs-h">{t('incident.observables')}</h2>
      {incident.observables.length === 0 && <p className="muted">{t('incident.noObservables')}</p>}
      <ul className="observables">
        {incident.observables.map((o) => (
          <li key={o.id}>
            <code>{o.type}</code> <span className="value">{o.value}</span> <TlpBadge tlp={o.tlp} />
          </li>
        ))}
      </ul>
      {canAdd && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!value.trim()) return;
            add({ variables: { incidentId: incident.id, input: { type, value: value.trim(), tlp } } })
              .then(() => {
                setValue('');
                setError(null);
                return refetch();
              })
              .catch((err: unknown) => setError(errorText(t, err)));
          }}
        >
          {error && <ErrorAlert>{error}</ErrorAlert>}
          <label htmlFor="obs-type">{t('incident.observableType')}</label>
          <select id="obs-type" value={type} onChange={(e) => setType(e.target.value as ObservableType)}>
            {OBSERVABLE_TYPES.map((x) => (
              <option key={x}>{x}</option>
            ))}
          </select>
          <label htmlFor="obs-value">{t('incident.observableValue')}</label>
          <input id="obs-value" value={value} maxLength={2000} onChange={(e) => setValue(e.target.value)} />
          <label htmlFor="obs-tlp">{t('tlp.label')}</label>
          <select id="obs-tlp" value={tlp} onChange={(e) => setTlp(e.target.value as Tlp)}>
            {TLPS.map((x) => (
              <option key={x} value={x}>
                TLP:{x.replace('_', '+')}
              </option>
            ))}
          </select>
          <button type="submit">{t('incident.addObservable')}</button>
        </form>
      )}
    </section>
  );
}
