import {
  Args,
  ArgsType,
  Field,
  GraphQLISODateTime,
  ID,
  Mutation,
  ObjectType,
  Query,
  Resolver,
} from '@nestjs/graphql';
import { IsEmail, Matches, MaxLength, MinLength } from 'class-validator';

import { Actor, CurrentActor, RequestInfo, RequestMeta, UserActor } from '@tocsin/access';
import { AppException, IdArg, Public } from '@tocsin/core';

import { AllowDuringEnrolment } from './allow-during-enrolment.decorator';
import { AuthService } from './auth.service';
import { PasswordResetService } from './password-reset/password-reset.service';
import { SecondFactorService } from './second-factor/second-factor.service';
import { PASSWORD_MAX, PASSWORD_MIN } from './users/user.input';
import { SecondFactorEnrolmentModel, SecondFactorStatusModel } from './users/user.model';

@ObjectType('Session', { description: 'One signed-in device of the caller' })
export class SessionModel {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true }) userAgent: string | null;
  @Field(() => String, { nullable: true, description: 'Address at sign-in or the last token refresh' })
  ip: string | null;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime, { description: 'Sign-in or the last token refresh' }) lastUsedAt: Date;
  @Field({ description: 'The session making this request' }) current: boolean;
}

@ObjectType('PasswordResetLink', { description: 'Shown once: hand it to the person by a trusted way' })
export class PasswordResetLinkModel {
  @Field() url: string;
  @Field(() => GraphQLISODateTime) expiresAt: Date;
}

@ArgsType()
class CodeArgs {
  @Field({ description: 'Six digits from the authenticator app' })
  @Matches(/^\s*\d{6}\s*$/, { message: 'code must be six digits' })
  code: string;
}

@ArgsType()
class RequestPasswordResetArgs {
  @Field()
  @IsEmail()
  @MaxLength(254)
  email: string;
}

@ArgsType()
class ResetPasswordArgs {
  @Field()
  @MaxLength(200)
  token: string;

  @Field()
  @MinLength(PASSWORD_MIN)
  @MaxLength(PASSWORD_MAX)
  newPassword: string;
}

function asUser(actor: Actor): UserActor {
  if (actor.kind !== 'user')
    throw AppException.forbidden('This operation needs a signed-in person, not an API key');
  return actor;
}

/** Two-step sign-in, password reset links and the caller's sessions. */
@Resolver()
export class AccountSecurityResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly secondFactors: SecondFactorService,
    private readonly passwordResets: PasswordResetService,
  ) {}

  @AllowDuringEnrolment()
  @Query(() => SecondFactorStatusModel)
  mySecondFactor(@CurrentActor() actor: Actor): Promise<SecondFactorStatusModel> {
    const user = asUser(actor);
    return this.secondFactors.status(user, this.auth.wasEnrolmentOnly(actor));
  }

  @AllowDuringEnrolment()
  @Mutation(() => SecondFactorEnrolmentModel, { description: 'Starts setting up an authenticator app' })
  beginSecondFactorEnrolment(@CurrentActor() actor: Actor): Promise<SecondFactorEnrolmentModel> {
    return this.secondFactors.beginEnrolment(asUser(actor));
  }

  @AllowDuringEnrolment()
  @Mutation(() => [String], {
    description: 'Confirms the set-up with a first code; returns ten single-use recovery codes, shown once',
  })
  confirmSecondFactorEnrolment(
    @CurrentActor() actor: Actor,
    @Args() args: CodeArgs,
    @RequestInfo() meta: RequestMeta,
  ): Promise<string[]> {
    return this.secondFactors.confirmEnrolment(asUser(actor), args.code, meta);
  }

  @Mutation(() => Boolean, {
    description: "Removes someone's second factor and ends their sessions (administrators; audited)",
  })
  resetSecondFactor(
    @CurrentActor() actor: Actor,
    @IdArg('userId') userId: string,
    @RequestInfo() meta: RequestMeta,
  ): Promise<boolean> {
    return this.secondFactors.reset(actor, userId, meta);
  }

  @Query(() => [SessionModel], { description: "The caller's open sessions, most recently used first" })
  mySessions(@CurrentActor() actor: Actor): Promise<SessionModel[]> {
    return this.auth.sessionsOf(asUser(actor));
  }

  @Mutation(() => Boolean, { description: "Signs one of the caller's sessions out" })
  endMySession(
    @CurrentActor() actor: Actor,
    @IdArg('id') id: string,
    @RequestInfo() meta: RequestMeta,
  ): Promise<boolean> {
    return this.auth.endSession(asUser(actor), id, meta);
  }

  @Mutation(() => PasswordResetLinkModel, {
    description: 'A one-time password reset link for someone (administrators)',
  })
  issuePasswordResetLink(
    @CurrentActor() actor: Actor,
    @IdArg('userId') userId: string,
    @RequestInfo() meta: RequestMeta,
  ): Promise<PasswordResetLinkModel> {
    return this.passwordResets.issueByAdmin(actor, userId, meta);
  }

  @Public()
  @Mutation(() => Boolean, {
    description: 'Mails a reset link if the address has an account; the answer is the same either way',
  })
  requestPasswordReset(
    @Args() args: RequestPasswordResetArgs,
    @RequestInfo() meta: RequestMeta,
  ): Promise<boolean> {
    return this.passwordResets.requestByEmail(args.email, meta);
  }

  @Public()
  @Mutation(() => Boolean, { description: 'Sets a new password from a reset link (once, before it expires)' })
  resetPassword(@Args() args: ResetPasswordArgs, @RequestInfo() meta: RequestMeta): Promise<boolean> {
    return this.passwordResets.reset(args.token, args.newPassword, meta);
  }
}
