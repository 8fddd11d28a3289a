import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { AuditModule } from '@tocsin/audit';
import { APP_CONFIG, AppConfig, Clock } from '@tocsin/core';
import { IncidentsApiModule } from '@tocsin/incidents';
import { OncallModule } from '@tocsin/oncall';

import { InboxResolver } from './inbox.resolver';
import { InboxService } from './inbox.service';
import { MessageAckService } from './message-ack.service';
import { NotificationChannels } from './notification-channels';
import {
  AckLinkController,
  TelegramWebhookController,
  ZaloWebhookController,
} from './notification-webhooks.controller';
import { NotificationsModule } from './notifications.module';
import { NotificationsResolver } from './notifications.resolver';
import { NotificationsService } from './notifications.service';
import { WebPushResolver } from './web-push.resolver';
import { WebPushService } from './web-push.service';

/** The api side: GraphQL (delivery log, inbox, contact methods, web push subscriptions, preferences), ack links, Telegram and Zalo webhooks. */
@Module({
  imports: [NotificationsModule, AuditModule, IncidentsApiModule, OncallModule],
  controllers: [AckLinkController, TelegramWebhookController, ZaloWebhookController],
  providers: [
    Clock,
    NotificationsService,
    NotificationsResolver,
    InboxService,
    InboxResolver,
    MessageAckService,
    WebPushService,
    WebPushResolver,
    {
      provide: NotificationChannels,
      inject: [APP_CONFIG, getDataSourceToken()],
      useFactory: (config: AppConfig, dataSource: DataSource) => new NotificationChannels(config, dataSource),
    },
  ],
})
export class NotificationsApiModule {}
