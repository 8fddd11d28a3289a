import { Inject } from '@nestjs/common';
import { Args, ArgsType, Context, Field, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IsEmail, MaxLength } from 'class-validator';

import { Actor, CurrentActor, RequestInfo, RequestMeta, UserActor } from '@tocsin/access';
import { APP_CONFIG, AppConfig, AppException, Public } from '@tocsin/core';

import { AllowDuringEnrolment } from './allow-during-enrolment.decorator';
import { AuthService, IssuedTokens } from './auth.service';
import { GraphqlContext, REFRESH_COOKIE, REFRESH_COOKIE_PATH } from './graphql-context';
import { ChangePasswordInput, PASSWORD_MAX, UpdateProfileInput } from './users/user.input';
import { AuthPayloadModel, UserModel } from './users/user.model';
import { UsersService } from './users/users.service';

@ArgsType()
class LoginArgs {
  @Field()
  @IsEmail()
  @MaxLength(254)
  email: string;

  @Field()
  @MaxLength(PASSWORD_MAX)
  password: string;
}

@ArgsType()
class SecondStepArgs {
  @Field()
  @MaxLength(2000)
  secondStepToken: string;

  @Field({ description: 'Six digits from the authenticator app, or a recovery code (ABCDE-12345)' })
  @MaxLength(32)
  code: string;
}

function asUser(actor: Actor): UserActor {
  if (actor.kind !== 'user')
    throw AppException.forbidden('This operation needs a signed-in person, not an API key');
  return actor;
}

@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Mutation(() => AuthPayloadModel, { description: 'Signs in; sets the refresh token cookie' })
  async login(
    @Args() args: LoginArgs,
    @RequestInfo() meta: RequestMeta,
    @Context() ctx: GraphqlContext,
  ): Promise<AuthPayloadModel> {
    const outcome = await this.auth.login(args.email, args.password, meta);
    if ('secondStepToken' in outcome) {
      return {
        accessToken: null,
        accessTokenExpiresAt: null,
        user: null,
        secondStepToken: outcome.secondStepToken,
        secondStepExpiresAt: outcome.secondStepExpiresAt,
        mustEnrolSecondFactor: false,
      };
    }
    return this.issue(ctx, outcome);
  }

  @Public()
  @Mutation(() => AuthPayloadModel, {
    description: 'The code step of sign-in: a six-digit authenticator code or a recovery code',
  })
  async verifySecondFactor(
    @Args() args: SecondStepArgs,
    @RequestInfo() meta: RequestMeta,
    @Context() ctx: GraphqlContext,
  ): Promise<AuthPayloadModel> {
    return this.issue(ctx, await this.auth.verifySecondFactor(args.secondStepToken, args.code, meta));
  }

  @Public()
  @Mutation(() => AuthPayloadModel, {
    description: 'Swaps the refresh token cookie for a new access token (and cookie)',
  })
  async refreshToken(
    @RequestInfo() meta: RequestMeta,
    @Context() ctx: GraphqlContext,
  ): Promise<AuthPayloadModel> {
    return this.issue(ctx, await this.auth.refresh(ctx.req.cookies?.[REFRESH_COOKIE], meta));
  }

  @AllowDuringEnrolment()
  @Mutation(() => Boolean, { description: 'Ends this session (or every session of the caller)' })
  async logout(
    @CurrentActor() actor: Actor,
    @Context() ctx: GraphqlContext,
    @Args('allSessions', { defaultValue: false }) allSessions: boolean,
    @RequestInfo() meta: RequestMeta,
  ): Promise<boolean> {
    const done = await this.auth.logout(asUser(actor), allSessions, meta);
    ctx.reply?.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
    return done;
  }

  @AllowDuringEnrolment()
  @Query(() => UserModel)
  me(@CurrentActor() actor: Actor): Promise<UserModel> {
    return this.users.me(asUser(actor));
  }

  @Mutation(() => UserModel)
  updateMyProfile(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: UpdateProfileInput,
  ): Promise<UserModel> {
    return this.users.updateProfile(asUser(actor), meta, input);
  }

  @Mutation(() => Boolean, { description: 'Changes the password; every other session ends' })
  changePassword(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: ChangePasswordInput,
  ): Promise<boolean> {
    return this.users.changePassword(asUser(actor), meta, input);
  }

  private issue(ctx: GraphqlContext, tokens: IssuedTokens): AuthPayloadModel {
    // From here on this request acts as the person who just signed in (the payload's fields are
    // resolved with their rights, e.g. their own email).
    ctx.req.actor = {
      kind: 'user',
      id: tokens.user.id,
      role: tokens.user.role,
      agencyId: tokens.user.agencyId,
      sessionId: tokens.sessionId,
    };
    ctx.reply?.setCookie(REFRESH_COOKIE, tokens.refreshToken, {
      httpOnly: true,
      secure: this.config.auth.cookieSecure,
      sameSite: 'strict',
      path: REFRESH_COOKIE_PATH,
      expires: tokens.refreshTokenExpiresAt,
    });
    return {
      accessToken: tokens.accessToken,
      accessTokenExpiresAt: tokens.accessTokenExpiresAt,
      user: tokens.user,
      secondStepToken: null,
      secondStepExpiresAt: null,
      mustEnrolSecondFactor: Boolean(tokens.restriction),
    };
  }
}
