import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useMe } from '../auth';
import { graphql } from '../gql';
import type { IncidentCategory, Severity } from '../gql/graphql';
import { navigate } from '../router';
import { isoToLocalInput, localInputToIso } from '../time';
import { EnumSelect } from '../ui/form';

const ReportAgencies = graphql(`
  query ReportAgencies {
    agencies {
      id
      code
      name
      systems {
        id
        name
      }
    }
  }
`);

const ReportIncident = graphql(`
  mutation ReportIncident($input: ReportIncidentInput!) {
    reportIncident(input: $input) {
      id
      code
      status
    }
  }
`);

const SEVERITIES: Severity[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
const CATEGORIES: IncidentCategory[] = [
  'MALICIOUS_CODE',
  'AVAILABILITY',
  'INTRUSIONS',
  'INTRUSION_ATTEMPTS',
  'INFORMATION_CONTENT_SECURITY',
  'FRAUD',
  'ABUSIVE_CONTENT',
  'INFORMATION_GATHERING',
  'VULNERABLE',
  'OTHER',
];
const OTHER = '__other__';

type Errors = Partial<Record<'title' | 'details' | 'when' | 'system' | 'severity', string>>;

export function ReportForm() {
  const { t } = useTranslation();
  const me = useMe();
  const agencies = useQuery(ReportAgencies);
  const [report, { loading }] = useMutation(ReportIncident);
  const [agencyId, setAgencyId] = useState<string>(me.agencyId ?? '');
  const [title, setTitle] = useState('');
  const [details, setDetails] = useState('');
  const [systemId, setSystemId] = useState('');
  const [systemName, setSystemName] = useState('');
  const [when, setWhen] = useState(() => isoToLocalInput(new Date(), me.timeZone));
  const [severity, setSeverity] = useState<Severity | ''>('');
  const [category, setCategory] = useState<IncidentCategory | ''>('');
  const [exercise, setExercise] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  // A field's error goes as soon as the field changes (it is checked again on submit).
  const clear = (field: keyof Errors) =>
    setErrors((e) => {
      if (!(field in e)) return e;
      const next = { ...e };
      delete next[field];
      return next;
    });

  const list = agencies.data?.agencies ?? [];
  const agency = list.find((a) => a.id === agencyId) ?? (list.length === 1 ? list[0] : undefined);

  const validate = (): Errors => {
    const e: Errors = {};
    const tt = title.trim();
    if (!tt) e.title = t('report.errors.titleRequired');
    else if (tt.length < 3) e.title = t('report.errors.titleShort');
    else if (tt.length > 200) e.title = t('report.errors.titleLong');
    if (!details.trim()) e.details = t('report.errors.detailsRequired');
    else if (details.length > 10000) e.details = t('report.errors.detailsLong');
    if (when && Date.parse(localInputToIso(when, me.timeZone)) > Date.now() + 60_000)
      e.when = t('report.errors.whenFuture');
    if (systemId === OTHER && !systemName.trim()) e.system = t('report.errors.systemRequired');
    if (!severity) e.severity = t('report.errors.severityRequired');
    return e;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const e = validate();
    setErrors(e);
    setServerError(null);
    if (Object.keys(e).length > 0 || !agency) {
      document.getElementById('report-summary')?.focus();
      return;
    }
    try {
      const result = await report({
        variables: {
          input: {
            agencyId: agency.id,
            title: title.trim(),
            description: details.trim(),
            severity: severity || undefined,
            category: category || undefined,
            detectedAt: when ? localInputToIso(when, me.timeZone) : undefined,
            affectedSystemId: systemId && systemId !== OTHER ? systemId : undefined,
            affectedSystem: systemId === OTHER ? systemName.trim() : undefined,
            isExercise: exercise,
          },
        },
      });
      const created = result.data?.reportIncident;
      if (created) navigate(`/incidents/${created.id}?reported=1`);
    } catch (err) {
      setServerError(t('common.error', { message: (err as Error).message }));
    }
  };

  const invalid = (k: keyof Errors) =>
    errors[k] ? { 'aria-invalid': true, 'aria-describedby': `${k}-error` } : {};
  const fieldError = (k: keyof Errors) =>
    errors[k] ? (
      <p id={`${k}-error`} className="field-error">
        ⚠ {errors[k]}
      </p>
    ) : null;
  const hasErrors = Object.keys(errors).length > 0;

  return (
    <form className="report-form" onSubmit={(e) => void submit(e)} noValidate>
      <h1>{t('report.title')}</h1>
      <p className="muted">{t('report.intro')}</p>
      <div id="report-summary" tabIndex={-1} role="alert">
        {hasErrors && <p className="alert error">{t('report.errors.summary')}</p>}
        {serverError && <p className="alert error">{serverError}</p>}
      </div>

      {list.length > 1 && (
        <>
          <label htmlFor="agency">{t('report.agency')}</label>
          <select id="agency" value={agency?.id ?? ''} onChange={(e) => setAgencyId(e.target.value)}>
            <option value="" disabled>
              —
            </option>
            {list.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.code})
              </option>
            ))}
          </select>
        </>
      )}

      <label htmlFor="title">{t('report.what')}</label>
      <p className="hint" id="title-hint">
        {t('report.whatHint')}
      </p>
      <input
        id="title"
        value={title}
        maxLength={250}
        onChange={(e) => {
          setTitle(e.target.value);
          clear('title');
        }}
        {...invalid('title')}
      />
      {fieldError('title')}

      <label htmlFor="details">{t('report.details')}</label>
      <p className="hint">{t('report.detailsHint')}</p>
      <textarea
        id="details"
        rows={5}
        value={details}
        onChange={(e) => {
          setDetails(e.target.value);
          clear('details');
        }}
        {...invalid('details')}
      />
      {fieldError('details')}

      <label htmlFor="system">{t('report.system')}</label>
      <select
        id="system"
        value={systemId}
        onChange={(e) => {
          setSystemId(e.target.value);
          clear('system');
        }}
        {...invalid('system')}
      >
        <option value="">{t('category.unknown')}</option>
        {agency?.systems.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
        <option value={OTHER}>{t('report.systemOther')}</option>
      </select>
      {systemId === OTHER && (
        <>
          <label htmlFor="system-name">{t('report.systemName')}</label>
          <input
            id="system-name"
            value={systemName}
            maxLength={200}
            onChange={(e) => {
              setSystemName(e.target.value);
              clear('system');
            }}
          />
        </>
      )}
      {fieldError('system')}

      <label htmlFor="when">{t('report.when')}</label>
      <p className="hint">{t('report.whenHint', { tz: me.timeZone })}</p>
      <input
        id="when"
        type="datetime-local"
        value={when}
        onChange={(e) => {
          setWhen(e.target.value);
          clear('when');
        }}
        {...invalid('when')}
      />
      {fieldError('when')}

      <fieldset {...(errors.severity ? { 'aria-describedby': 'severity-error' } : {})}>
        <legend>{t('report.how')}</legend>
        {SEVERITIES.map((s) => (
          <label key={s} className={`choice sev-edge-${s.toLowerCase()}`}>
            <input
              type="radio"
              name="severity"
              value={s}
              checked={severity === s}
              onChange={() => {
                setSeverity(s);
                clear('severity');
              }}
            />
            <span>
              <strong>{t(`severity.${s}`)}</strong> — {t(`report.how${s}`)}
            </span>
          </label>
        ))}
      </fieldset>
      {fieldError('severity')}

      <EnumSelect
        id="category"
        label={t('category.label')}
        value={category}
        options={CATEGORIES}
        optionLabel={(c) => t(`category.${c}`)}
        empty={t('category.unknown')}
        onChange={setCategory}
      />

      <label className="switch">
        <input type="checkbox" checked={exercise} onChange={(e) => setExercise(e.target.checked)} />
        {t('report.exercise')}
      </label>

      <button type="submit" className="primary big" disabled={loading || !agency}>
        {loading ? t('report.sending') : t('report.submit')}
      </button>
    </form>
  );
}
