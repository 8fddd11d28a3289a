import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

import { Role } from '@tocsin/access';

@ObjectType('ContactMethods', {
  description: 'How to reach a person; visible to admins, coordinators and the person',
})
export class ContactMethodsModel {
  @Field() email: string;
  @Field(() => String, { nullable: true }) telegramChatId: string | null;
  @Field(() => String, { nullable: true }) zaloUserId: string | null;
  @Field(() => String, { nullable: true }) phone: string | null;
}

@ObjectType('User')
export class UserModel {
  @Field(() => ID) id: string;
  @Field(() => String, {
    nullable: true,
    description: 'Visible to admins, coordinators and the person themselves',
  })
  email: string | null;
  @Field() displayName: string;
  @Field(() => Role) role: Role;
  @Field(() => ID, { nullable: true }) agencyId: string | null;
  @Field() locale: string;
  @Field() timeZone: string;
  @Field() active: boolean;
  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Admins, coordinators and the person only',
  })
  lockedUntil: Date | null;
  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Admins, coordinators and the person only',
  })
  lastLoginAt: Date | null;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => Int) version: number;
}

@ObjectType('AuthPayload')
export class AuthPayloadModel {
  @Field({ description: 'Short-lived bearer token; the refresh token travels in an httpOnly cookie' })
  accessToken: string;
  @Field(() => GraphQLISODateTime) accessTokenExpiresAt: Date;
  @Field(() => UserModel) user: UserModel;
}
