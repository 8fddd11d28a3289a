import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';

import { Actor, CurrentActor } from '@tocsin/access';
import { loaderFor } from '@tocsin/core';
import { IncidentEntity, IncidentModel } from '@tocsin/incidents';

import { RunbookModel } from './runbook.model';
import { RunbooksService } from './runbooks.service';
import { TaskQueriesService } from './task-queries.service';
import { IncidentTaskEntity } from './task.entity';
import { TaskModel, TaskProgressModel } from './task.model';

/**
 * The runbook side of an incident. The parent incident has already passed the caller's
 * visibility; every field is batched per request, so a page of incidents costs one query per field.
 */
@Resolver(() => IncidentModel)
export class IncidentTasksResolver {
  constructor(
    private readonly queries: TaskQueriesService,
    private readonly runbooks: RunbooksService,
  ) {}

  @ResolveField(() => [TaskModel], { description: 'In runbook order' })
  async tasks(@Parent() incident: IncidentEntity, @Context() ctx: object): Promise<IncidentTaskEntity[]> {
    const row = await loaderFor(ctx, 'incidentTasks', (ids) => this.queries.tasksByIncident(ids)).load(
      incident.id,
    );
    return row?.tasks ?? [];
  }

  @ResolveField(() => TaskProgressModel)
  async taskProgress(@Parent() incident: IncidentEntity, @Context() ctx: object): Promise<TaskProgressModel> {
    const row = await loaderFor(ctx, 'incidentTaskProgress', (ids) =>
      this.queries.progressByIncident(ids),
    ).load(incident.id);
    return row ?? { done: 0, total: 0, percent: 0 };
  }

  @ResolveField(() => [RunbookModel], { description: 'Active runbooks made for the incident’s category' })
  async suggestedRunbooks(
    @CurrentActor() actor: Actor,
    @Parent() incident: IncidentEntity,
    @Context() ctx: object,
  ): Promise<RunbookModel[]> {
    const row = await loaderFor(ctx, 'runbooksByCategory', (categories) =>
      this.runbooks.matchingByCategory(actor, categories),
    ).load(incident.category);
    return row?.runbooks ?? [];
  }
}
