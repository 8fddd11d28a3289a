import { Args, GraphQLISODateTime, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { ArgsType, Field } from '@nestjs/graphql';

import { Actor, CurrentActor, RequestInfo, RequestMeta } from '@tocsin/access';
import { UserModel } from '@tocsin/auth';
import { IdArg } from '@tocsin/core';

import {
  CoverageSegmentModel,
  OverrideInput,
  RotationLayerInput,
  RotationLayerModel,
  ScheduleModel,
  ScheduleOverrideModel,
  TeamInput,
  TeamMemberInput,
  TeamMemberModel,
  TeamModel,
} from './oncall.model';
import { OncallService } from './oncall.service';

@ArgsType()
class ScheduleNameArgs {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name: string;
}

@Resolver(() => TeamModel)
export class TeamsResolver {
  constructor(private readonly service: OncallService) {}

  @Query(() => [TeamModel])
  teams(@CurrentActor() actor: Actor) {
    return this.service.teams(actor);
  }

  @Query(() => TeamModel)
  team(@CurrentActor() actor: Actor, @IdArg() id: string) {
    return this.service.team(actor, id);
  }

  @Query(() => [UserModel], { description: 'Who is on call for the team now' })
  onCallNow(@CurrentActor() actor: Actor, @IdArg('teamId') teamId: string) {
    return this.service.onCall(actor, teamId);
  }

  @Query(() => [UserModel], { description: 'Who is (or was) on call for the team at a given time' })
  onCallAt(
    @CurrentActor() actor: Actor,
    @IdArg('teamId') teamId: string,
    @Args('at', { type: () => GraphQLISODateTime }) at: Date,
  ) {
    return this.service.onCall(actor, teamId, at);
  }

  @Query(() => [CoverageSegmentModel], {
    description: 'Who covers the schedule over a period (at most 92 days); gaps have no one',
  })
  scheduleCoverage(
    @CurrentActor() actor: Actor,
    @IdArg('scheduleId') scheduleId: string,
    @Args('from', { type: () => GraphQLISODateTime }) from: Date,
    @Args('to', { type: () => GraphQLISODateTime }) to: Date,
  ) {
    return this.service.scheduleCoverage(actor, scheduleId, from, to);
  }

  @ResolveField(() => [TeamMemberModel])
  members(@CurrentActor() actor: Actor, @Parent() team: TeamModel) {
    return this.service.members(actor, team.id);
  }

  @ResolveField(() => [ScheduleModel])
  schedules(@CurrentActor() actor: Actor, @Parent() team: TeamModel) {
    return this.service.schedules(actor, team.id);
  }

  @Mutation(() => TeamModel)
  createTeam(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: TeamInput,
  ) {
    return this.service.createTeam(actor, meta, input);
  }

  @Mutation(() => TeamMemberModel)
  addTeamMember(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg('teamId') teamId: string,
    @Args('input') input: TeamMemberInput,
  ) {
    return this.service.addMember(actor, meta, teamId, input);
  }

  @Mutation(() => Boolean)
  removeTeamMember(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg('teamId') teamId: string,
    @IdArg('userId') userId: string,
  ) {
    return this.service.removeMember(actor, meta, teamId, userId);
  }

  @Mutation(() => ScheduleModel)
  createSchedule(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg('teamId') teamId: string,
    @Args() args: ScheduleNameArgs,
  ) {
    return this.service.createSchedule(actor, meta, teamId, args.name);
  }

  @Mutation(() => RotationLayerModel)
  addRotationLayer(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg('scheduleId') scheduleId: string,
    @Args('input') input: RotationLayerInput,
  ) {
    return this.service.addLayer(actor, meta, scheduleId, input);
  }

  @Mutation(() => RotationLayerModel)
  updateRotationLayer(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg() id: string,
    @Args('input') input: RotationLayerInput,
  ) {
    return this.service.updateLayer(actor, meta, id, input);
  }

  @Mutation(() => Boolean)
  deleteRotationLayer(@CurrentActor() actor: Actor, @RequestInfo() meta: RequestMeta, @IdArg() id: string) {
    return this.service.deleteLayer(actor, meta, id);
  }

  @Mutation(() => ScheduleOverrideModel)
  createOverride(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg('scheduleId') scheduleId: string,
    @Args('input') input: OverrideInput,
  ) {
    return this.service.addOverride(actor, meta, scheduleId, input);
  }

  @Mutation(() => Boolean)
  deleteOverride(@CurrentActor() actor: Actor, @RequestInfo() meta: RequestMeta, @IdArg() id: string) {
    return this.service.deleteOverride(actor, meta, id);
  }
}

@Resolver(() => ScheduleModel)
export class SchedulesResolver {
  constructor(private readonly service: OncallService) {}

  @ResolveField(() => [RotationLayerModel])
  layers(@CurrentActor() actor: Actor, @Parent() schedule: ScheduleModel) {
    return this.service.layers(actor, schedule.id);
  }

  @ResolveField(() => [ScheduleOverrideModel], { description: 'Current and future overrides' })
  overrides(@CurrentActor() actor: Actor, @Parent() schedule: ScheduleModel) {
    return this.service.overrides(actor, schedule.id);
  }
}
