import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

import { Paginated } from '@tocsin/core';

import {
  IncidentCategory,
  IncidentSource,
  IncidentStatus,
  ObservableType,
  ResolutionCode,
  Severity,
  TimelineKind,
  Tlp,
} from './incident.enums';

@ObjectType('Incident')
export class IncidentModel {
  @Field(() => ID) id: string;
  @Field({ description: 'Human code, e.g. INC-2026-000042' }) code: string;
  @Field() title: string;
  @Field() description: string;
  @Field(() => IncidentCategory) category: IncidentCategory;
  @Field(() => Severity) severity: Severity;
  @Field(() => Tlp) tlp: Tlp;
  @Field(() => IncidentStatus) status: IncidentStatus;
  @Field(() => IncidentSource) source: IncidentSource;
  @Field({ description: 'A drill: works like an incident, left out of metrics unless asked for' })
  isExercise: boolean;
  @Field(() => ID) agencyId: string;
  @Field(() => ID, { nullable: true }) affectedSystemId: string | null;
  @Field(() => String, { nullable: true }) affectedSystemName: string | null;
  @Field(() => ID, { nullable: true }) reporterId: string | null;
  @Field(() => ID, { nullable: true }) teamId: string | null;
  @Field(() => ID, { nullable: true }) assigneeId: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) detectedAt: Date | null;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime) updatedAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) triagedAt: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) acknowledgedAt: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) containedAt: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) resolvedAt: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) closedAt: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) rejectedAt: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) reopenedAt: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) ackDueAt: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) resolveDueAt: Date | null;
  @Field(() => Int) escalationLevel: number;
  @Field(() => ResolutionCode, { nullable: true }) resolutionCode: ResolutionCode | null;
  @Field(() => String, { nullable: true }) resolutionSummary: string | null;
  @Field(() => String, { nullable: true }) lessonsLearned: string | null;
  @Field(() => ID, { nullable: true }) duplicateOfId: string | null;
  @Field(() => Int, { description: 'Optimistic-lock version: pass it back as expectedVersion' })
  version: number;
}

@ObjectType('IncidentConnection')
export class IncidentConnection extends Paginated(IncidentModel, 'Incident') {}

@ObjectType('TimelineEntry')
export class TimelineEntryModel {
  @Field(() => ID) id: string;
  @Field(() => TimelineKind) kind: TimelineKind;
  @Field(() => ID, { nullable: true }) actorId: string | null;
  @Field() internal: boolean;
  @Field(() => String, { description: 'Details as JSON text (status, reason, assignee, comment id…)' })
  dataJson: string;
  @Field(() => GraphQLISODateTime) occurredAt: Date;
}

@ObjectType('Comment')
export class CommentModel {
  @Field(() => ID) id: string;
  @Field(() => ID) incidentId: string;
  @Field(() => ID, { nullable: true }) authorId: string | null;
  @Field() body: string;
  @Field() internal: boolean;
  @Field(() => GraphQLISODateTime) createdAt: Date;
}

@ObjectType('Observable')
export class ObservableModel {
  @Field(() => ID) id: string;
  @Field(() => ID) incidentId: string;
  @Field(() => ObservableType) type: ObservableType;
  @Field() value: string;
  @Field(() => Tlp) tlp: Tlp;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => GraphQLISODateTime) createdAt: Date;
}

@ObjectType('IncidentEvent')
export class IncidentEventModel {
  @Field(() => ID) incidentId: string;
  @Field({ description: 'What happened, e.g. incident.acknowledged' }) type: string;
  @Field(() => GraphQLISODateTime) occurredAt: Date;
  @Field(() => IncidentModel) incident: IncidentModel;
}

@ObjectType('CountByKey')
export class CountByKeyModel {
  @Field() key: string;
  @Field(() => Int) count: number;
}

@ObjectType('AgencyMetrics')
export class AgencyMetricsModel {
  @Field(() => ID) agencyId: string;
  @Field(() => Int) total: number;
  @Field(() => Int) open: number;
  @Field(() => Int) ackBreaches: number;
  @Field(() => Float, { nullable: true }) mttaSeconds: number | null;
  @Field(() => Float, { nullable: true }) mttrSeconds: number | null;
}

@ObjectType('DayMetrics')
export class DayMetricsModel {
  @Field({ description: 'Day in Asia/Ho_Chi_Minh, YYYY-MM-DD' }) day: string;
  @Field(() => Int) reported: number;
  @Field(() => Int) resolved: number;
}

@ObjectType('IncidentMetrics')
export class IncidentMetricsModel {
  @Field(() => Int) total: number;
  @Field(() => [CountByKeyModel]) byStatus: CountByKeyModel[];
  @Field(() => [CountByKeyModel]) bySeverity: CountByKeyModel[];
  @Field(() => Float, { nullable: true, description: 'Mean time to acknowledge' }) mttaSeconds: number | null;
  @Field(() => Float, { nullable: true, description: 'Mean time to resolve' }) mttrSeconds: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Share acknowledged by the deadline (0-1); open overdue cases count as misses',
  })
  ackSlaCompliance: number | null;
  @Field(() => Float, {
    nullable: true,
    description: 'Share resolved by the deadline (0-1); open overdue cases count as misses',
  })
  resolveSlaCompliance: number | null;
  @Field(() => [AgencyMetricsModel]) byAgency: AgencyMetricsModel[];
  @Field(() => [DayMetricsModel]) byDay: DayMetricsModel[];
}

@ObjectType('IncidentCounts', {
  description:
    'How many incidents match the filter, and per facet how many would match with that facet changed (its own selection left out)',
})
export class IncidentCountsModel {
  @Field(() => Int) total: number;
  @Field(() => [CountByKeyModel]) byStatus: CountByKeyModel[];
  @Field(() => [CountByKeyModel]) bySeverity: CountByKeyModel[];
  @Field(() => [CountByKeyModel]) byCategory: CountByKeyModel[];
  @Field(() => [CountByKeyModel]) bySlaState: CountByKeyModel[];
  @Field(() => [CountByKeyModel]) bySource: CountByKeyModel[];
}
