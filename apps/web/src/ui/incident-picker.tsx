import { useQuery } from '@apollo/client/react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { graphql } from '../gql';

const PickIncidents = graphql(`
  query PickIncidents($search: String!) {
    incidents(filter: { search: $search }, first: 8) {
      edges {
        node {
          id
          code
          title
          status
        }
      }
    }
  }
`);

export interface PickedIncident {
  id: string;
  code: string;
  title: string;
}

/** Search-as-you-type over the incidents the user may see (the incident itself left out). */
export function IncidentPicker({
  id,
  exclude,
  value,
  onPick,
}: {
  id: string;
  exclude: string;
  value: PickedIncident | null;
  onPick: (picked: PickedIncident | null) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  // Ask once typing pauses, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => setSearch(text.trim()), 200);
    return () => clearTimeout(timer);
  }, [text]);
  const { data, loading } = useQuery(PickIncidents, { variables: { search }, skip: search.length < 2 });
  const results = (data?.incidents.edges ?? []).map((e) => e.node).filter((n) => n.id !== exclude);
  return (
    <div className="picker">
      <label htmlFor={id}>{t('coord.pickerLabel')}</label>
      <input
        id={id}
        type="search"
        value={text}
        autoComplete="off"
        maxLength={200}
        aria-controls={`${id}-results`}
        onChange={(e) => {
          setText(e.target.value);
          onPick(null);
        }}
      />
      {value && (
        <p className="small" role="status" data-picked={value.code}>
          ✓ {t('coord.picked', { code: value.code, title: value.title })}
        </p>
      )}
      {!value && search.length >= 2 && (
        <ul
          id={`${id}-results`}
          className="picker-results"
          aria-label={t('coord.pickerResults')}
          aria-busy={loading}
        >
          {!loading && results.length === 0 && <li className="muted">{t('coord.pickerNone')}</li>}
          {results.map((r) => (
            <li key={r.id}>
              <button type="button" className="link" onClick={() => onPick(r)} data-pick={r.code}>
                <strong>{r.code}</strong> {r.title}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
