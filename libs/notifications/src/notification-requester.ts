import type { EntityManager } from 'typeorm';

import type { NotificationChannel, NotificationEvent } from './notification.enums';

/** The escalation engine's one way to say "tell these people"; NotificationsModule provides it. */
export const NOTIFICATION_REQUESTER = Symbol('NOTIFICATION_REQUESTER');

export interface NotificationRecipient {
  userId: string;
  /** The channels the chain step asks for; the recipient's preferences decide the order. */
  channels: NotificationChannel[];
}

export interface NotificationRequest {
  incidentId: string;
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
   * Records one notification per (recipient, channel) inside the caller's transaction and hands
   * them to delivery after commit. A (incident, eventKey, repeat, recipient, channel) that was
   * already requested is skipped, so replays are harmless. Returns only the rows it created.
   */
  request(em: EntityManager, request: NotificationRequest): Promise<RequestedNotification[]>;

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
