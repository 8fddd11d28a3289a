import type { PublishedEvent } from '@tocsin/core';

import type { NotificationChannel } from './notification.enums';

/** The registry of notification outbox events: each name with its payload. */
export interface NotificationEventPayloads {
  /** Hands one outward notification to delivery (the job id is derived from it and `dispatch`). */
  'notification.requested': {
    incidentId: string | null;
    channel: NotificationChannel;
    recipientId: string;
    /** 0 for the first dispatch; a coordinator's retry is a new one (a new job id). */
    dispatch: number;
  };
}

export type NotificationEventType = keyof NotificationEventPayloads;

/** Every notification event name, once. */
export const NOTIFICATION_EVENT_TYPES: Record<NotificationEventType, NotificationEventType> = {
  'notification.requested': 'notification.requested',
};

export type NotificationOutboxEvent = {
  [T in NotificationEventType]: {
    aggregateType: 'notification';
    aggregateId: string;
    eventType: T;
    payload: NotificationEventPayloads[T];
  };
}[NotificationEventType];

export function notificationRequested(
  notificationId: string,
  payload: NotificationEventPayloads['notification.requested'],
): NotificationOutboxEvent {
  return {
    aggregateType: 'notification',
    aggregateId: notificationId,
    eventType: 'notification.requested',
    payload,
  };
}

/** A published outbox row as a notification event, or null (the one place untyped rows meet the registry). */
export function asNotificationEvent(event: PublishedEvent): NotificationOutboxEvent | null {
  if (
    event.aggregateType !== 'notification' ||
    !Object.prototype.hasOwnProperty.call(NOTIFICATION_EVENT_TYPES, event.eventType)
  ) {
    return null;
  }
  return event as unknown as NotificationOutboxEvent;
}
