import type { EntityManager } from 'typeorm';

import type { IncidentChange } from '@tocsin/incidents';

import type { NotificationChannel, NotificationEvent } from './notification.enums';

/** The escalation engine's one way to say "tell these people"; NotificationsModule provides it. */
export const NOTIFICATION_REQUESTER = Symbol('NOTIFICATION_REQUESTER');

export interface NotificationRecipient {
  userId: string;
  /** The channels the chain step asks for; the recipient's preferences decide the order. */
  channels: NotificationChannel[];
}

/** What to tell whom about the incident of the change it is made in. */
export interface NotificationRequest {
  event: NotificationEvent;
  /** Names what is being answered (a step id, `ack-breach@<iso due>`…); with `repeat`, part of the unique key. */
  eventKey: string;
  repeat: number;
  recipients: NotificationRecipient[];
  payload?: Record<string, unknown>;
}

export interface RequestedNotification {
  id: string;
  recipientId: string;
  channel: NotificationChannel;
}

export interface NotificationRequester {
  /**
   * Records one notification per (recipient, channel) inside the caller's change to the incident
   * (its timeline entry and outbox rows go with the change) and hands them to delivery after
   * commit. A (incident, eventKey, repeat, recipient, channel) that was already requested is
   * skipped, so replays are harmless. Returns only the rows it created.
   */
  request(change: IncidentChange, request: NotificationRequest): Promise<RequestedNotification[]>;

  /**
   * For each user, the channels among `channels` on which they can be reached now: an active
   * account, and for channels other than IN_APP a verified, not failed contact method.
   */
  reachable(
    em: EntityManager,
    userIds: string[],
    channels: NotificationChannel[],
  ): Promise<Map<string, NotificationChannel[]>>;
}
