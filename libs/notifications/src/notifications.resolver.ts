import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ParseUUIDPipe } from '@nestjs/common';

import { Actor, CurrentActor, RequestInfo, RequestMeta } from '@tocsin/access';
import { AppException, IdArg } from '@tocsin/core';

import {
  AddContactMethodInput,
  ChannelStatusModel,
  ContactMethodModel,
  ContactReadinessModel,
  LinkCodeModel,
  NotificationModel,
  NotificationPreferencesInput,
  NotificationPreferencesModel,
} from './notification.model';
import { NotificationChannel } from './notification.enums';
import { NotificationsService } from './notifications.service';

const optionalUser = Args(
  'userId',
  { type: () => ID, nullable: true, description: 'Someone else (coordinators, admins); default: you' },
  new ParseUUIDPipe({
    optional: true,
    exceptionFactory: () => AppException.badInput('userId must be an id (UUID)', { field: 'userId' }),
  }),
);

@Resolver(() => NotificationModel)
export class NotificationsResolver {
  constructor(private readonly service: NotificationsService) {}

  @Query(() => [NotificationModel], {
    description: 'The delivery log of an incident (staff who may see it), oldest first',
  })
  notifications(
    @CurrentActor() actor: Actor,
    @IdArg('incidentId') incidentId: string,
  ): Promise<NotificationModel[]> {
    return this.service.forIncident(actor, incidentId);
  }

  @Mutation(() => NotificationModel, { description: 'Sends a FAILED delivery again (coordinators)' })
  retryNotification(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg() id: string,
  ): Promise<NotificationModel> {
    return this.service.retry(actor, meta, id);
  }

  @Query(() => [ContactMethodModel], {
    description: 'Your contact methods (or, for coordinators, someone’s)',
  })
  myContactMethods(
    @CurrentActor() actor: Actor,
    @optionalUser userId?: string,
  ): Promise<ContactMethodModel[]> {
    return this.service.contactMethods(actor, userId);
  }

  @Mutation(() => ContactMethodModel, {
    description: 'Adds an email address (unverified until its test is confirmed)',
  })
  addContactMethod(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: AddContactMethodInput,
  ): Promise<ContactMethodModel> {
    return this.service.addContactMethod(actor, meta, input);
  }

  @Mutation(() => Boolean)
  removeContactMethod(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg() id: string,
  ): Promise<boolean> {
    return this.service.removeContactMethod(actor, meta, id);
  }

  @Mutation(() => NotificationModel, {
    description: 'Sends a test message; confirming it from the message marks the method verified',
  })
  sendTestNotification(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg('contactMethodId') contactMethodId: string,
  ): Promise<NotificationModel> {
    return this.service.sendTest(actor, meta, contactMethodId);
  }

  @Mutation(() => LinkCodeModel, {
    description: 'A one-time code linking a Telegram chat or Zalo follower to you',
  })
  createLinkCode(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('channel', { type: () => NotificationChannel }) channel: NotificationChannel,
  ): Promise<LinkCodeModel> {
    return this.service.createLinkCode(actor, meta, channel);
  }

  @Query(() => NotificationPreferencesModel)
  notificationPreferences(
    @CurrentActor() actor: Actor,
    @optionalUser userId?: string,
  ): Promise<NotificationPreferencesModel> {
    return this.service.preferences(actor, userId);
  }

  @Mutation(() => NotificationPreferencesModel)
  updateNotificationPreferences(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: NotificationPreferencesInput,
  ): Promise<NotificationPreferencesModel> {
    return this.service.updatePreferences(actor, meta, input);
  }

  @Query(() => [ChannelStatusModel], { description: 'Which notification channels are configured here' })
  channelStatus(@CurrentActor() _actor: Actor): ChannelStatusModel[] {
    return this.service.channelStatus();
  }

  @Query(() => [ContactReadinessModel], {
    description: 'Who is on call for a team now and whether any verified contact method reaches them',
  })
  contactReadiness(
    @CurrentActor() actor: Actor,
    @IdArg('teamId') teamId: string,
  ): Promise<ContactReadinessModel[]> {
    return this.service.contactReadiness(actor, teamId);
  }
}
