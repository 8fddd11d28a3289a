import { codeOf, TestApi } from './support/test-app';

const CREATE = 'mutation($i:CreateAgencyInput!){ createAgency(input:$i){ id code kind parentId version } }';
const UPDATE =
  'mutation($id:ID!,$i:UpdateAgencyInput!){ updateAgency(id:$id, input:$i){ id name version parentId } }';

describe('agencies and their information systems', () => {
  let api: TestApi;
  let admin: string;

  beforeAll(async () => {
    api = await TestApi.start();
    admin = await api.login('admin@tocsin.local');
  });
  afterAll(() => api.stop());

  it('builds the province → district → commune tree and refuses wrong parents', async () => {
    const province = await api.idOf('agency', 'TINH-DEMO');
    const department = await api.idOf('agency', 'SYT');
    const district = await api.gql<{ createAgency: { id: string; version: number } }>(
      CREATE,
      { i: { code: 'HUYEN-B', name: 'UBND huyện B', kind: 'DISTRICT', parentId: province } },
      { token: admin },
    );
    expect(district.errors).toBeUndefined();
    const districtId = district.data!.createAgency.id;
    const commune = await api.gql(
      CREATE,
      { i: { code: 'XA-B1', name: 'UBND xã B1', kind: 'COMMUNE', parentId: districtId } },
      { token: admin },
    );
    expect(commune.data).toMatchObject({
      createAgency: { code: 'XA-B1', kind: 'COMMUNE', parentId: districtId },
    });

    const before = await api.count('agency');
    const cases = [
      { code: 'XA-BAD', name: 'Commune under a department', kind: 'COMMUNE', parentId: department },
      { code: 'TINH-2', name: 'Second province with a parent', kind: 'PROVINCE', parentId: province },
      { code: 'SO-BAD', name: 'Department without parent', kind: 'DEPARTMENT' },
      {
        code: 'SO-GHOST',
        name: 'Department under nothing',
        kind: 'DEPARTMENT',
        parentId: '6f1c1c62-7c55-4d7e-9a2a-2b0f1c1c6200',
      },
    ];
    for (const i of cases) {
      const res = await api.gql(CREATE, { i }, { token: admin });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].extensions?.field).toBe('parentId');
    }
    const duplicate = await api.gql(
      CREATE,
      { i: { code: 'HUYEN-B', name: 'Again', kind: 'DISTRICT', parentId: province } },
      { token: admin },
    );
    expect(codeOf(duplicate)).toBe('CONFLICT');
    expect(await api.count('agency')).toBe(before);

    const tree = await api.gql<{ agency: { parent: { parent: { code: string } } } }>(
      'query($id:ID!){ agency(id:$id){ parent { parent { code } } } }',
      { id: (commune.data as { createAgency: { id: string } }).createAgency.id },
      { token: admin },
    );
    expect(tree.data?.agency.parent.parent.code).toBe('TINH-DEMO');
  });

  it('updates with optimistic locking: a stale version gets CONFLICT and changes nothing', async () => {
    const id = await api.idOf('agency', 'SYT');
    const [{ version }] = await api.dataSource.query<{ version: number }[]>(
      'SELECT version FROM agency WHERE id = $1',
      [id],
    );
    const ok = await api.gql<{ updateAgency: { name: string; version: number } }>(
      UPDATE,
      { id, i: { name: 'Sở Y tế tỉnh Demo', version } },
      { token: admin },
    );
    expect(ok.data?.updateAgency).toMatchObject({ name: 'Sở Y tế tỉnh Demo', version: version + 1 });
    const stale = await api.gql(UPDATE, { id, i: { name: 'Lost update', version } }, { token: admin });
    expect(stale.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: version + 1 });
    const rows = await api.dataSource.query<{ name: string }[]>('SELECT name FROM agency WHERE id = $1', [
      id,
    ]);
    expect(rows[0].name).toBe('Sở Y tế tỉnh Demo');
    const self = await api.gql(UPDATE, { id, i: { parentId: id, version: version + 1 } }, { token: admin });
    expect(codeOf(self)).toBe('BAD_USER_INPUT');
  });

  it('refuses to delete an agency that has users or sub-agencies, deletes an empty one', async () => {
    const withUsers = await api.gql(
      'mutation($id:ID!){ deleteAgency(id:$id) }',
      { id: await api.idOf('agency', 'SYT') },
      { token: admin },
    );
    expect(codeOf(withUsers)).toBe('CONFLICT');
    const withChildren = await api.gql(
      'mutation($id:ID!){ deleteAgency(id:$id) }',
      { id: await api.idOf('agency', 'TINH-DEMO') },
      { token: admin },
    );
    expect(codeOf(withChildren)).toBe('CONFLICT');
    const empty = await api.gql(
      'mutation($id:ID!){ deleteAgency(id:$id) }',
      { id: await api.idOf('agency', 'XA-A1') },
      { token: admin },
    );
    expect(empty.data).toEqual({ deleteAgency: true });
    expect(await api.count('agency', 'code = $1', ['XA-A1'])).toBe(0);
  });

  it('keeps information systems with a security level of 1 to 5', async () => {
    const agencyId = await api.idOf('agency', 'HUYEN-A');
    const ADD =
      'mutation($a:ID!,$i:InformationSystemInput!){ createInformationSystem(agencyId:$a, input:$i){ id securityLevel } }';
    const ok = await api.gql<{ createInformationSystem: { id: string } }>(
      ADD,
      { a: agencyId, i: { name: 'Một cửa điện tử', securityLevel: 2 } },
      { token: admin },
    );
    expect(ok.data?.createInformationSystem).toMatchObject({ securityLevel: 2 });
    for (const securityLevel of [0, 6, 2.5]) {
      expect(
        codeOf(
          await api.gql(
            ADD,
            { a: agencyId, i: { name: `Bad ${securityLevel}`, securityLevel } },
            { token: admin },
          ),
        ),
      ).toBe('BAD_USER_INPUT');
    }
    expect(
      codeOf(
        await api.gql(
          ADD,
          { a: agencyId, i: { name: 'Một cửa điện tử', securityLevel: 3 } },
          { token: admin },
        ),
      ),
    ).toBe('CONFLICT');
    // The database refuses an out-of-range level even if a bug let one through.
    await expect(
      api.dataSource.query('UPDATE information_system SET security_level = 9 WHERE id = $1', [
        ok.data!.createInformationSystem.id,
      ]),
    ).rejects.toThrow(/ck_information_system_security_level/);
  });

  it('does not let a non-admin probe which information-system ids exist', async () => {
    const responder = await api.login('responder@tocsin.local');
    const [{ id: existing }] = await api.dataSource.query<{ id: string }[]>(
      'SELECT id FROM information_system LIMIT 1',
    );
    const missing = '6f1c1c62-7c55-4d7e-9a2a-2b0f1c1c6200';
    for (const id of [existing, missing]) {
      const upd = await api.gql(
        'mutation($id:ID!){ updateInformationSystem(id:$id, input:{ name:"x y", securityLevel: 1 }){ id } }',
        { id },
        { token: responder },
      );
      expect(codeOf(upd)).toBe('FORBIDDEN');
      expect(
        codeOf(
          await api.gql('mutation($id:ID!){ deleteInformationSystem(id:$id) }', { id }, { token: responder }),
        ),
      ).toBe('FORBIDDEN');
    }
  });

  it('shows a reporter only their own agency, with its IT contacts and systems', async () => {
    const reporter = await api.login('reporter@tocsin.local');
    const res = await api.gql<{
      agencies: { code: string; itContacts: { email: string }[]; systems: { name: string }[] }[];
    }>('{ agencies { code itContacts { email } systems { name } } }', {}, { token: reporter });
    expect(res.data?.agencies.map((a) => a.code)).toEqual(['SYT']);
    expect(res.data?.agencies[0].itContacts.map((u) => u.email)).toEqual(['reporter@tocsin.local']);
    expect(res.data?.agencies[0].systems.length).toBeGreaterThan(0);
    const coordinator = await api.login('coordinator@tocsin.local');
    const all = await api.gql<{ agencies: { code: string }[] }>(
      '{ agencies { code } }',
      {},
      { token: coordinator },
    );
    expect(all.data?.agencies.map((a) => a.code)).toEqual(
      expect.arrayContaining(['TINH-DEMO', 'STTTT', 'SYT', 'HUYEN-A']),
    );
  });
});
