import { codeOf, TestApi } from './support/test-app';

describe('teams and on-call schedules', () => {
  let api: TestApi;
  let coordinator: string;
  let teamId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    api = await TestApi.start();
    coordinator = await api.login('coordinator@tocsin.local');
    for (const who of ['responder', 'responder2', 'coordinator', 'reporter', 'leader'])
      ids[who] = await api.idOf('user', `${who}@tocsin.local`);
    const [team] = await api.dataSource.query<{ id: string }[]>(`SELECT id FROM team LIMIT 1`);
    teamId = team.id;
  });
  afterAll(() => api.stop());

  it('seeds the response team with a weekly rotation, so someone is on call now', async () => {
    const res = await api.gql<{
      teams: {
        name: string;
        members: { userId: string }[];
        schedules: { layers: { participantIds: string[] }[] }[];
      }[];
    }>(
      '{ teams { name members { userId } schedules { layers { participantIds } } } }',
      {},
      { token: coordinator },
    );
    expect(res.data?.teams).toHaveLength(1);
    expect(res.data?.teams[0].members).toHaveLength(3);
    const now = await api.gql<{ onCallNow: { id: string }[] }>(
      'query($t:ID!){ onCallNow(teamId:$t){ id } }',
      { t: teamId },
      { token: coordinator },
    );
    expect(now.data?.onCallNow).toHaveLength(1);
    expect([ids.responder, ids.responder2]).toContain(now.data?.onCallNow[0].id);
  });

  it('builds a schedule with a night layer and an override, and answers "on call at T"', async () => {
    const created = await api.gql<{ createTeam: { id: string } }>(
      'mutation{ createTeam(input:{ name: "SOC" }){ id } }',
      {},
      { token: coordinator },
    );
    const soc = created.data!.createTeam.id;
    for (const who of ['responder', 'responder2']) {
      expect(
        (
          await api.gql(
            'mutation($t:ID!,$u:ID!){ addTeamMember(teamId:$t, input:{ userId:$u }){ userId } }',
            { t: soc, u: ids[who] },
            { token: coordinator },
          )
        ).errors,
      ).toBeUndefined();
    }
    const schedule = await api.gql<{ createSchedule: { id: string } }>(
      'mutation($t:ID!){ createSchedule(teamId:$t, name:"Chính"){ id } }',
      { t: soc },
      { token: coordinator },
    );
    const scheduleId = schedule.data!.createSchedule.id;
    const LAYER =
      'mutation($s:ID!,$i:RotationLayerInput!){ addRotationLayer(scheduleId:$s, input:$i){ id position } }';
    const day = await api.gql(
      LAYER,
      {
        s: scheduleId,
        i: {
          name: 'Ngày',
          participantIds: [ids.responder],
          shiftLengthHours: 24,
          handoffTime: '08:00',
          startDate: '2026-01-01',
        },
      },
      { token: coordinator },
    );
    expect(day.errors).toBeUndefined();
    const night = await api.gql(
      LAYER,
      {
        s: scheduleId,
        i: {
          name: 'Đêm',
          participantIds: [ids.responder2],
          shiftLengthHours: 24,
          handoffTime: '08:00',
          startDate: '2026-01-01',
          restriction: { startTime: '18:00', endTime: '07:00' },
        },
      },
      { token: coordinator },
    );
    expect(night.errors).toBeUndefined();

    const AT = 'query($t:ID!,$at:DateTime!){ onCallAt(teamId:$t, at:$at){ id } }';
    const who = async (at: string) =>
      (
        await api.gql<{ onCallAt: { id: string }[] }>(AT, { t: soc, at }, { token: coordinator })
      ).data?.onCallAt.map((u) => u.id);
    expect(await who('2026-06-10T03:00:00Z')).toEqual([ids.responder]); // 10:00 local
    expect(await who('2026-06-10T13:00:00Z')).toEqual([ids.responder2]); // 20:00 local

    const OVERRIDE = 'mutation($s:ID!,$i:OverrideInput!){ createOverride(scheduleId:$s, input:$i){ id } }';
    const start = new Date(Date.now() + 3_600_000);
    const end = new Date(Date.now() + 5 * 3_600_000);
    expect(
      (
        await api.gql(
          OVERRIDE,
          {
            s: scheduleId,
            i: { userId: ids.responder2, startsAt: start.toISOString(), endsAt: end.toISOString() },
          },
          { token: coordinator },
        )
      ).errors,
    ).toBeUndefined();
    expect(await who(new Date(start.getTime() + 60_000).toISOString())).toEqual([ids.responder2]);

    // Coverage over the next 7 days has no gap: the day layer covers everything.
    const cov = await api.gql<{ scheduleCoverage: { source: string }[] }>(
      'query($s:ID!,$f:DateTime!,$t:DateTime!){ scheduleCoverage(scheduleId:$s, from:$f, to:$t){ source start end userIds } }',
      { s: scheduleId, f: new Date().toISOString(), t: new Date(Date.now() + 7 * 86_400_000).toISOString() },
      { token: coordinator },
    );
    expect(cov.data?.scheduleCoverage.every((seg) => seg.source !== 'none')).toBe(true);
  });

  it('refuses bad layers, non-members and forbidden roles, writing nothing', async () => {
    const [{ id: scheduleId }] = await api.dataSource.query<{ id: string }[]>(
      `SELECT id FROM schedule WHERE team_id = $1`,
      [teamId],
    );
    const before = await api.count('rotation_layer');
    const LAYER =
      'mutation($s:ID!,$i:RotationLayerInput!){ addRotationLayer(scheduleId:$s, input:$i){ id } }';
    const base = {
      name: 'x',
      participantIds: [ids.responder],
      shiftLengthHours: 24,
      handoffTime: '08:00',
      startDate: '2026-01-01',
    };
    for (const bad of [
      { handoffTime: '25:00' },
      { shiftLengthHours: 0 },
      { timeZone: 'Mars/Base' },
      { participantIds: [] },
      { participantIds: [ids.reporter] },
      { startDate: '2026-02-30' },
    ]) {
      expect(
        codeOf(await api.gql(LAYER, { s: scheduleId, i: { ...base, ...bad } }, { token: coordinator })),
      ).toBe('BAD_USER_INPUT');
    }
    for (const who of ['responder', 'reporter', 'leader']) {
      const token = await api.login(`${who}@tocsin.local`);
      expect(codeOf(await api.gql(LAYER, { s: scheduleId, i: base }, { token }))).toBe('FORBIDDEN');
    }
    const reporter = await api.login('reporter@tocsin.local');
    expect(
      (await api.gql<{ teams: unknown[] }>('{ teams { id } }', {}, { token: reporter })).data?.teams,
    ).toEqual([]);
    expect(
      codeOf(
        await api.gql('query($t:ID!){ onCallNow(teamId:$t){ id } }', { t: teamId }, { token: reporter }),
      ),
    ).toBe('NOT_FOUND');
    expect(await api.count('rotation_layer')).toBe(before);
    const trail = await api.count('audit_event', "action LIKE 'schedule.%'");
    expect(trail).toBeGreaterThan(0);
  });
});
