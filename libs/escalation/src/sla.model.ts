import { Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

import { Trim } from '@tocsin/core';
import { Severity } from '@tocsin/incidents';

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

@ObjectType('TimeWindow')
export class TimeWindowModel {
  @Field({ description: 'HH:mm, local' }) start: string;
  @Field({ description: 'HH:mm, local, after start' }) end: string;
}

@ObjectType('WorkingDay')
export class WorkingDayModel {
  @Field(() => Int, { description: 'ISO weekday: 1 = Monday … 7 = Sunday' }) weekday: number;
  @Field(() => [TimeWindowModel]) windows: TimeWindowModel[];
}

@ObjectType('WorkingCalendar')
export class WorkingCalendarModel {
  @Field() timeZone: string;
  @Field(() => [WorkingDayModel]) weekly: WorkingDayModel[];
  @Field(() => [String], { description: 'Local dates (YYYY-MM-DD) with no working time' }) holidays: string[];
}

@ObjectType('SlaPolicy')
export class SlaPolicyModel {
  @Field(() => ID) id: string;
  @Field(() => Severity) severity: Severity;
  @Field(() => Float, { description: 'Minutes to acknowledge (fractions allowed, for drills)' })
  ackMinutes: number;
  @Field(() => Float, { description: 'Minutes to resolve (fractions allowed, for drills)' })
  resolveMinutes: number;
  @Field(() => Int, { description: 'Warn when this percentage of a target has passed (1–99)' })
  warnPercent: number;
  @Field({ description: 'Count only working time of the calendar' }) workingHoursOnly: boolean;
  @Field(() => WorkingCalendarModel) calendar: WorkingCalendarModel;
  @Field(() => GraphQLISODateTime) updatedAt: Date;
  @Field(() => Int) version: number;
}

@ObjectType('SlaPause')
export class SlaPauseModel {
  @Field(() => ID) id: string;
  @Field(() => GraphQLISODateTime) startedAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Null while paused' }) endedAt: Date | null;
  @Field() reason: string;
  @Field(() => ID, { nullable: true }) startedById: string | null;
  @Field(() => ID, { nullable: true }) endedById: string | null;
}

@InputType()
export class TimeWindowInput {
  @Field({ description: 'HH:mm' })
  @Matches(HH_MM, { message: 'start must be HH:mm' })
  start: string;

  @Field({ description: 'HH:mm, after start' })
  @Matches(HH_MM, { message: 'end must be HH:mm' })
  end: string;
}

@InputType()
export class WorkingDayInput {
  @Field(() => Int, { description: 'ISO weekday: 1 = Monday … 7 = Sunday' })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday: number;

  @Field(() => [TimeWindowInput])
  @IsArray()
  @ArrayMaxSize(8)
  @ValidateNested({ each: true })
  @Type(() => TimeWindowInput)
  windows: TimeWindowInput[];
}

@InputType()
export class WorkingCalendarInput {
  @Field({ defaultValue: 'Asia/Ho_Chi_Minh' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @Trim()
  timeZone: string;

  @Field(() => [WorkingDayInput])
  @IsArray()
  @ArrayMaxSize(7)
  @ValidateNested({ each: true })
  @Type(() => WorkingDayInput)
  weekly: WorkingDayInput[];

  @Field(() => [String], { description: 'YYYY-MM-DD' })
  @IsArray()
  @ArrayMaxSize(366)
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { each: true, message: 'holidays must be YYYY-MM-DD dates' })
  holidays: string[];
}

@InputType()
export class SlaPolicyInput {
  @Field(() => Float, { description: 'At least 0.05 (three seconds), for drills' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.05)
  @Max(525_600)
  ackMinutes: number;

  @Field(() => Float, { description: 'At least 0.05 (three seconds), for drills' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.05)
  @Max(525_600)
  resolveMinutes: number;

  @Field(() => Int, { defaultValue: 80 })
  @IsInt()
  @Min(1)
  @Max(99)
  warnPercent: number;

  @Field()
  @IsBoolean()
  workingHoursOnly: boolean;

  @Field(() => WorkingCalendarInput, { nullable: true, description: 'Omitted: keep the current calendar' })
  @IsOptional()
  @ValidateNested()
  @Type(() => WorkingCalendarInput)
  calendar?: WorkingCalendarInput;

  @Field(() => Int, { description: 'The version you read; CONFLICT when the policy has changed since' })
  @IsInt()
  @Min(1)
  version: number;
}
