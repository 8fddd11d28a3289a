import { registerEnumType } from '@nestjs/graphql';

/** Where a notification goes. IN_APP is the incident timeline and the live subscription. */
export enum NotificationChannel {
  IN_APP = 'IN_APP',
  EMAIL = 'EMAIL',
  TELEGRAM = 'TELEGRAM',
  ZALO = 'ZALO',
  /** A browser's push subscription (RFC 8030): the phone rings even with Tocsin closed. */
  WEB_PUSH = 'WEB_PUSH',
}

/** Why a notification was requested. */
export enum NotificationEvent {
  /** A step of the incident's escalation chain. */
  ESCALATION_STEP = 'ESCALATION_STEP',
  /** A person pressed "escalate": the next level and the leadership are told at once. */
  MANUAL_ESCALATION = 'MANUAL_ESCALATION',
  SLA_WARNING = 'SLA_WARNING',
  SLA_BREACH = 'SLA_BREACH',
  /** A test message on a contact method (contact readiness). */
  CONTACT_TEST = 'CONTACT_TEST',
  /** To the coordinators: someone a step paged could not be reached on any channel. */
  RECIPIENT_UNREACHED = 'RECIPIENT_UNREACHED',
}

export enum DeliveryState {
  PENDING = 'PENDING',
  SENT = 'SENT',
  FAILED = 'FAILED',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
}

registerEnumType(NotificationChannel, { name: 'NotificationChannel' });
registerEnumType(NotificationEvent, { name: 'NotificationEvent' });
registerEnumType(DeliveryState, { name: 'DeliveryState' });
