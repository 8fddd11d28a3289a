import { useQuery } from '@apollo/client/react';

import { graphql } from '../gql';

export const StaffDirectory = graphql(`
  query StaffDirectory {
    teams {
      id
      name
      members {
        userId
      }
    }
    users {
      id
      displayName
      role
    }
  }
`);

/** Teams and the people who can take a case (responders and coordinators), for pickers. */
export function useStaff() {
  const { data, error } = useQuery(StaffDirectory, { fetchPolicy: 'cache-first' });
  const people = (data?.users ?? []).filter((u) => u.role === 'RESPONDER' || u.role === 'COORDINATOR');
  return { teams: data?.teams ?? [], people, error };
}
