import { codeOf, TestApi } from './support/test-app';

/**
 * Every role against every incident move, at a status where the move is legal, over GraphQL.
 * The incident is reported by `reporter` (agency SYT) and assigned to `responder`; `reporter2`
 * belongs to another agency, `responder2` is a responder not on the case. Expectations are
 * written out by hand; a refusal must leave the incident's version unchanged.
 */
type Who = 'admin' | 'coordinator' | 'responder' | 'responder2' | 'reporter' | 'reporter2' | 'leader';
type Outcome = 'ok' | 'FORBIDDEN' | 'NOT_FOUND';
type Stage = 'NEW' | 'TRIAGED' | 'IN_PROGRESS' | 'RESOLVED' | 'CLOSED';

const WHO: Who[] = ['admin', 'coordinator', 'responder', 'responder2', 'reporter', 'reporter2', 'leader'];

const row = (ok: Who[], overrides: Partial<Record<Who, Outcome>> = {}): Record<Who, Outcome> =>
  Object.fromEntries(
    WHO.map((w) => [
      w,
      overrides[w] ?? (w === 'reporter2' ? 'NOT_FOUND' : ok.includes(w) ? 'ok' : 'FORBIDDEN'),
    ]),
  ) as Record<Who, Outcome>;

const MOVES: { name: string; stage: Stage; mutation: string; expect: Record<Who, Outcome> }[] = [
  {
    name: 'triage',
    stage: 'NEW',
    mutation: 'triageIncident(id:$id, input:{ severity: LOW, category: OTHER, tlp: GREEN }){ id }',
    expect: row(['coordinator']),
  },
  {
    name: 'assign',
    stage: 'NEW',
    mutation: 'assignIncident(id:$id, assigneeId:$responder){ id }',
    expect: row(['coordinator']),
  },
  {
    name: 'reject',
    stage: 'NEW',
    mutation: 'rejectIncident(id:$id, reason:"not an incident"){ id }',
    expect: row(['coordinator']),
  },
  {
    name: 'acknowledge',
    stage: 'TRIAGED',
    mutation: 'acknowledgeIncident(id:$id){ id }',
    expect: row(['responder']),
  },
  {
    name: 'escalate',
    stage: 'IN_PROGRESS',
    mutation: 'escalateIncident(id:$id, reason:"need help"){ id }',
    expect: row(['coordinator', 'responder', 'responder2']),
  },
  {
    name: 'contain',
    stage: 'IN_PROGRESS',
    mutation: 'containIncident(id:$id){ id }',
    expect: row(['coordinator', 'responder']),
  },
  {
    name: 'resolve',
    stage: 'IN_PROGRESS',
    mutation: 'resolveIncident(id:$id, resolution:"fixed"){ id }',
    expect: row(['coordinator', 'responder']),
  },
  { name: 'close', stage: 'RESOLVED', mutation: 'closeIncident(id:$id){ id }', expect: row(['coordinator']) },
  {
    name: 'reopen resolved',
    stage: 'RESOLVED',
    mutation: 'reopenIncident(id:$id, reason:"again"){ id }',
    expect: row(['coordinator', 'responder', 'reporter']),
  },
  {
    name: 'reopen closed',
    stage: 'CLOSED',
    mutation: 'reopenIncident(id:$id, reason:"again"){ id }',
    expect: row(['coordinator']),
  },
  {
    name: 'comment',
    stage: 'IN_PROGRESS',
    mutation: 'addComment(incidentId:$id, body:"note", internal:false){ id }',
    expect: row(['admin', 'coordinator', 'responder', 'responder2', 'reporter', 'leader']),
  },
  {
    name: 'observable',
    stage: 'IN_PROGRESS',
    mutation: 'addObservable(incidentId:$id, input:{ type: DOMAIN, value:"evil.example" }){ id }',
    expect: row(['coordinator', 'responder', 'responder2', 'reporter']),
  },
];

/** Declares $responder only where it is used (GraphQL refuses unused variables). */
const header = (mutation: string) =>
  mutation.includes('$responder') ? 'mutation($id:ID!,$responder:ID)' : 'mutation($id:ID!)';

describe('incident moves by role', () => {
  let api: TestApi;
  const token = {} as Record<Who, string>;
  let syt: string;
  let responderId: string;

  beforeAll(async () => {
    api = await TestApi.start({ RATE_LIMIT_PER_MINUTE: '1000000' });
    for (const who of WHO) token[who] = await api.login(`${who}@tocsin.local`);
    syt = await api.idOf('agency', 'SYT');
    responderId = await api.idOf('user', 'responder@tocsin.local');
  });
  afterAll(() => api.stop());

  const run = async (who: Who, query: string, variables: Record<string, unknown>) =>
    api.gql(query, variables, { token: token[who] });

  /** A fresh incident of agency SYT, reported by `reporter`, driven to `stage` with `responder` assigned. */
  async function incidentAt(stage: Stage): Promise<string> {
    const res = await run(
      'reporter',
      'mutation($a:ID!){ reportIncident(input:{ title:"Matrix case", description:"d", agencyId:$a }){ id } }',
      { a: syt },
    );
    const id = (res.data as { reportIncident: { id: string } }).reportIncident.id;
    const steps: [Who, string][] = [];
    if (stage !== 'NEW')
      steps.push([
        'coordinator',
        'triageIncident(id:$id, input:{ severity: HIGH, category: INTRUSIONS, tlp: AMBER, assigneeId: $responder }){ id }',
      ]);
    if (['IN_PROGRESS', 'RESOLVED', 'CLOSED'].includes(stage))
      steps.push(['responder', 'acknowledgeIncident(id:$id){ id }']);
    if (['RESOLVED', 'CLOSED'].includes(stage))
      steps.push(['responder', 'resolveIncident(id:$id, resolution:"done"){ id }']);
    if (stage === 'CLOSED') steps.push(['coordinator', 'closeIncident(id:$id){ id }']);
    for (const [who, mutation] of steps) {
      const moved = await run(who, `${header(mutation)}{ ${mutation} }`, {
        id,
        responder: responderId,
      });
      if (moved.errors) throw new Error(JSON.stringify(moved.errors));
    }
    return id;
  }

  const cases = MOVES.flatMap((m) =>
    WHO.map((who) => [m.name, m.stage, who, m.expect[who], m.mutation] as const),
  );

  it.each(cases)('%s (at %s) by %s → %s', async (_name, stage, who, expected, mutation) => {
    const id = await incidentAt(stage);
    const before = await api.dataSource.query<{ version: number }[]>(
      'SELECT version FROM incident WHERE id = $1',
      [id],
    );
    const res = await run(who, `${header(mutation)}{ ${mutation} }`, {
      id,
      responder: responderId,
    });
    if (expected === 'ok') {
      expect(res.errors).toBeUndefined();
    } else {
      expect(codeOf(res)).toBe(expected);
      const after = await api.dataSource.query<{ version: number }[]>(
        'SELECT version FROM incident WHERE id = $1',
        [id],
      );
      expect(after[0].version).toBe(before[0].version);
    }
  });
});
