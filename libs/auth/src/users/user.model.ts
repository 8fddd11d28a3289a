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

@ObjectType('SecondFactorStatus', { description: "The signed-in person's own two-step sign-in" })
export class SecondFactorStatusModel {
  @Field() enabled: boolean;
  @Field({ description: 'Their role must use it' }) required: boolean;
  @Field({ description: 'This session may do nothing else until it is set up' }) mustEnrol: boolean;
  @Field(() => Int, { description: 'Unused recovery codes left' }) recoveryCodesLeft: number;
  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When an administrator last removed their second factor',
  })
  resetAt: Date | null;
}

@ObjectType('SecondFactorEnrolment', {
  description: 'Scan the QR code (or type the secret) in an authenticator app',
})
export class SecondFactorEnrolmentModel {
  @Field() secret: string;
  @Field() otpauthUrl: string;
  @Field({ description: 'A PNG data: URL of the QR code of otpauthUrl' }) qrCodeDataUrl: string;
}

@ObjectType('AuthPayload', {
  description:
    'A signed-in session, or (when the person uses a second factor) the token for the code step: ' +
    'then accessToken and user are null and secondStepToken is set',
})
export class AuthPayloadModel {
  @Field(() => String, {
    nullable: true,
    description: 'Short-lived bearer token; the refresh token travels in an httpOnly cookie',
  })
  accessToken: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) accessTokenExpiresAt: Date | null;
  @Field(() => UserModel, { nullable: true }) user: UserModel | null;
  @Field(() => String, {
    nullable: true,
    description: 'For verifySecondFactor: not an access token, valid for five minutes',
  })
  secondStepToken: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) secondStepExpiresAt: Date | null;
  @Field({
    description: 'The session may only set up a second factor (required for this role) until it is done',
  })
  mustEnrolSecondFactor: boolean;
}
