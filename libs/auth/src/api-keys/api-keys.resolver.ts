import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';

import { IdArg } from '@tocsin/core';
import { Actor, CurrentActor, RequestInfo, RequestMeta } from '@tocsin/access';

import { ApiKeyModel, CreateApiKeyInput, CreatedApiKeyModel } from './api-key.model';
import { ApiKeysService } from './api-keys.service';

@Resolver(() => ApiKeyModel)
export class ApiKeysResolver {
  constructor(private readonly service: ApiKeysService) {}

  @Query(() => [ApiKeyModel])
  apiKeys(@CurrentActor() actor: Actor): Promise<ApiKeyModel[]> {
    return this.service.list(actor);
  }

  @Mutation(() => CreatedApiKeyModel, {
    description: 'Creates a key for a machine; the key is shown only in this answer',
  })
  createApiKey(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: CreateApiKeyInput,
  ): Promise<CreatedApiKeyModel> {
    return this.service.create(actor, meta, input);
  }

  @Mutation(() => ApiKeyModel)
  revokeApiKey(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @IdArg() id: string,
  ): Promise<ApiKeyModel> {
    return this.service.revoke(actor, meta, id);
  }
}
