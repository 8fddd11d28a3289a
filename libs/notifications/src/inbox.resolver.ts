import { Args, Context, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';

import { Actor, CurrentActor } from '@tocsin/access';
import { loaderFor } from '@tocsin/core';
import { IncidentModel, IncidentQueriesService } from '@tocsin/incidents';

import { MarkNotificationsReadArgs, MyNotificationsArgs, NotificationConnection } from './inbox.model';
import { InboxService } from './inbox.service';
import { NotificationModel } from './notification.model';

/** The inbox (the bell): what was sent to me, and which incident it is about. */
@Resolver(() => NotificationModel)
export class InboxResolver {
  constructor(
    private readonly inbox: InboxService,
    private readonly incidents: IncidentQueriesService,
  ) {}

  @Query(() => NotificationConnection, {
    description: 'Notifications addressed to me, one per message, newest first',
  })
  myNotifications(
    @CurrentActor() actor: Actor,
    @Args() args: MyNotificationsArgs,
  ): Promise<NotificationConnection> {
    return this.inbox.list(actor, args.first, args.after, args.unreadOnly);
  }

  @Mutation(() => Int, { description: 'Marks my inbox entries read; returns how many deliveries changed' })
  markNotificationsRead(
    @CurrentActor() actor: Actor,
    @Args() args: MarkNotificationsReadArgs,
  ): Promise<number> {
    return this.inbox.markRead(actor, args.ids);
  }

  @Mutation(() => Int, { description: 'Marks my whole inbox read' })
  markAllNotificationsRead(@CurrentActor() actor: Actor): Promise<number> {
    return this.inbox.markAllRead(actor);
  }

  @ResolveField(() => IncidentModel, {
    nullable: true,
    description: 'The incident it is about, when you may see it',
  })
  incident(
    @CurrentActor() actor: Actor,
    @Parent() notification: NotificationModel,
    @Context() context: object,
  ): Promise<IncidentModel | null> | null {
    if (!notification.incidentId) return null;
    return loaderFor(context, 'notification.incident', (ids) =>
      this.incidents.findVisibleByIds(actor, ids),
    ).load(notification.incidentId);
  }
}
