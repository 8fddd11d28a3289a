import { registerEnumType } from '@nestjs/graphql';

/** Reference Security Incident Taxonomy (RSIT) classes. */
export enum IncidentCategory {
  ABUSIVE_CONTENT = 'abusive-content',
  MALICIOUS_CODE = 'malicious-code',
  INFORMATION_GATHERING = 'information-gathering',
  INTRUSION_ATTEMPTS = 'intrusion-attempts',
  INTRUSIONS = 'intrusions',
  AVAILABILITY = 'availability',
  INFORMATION_CONTENT_SECURITY = 'information-content-security',
  FRAUD = 'fraud',
  VULNERABLE = 'vulnerable',
  OTHER = 'other',
  TEST = 'test',
}

export enum Severity {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  CRITICAL = 'CRITICAL',
}

/** Traffic Light Protocol 2.0. */
export enum Tlp {
  CLEAR = 'CLEAR',
  GREEN = 'GREEN',
  AMBER = 'AMBER',
  AMBER_STRICT = 'AMBER_STRICT',
  RED = 'RED',
}

export enum IncidentStatus {
  NEW = 'NEW',
  TRIAGED = 'TRIAGED',
  IN_PROGRESS = 'IN_PROGRESS',
  CONTAINED = 'CONTAINED',
  RESOLVED = 'RESOLVED',
  CLOSED = 'CLOSED',
  REJECTED = 'REJECTED',
}

export enum IncidentSource {
  WEB = 'WEB',
  API = 'API',
  EMAIL = 'EMAIL',
  ALERT = 'ALERT',
}

/** Where the running SLA clock of an open case stands (a closed case has none). */
export enum SlaState {
  BREACHED = 'BREACHED',
  AT_RISK = 'AT_RISK',
  ON_TIME = 'ON_TIME',
}

/** The order of a list: newest first (keyset pages) or most urgent first (due soonest, then severity). */
export enum IncidentOrder {
  NEWEST = 'NEWEST',
  URGENCY = 'URGENCY',
}

export enum ResolutionCode {
  TRUE_POSITIVE = 'TRUE_POSITIVE',
  FALSE_POSITIVE = 'FALSE_POSITIVE',
  DUPLICATE = 'DUPLICATE',
  NOT_AN_INCIDENT = 'NOT_AN_INCIDENT',
}

export enum TimelineKind {
  REPORTED = 'REPORTED',
  TRIAGED = 'TRIAGED',
  ASSIGNED = 'ASSIGNED',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  ESCALATED = 'ESCALATED',
  CONTAINED = 'CONTAINED',
  RESOLVED = 'RESOLVED',
  CLOSED = 'CLOSED',
  REOPENED = 'REOPENED',
  REJECTED = 'REJECTED',
  COMMENT = 'COMMENT',
  OBSERVABLE_ADDED = 'OBSERVABLE_ADDED',
  NOTIFICATION = 'NOTIFICATION',
  RUNBOOK_SUGGESTED = 'RUNBOOK_SUGGESTED',
  RUNBOOK_APPLIED = 'RUNBOOK_APPLIED',
  TASK_DONE = 'TASK_DONE',
  TASK_REOPENED = 'TASK_REOPENED',
  TASK_ASSIGNED = 'TASK_ASSIGNED',
  TASK_COMMENT = 'TASK_COMMENT',
  TASK_OVERDUE = 'TASK_OVERDUE',
  SLA_PAUSED = 'SLA_PAUSED',
  SLA_RESUMED = 'SLA_RESUMED',
  SLA_WARNING = 'SLA_WARNING',
  SLA_BREACHED = 'SLA_BREACHED',
  ESCALATION_STARTED = 'ESCALATION_STARTED',
  ESCALATION_STEP = 'ESCALATION_STEP',
  ESCALATION_STEP_SKIPPED = 'ESCALATION_STEP_SKIPPED',
  ESCALATION_STOPPED = 'ESCALATION_STOPPED',
}

export enum ObservableType {
  IP = 'ip',
  DOMAIN = 'domain',
  URL = 'url',
  HASH = 'hash',
  EMAIL = 'email',
  FILE_NAME = 'file-name',
  OTHER = 'other',
}

registerEnumType(IncidentCategory, { name: 'IncidentCategory' });
registerEnumType(Severity, { name: 'Severity' });
registerEnumType(Tlp, { name: 'Tlp' });
registerEnumType(IncidentStatus, { name: 'IncidentStatus' });
registerEnumType(IncidentSource, { name: 'IncidentSource' });
registerEnumType(ResolutionCode, { name: 'ResolutionCode' });
registerEnumType(TimelineKind, { name: 'TimelineKind' });
registerEnumType(ObservableType, { name: 'ObservableType' });
registerEnumType(SlaState, { name: 'SlaState' });
registerEnumType(IncidentOrder, { name: 'IncidentOrder' });
