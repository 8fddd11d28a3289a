import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

import { Role } from '@tocsin/access';

import { RunbookPhase } from './runbook.enums';

@ObjectType('Task', { description: 'A checklist item on an incident, copied from a runbook step' })
export class TaskModel {
  @Field(() => ID) id: string;
  @Field(() => ID) incidentId: string;
  @Field(() => ID, { nullable: true, description: 'The runbook it came from' }) runbookId: string | null;
  @Field(() => ID, { nullable: true }) runbookVersionId: string | null;
  @Field(() => Int, { description: '1-based order of the step in its runbook' }) position: number;
  @Field() titleVi: string;
  @Field() titleEn: string;
  @Field(() => RunbookPhase) phase: RunbookPhase;
  @Field(() => Role, { nullable: true }) role: Role | null;
  @Field(() => Int, { nullable: true }) targetMinutes: number | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Applied time + target minutes' })
  dueAt: Date | null;
  @Field(() => ID, { nullable: true }) assigneeId: string | null;
  @Field() done: boolean;
  @Field(() => ID, { nullable: true }) doneById: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) doneAt: Date | null;
  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When the overdue marker went on the timeline',
  })
  overdueMarkedAt: Date | null;
  @Field(() => GraphQLISODateTime) createdAt: Date;
}

@ObjectType('TaskComment')
export class TaskCommentModel {
  @Field(() => ID) id: string;
  @Field(() => ID) taskId: string;
  @Field(() => ID) incidentId: string;
  @Field(() => ID, { nullable: true }) authorId: string | null;
  @Field() body: string;
  @Field() internal: boolean;
  @Field(() => GraphQLISODateTime) createdAt: Date;
}

@ObjectType('TaskProgress')
export class TaskProgressModel {
  @Field(() => Int) done: number;
  @Field(() => Int) total: number;
  @Field(() => Int, { description: 'done / total, 0-100, rounded down (0 without tasks)' }) percent: number;
}
