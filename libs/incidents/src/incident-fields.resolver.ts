import { Context, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';

import { Actor, CurrentActor } from '@tocsin/access';
import { AgenciesService, AgencyModel } from '@tocsin/agencies';
import { UserModel, UsersService } from '@tocsin/auth';
import { loaderFor } from '@tocsin/core';

import { IncidentPage, IncidentQueriesService } from './incident-queries.service';
import { IncidentEntity } from './incident.entity';
import {
  CommentModel,
  IncidentConnection,
  IncidentModel,
  ObservableModel,
  TimelineEntryModel,
} from './incident.model';

/** Related objects of an incident, batched per request with DataLoaders. */
@Resolver(() => IncidentModel)
export class IncidentFieldsResolver {
  constructor(
    private readonly queries: IncidentQueriesService,
    private readonly agencies: AgenciesService,
    private readonly users: UsersService,
  ) {}

  @ResolveField(() => AgencyModel, { nullable: true })
  agency(@CurrentActor() actor: Actor, @Parent() incident: IncidentEntity, @Context() ctx: object) {
    return loaderFor(ctx, 'agency', (ids) => this.agencies.findByIds(actor, ids)).load(incident.agencyId);
  }

  @ResolveField(() => UserModel, { nullable: true })
  assignee(@CurrentActor() actor: Actor, @Parent() incident: IncidentEntity, @Context() ctx: object) {
    return incident.assigneeId ? this.userLoader(actor, ctx).load(incident.assigneeId) : null;
  }

  @ResolveField(() => UserModel, { nullable: true })
  reporter(@CurrentActor() actor: Actor, @Parent() incident: IncidentEntity, @Context() ctx: object) {
    return incident.reporterId ? this.userLoader(actor, ctx).load(incident.reporterId) : null;
  }

  @ResolveField(() => [TimelineEntryModel], {
    description: 'Oldest first; reporters see only what is not internal',
  })
  async timeline(
    @CurrentActor() actor: Actor,
    @Parent() incident: IncidentEntity,
  ): Promise<TimelineEntryModel[]> {
    const rows = await this.queries.timeline(actor, incident);
    return rows.map((r) => ({ ...r, dataJson: JSON.stringify(r.data) }));
  }

  @ResolveField(() => [CommentModel])
  comments(@CurrentActor() actor: Actor, @Parent() incident: IncidentEntity) {
    return this.queries.comments(actor, incident);
  }

  @ResolveField(() => [ObservableModel])
  observables(@CurrentActor() actor: Actor, @Parent() incident: IncidentEntity) {
    return this.queries.observables(actor, incident);
  }

  @ResolveField(() => [IncidentModel], { description: 'Incidents sharing an observable with this one' })
  linkedIncidents(@CurrentActor() actor: Actor, @Parent() incident: IncidentEntity) {
    return this.queries.linkedIncidents(actor, incident);
  }

  private userLoader(actor: Actor, ctx: object) {
    return loaderFor(ctx, 'user', (ids) => this.users.findByIds(actor, ids));
  }
}

@Resolver(() => IncidentConnection)
export class IncidentConnectionResolver {
  @ResolveField(() => Int, { description: 'Counted only when asked for' })
  totalCount(@Parent() page: IncidentPage): Promise<number> {
    return page.countTotal();
  }
}
