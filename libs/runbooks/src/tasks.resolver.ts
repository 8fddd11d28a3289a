import { Args, Context, ID, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';

import { Actor, CurrentActor, RequestInfo, RequestMeta } from '@tocsin/access';
import { UserModel, UsersService, visibleUserId } from '@tocsin/auth';
import { Clock, IdArg, loaderFor } from '@tocsin/core';

import {
  AddTaskCommentArgs,
  ApplyRunbookArgs,
  AssignTaskArgs,
  SetTaskDoneArgs,
  TaskTitleArgs,
} from './runbook.args';
import { Lang } from './runbook.enums';
import { RunbooksService } from './runbooks.service';
import { TaskQueriesService } from './task-queries.service';
import { IncidentTaskEntity } from './task.entity';
import { TaskCommentModel, TaskModel } from './task.model';
import { TasksService } from './tasks.service';

@Resolver(() => TaskModel)
export class TasksResolver {
  constructor(
    private readonly tasks: TasksService,
    private readonly queries: TaskQueriesService,
    private readonly runbooks: RunbooksService,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  @Mutation(() => [TaskModel], {
    description: 'Copies the runbook’s steps into tasks; CONFLICT if already applied',
  })
  applyRunbook(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg('incidentId') incidentId: string,
    @Args() args: ApplyRunbookArgs,
  ): Promise<IncidentTaskEntity[]> {
    return this.tasks.applyRunbook(actor, meta, incidentId, args.runbookId);
  }

  @Mutation(() => TaskModel)
  setTaskDone(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg('taskId') taskId: string,
    @Args() args: SetTaskDoneArgs,
  ): Promise<IncidentTaskEntity> {
    return this.tasks.setDone(actor, meta, taskId, args.done);
  }

  @Mutation(() => TaskModel)
  assignTask(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg('taskId') taskId: string,
    @Args() args: AssignTaskArgs,
  ): Promise<IncidentTaskEntity> {
    return this.tasks.assign(actor, meta, taskId, args.assigneeId ?? null);
  }

  @Mutation(() => TaskCommentModel)
  addTaskComment(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg('taskId') taskId: string,
    @Args() args: AddTaskCommentArgs,
  ): Promise<TaskCommentModel> {
    return this.tasks.addComment(actor, meta, taskId, args.body, args.internal ?? true);
  }

  @ResolveField(() => String, { description: 'In your language unless `lang` is given' })
  async title(
    @CurrentActor() actor: Actor,
    @Parent() task: IncidentTaskEntity,
    @Args() args: TaskTitleArgs,
    @Context() ctx: object,
  ): Promise<string> {
    const lang = args.lang ?? (await this.callerLocale(actor, ctx));
    return lang === Lang.en ? task.titleEn : task.titleVi;
  }

  @ResolveField(() => Boolean, { description: 'Not done and past its due time' })
  overdue(@Parent() task: IncidentTaskEntity): boolean {
    return !task.done && task.dueAt !== null && task.dueAt.getTime() <= this.clock.now().getTime();
  }

  @ResolveField(() => Int, { nullable: true, description: 'The runbook version it was copied from' })
  async runbookVersion(@Parent() task: IncidentTaskEntity, @Context() ctx: object): Promise<number | null> {
    if (!task.runbookVersionId) return null;
    const version = await loaderFor(ctx, 'runbookVersion', (ids) => this.queries.versionsByIds(ids)).load(
      task.runbookVersionId,
    );
    return version?.version ?? null;
  }

  @ResolveField(() => UserModel, { nullable: true })
  assignee(@CurrentActor() actor: Actor, @Parent() task: IncidentTaskEntity, @Context() ctx: object) {
    return task.assigneeId
      ? loaderFor(ctx, 'user', (ids) => this.users.findByIds(actor, ids)).load(task.assigneeId)
      : null;
  }

  @ResolveField(() => ID, { nullable: true, description: 'Null when you may not see the user' })
  assigneeId(@CurrentActor() actor: Actor, @Parent() task: IncidentTaskEntity, @Context() ctx: object) {
    return visibleUserId(this.users, actor, ctx, task.assigneeId);
  }

  @ResolveField(() => ID, { nullable: true, description: 'Null when you may not see the user' })
  doneById(@CurrentActor() actor: Actor, @Parent() task: IncidentTaskEntity, @Context() ctx: object) {
    return visibleUserId(this.users, actor, ctx, task.doneById);
  }

  @ResolveField(() => [TaskCommentModel], {
    description: 'Oldest first; reporters see only what is not internal',
  })
  async comments(
    @CurrentActor() actor: Actor,
    @Parent() task: IncidentTaskEntity,
    @Context() ctx: object,
  ): Promise<TaskCommentModel[]> {
    const row = await loaderFor(ctx, 'taskComments', (ids) => this.queries.commentsByTask(actor, ids)).load(
      task.id,
    );
    return row?.comments ?? [];
  }

  private async callerLocale(actor: Actor, ctx: object): Promise<Lang> {
    if (actor.kind !== 'user') return Lang.vi;
    const row = await loaderFor(ctx, 'locale', (ids) => this.runbooks.localesOf(ids)).load(actor.id);
    return row?.lang ?? Lang.vi;
  }
}

/** A task comment's author id only for those who may see the author (reporters see no staff ids). */
@Resolver(() => TaskCommentModel)
export class TaskCommentStaffIdsResolver {
  constructor(private readonly users: UsersService) {}

  @ResolveField(() => ID, { nullable: true, description: 'Null when you may not see the user' })
  authorId(@CurrentActor() actor: Actor, @Parent() comment: TaskCommentModel, @Context() ctx: object) {
    return visibleUserId(this.users, actor, ctx, comment.authorId);
  }
}
