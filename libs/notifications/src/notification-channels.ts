import { DataSource } from 'typeorm';

import type { AppConfig } from '@tocsin/core';

import { TelegramChannel } from './channels/telegram.channel';
import { ZaloChannel } from './channels/zalo.channel';

/** The chat clients the api needs for webhook replies (the worker has its own senders). */
export class NotificationChannels {
  readonly telegram: TelegramChannel;
  readonly zalo: ZaloChannel;

  constructor(config: AppConfig, dataSource: DataSource) {
    this.telegram = new TelegramChannel(config.notifications);
    this.zalo = new ZaloChannel(config.notifications, dataSource);
  }
}
