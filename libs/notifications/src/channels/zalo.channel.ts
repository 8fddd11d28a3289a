import { DataSource } from 'typeorm';

import type { NotificationsConfig } from '@tocsin/core';

import { NotificationChannel } from '../notification.enums';
import { ChannelSender, DeliveryError, OutboundMessage, SendResult } from './channel';
import { ZaloClient } from './zalo.client';

/** Zalo OA customer-service text messages to a follower's user id. */
export class ZaloChannel implements ChannelSender {
  readonly channel = NotificationChannel.ZALO;
  readonly configured: boolean;
  readonly client: ZaloClient;

  constructor(config: NotificationsConfig, dataSource: DataSource) {
    this.configured = Boolean(config.zalo);
    this.client = new ZaloClient(config, dataSource);
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    if (!this.configured) throw new DeliveryError('rejected', 'Zalo is not configured');
    return { providerMessageId: await this.client.sendText(message.address, message.text) };
  }
}
