import { ArgsType, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsOptional, IsUUID } from 'class-validator';

import { PageArgs, Paginated } from '@tocsin/core';

import { NotificationModel } from './notification.model';

@ObjectType('NotificationConnection')
export class NotificationConnection extends Paginated(NotificationModel, 'Notification') {
  @Field(() => Int, { description: 'Unread messages in the whole inbox (not only this page)' })
  unreadCount: number;
}

@ArgsType()
export class MyNotificationsArgs extends PageArgs {
  @Field({ nullable: true, description: 'Only what is not marked read' })
  @IsOptional()
  @IsBoolean()
  unreadOnly?: boolean;
}

@ArgsType()
export class MarkNotificationsReadArgs {
  @Field(() => [ID], { description: 'Inbox entries (every channel of the same message is marked with it)' })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  ids: string[];
}
