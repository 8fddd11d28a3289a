import { Parent, ResolveField, Resolver } from '@nestjs/graphql';

import { Actor, CurrentActor, Role } from '@tocsin/access';
import { AgencyModel } from '@tocsin/agencies';

import { UserModel } from './user.model';
import { UsersService } from './users.service';

/** Agency.itContacts lives here because users depend on agencies, not the other way round. */
@Resolver(() => AgencyModel)
export class AgencyContactsResolver {
  constructor(private readonly users: UsersService) {}

  @ResolveField(() => [UserModel], { description: "The agency's IT contacts (its active reporters)" })
  itContacts(@CurrentActor() actor: Actor, @Parent() agency: AgencyModel): Promise<UserModel[]> {
    return this.users.list(actor, { role: Role.REPORTER, agencyId: agency.id });
  }
}
