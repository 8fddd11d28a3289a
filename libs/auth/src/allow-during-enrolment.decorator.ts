import { SetMetadata } from '@nestjs/common';

export const ALLOW_DURING_ENROLMENT = 'tocsin:allowDuringEnrolment';

/**
 * The operations a session that must first set up a second factor may use (set it up, read `me`,
 * sign out). Everything else answers FORBIDDEN with reason SECOND_FACTOR_ENROLMENT_REQUIRED.
 */
export const AllowDuringEnrolment = (): MethodDecorator => SetMetadata(ALLOW_DURING_ENROLMENT, true);
