import type {
  IncidentCategory,
  IncidentSource,
  IncidentStatus,
  ResolutionCode,
  Severity,
  SlaState,
  Tlp,
} from '../gql/graphql';

/** The API's enum values in the order people read them (most severe first). */
export const SEVERITIES: Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
export const TLPS: Tlp[] = ['CLEAR', 'GREEN', 'AMBER', 'AMBER_STRICT', 'RED'];
export const OPEN_STATUSES: IncidentStatus[] = ['NEW', 'TRIAGED', 'IN_PROGRESS', 'CONTAINED'];
export const CLOSED_STATUSES: IncidentStatus[] = ['RESOLVED', 'CLOSED', 'REJECTED'];
export const SLA_STATES: SlaState[] = ['BREACHED', 'AT_RISK', 'ON_TIME'];
export const SOURCES: IncidentSource[] = ['WEB', 'API', 'EMAIL', 'ALERT'];
export const RESOLUTION_CODES: ResolutionCode[] = [
  'TRUE_POSITIVE',
  'FALSE_POSITIVE',
  'DUPLICATE',
  'NOT_AN_INCIDENT',
];
export const CATEGORIES: IncidentCategory[] = [
  'ABUSIVE_CONTENT',
  'MALICIOUS_CODE',
  'INFORMATION_GATHERING',
  'INTRUSION_ATTEMPTS',
  'INTRUSIONS',
  'AVAILABILITY',
  'INFORMATION_CONTENT_SECURITY',
  'FRAUD',
  'VULNERABLE',
  'OTHER',
  'TEST',
];
/** How a TLP value is written: TLP:AMBER+STRICT. */
export const tlpLabel = (tlp: Tlp): string => `TLP:${tlp.replace('_', '+')}`;
