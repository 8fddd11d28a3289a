import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { NOTIFICATION_REQUESTER } from './notification-requester';
import { NotificationRequestService } from './notification-request.service';
import { NOTIFICATION_ENTITIES } from './notification.entity';

/** Notification requests and deliveries. Global: the escalation engine asks through NOTIFICATION_REQUESTER. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature(NOTIFICATION_ENTITIES)],
  providers: [
    NotificationRequestService,
    { provide: NOTIFICATION_REQUESTER, useExisting: NotificationRequestService },
  ],
  exports: [NOTIFICATION_REQUESTER, NotificationRequestService],
})
export class NotificationsModule {}
