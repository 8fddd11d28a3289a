import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
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

import { Role } from '@tocsin/access';
import { Trim } from '@tocsin/core';
import { IncidentCategory, Severity } from '@tocsin/incidents';
import { NotificationChannel } from '@tocsin/notifications';

import { EscalationTargetKind } from './escalation.enums';

@ObjectType('EscalationTarget')
export class EscalationTargetModel {
  @Field(() => EscalationTargetKind) kind: EscalationTargetKind;
  @Field(() => ID, { nullable: true, description: 'USER targets' }) userId?: string | null;
  @Field(() => ID, {
    nullable: true,
    description: "TEAM and TEAM_ON_CALL targets; null means the incident's team",
  })
  teamId?: string | null;
  @Field(() => Role, { nullable: true, description: 'ROLE targets' }) role?: Role | null;
}

@ObjectType('EscalationStep')
export class EscalationStepModel {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: '0-based order in the chain' }) position: number;
  @Field(() => Int, { description: "Seconds to wait after this step's notifications before the next step" })
  delaySeconds: number;
  @Field(() => [EscalationTargetModel]) targets: EscalationTargetModel[];
  @Field(() => [NotificationChannel]) channels: NotificationChannel[];
}

@ObjectType('EscalationChain')
export class EscalationChainModel {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() description: string;
  @Field(() => Int, { description: 'How many more rounds after the last step when nobody acknowledged' })
  repeatCount: number;
  @Field({ description: 'Used when no policy matches' }) isDefault: boolean;
  @Field(() => [EscalationStepModel]) steps: EscalationStepModel[];
  @Field(() => Int) version: number;
}

@ObjectType('EscalationPolicy', {
  description: 'Picks a chain for incidents; null fields match anything, the most specific policy wins',
})
export class EscalationPolicyModel {
  @Field(() => ID) id: string;
  @Field(() => ID) chainId: string;
  @Field(() => Severity, { nullable: true }) severity: Severity | null;
  @Field(() => IncidentCategory, { nullable: true }) category: IncidentCategory | null;
  @Field(() => ID, { nullable: true }) agencyId: string | null;
}

@InputType()
export class EscalationTargetInput {
  @Field(() => EscalationTargetKind)
  @IsEnum(EscalationTargetKind)
  kind: EscalationTargetKind;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  userId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  teamId?: string | null;

  @Field(() => Role, { nullable: true })
  @IsOptional()
  @IsEnum(Role)
  role?: Role | null;
}

@InputType()
export class EscalationStepInput {
  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(604_800)
  delaySeconds: number;

  @Field(() => [EscalationTargetInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => EscalationTargetInput)
  targets: EscalationTargetInput[];

  @Field(() => [NotificationChannel])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(Object.keys(NotificationChannel).length)
  @IsEnum(NotificationChannel, { each: true })
  channels: NotificationChannel[];
}

@InputType()
export class EscalationChainInput {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  @Trim()
  name: string;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(2000)
  @Trim()
  description: string;

  @Field(() => Int, { defaultValue: 0 })
  @IsInt()
  @Min(0)
  @Max(10)
  repeatCount: number;

  @Field({
    defaultValue: false,
    description: 'Make this the default chain (the previous default stops being it)',
  })
  @IsBoolean()
  isDefault: boolean;

  @Field(() => [EscalationStepInput])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => EscalationStepInput)
  steps: EscalationStepInput[];

  @Field(() => Int, { nullable: true, description: 'Required when updating: the version you edited' })
  @IsOptional()
  @IsInt()
  version?: number;
}

@InputType()
export class EscalationPolicyInput {
  @Field(() => ID)
  @IsUUID()
  chainId: string;

  @Field(() => Severity, { nullable: true })
  @IsOptional()
  @IsEnum(Severity)
  severity?: Severity | null;

  @Field(() => IncidentCategory, { nullable: true })
  @IsOptional()
  @IsEnum(IncidentCategory)
  category?: IncidentCategory | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  agencyId?: string | null;
}

@ObjectType('IncidentEscalation', { description: "Where an incident's escalation chain stands" })
export class IncidentEscalationModel {
  /** For the DataLoader; not in the API (the parent incident is). */
  incidentId: string;
  @Field(() => ID, { nullable: true }) chainId: string;
  @Field() chainName: string;
  @Field(() => Int, { description: 'Times the chain was (re)started: report, triage' }) run: number;
  @Field(() => Int, { description: 'The step that runs next (or ran last, once stopped)' }) stepIndex: number;
  @Field(() => Int) repeat: number;
  @Field(() => Int) stepCount: number;
  @Field(() => GraphQLISODateTime, { nullable: true }) nextAt: Date | null;
  @Field(() => GraphQLISODateTime) startedAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) stoppedAt: Date | null;
  @Field(() => String, { nullable: true, description: 'ACKNOWLEDGED, CLOSED, EXHAUSTED or REACHED_NOBODY' })
  stopReason: string | null;
}

@ObjectType('ReadinessGap')
export class ReadinessGapModel {
  @Field(() => GraphQLISODateTime) start: Date;
  @Field(() => GraphQLISODateTime) end: Date;
}

@ObjectType('ReadinessUser')
export class ReadinessUserModel {
  @Field(() => ID) id: string;
  @Field() displayName: string;
  @Field() email: string;
}

@ObjectType('StepReadiness')
export class StepReadinessModel {
  @Field(() => Int) position: number;
  @Field({
    description:
      'The step would reach nobody outside the app if an incident arrived now (in-app counts only with NOTIFY_IN_APP_REACHES)',
  })
  reachesNobodyNow: boolean;
  @Field(() => String, {
    nullable: true,
    description: 'NOBODY_TO_NOTIFY, NO_USABLE_CONTACT_METHOD or ONLY_IN_APP (reaches people only in the app)',
  })
  reason: string | null;
  @Field(() => [ReadinessGapModel], {
    description: 'Periods in the horizon when a team on-call target of this step has nobody on call',
  })
  onCallGaps: ReadinessGapModel[];
}

@ObjectType('ChainReadiness')
export class ChainReadinessModel {
  @Field(() => ID) chainId: string;
  @Field() chainName: string;
  @Field(() => [StepReadinessModel]) steps: StepReadinessModel[];
  @Field({ description: 'Every step reaches someone now and no on-call gap lies in the horizon' })
  ready: boolean;
}

@ObjectType('TeamReadiness')
export class TeamReadinessModel {
  @Field(() => ID) teamId: string;
  @Field() teamName: string;
  @Field(() => [ReadinessGapModel], { description: 'Nobody on call in any of the team schedules' })
  gaps: ReadinessGapModel[];
  @Field(() => [ReadinessUserModel], {
    description: 'Members with no verified contact method outside the app (email, Telegram, Zalo)',
  })
  membersWithoutVerifiedContact: ReadinessUserModel[];
  @Field(() => [ReadinessUserModel], { description: 'On call now but without a verified contact method' })
  onCallNowWithoutVerifiedContact: ReadinessUserModel[];
}

@ObjectType('EscalationReadiness')
export class EscalationReadinessModel {
  @Field(() => GraphQLISODateTime) from: Date;
  @Field(() => GraphQLISODateTime) to: Date;
  @Field(() => [ChainReadinessModel]) chains: ChainReadinessModel[];
  @Field(() => [TeamReadinessModel]) teams: TeamReadinessModel[];
}
