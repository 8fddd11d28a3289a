import {
  Args,
  ArgsType,
  Context,
  Field,
  Int,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { IsInt, Max, Min } from 'class-validator';

import { Actor, CurrentActor, IncidentAccess, RequestInfo, RequestMeta } from '@tocsin/access';
import { groupLoaderFor, IdArg } from '@tocsin/core';
import { IncidentEntity, IncidentModel } from '@tocsin/incidents';

import { EscalationChainsService } from './escalation-chains.service';
import {
  EscalationChainInput,
  EscalationChainModel,
  EscalationPolicyInput,
  EscalationPolicyModel,
  EscalationReadinessModel,
  IncidentEscalationModel,
} from './escalation.model';

@ArgsType()
class ReadinessArgs {
  @Field(() => Int, { defaultValue: 7, description: 'Horizon in days (1–31)' })
  @IsInt()
  @Min(1)
  @Max(31)
  days: number;
}

@Resolver(() => EscalationChainModel)
export class EscalationChainsResolver {
  constructor(private readonly chains: EscalationChainsService) {}

  @Query(() => [EscalationChainModel], { description: 'Escalation chains, the default first' })
  escalationChains(@CurrentActor() actor: Actor): Promise<EscalationChainModel[]> {
    return this.chains.chains(actor);
  }

  @Query(() => [EscalationPolicyModel])
  escalationPolicies(@CurrentActor() actor: Actor): Promise<EscalationPolicyModel[]> {
    return this.chains.policies(actor);
  }

  @Query(() => EscalationReadinessModel, {
    description:
      'Steps that would reach nobody now or within the horizon, and people without a verified contact',
  })
  escalationReadiness(
    @CurrentActor() actor: Actor,
    @Args() args: ReadinessArgs,
  ): Promise<EscalationReadinessModel> {
    return this.chains.readiness(actor, args.days);
  }

  @Mutation(() => EscalationChainModel)
  createEscalationChain(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: EscalationChainInput,
  ): Promise<EscalationChainModel> {
    return this.chains.createChain(actor, meta, input);
  }

  @Mutation(() => EscalationChainModel, {
    description: 'Replaces the steps; running escalations keep the steps they started with',
  })
  updateEscalationChain(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg('id') id: string,
    @Args('input') input: EscalationChainInput,
  ): Promise<EscalationChainModel> {
    return this.chains.updateChain(actor, meta, id, input);
  }

  @Mutation(() => Boolean)
  deleteEscalationChain(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg('id') id: string,
  ): Promise<boolean> {
    return this.chains.deleteChain(actor, meta, id);
  }

  @Mutation(() => EscalationPolicyModel)
  createEscalationPolicy(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: EscalationPolicyInput,
  ): Promise<EscalationPolicyModel> {
    return this.chains.createPolicy(actor, meta, input);
  }

  @Mutation(() => Boolean)
  deleteEscalationPolicy(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg('id') id: string,
  ): Promise<boolean> {
    return this.chains.deletePolicy(actor, meta, id);
  }
}

/** The escalation side of an incident. The parent incident has already passed visibility. */
@Resolver(() => IncidentModel)
export class IncidentEscalationResolver {
  constructor(private readonly chains: EscalationChainsService) {}

  @ResolveField(() => IncidentEscalationModel, {
    nullable: true,
    description: 'Where the escalation chain stands (staff only; null before it starts)',
  })
  async escalation(
    @CurrentActor() actor: Actor,
    @Parent() incident: IncidentEntity,
    @Context() ctx: object,
  ): Promise<IncidentEscalationModel | null> {
    if (!IncidentAccess.seesInternal(actor)) return null;
    const [row] = await groupLoaderFor(
      ctx,
      'incidentEscalations',
      (ids) => this.chains.escalationsOf(ids),
      (e) => e.incidentId,
    ).load(incident.id);
    return row ?? null;
  }
}
