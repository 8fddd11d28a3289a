import { Args, Query, Resolver } from '@nestjs/graphql';

import { Actor, CurrentActor } from '@tocsin/access';
import { IdArg, PageArgs } from '@tocsin/core';

import { AuditEventConnection, AuditEventModel, AuditVerificationModel } from './audit-event.model';
import { AuditService } from './audit.service';

@Resolver(() => AuditEventModel)
export class AuditResolver {
  constructor(private readonly service: AuditService) {}

  @Query(() => AuditEventConnection, {
    description: 'Everything recorded about one entity, oldest first (coordinators and admins)',
  })
  auditTrail(
    @CurrentActor() actor: Actor,
    @IdArg('entityId') entityId: string,
    @Args() page: PageArgs,
  ): Promise<AuditEventConnection> {
    return this.service.trail(actor, entityId, page.first, page.after);
  }

  @Query(() => AuditVerificationModel, {
    description: 'Re-computes every hash of the audit chain and reports the first broken entry',
  })
  verifyAuditChain(@CurrentActor() actor: Actor): Promise<AuditVerificationModel> {
    return this.service.verify(actor);
  }
}
