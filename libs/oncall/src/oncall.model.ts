import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

@ObjectType('Team')
export class TeamModel {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => Int) version: number;
}

@ObjectType('TeamMember')
export class TeamMemberModel {
  @Field(() => ID) userId: string;
  @Field() isLead: boolean;
}

@ObjectType('LayerRestriction')
export class LayerRestrictionModel {
  @Field({ description: 'HH:mm, local' }) startTime: string;
  @Field({ description: 'HH:mm, local; before startTime wraps midnight' }) endTime: string;
  @Field(() => [Int], { nullable: true, description: '1 = Monday … 7 = Sunday' }) weekdays?: number[];
}

@ObjectType('RotationLayer')
export class RotationLayerModel {
  @Field(() => ID) id: string;
  @Field(() => Int) position: number;
  @Field() name: string;
  @Field(() => [ID]) participantIds: string[];
  @Field(() => Int) shiftLengthHours: number;
  @Field() handoffTime: string;
  @Field() timeZone: string;
  @Field() startDate: string;
  @Field(() => LayerRestrictionModel, { nullable: true }) restriction: LayerRestrictionModel | null;
}

@ObjectType('ScheduleOverride')
export class ScheduleOverrideModel {
  @Field(() => ID) id: string;
  @Field(() => ID) userId: string;
  @Field(() => GraphQLISODateTime) startsAt: Date;
  @Field(() => GraphQLISODateTime) endsAt: Date;
  @Field(() => String, { nullable: true }) reason: string | null;
}

@ObjectType('Schedule')
export class ScheduleModel {
  @Field(() => ID) id: string;
  @Field(() => ID) teamId: string;
  @Field() name: string;
  @Field(() => Int) version: number;
}

@ObjectType('CoverageSegment')
export class CoverageSegmentModel {
  @Field(() => GraphQLISODateTime) start: Date;
  @Field(() => GraphQLISODateTime) end: Date;
  @Field(() => [ID]) userIds: string[];
  @Field({ description: 'override, layer or none (a gap)' }) source: string;
  @Field(() => ID, { nullable: true }) layerId: string | null;
}

@InputType()
export class TeamInput {
  @Field()
  @IsString()
  @MinLength(2)
  @MaxLength(120)
  name: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;
}

@InputType()
export class LayerRestrictionInput {
  @Field()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'startTime must be HH:mm' })
  startTime: string;

  @Field()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'endTime must be HH:mm' })
  endTime: string;

  @Field(() => [Int], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  weekdays?: number[];
}

@InputType()
export class RotationLayerInput {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name: string;

  @Field(() => [ID])
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  participantIds: string[];

  @Field(() => Int, { description: 'Whole days (multiples of 24) follow the calendar across DST' })
  @IsInt()
  @Min(1)
  @Max(672)
  shiftLengthHours: number;

  @Field({ description: 'HH:mm' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'handoffTime must be HH:mm' })
  handoffTime: string;

  @Field({ defaultValue: 'Asia/Ho_Chi_Minh' })
  @IsString()
  @MaxLength(64)
  timeZone: string = 'Asia/Ho_Chi_Minh';

  @Field({ description: 'YYYY-MM-DD, local' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'startDate must be YYYY-MM-DD' })
  startDate: string;

  @Field(() => LayerRestrictionInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => LayerRestrictionInput)
  restriction?: LayerRestrictionInput;
}

@InputType()
export class OverrideInput {
  @Field(() => ID)
  @IsUUID()
  userId: string;

  @Field(() => GraphQLISODateTime)
  @IsDate()
  startsAt: Date;

  @Field(() => GraphQLISODateTime)
  @IsDate()
  endsAt: Date;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

@InputType()
export class TeamMemberInput {
  @Field(() => ID)
  @IsUUID()
  userId: string;

  @Field({ defaultValue: false })
  @IsBoolean()
  isLead: boolean = false;
}
