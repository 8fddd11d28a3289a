import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsEmail,
  IsEnum,
  IsIn,
  IsOptional,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

import { Trim } from '@tocsin/core';
import { Severity } from '@tocsin/incidents';

import { TIME_OF_DAY } from './delivery-rules';
import { DeliveryState, NotificationChannel, NotificationEvent } from './notification.enums';

@ObjectType('Notification', {
  description: 'One message to one person on one channel, with its delivery state',
})
export class NotificationModel {
  @Field(() => ID) id: string;
  @Field(() => ID, { nullable: true, description: 'Null for a contact test' }) incidentId: string | null;
  @Field(() => ID) recipientId: string;
  @Field() recipientName: string;
  @Field(() => NotificationChannel) channel: NotificationChannel;
  @Field(() => NotificationEvent) event: NotificationEvent;
  @Field() eventKey: string;
  @Field(() => Int) repeat: number;
  @Field(() => DeliveryState) state: DeliveryState;
  @Field(() => Int) attempts: number;
  @Field(() => String, { nullable: true }) providerMessageId: string | null;
  @Field(() => String, { nullable: true }) lastError: string | null;
  @Field({
    description:
      'The request left but no answer came: it may have been delivered; not re-sent on this channel',
  })
  outcomeUnknown: boolean;
  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Held back until (quiet hours, provider limits, retry)',
  })
  deferredUntil: Date | null;
  @Field(() => ID, { nullable: true, description: 'The notification this one replaced after it failed' })
  fallbackFromId: string | null;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) sentAt: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) failedAt: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) acknowledgedAt: Date | null;
  @Field(() => NotificationChannel, { nullable: true }) acknowledgedVia: NotificationChannel | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Marked read in the recipient’s inbox' })
  readAt?: Date | null;
}

@ObjectType('ContactMethod', { description: 'A way to reach a person outside the app' })
export class ContactMethodModel {
  @Field(() => ID) id: string;
  @Field(() => ID) userId: string;
  @Field(() => NotificationChannel) channel: NotificationChannel;
  @Field({ description: 'Email address, Telegram chat id, Zalo follower id, or the browser (web push)' })
  address: string;
  @Field({ description: 'A test message on it was confirmed, or the link flow proved it' }) verified: boolean;
  @Field(() => GraphQLISODateTime, { nullable: true }) verifiedAt: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'The provider refused it for good' })
  failedAt: Date | null;
  @Field(() => String, { nullable: true }) failureReason: string | null;
  @Field(() => GraphQLISODateTime) createdAt: Date;
}

@ObjectType('SeverityChannels')
export class SeverityChannelsModel {
  @Field(() => Severity) severity: Severity;
  @Field(() => [NotificationChannel], { description: 'Outward channels wanted, in fall-back order' })
  channels: NotificationChannel[];
}

@ObjectType('NotificationPreferences')
export class NotificationPreferencesModel {
  @Field(() => ID) userId: string;
  @Field(() => [SeverityChannelsModel]) channelOrder: SeverityChannelsModel[];
  @Field(() => String, { nullable: true, description: 'HH:mm in the person’s time zone; never for CRITICAL' })
  quietStart: string | null;
  @Field(() => String, { nullable: true }) quietEnd: string | null;
  @Field({ description: 'Message language: vi or en' }) locale: string;
  @Field() timeZone: string;
}

@ObjectType('ChannelStatus', { description: 'Whether a channel is configured on this installation' })
export class ChannelStatusModel {
  @Field(() => NotificationChannel) channel: NotificationChannel;
  @Field() configured: boolean;
  @Field({ description: 'What to do when it is off, or how to link it' }) detail: string;
}

@ObjectType('LinkCode', {
  description: 'A one-time code that ties a Telegram chat or a Zalo follower to you',
})
export class LinkCodeModel {
  @Field(() => NotificationChannel) channel: NotificationChannel;
  @Field() code: string;
  @Field(() => GraphQLISODateTime) expiresAt: Date;
  @Field({ description: 'What to send, and where' }) instruction: string;
  @Field(() => String, { nullable: true, description: 'Telegram deep link (t.me/<bot>?start=<code>)' })
  deepLink: string | null;
}

