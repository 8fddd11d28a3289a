import { Context, ID, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';

import { Actor, CurrentActor, IncidentAccess } from '@tocsin/access';
import { AgenciesService, AgencyModel } from '@tocsin/agencies';
import { UserModel, UsersService } from '@tocsin/auth';
import { groupLoaderFor, loaderFor } from '@tocsin/core';

import { IncidentPage, IncidentQueriesService } from './incident-queries.service';
import { Tlp } from './incident.enums';
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

  /** Only when the caller may see the original: a duplicate may point at another agency's case. */
  @ResolveField(() => ID, { nullable: true })
  async duplicateOfId(
    @CurrentActor() actor: Actor,
    @Parent() incident: IncidentEntity,
    @Context() ctx: object,
  ) {
    if (!incident.duplicateOfId) return null;
    const original = await loaderFor(ctx, 'visible-incident', (ids) =>
      this.queries.findVisibleByIds(actor, ids),
    ).load(incident.duplicateOfId);
    return original ? original.id : null;
  }

  @ResolveField(() => [TimelineEntryModel], {
    description: 'Oldest first; reporters see only what is not internal',
  })
  async timeline(
    @CurrentActor() actor: Actor,
    @Parent() incident: IncidentEntity,
    @Context() ctx: object,
  ): Promise<TimelineEntryModel[]> {
    const rows = await groupLoaderFor(
      ctx,
      'timeline',
      (ids) => this.queries.timelinesOf(actor, ids),
      (r) => r.incidentId,
    ).load(incident.id);
    return rows.map((r) => ({ ...r, dataJson: JSON.stringify(r.data) }));
  }

  @ResolveField(() => [CommentModel])
  comments(@CurrentActor() actor: Actor, @Parent() incident: IncidentEntity, @Context() ctx: object) {
    return groupLoaderFor(
      ctx,
      'comments',
      (ids) => this.queries.commentsOf(actor, ids),
      (c) => c.incidentId,
    ).load(incident.id);
  }

  /** Observables marked TLP:RED only for those who could see a TLP:RED incident here. */
  @ResolveField(() => [ObservableModel])
  async observables(
    @CurrentActor() actor: Actor,
    @Parent() incident: IncidentEntity,
    @Context() ctx: object,
  ) {
    const rows = await groupLoaderFor(
      ctx,
      'observables',
      (ids) => this.queries.observablesOf(ids),
      (o) => o.incidentId,
    ).load(incident.id);
    if (!rows.some((o) => o.tlp === Tlp.RED)) return rows;
    const participants = await groupLoaderFor(
      ctx,
      'participants',
      (ids) => this.queries.participantsOf(ids),
      (p) => p.incidentId,
    ).load(incident.id);
    const seesRed = IncidentAccess.canSee(actor, {
      agencyId: incident.agencyId,
      tlp: Tlp.RED,
      reporterId: incident.reporterId,
      assigneeId: incident.assigneeId,
      participantIds: participants.map((p) => p.userId),
    });
    return rows.filter((o) => o.tlp !== Tlp.RED || seesRed);
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
