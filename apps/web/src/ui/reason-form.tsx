import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { errorText } from './errors';
import { ErrorAlert } from './form';

/** One required reason and a submit button (escalation, pause): the server's refusal is shown here. */
export function ReasonForm({
  id,
  label,
  submitLabel,
  onSubmit,
}: {
  id: string;
  label: string;
  submitLabel: string;
  onSubmit: (reason: string) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return setError(t('coord.reasonRequired'));
    setBusy(true);
    setError(null);
    try {
      await onSubmit(reason.trim());
      setReason('');
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="coord-form" onSubmit={(e) => void submit(e)} data-form={id}>
      {error && <ErrorAlert>{error}</ErrorAlert>}
      <label htmlFor={`${id}-reason`}>{label}</label>
      <textarea
        id={`${id}-reason`}
        rows={2}
        maxLength={2000}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      <button type="submit" className="primary" disabled={busy}>
        {submitLabel}
      </button>
    </form>
  );
}
