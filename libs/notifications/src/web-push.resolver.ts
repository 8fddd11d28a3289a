import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';

import { Actor, CurrentActor, RequestInfo, RequestMeta } from '@tocsin/access';

import { ContactMethodModel, WebPushSubscriptionInput } from './notification.model';
import { WebPushService } from './web-push.service';

@Resolver()
export class WebPushResolver {
  constructor(private readonly service: WebPushService) {}

  @Query(() => String, {
    nullable: true,
    description:
      'The VAPID public key browsers subscribe with (applicationServerKey); null when web push is off',
  })
  webPushPublicKey(@CurrentActor() _actor: Actor): string | null {
    return this.service.publicKey();
  }

  @Mutation(() => ContactMethodModel, {
    description: 'Adds this browser’s push subscription as a verified WEB_PUSH contact method of yours',
  })
  subscribeWebPush(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('input') input: WebPushSubscriptionInput,
  ): Promise<ContactMethodModel> {
    return this.service.subscribe(actor, meta, input);
  }

  @Mutation(() => Boolean, {
    description: 'Removes your push subscription with this endpoint; false when there was none',
  })
  unsubscribeWebPush(
    @CurrentActor() actor: Actor,
    @RequestInfo() meta: RequestMeta,
    @Args('endpoint') endpoint: string,
  ): Promise<boolean> {
    return this.service.unsubscribe(actor, meta, endpoint);
  }
}