@ObjectType('ContactReadiness', { description: 'An on-call person and the channels that can reach them' })
export class ContactReadinessModel {
  @Field(() => ID) userId: string;
  @Field() displayName: string;
  @Field(() => [NotificationChannel]) verifiedChannels: NotificationChannel[];
  @Field({ description: 'False: no verified contact method, only the app can reach them' }) ready: boolean;
  @Field(() => String, {
    nullable: true,
    description:
      'Why not ready: NO_VERIFIED_CONTACT_METHOD, or CHANNELS_OFF (their verified methods are on channels not configured)',
  })
  reason: string | null;
}

@InputType()
export class AddContactMethodInput {
  @Field(() => ID, { nullable: true, description: 'Someone else (coordinators, admins); default: you' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @Field(() => NotificationChannel, {
    description: 'EMAIL here; Telegram and Zalo are added by the link flow (createLinkCode)',
  })
  @IsEnum(NotificationChannel)
  @IsIn([NotificationChannel.EMAIL], {
    message: 'Only EMAIL is added by address; link Telegram and Zalo with a code',
  })
  channel: NotificationChannel;

  @Field()
  @Trim()
  @MaxLength(254)
  @IsEmail({}, { message: 'address must be an email address' })
  address: string;
}

@InputType()
export class SeverityChannelsInput {
  @Field(() => Severity) @IsEnum(Severity) severity: Severity;

  @Field(() => [NotificationChannel])
  @ArrayMaxSize(4)
  @ArrayUnique()
  @IsIn(
    [
      NotificationChannel.EMAIL,
      NotificationChannel.TELEGRAM,
      NotificationChannel.ZALO,
      NotificationChannel.WEB_PUSH,
    ],
    { each: true },
  )
  channels: NotificationChannel[];
}

@InputType()
export class NotificationPreferencesInput {
  @Field(() => ID, { nullable: true, description: 'Someone else (coordinators, admins); default: you' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @Field(() => [SeverityChannelsInput], {
    nullable: true,
    description: 'Severities left out keep their order',
  })
  @IsOptional()
  @ArrayMaxSize(4)
  @ValidateNested({ each: true })
  @Type(() => SeverityChannelsInput)
  channelOrder?: SeverityChannelsInput[];

  @Field(() => String, { nullable: true, description: 'HH:mm; null with quietEnd null: no quiet hours' })
  @IsOptional()
  @Matches(TIME_OF_DAY, { message: 'quietStart must be HH:mm' })
  quietStart?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(TIME_OF_DAY, { message: 'quietEnd must be HH:mm' })
  quietEnd?: string | null;

  @Field(() => String, { nullable: true, description: 'vi or en' })
  @IsOptional()
  @IsIn(['vi', 'en'])
  locale?: 'vi' | 'en' | null;
}

@InputType({ description: 'The keys of a browser PushSubscription (PushSubscription.toJSON().keys)' })
export class WebPushKeysInput {
  @Field({ description: 'The browser’s P-256 public key, URL-safe base64' })
  @Matches(/^[A-Za-z0-9_-]{80,100}={0,2}$/, { message: 'keys.p256dh must be a URL-safe base64 P-256 key' })
  p256dh: string;

  @Field({ description: 'The 16-byte authentication secret, URL-safe base64' })
  @Matches(/^[A-Za-z0-9_-]{20,30}={0,2}$/, { message: 'keys.auth must be a URL-safe base64 16-byte secret' })
  auth: string;
}

@InputType({ description: 'A browser’s push subscription (PushSubscription.toJSON())' })
export class WebPushSubscriptionInput {
  @Field({ description: 'The push service URL this browser gave (https)' })
  @Trim()
  @MaxLength(1024)
  endpoint: string;

  @Field(() => WebPushKeysInput)
  @ValidateNested()
  @Type(() => WebPushKeysInput)
  keys: WebPushKeysInput;

  @Field(() => String, { nullable: true, description: 'How the device is shown in your contact methods' })
  @IsOptional()
  @Trim()
  @MaxLength(60)
  @Matches(/^[^\p{Cc}]*$/u, { message: 'deviceLabel may not contain control characters' })
  deviceLabel?: string | null;
}
