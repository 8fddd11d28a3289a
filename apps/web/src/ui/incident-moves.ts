import { STAFF } from '../auth';
import { graphql } from '../gql';
import type { IncidentStatus } from '../gql/graphql';
import type { SessionUser } from '../session';

/** The status moves of an incident and which of them the UI offers (the server still decides). */
export const Acknowledge = graphql(`
  mutation Acknowledge($id: ID!, $v: Int) {
    acknowledgeIncident(id: $id, expectedVersion: $v) {
      id
      status
      version
      assigneeId
    }
  }
`);
export const Contain = graphql(`
  mutation Contain($id: ID!, $v: Int, $note: String) {
    containIncident(id: $id, expectedVersion: $v, note: $note) {
      id
      status
      version
    }
  }
`);
export const Resolve = graphql(`
  mutation Resolve($id: ID!, $v: Int, $resolution: String!) {
    resolveIncident(id: $id, expectedVersion: $v, resolution: $resolution) {
      id
      status
      version
    }
  }
`);
export const Close = graphql(`
  mutation Close($id: ID!, $v: Int, $code: ResolutionCode, $lessons: String) {
    closeIncident(id: $id, expectedVersion: $v, resolutionCode: $code, lessonsLearned: $lessons) {
      id
      status
      resolutionCode
      lessonsLearned
      version
    }
  }
`);
export const Reopen = graphql(`
  mutation Reopen($id: ID!, $v: Int, $reason: String!) {
    reopenIncident(id: $id, expectedVersion: $v, reason: $reason) {
      id
      status
      version
    }
  }
`);

export type Action = 'acknowledge' | 'contain' | 'resolve' | 'close' | 'reopen';
export interface ActionIncident {
  id: string;
  code: string;
  status: IncidentStatus;
  version: number;
  assigneeId?: string | null;
  reporterId?: string | null;
}

/** The moves valid now for this user, mirroring the server's rules (docs/incidents.md); the server decides. */
export function validActions(i: ActionIncident, me: SessionUser): Action[] {
  const staff = STAFF.includes(me.role);
  const coordinator = me.role === 'COORDINATOR';
  const assignee = i.assigneeId === me.id;
  const out: Action[] = [];
  if ((i.status === 'NEW' || i.status === 'TRIAGED') && staff && (assignee || !i.assigneeId))
    out.push('acknowledge');
  const works = coordinator || (assignee && me.role === 'RESPONDER');
  if ((i.status === 'IN_PROGRESS' || i.status === 'CONTAINED') && works) out.push('resolve');
  if (i.status === 'IN_PROGRESS' && works) out.push('contain');
  if (i.status === 'RESOLVED' && coordinator) out.push('close');
  if (
    (i.status === 'RESOLVED' && (works || (me.role === 'REPORTER' && i.reporterId === me.id))) ||
    (i.status === 'CLOSED' && coordinator)
  )
    out.push('reopen');
  return out.slice(0, 2);
}
