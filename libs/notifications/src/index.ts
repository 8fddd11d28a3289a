export * from './notification-request.service';
export * from './notification-requester';
export * from './notification.entity';
export * from './notification.enums';
export * from './notifications.module';
