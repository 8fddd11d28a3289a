import { useTranslation } from 'react-i18next';

import type { IncidentStatus, Severity, Tlp } from '../gql/graphql';

const SEVERITY_MARK: Record<Severity, string> = { LOW: '▽', MEDIUM: '◇', HIGH: '▲', CRITICAL: '⬣' };

/** Colour plus a shape and the word: never colour alone. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  const { t } = useTranslation();
  return (
    <span className={`badge sev sev-${severity.toLowerCase()}`} data-severity={severity}>
      <span aria-hidden="true">{SEVERITY_MARK[severity]} </span>
      {t(`severity.${severity}`)}
    </span>
  );
}

export function TlpBadge({ tlp }: { tlp: Tlp }) {
  const label = `TLP:${tlp.replace('_', '+')}`;
  return (
    <span className={`badge tlp tlp-${tlp.toLowerCase().replace('_', '-')}`} data-tlp={tlp}>
      {label}
    </span>
  );
}

export function StatusBadge({ status }: { status: IncidentStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge status status-${status.toLowerCase()}`} data-status={status}>
      {t(`status.${status}`)}
    </span>
  );
}
