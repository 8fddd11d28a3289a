import type Redis from 'ioredis';
import { DataSource } from 'typeorm';

import type { NotificationsConfig } from '@tocsin/core';

import { NotificationChannel } from '../notification.enums';
import { ChannelSender, DeliveryError, HandOver, OutboundMessage, SendResult } from './channel';
import { ZaloClient } from './zalo.client';
import type { RefreshListener } from './zalo-token-refresher';

/** Zalo OA customer-service text messages to a follower's user id. */
export class ZaloChannel implements ChannelSender {
  readonly channel = NotificationChannel.ZALO;
  readonly configured: boolean;
  readonly client: ZaloClient;

  constructor(
    config: NotificationsConfig,
    dataSource: DataSource,
    redis?: { client: Redis; prefix: string },
    onRefresh?: RefreshListener,
  ) {
    this.configured = Boolean(config.zalo);
    this.client = new ZaloClient(config, dataSource, redis, onRefresh);
  }

  async send(message: OutboundMessage, handOver?: HandOver): Promise<SendResult> {
    if (!this.configured) throw new DeliveryError('rejected', 'Zalo is not configured');
    return { providerMessageId: await this.client.sendText(message.address, message.text, handOver) };
  }
}
