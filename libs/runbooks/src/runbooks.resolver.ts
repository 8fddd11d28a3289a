import { Args, Query, Resolver } from '@nestjs/graphql';

import { Actor, CurrentActor } from '@tocsin/access';

import { RunbookArgs, RunbooksArgs } from './runbook.args';
import { RunbookModel } from './runbook.model';
import { RunbooksService } from './runbooks.service';

@Resolver(() => RunbookModel)
export class RunbooksResolver {
  constructor(private readonly service: RunbooksService) {}

  @Query(() => [RunbookModel], { description: 'Active runbooks, in your language unless `lang` is given' })
  runbooks(@CurrentActor() actor: Actor, @Args() args: RunbooksArgs): Promise<RunbookModel[]> {
    return this.service.list(actor, args.lang);
  }

  @Query(() => RunbookModel, {
    nullable: true,
    description: 'Null when there is no active runbook with this id',
  })
  runbook(@CurrentActor() actor: Actor, @Args() args: RunbookArgs): Promise<RunbookModel | null> {
    return this.service.get(actor, args.id, args.lang);
  }
}
