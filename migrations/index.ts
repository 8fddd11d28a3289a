import { InitialSchema1795604146840 } from './1795604146840-InitialSchema';
import { CreateAuditTrail1795606137617 } from './1795606137617-CreateAuditTrail';
import { CreateIncidents1795606383861 } from './1795606383861-CreateIncidents';
import { CreateRunbooks1795608456011 } from './1795608456011-CreateRunbooks';
import { CreateOncall1795608520665 } from './1795608520665-CreateOncall';
import { CreateSlaPolicies1795609359836 } from './1795609359836-CreateSlaPolicies';
import { CreateNotifications1795612507223 } from './1795612507223-CreateNotifications';
import { CreateEscalationChains1795612727586 } from './1795612727586-CreateEscalationChains';
import { NotificationDelivery1795612832383 } from './1795612832383-NotificationDelivery';
import { WebPushChannel1796158703119 } from './1796158703119-WebPushChannel';
import { AddNotificationReadAt1796158765132 } from './1796158765132-AddNotificationReadAt';
import { DeliveryHandOver1796159007293 } from './1796159007293-DeliveryHandOver';
import { AuditCheckpoints1796158878323 } from './1796158878323-AuditCheckpoints';
import { SecondFactorPasswordReset1796161150103 } from './1796161150103-SecondFactorPasswordReset';

/** Migrations in order. Generate with `npm run migration:generate -- migrations/<Name>`, review, add here. */
export const MIGRATIONS: Function[] = [
  InitialSchema1795604146840,
  CreateAuditTrail1795606137617,
  CreateIncidents1795606383861,
  CreateRunbooks1795608456011,
  CreateOncall1795608520665,
  CreateSlaPolicies1795609359836,
  CreateNotifications1795612507223,
  CreateEscalationChains1795612727586,
  NotificationDelivery1795612832383,
  WebPushChannel1796158703119,
  AddNotificationReadAt1796158765132,
  AuditCheckpoints1796158878323,
  DeliveryHandOver1796159007293,
  SecondFactorPasswordReset1796161150103,
];
