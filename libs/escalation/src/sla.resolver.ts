import {
  Args,
  ArgsType,
  Context,
  Field,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { IsString, MaxLength, MinLength } from 'class-validator';

import { Actor, CurrentActor, IncidentAccess, RequestInfo, RequestMeta } from '@tocsin/access';
import { groupLoaderFor, IdArg, Trim } from '@tocsin/core';
import { IncidentEntity, IncidentModel, Severity } from '@tocsin/incidents';

import { SlaPauseService } from './sla-pause.service';
import { SlaPolicyService } from './sla-policy.service';
import { IncidentSlaPauseEntity } from './sla.entity';
import { SlaPauseModel, SlaPolicyInput, SlaPolicyModel } from './sla.model';

@ArgsType()
class PauseReasonArgs {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @Trim()
  reason: string;
}

@Resolver(() => SlaPolicyModel)
export class SlaPoliciesResolver {
  constructor(private readonly policies: SlaPolicyService) {}

  @Query(() => [SlaPolicyModel], { description: 'One SLA policy per severity, most severe first' })
  slaPolicies(@CurrentActor() actor: Actor): Promise<SlaPolicyModel[]> {
    return this.policies.list(actor);
  }

  @Mutation(() => SlaPolicyModel, {
    description: 'Applies to due times computed from now on (new reports, severity changes, pauses)',
  })
  updateSlaPolicy(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('severity', { type: () => Severity }) severity: Severity,
    @Args('input') input: SlaPolicyInput,
  ): Promise<SlaPolicyModel> {
    return this.policies.update(actor, meta, severity, input);
  }
}

/** The SLA side of an incident: clock pauses. The parent incident has already passed visibility. */
@Resolver(() => IncidentModel)
export class IncidentSlaResolver {
  constructor(private readonly pauses: SlaPauseService) {}

  @Mutation(() => IncidentModel, { description: 'Stops the SLA clocks of an open incident (coordinators)' })
  pauseSlaClock(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg('incidentId') incidentId: string,
    @Args() args: PauseReasonArgs,
  ): Promise<IncidentEntity> {
    return this.pauses.pause(actor, meta, incidentId, args.reason);
  }

  @Mutation(() => IncidentModel, {
    description: 'Restarts the SLA clocks; due times move on by the paused time (coordinators)',
  })
  resumeSlaClock(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg('incidentId') incidentId: string,
  ): Promise<IncidentEntity> {
    return this.pauses.resume(actor, meta, incidentId);
  }

  @ResolveField(() => Boolean, { description: 'Whether the SLA clocks are stopped now' })
  async slaPaused(@Parent() incident: IncidentEntity, @Context() ctx: object): Promise<boolean> {
    return (await this.load(incident, ctx)).some((p) => p.endedAt === null);
  }

  @ResolveField(() => [SlaPauseModel], { description: 'Clock pauses, oldest first (staff only)' })
  async slaPauses(
    @CurrentActor() actor: Actor,
    @Parent() incident: IncidentEntity,
    @Context() ctx: object,
  ): Promise<IncidentSlaPauseEntity[]> {
    // The reasons are internal notes: reporters see only whether the clock is paused.
    if (!IncidentAccess.seesInternal(actor)) return [];
    return this.load(incident, ctx);
  }

  private load(incident: IncidentEntity, ctx: object): Promise<IncidentSlaPauseEntity[]> {
    return groupLoaderFor(
      ctx,
      'incidentSlaPauses',
      (ids) => this.pauses.pausesByIncident(ids),
      (p) => p.incidentId,
    ).load(incident.id);
  }
}
