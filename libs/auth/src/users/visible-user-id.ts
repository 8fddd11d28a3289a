import { Actor } from '@tocsin/access';
import { loaderFor } from '@tocsin/core';

import { UsersService } from './users.service';

/**
 * A user's id as a field of something else (an assignee, an author, an actor), or null when the
 * caller may not see that user: the same rule as the user object (ReadUser), through the same
 * per-request loader, so a reporter learns no staff ids from the fields beside hidden objects.
 */
export async function visibleUserId(
  users: UsersService,
  actor: Actor,
  ctx: object,
  id: string | null | undefined,
): Promise<string | null> {
  if (!id) return null;
  const user = await loaderFor(ctx, 'user', (ids) => users.findByIds(actor, ids)).load(id);
  return user ? id : null;
}
