import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useMe } from '../auth';
import type { ResolutionCode } from '../gql/graphql';
import { RESOLUTION_CODES } from './enums';
import { errorText } from './errors';
import { EnumSelect, ErrorAlert } from './form';
import {
  Acknowledge,
  type Action,
  type ActionIncident,
  Close,
  Contain,
  Reopen,
  Resolve,
  validActions,
} from './incident-moves';

/** The one or two next moves as big buttons; resolve, reopen and close ask for their details first. */
export function IncidentActions({
  incident,
  onDone,
}: {
  incident: ActionIncident;
  onDone: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const [ack] = useMutation(Acknowledge);
  const [contain] = useMutation(Contain);
  const [resolve] = useMutation(Resolve);
  const [close] = useMutation(Close);
  const [reopen] = useMutation(Reopen);
  const [asking, setAsking] = useState<Action | null>(null);
  const [text, setText] = useState('');
  const [code, setCode] = useState<ResolutionCode>('TRUE_POSITIVE');
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const actions = validActions(incident, me);
  const { id, version: v } = incident;
  const needsText = (a: Action) => a === 'resolve' || a === 'reopen';

  const run = async (action: Action) => {
    if ((needsText(action) || action === 'close') && asking !== action) {
      setAsking(action);
      setText('');
      setConfirming(false);
      setError(null);
      return;
    }
    if (needsText(action) && !text.trim()) {
      setError(action === 'resolve' ? t('incident.resolutionRequired') : t('incident.reasonRequired'));
      return;
    }
    if (action === 'close' && !confirming) return setConfirming(true);
    setBusy(true);
    setError(null);
    try {
      if (action === 'acknowledge') await ack({ variables: { id, v } });
      if (action === 'contain') await contain({ variables: { id, v } });
      if (action === 'resolve') await resolve({ variables: { id, v, resolution: text.trim() } });
      if (action === 'close') await close({ variables: { id, v, code, lessons: text.trim() || null } });
      if (action === 'reopen') await reopen({ variables: { id, v, reason: text.trim() } });
      setAsking(null);
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
      setConfirming(false);
      await onDone();
    }
  };

  if (actions.length === 0) return <p className="muted">{t('incident.noActions')}</p>;
  return (
    <div className="actions">
      {error && <ErrorAlert>{error}</ErrorAlert>}
      {asking && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run(asking);
          }}
          data-form={asking}
        >
          {asking === 'close' && (
            <EnumSelect
              id="close-code"
              label={t('coord.resolutionCode')}
              value={code}
              options={RESOLUTION_CODES}
              optionLabel={(c) => t(`resolution.${c}`)}
              onChange={setCode}
            />
          )}
          <label htmlFor="action-text">
            {asking === 'resolve'
              ? t('incident.resolution')
              : asking === 'close'
                ? t('coord.lessons')
                : t('incident.reason')}
          </label>
          <textarea
            id="action-text"
            rows={3}
            value={text}
            onChange={(e) => setText(e.target.value)}
            maxLength={5000}
          />
          {confirming ? (
            <div role="alertdialog" aria-labelledby="close-confirm" className="confirm">
              <p id="close-confirm">{t('coord.closeConfirm', { code: incident.code })}</p>
              <div className="row">
                <button type="submit" className="primary big" disabled={busy}>
                  {t('coord.closeYes')}
                </button>
                <button type="button" onClick={() => setConfirming(false)}>
                  {t('coord.closeNo')}
                </button>
              </div>
            </div>
          ) : (
            <div className="row">
              <button type="submit" className="primary big" disabled={busy}>
                {t('incident.confirm')}: {t(`incident.${asking}`)}
              </button>
              <button type="button" onClick={() => setAsking(null)}>
                {t('common.cancel')}
              </button>
            </div>
          )}
        </form>
      )}
      {!asking && (
        <div className="big-buttons">
          {actions.map((a, index) => (
            <button
              key={a}
              type="button"
              className={index === 0 ? 'primary big' : 'secondary big'}
              disabled={busy}
              onClick={() => void run(a)}
              data-action={a}
            >
              {t(`incident.${a}`)}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
