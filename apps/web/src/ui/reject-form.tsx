import { useMutation } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { graphql } from '../gql';
import { errorText } from './errors';
import { ErrorAlert } from './form';
import { IncidentPicker, type PickedIncident } from './incident-picker';

const Reject = graphql(`
  mutation RejectIncident($id: ID!, $v: Int, $reason: String!, $duplicateOfId: ID) {
    rejectIncident(id: $id, expectedVersion: $v, reason: $reason, duplicateOfId: $duplicateOfId) {
      id
      status
      duplicateOfId
      version
    }
  }
`);

/** Reject as "not an incident" (with a reason) or as a duplicate of a case chosen in the picker. */
export function RejectForm({
  incident,
  onDone,
}: {
  incident: { id: string; version: number };
  onDone: () => unknown;
}) {
  const { t } = useTranslation();
  const [reject, { loading }] = useMutation(Reject);
  const [kind, setKind] = useState<'not' | 'duplicate'>('not');
  const [reason, setReason] = useState('');
  const [picked, setPicked] = useState<PickedIncident | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (kind === 'duplicate' && !picked) return setError(t('coord.pickRequired'));
    const text =
      reason.trim() || (kind === 'duplicate' && picked ? `${t('coord.duplicate')}: ${picked.code}` : '');
    if (!text) return setError(t('coord.reasonRequired'));
    setError(null);
    try {
      await reject({
        variables: {
          id: incident.id,
          v: incident.version,
          reason: text,
          duplicateOfId: kind === 'duplicate' ? picked?.id : null,
        },
      });
      await onDone();
    } catch (err) {
      setError(errorText(t, err));
    }
  };
  return (
    <form className="coord-form" onSubmit={(e) => void submit(e)} data-form="reject">
      {error && <ErrorAlert>{error}</ErrorAlert>}
      <fieldset>
        <legend>{t('coord.rejectKind')}</legend>
        {(['not', 'duplicate'] as const).map((k) => (
          <label key={k} className="radio">
            <input type="radio" name="reject-kind" checked={kind === k} onChange={() => setKind(k)} />
            {k === 'not' ? t('coord.notIncident') : t('coord.duplicate')}
          </label>
        ))}
      </fieldset>
      {kind === 'duplicate' && (
        <IncidentPicker id="reject-dup" exclude={incident.id} value={picked} onPick={setPicked} />
      )}
      <label htmlFor="reject-reason">{t('incident.reason')}</label>
      <textarea
        id="reject-reason"
        rows={2}
        maxLength={2000}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <button type="submit" className="primary" disabled={loading}>
        {t('coord.rejectSave')}
      </button>
    </form>
  );
}
