import { ArgsType, Field, GraphQLISODateTime, ID, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsBoolean,
  IsDate,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';

import { Trim } from '@tocsin/core';

import {
  IncidentCategory,
  IncidentOrder,
  IncidentSource,
  IncidentStatus,
  ObservableType,
  ResolutionCode,
  Severity,
  SlaState,
  Tlp,
} from './incident.enums';

@InputType()
export class ReportIncidentInput {
  @Field()
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  @Trim()
  title: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(10000)
  @Trim()
  description: string;

  @Field(() => ID)
  @IsUUID()
  agencyId: string;

  @Field(() => IncidentCategory, { nullable: true })
  @IsOptional()
  @IsEnum(IncidentCategory)
  category?: IncidentCategory;

  @Field(() => Severity, {
    nullable: true,
    description: 'How bad it looks to the reporter; a coordinator may change it',
  })
  @IsOptional()
  @IsEnum(Severity)
  severity?: Severity;

  @Field(() => Tlp, { nullable: true })
  @IsOptional()
  @IsEnum(Tlp)
  tlp?: Tlp;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @IsOptional()
  @IsDate()
  detectedAt?: Date;

  @Field(() => ID, { nullable: true, description: "One of the agency's registered information systems" })
  @IsOptional()
  @IsUUID()
  affectedSystemId?: string;

  @Field({ nullable: true, description: 'Free text when the system is not registered' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Trim()
  affectedSystem?: string;

  @Field({ nullable: true, defaultValue: false })
  @IsOptional()
  @IsBoolean()
  isExercise?: boolean;
}

@InputType()
export class TriageIncidentInput {
  @Field(() => Severity)
  @IsEnum(Severity)
  severity: Severity;

  @Field(() => IncidentCategory)
  @IsEnum(IncidentCategory)
  category: IncidentCategory;

  @Field(() => Tlp)
  @IsEnum(Tlp)
  tlp: Tlp;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  assigneeId?: string;

  @Field(() => Int, {
    nullable: true,
    description: 'Refuse with CONFLICT unless the incident is still at this version',
  })
  @IsOptional()
  @IsInt()
  expectedVersion?: number;
}

@InputType()
export class ObservableInput {
  @Field(() => ObservableType)
  @IsEnum(ObservableType)
  type: ObservableType;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(2048)
  @Trim()
  value: string;

  @Field(() => Tlp, { nullable: true })
  @IsOptional()
  @IsEnum(Tlp)
  tlp?: Tlp;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @Trim()
  description?: string;
}

@InputType()
export class IncidentFilter {
  @Field(() => [IncidentStatus], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsEnum(IncidentStatus, { each: true })
  status?: IncidentStatus[];

  @Field(() => [Severity], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsEnum(Severity, { each: true })
  severity?: Severity[];

  @Field(() => [IncidentCategory], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsEnum(IncidentCategory, { each: true })
  category?: IncidentCategory[];

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  agencyId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  assigneeId?: string;

  @Field({ nullable: true, description: 'Assigned to me' })
  @IsOptional()
  @IsBoolean()
  mine?: boolean;

  @Field({ nullable: true, description: 'Only unassigned cases' })
  @IsOptional()
  @IsBoolean()
  unassigned?: boolean;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Reported at or after' })
  @IsOptional()
  @IsDate()
  from?: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Reported before' })
  @IsOptional()
  @IsDate()
  to?: Date;

  @Field({ nullable: true, description: 'Words in the code, title or description; diacritics ignored' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;

  @Field({ nullable: true, description: 'true: drills only; false: real incidents only; omitted: both' })
  @IsOptional()
  @IsBoolean()
  isExercise?: boolean;

  @Field(() => [SlaState], {
    nullable: true,
    description: 'Where the running SLA clock stands (open cases; a paused clock counts as on time)',
  })
  @IsOptional()
  @ArrayMaxSize(3)
  @IsEnum(SlaState, { each: true })
  slaState?: SlaState[];

  @Field(() => [IncidentSource], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsEnum(IncidentSource, { each: true })
  source?: IncidentSource[];

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Closed (or rejected, or resolved and not closed yet) at or after',
  })
  @IsOptional()
  @IsDate()
  closedFrom?: Date;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Closed (or rejected, or resolved and not closed yet) before',
  })
  @IsOptional()
  @IsDate()
  closedTo?: Date;
}

@ArgsType()
export class IncidentsArgs {
  @Field(() => IncidentFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => IncidentFilter)
  filter?: IncidentFilter;

  @Field(() => Int, { defaultValue: 20 })
  @IsInt()
  @Min(1)
  @Max(100)
  first: number = 20;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string;

  @Field(() => IncidentOrder, {
    defaultValue: IncidentOrder.NEWEST,
    description: 'URGENCY: the running SLA clock due soonest first, then the most severe',
  })
  @IsEnum(IncidentOrder)
  orderBy: IncidentOrder = IncidentOrder.NEWEST;
}

@ArgsType()
export class IncidentCountsArgs {
  @Field(() => IncidentFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => IncidentFilter)
  filter?: IncidentFilter;
}

@ArgsType()
export class MetricsArgs {
  @Field(() => GraphQLISODateTime)
  @IsDate()
  from: Date;

  @Field(() => GraphQLISODateTime)
  @IsDate()
  to: Date;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  agencyId?: string;

  @Field({ defaultValue: false, description: 'Count drills too' })
  @IsBoolean()
  includeExercises: boolean = false;
}

@ArgsType()
class VersionedArgs {
  @Field(() => Int, {
    nullable: true,
    description: 'Refuse with CONFLICT unless the incident is at this version',
  })
  @IsOptional()
  @IsInt()
  expectedVersion?: number;
}

@ArgsType()
export class ReasonArgs extends VersionedArgs {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @Trim()
  reason: string;
}

@ArgsType()
export class RejectIncidentArgs extends ReasonArgs {
  @Field(() => ID, { nullable: true, description: 'The incident this one duplicates' })
  @IsOptional()
  @IsUUID()
  duplicateOfId?: string;
}

@ArgsType()
export class AssignIncidentArgs extends VersionedArgs {
  @Field(() => ID, { nullable: true, description: 'Null or omitted: unassign' })
  @IsOptional()
  @IsUUID()
  assigneeId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  teamId?: string | null;
}

@ArgsType()
export class ContainIncidentArgs extends VersionedArgs {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  @Trim()
  note?: string;
}

@ArgsType()
export class ResolveIncidentArgs extends VersionedArgs {
  @Field({ description: 'What was done' })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  @Trim()
  resolution: string;
}

@ArgsType()
export class CloseIncidentArgs extends VersionedArgs {
  @Field(() => ResolutionCode, { nullable: true, description: 'Defaults to TRUE_POSITIVE' })
  @IsOptional()
  @IsEnum(ResolutionCode)
  resolutionCode?: ResolutionCode;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  @Trim()
  lessonsLearned?: string;
}

@ArgsType()
export class AddCommentArgs {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(10000)
  @Trim()
  body: string;

  @Field({ defaultValue: true, description: 'Internal comments are never shown to reporters' })
  @IsBoolean()
  internal: boolean = true;
}

@ArgsType()
export class IncidentCodeArgs {
  @Field()
  @IsString()
  @MaxLength(32)
  code: string;
}

@ArgsType()
export class IncidentChangedArgs {
  @Field(() => ID, { nullable: true, description: 'One incident, or omitted for all you may see' })
  @IsOptional()
  @IsUUID()
  id?: string;
}
