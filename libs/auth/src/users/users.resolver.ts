import {
  Args,
  GraphQLISODateTime,
  ArgsType,
  Field,
  ID,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional, IsUUID } from 'class-validator';

import { AccessPolicy, Action, Actor, CurrentActor, RequestInfo, RequestMeta, Role } from '@tocsin/access';
import { IdArg } from '@tocsin/core';

import { CreateUserInput, UpdateUserInput } from './user.input';
import { ContactMethodsModel, UserModel } from './user.model';
import { UserEntity } from './user.entity';
import { UsersService } from './users.service';

@ArgsType()
class UsersArgs {
  @Field(() => Role, { nullable: true })
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  agencyId?: string;

  @Field({ defaultValue: false })
  @IsBoolean()
  includeInactive: boolean = false;
}

@Resolver(() => UserModel)
export class UsersResolver {
  constructor(private readonly service: UsersService) {}

  @Query(() => [UserModel])
  users(@CurrentActor() actor: Actor, @Args() args: UsersArgs): Promise<UserModel[]> {
    return this.service.list(actor, args);
  }

  @Query(() => UserModel)
  user(@CurrentActor() actor: Actor, @IdArg() id: string): Promise<UserModel> {
    return this.service.get(actor, id);
  }

  @ResolveField(() => String, { nullable: true })
  email(@CurrentActor() actor: Actor, @Parent() user: UserEntity): string | null {
    return this.seesPrivate(actor, user) ? user.email : null;
  }

  @ResolveField(() => GraphQLISODateTime, { nullable: true })
  lockedUntil(@CurrentActor() actor: Actor, @Parent() user: UserEntity): Date | null {
    return this.seesPrivate(actor, user) ? user.lockedUntil : null;
  }

  @ResolveField(() => GraphQLISODateTime, { nullable: true })
  lastLoginAt(@CurrentActor() actor: Actor, @Parent() user: UserEntity): Date | null {
    return this.seesPrivate(actor, user) ? user.lastLoginAt : null;
  }

  private seesPrivate(actor: Actor, user: UserEntity): boolean {
    return AccessPolicy.can(actor, Action.ReadUserContacts, { userId: user.id, agencyId: user.agencyId });
  }

  /** Contact details only for admins, coordinators and the person themselves. */
  @ResolveField(() => ContactMethodsModel, { nullable: true })
  contactMethods(@CurrentActor() actor: Actor, @Parent() user: UserEntity): ContactMethodsModel | null {
    if (!AccessPolicy.can(actor, Action.ReadUserContacts, { userId: user.id, agencyId: user.agencyId }))
      return null;
    return {
      email: user.email,
      telegramChatId: user.telegramChatId,
      zaloUserId: user.zaloUserId,
      phone: user.phone,
    };
  }

  @Mutation(() => UserModel)
  createUser(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: CreateUserInput,
  ): Promise<UserModel> {
    return this.service.create(actor, meta, input);
  }

  @Mutation(() => UserModel)
  updateUser(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg() id: string,
    @Args('input') input: UpdateUserInput,
  ): Promise<UserModel> {
    return this.service.update(actor, meta, id, input);
  }

  @Mutation(() => UserModel, {
    description: 'Deactivates a user; their sessions and tokens stop working at once',
  })
  deactivateUser(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg() id: string,
  ): Promise<UserModel> {
    return this.service.setActive(actor, meta, id, false);
  }

  @Mutation(() => UserModel)
  reactivateUser(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg() id: string,
  ): Promise<UserModel> {
    return this.service.setActive(actor, meta, id, true);
  }
}
