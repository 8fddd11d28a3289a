import { Args, Context, Int, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';

import { Actor, CurrentActor, isSubscriptionContext, RequestInfo, RequestMeta } from '@tocsin/access';
import { IdArg } from '@tocsin/core';

import { IncidentEventsService } from './incident-events.service';
import { IncidentQueriesService, IncidentPage } from './incident-queries.service';
import { ResolutionCode } from './incident.enums';
import {
  AddCommentArgs,
  CloseIncidentArgs,
  IncidentCountsArgs,
  IncidentsArgs,
  MetricsArgs,
  ObservableInput,
  ReasonArgs,
  RejectIncidentArgs,
  ReportIncidentInput,
  TriageIncidentInput,
  AssignIncidentArgs,
  ContainIncidentArgs,
  IncidentChangedArgs,
  IncidentCodeArgs,
  ResolveIncidentArgs,
} from './incident.input';
import {
  CommentModel,
  IncidentConnection,
  IncidentCountsModel,
  IncidentEventModel,
  IncidentMetricsModel,
  IncidentModel,
  ObservableModel,
} from './incident.model';
import { IncidentsService } from './incidents.service';

const expected = {
  name: 'expectedVersion',
  type: () => Int,
  nullable: true,
  description: 'Refuse with CONFLICT unless the incident is at this version',
};

@Resolver(() => IncidentModel)
export class IncidentsResolver {
  constructor(
    private readonly service: IncidentsService,
    private readonly queries: IncidentQueriesService,
    private readonly events: IncidentEventsService,
  ) {}

  @Query(() => IncidentModel, {
    nullable: true,
    description: 'Null when it does not exist or you may not see it',
  })
  incident(@CurrentActor() actor: Actor, @IdArg() id: string): Promise<IncidentModel | null> {
    return this.queries.findVisible(actor, id);
  }

  @Query(() => IncidentModel, { nullable: true })
  incidentByCode(
    @CurrentActor() actor: Actor,
    @Args() args: IncidentCodeArgs,
  ): Promise<IncidentModel | null> {
    return this.queries.findByCode(actor, args.code);
  }

  @Query(() => IncidentConnection)
  incidents(@CurrentActor() actor: Actor, @Args() args: IncidentsArgs): Promise<IncidentPage> {
    return this.queries.list(actor, args.filter, args.first, args.after, args.orderBy);
  }

  @Query(() => IncidentCountsModel, { description: 'Counts for a filter bar: the total and per facet' })
  incidentCounts(
    @CurrentActor() actor: Actor,
    @Args() args: IncidentCountsArgs,
  ): Promise<IncidentCountsModel> {
    return this.queries.counts(actor, args.filter);
  }

  @Query(() => IncidentMetricsModel)
  metrics(@CurrentActor() actor: Actor, @Args() args: MetricsArgs): Promise<IncidentMetricsModel> {
    return this.queries.metrics(actor, args);
  }

  @Mutation(() => IncidentModel)
  reportIncident(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: ReportIncidentInput,
  ) {
    return this.service.report(actor, meta, input);
  }

  @Mutation(() => IncidentModel)
  triageIncident(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg() id: string,
    @Args('input') input: TriageIncidentInput,
  ) {
    return this.service.triage(actor, meta, id, input);
  }

  @Mutation(() => IncidentModel, {
    description: 'Coordinator: correct severity, category, TLP or team of an open case',
  })
  reclassifyIncident(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg() id: string,
    @Args('input') input: TriageIncidentInput,
  ) {
    return this.service.reclassify(actor, meta, id, input);
  }

  @Mutation(() => IncidentModel)
  assignIncident(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg() id: string,
    @Args() args: AssignIncidentArgs,
  ) {
    return this.service.assign(actor, meta, id, args.assigneeId ?? null, args.teamId, args.expectedVersion);
  }

  @Mutation(() => IncidentModel)
  acknowledgeIncident(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg() id: string,
    @Args(expected) expectedVersion?: number,
  ) {
    return this.service.acknowledge(actor, meta, id, expectedVersion);
  }

  @Mutation(() => IncidentModel)
  escalateIncident(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg() id: string,
    @Args() args: ReasonArgs,
  ) {
    return this.service.escalate(actor, meta, id, args.reason, args.expectedVersion);
  }

  @Mutation(() => IncidentModel)
  containIncident(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg() id: string,
    @Args() args: ContainIncidentArgs,
  ) {
    return this.service.contain(actor, meta, id, args.note ?? null, args.expectedVersion);
  }

  @Mutation(() => IncidentModel)
  resolveIncident(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg() id: string,
    @Args() args: ResolveIncidentArgs,
  ) {
    return this.service.resolve(actor, meta, id, args.resolution, args.expectedVersion);
  }

  @Mutation(() => IncidentModel)
  closeIncident(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg() id: string,
    @Args() args: CloseIncidentArgs,
  ) {
    return this.service.close(
      actor,
      meta,
      id,
      args.resolutionCode ?? ResolutionCode.TRUE_POSITIVE,
      args.lessonsLearned ?? null,
      args.expectedVersion,
    );
  }

  @Mutation(() => IncidentModel)
  reopenIncident(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg() id: string,
    @Args() args: ReasonArgs,
  ) {
    return this.service.reopen(actor, meta, id, args.reason, args.expectedVersion);
  }

  @Mutation(() => IncidentModel)
  rejectIncident(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg() id: string,
    @Args() args: RejectIncidentArgs,
  ) {
    return this.service.reject(
      actor,
      meta,
      id,
      args.reason,
      args.duplicateOfId ?? null,
      args.expectedVersion,
    );
  }

  @Mutation(() => CommentModel)
  addComment(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg('incidentId') incidentId: string,
    @Args() args: AddCommentArgs,
  ) {
    return this.service.addComment(actor, meta, incidentId, args.body, args.internal);
  }

  @Mutation(() => ObservableModel)
  addObservable(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg('incidentId') incidentId: string,
    @Args('input') input: ObservableInput,
  ) {
    return this.service.addObservable(actor, meta, incidentId, input);
  }

  @Subscription(() => IncidentEventModel, {
    description: 'Every change you may see: of one incident, or of all',
    resolve: (payload: { incidentChanged: IncidentEventModel }) => payload.incidentChanged,
  })
  incidentChanged(
    @CurrentActor() actor: Actor,
    @Args() args: IncidentChangedArgs,
    @Context() context: unknown,
  ) {
    return this.events.subscribe(actor, args.id, isSubscriptionContext(context) ? context : undefined);
  }
}
