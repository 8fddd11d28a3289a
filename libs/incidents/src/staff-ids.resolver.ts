import { Context, ID, Parent, ResolveField, Resolver } from '@nestjs/graphql';

import { Actor, AccessPolicy, Action, CurrentActor } from '@tocsin/access';
import { UsersService, visibleUserId } from '@tocsin/auth';

import { IncidentEntity } from './incident.entity';
import { CommentModel, IncidentModel, TimelineEntryModel } from './incident.model';

const ifVisible = { nullable: true, description: 'Null when you may not see the user' };

/** People's ids beside objects: null where the object itself is hidden (reporters see no staff ids). */
@Resolver(() => IncidentModel)
export class IncidentStaffIdsResolver {
  constructor(private readonly users: UsersService) {}

  @ResolveField(() => ID, ifVisible)
  assigneeId(@CurrentActor() actor: Actor, @Parent() incident: IncidentEntity, @Context() ctx: object) {
    return visibleUserId(this.users, actor, ctx, incident.assigneeId);
  }

  @ResolveField(() => ID, ifVisible)
  reporterId(@CurrentActor() actor: Actor, @Parent() incident: IncidentEntity, @Context() ctx: object) {
    return visibleUserId(this.users, actor, ctx, incident.reporterId);
  }

  @ResolveField(() => ID, { nullable: true, description: 'Null when you may not see teams' })
  teamId(@CurrentActor() actor: Actor, @Parent() incident: IncidentEntity) {
    return incident.teamId && AccessPolicy.can(actor, Action.ReadTeams) ? incident.teamId : null;
  }
}

@Resolver(() => TimelineEntryModel)
export class TimelineStaffIdsResolver {
  constructor(private readonly users: UsersService) {}

  @ResolveField(() => ID, ifVisible)
  actorId(@CurrentActor() actor: Actor, @Parent() entry: TimelineEntryModel, @Context() ctx: object) {
    return visibleUserId(this.users, actor, ctx, entry.actorId);
  }
}

@Resolver(() => CommentModel)
export class CommentStaffIdsResolver {
  constructor(private readonly users: UsersService) {}

  @ResolveField(() => ID, ifVisible)
  authorId(@CurrentActor() actor: Actor, @Parent() comment: CommentModel, @Context() ctx: object) {
    return visibleUserId(this.users, actor, ctx, comment.authorId);
  }
}
