import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';

import { IdArg, loaderFor } from '@tocsin/core';
import { Actor, CurrentActor, RequestInfo, RequestMeta } from '@tocsin/access';

import { CreateAgencyInput, InformationSystemInput, UpdateAgencyInput } from './agency.input';
import { AgencyModel, InformationSystemModel } from './agency.model';
import { AgenciesService } from './agencies.service';

@Resolver(() => AgencyModel)
export class AgenciesResolver {
  constructor(private readonly service: AgenciesService) {}

  @Query(() => [AgencyModel], { description: 'Agencies the caller may see (a reporter: their own)' })
  agencies(@CurrentActor() actor: Actor): Promise<AgencyModel[]> {
    return this.service.list(actor);
  }

  @Query(() => AgencyModel)
  agency(@CurrentActor() actor: Actor, @IdArg() id: string): Promise<AgencyModel> {
    return this.service.get(actor, id);
  }

  @ResolveField(() => AgencyModel, {
    nullable: true,
    description: 'The parent agency, when the caller may see it',
  })
  async parent(
    @CurrentActor() actor: Actor,
    @Parent() agency: AgencyModel,
    @Context() ctx: object,
  ): Promise<AgencyModel | null> {
    if (!agency.parentId) return null;
    // Same loader name as Incident.agency: one batched query per request for all agencies.
    return loaderFor(ctx, 'agency', (ids) => this.service.findByIds(actor, ids)).load(agency.parentId);
  }

  @ResolveField(() => ID, { nullable: true, description: 'Null when you may not see the parent agency' })
  async parentId(
    @CurrentActor() actor: Actor,
    @Parent() agency: AgencyModel,
    @Context() ctx: object,
  ): Promise<string | null> {
    return (await this.parent(actor, agency, ctx))?.id ?? null;
  }

  @ResolveField(() => [InformationSystemModel])
  systems(@CurrentActor() actor: Actor, @Parent() agency: AgencyModel): Promise<InformationSystemModel[]> {
    return this.service.systems(actor, agency.id);
  }

  @Mutation(() => AgencyModel)
  createAgency(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: CreateAgencyInput,
  ): Promise<AgencyModel> {
    return this.service.create(actor, meta, input);
  }

  @Mutation(() => AgencyModel)
  updateAgency(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg() id: string,
    @Args('input') input: UpdateAgencyInput,
  ): Promise<AgencyModel> {
    return this.service.update(actor, meta, id, input);
  }

  @Mutation(() => Boolean)
  deleteAgency(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg() id: string,
  ): Promise<boolean> {
    return this.service.delete(actor, meta, id);
  }

  @Mutation(() => InformationSystemModel)
  createInformationSystem(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg('agencyId') agencyId: string,
    @Args('input') input: InformationSystemInput,
  ): Promise<InformationSystemModel> {
    return this.service.addSystem(actor, meta, agencyId, input);
  }

  @Mutation(() => InformationSystemModel)
  updateInformationSystem(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg() id: string,
    @Args('input') input: InformationSystemInput,
  ): Promise<InformationSystemModel> {
    return this.service.updateSystem(actor, meta, id, input);
  }

  @Mutation(() => Boolean)
  deleteInformationSystem(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg() id: string,
  ): Promise<boolean> {
    return this.service.deleteSystem(actor, meta, id);
  }
}
