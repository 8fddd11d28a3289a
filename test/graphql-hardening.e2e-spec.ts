import { codeOf, TestApi } from './support/test-app';

describe('GraphQL and HTTP hardening', () => {
  let api: TestApi;
  let admin: string;

  beforeAll(async () => {
    api = await TestApi.start({
      GRAPHQL_MAX_DEPTH: '6',
      GRAPHQL_MAX_COST: '300',
      GRAPHQL_MAX_ALIASES: '5',
      BODY_LIMIT_BYTES: '20000',
    });
    admin = await api.login('admin@tocsin.local');
  });
  afterAll(() => api.stop());

  const agencyCount = () => api.count('agency');

  it('answers malformed GraphQL with BAD_USER_INPUT and no data', async () => {
    const res = await api.gql('{ me { id ', {}, { token: admin });
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'GRAPHQL_PARSE_FAILED',
    });
    const unknownField = await api.gql('{ me { id password } }', {}, { token: admin });
    expect(unknownField.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'GRAPHQL_VALIDATION_FAILED',
    });
    // Field suggestions would leak the schema.
    expect(unknownField.errors?.[0].message).not.toMatch(/Did you mean/);
    const notJson = await api.http
      .post('/graphql')
      .set('content-type', 'application/json')
      .send('{"query": ');
    expect(notJson.status).toBe(400);
    expect(notJson.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses wrong variable types and invalid input values, writing nothing', async () => {
    const before = await agencyCount();
    const CREATE = 'mutation($i:CreateAgencyInput!){ createAgency(input:$i){ id } }';
    const wrongType = await api.gql(
      CREATE,
      { i: { code: 'X1', name: 12345, kind: 'PROVINCE' } },
      { token: admin },
    );
    expect(codeOf(wrongType)).toBe('BAD_USER_INPUT');
    const wrongEnum = await api.gql(
      CREATE,
      { i: { code: 'X2', name: 'Nope', kind: 'GALAXY' } },
      { token: admin },
    );
    expect(codeOf(wrongEnum)).toBe('BAD_USER_INPUT');
    const oversized = await api.gql(
      CREATE,
      { i: { code: 'X3', name: 'n'.repeat(201), kind: 'PROVINCE' } },
      { token: admin },
    );
    expect(codeOf(oversized)).toBe('BAD_USER_INPUT');
    expect(oversized.errors?.[0].message).toMatch(/name/);
    const badCode = await api.gql(
      CREATE,
      { i: { code: 'lower case', name: 'Nope', kind: 'PROVINCE' } },
      { token: admin },
    );
    expect(codeOf(badCode)).toBe('BAD_USER_INPUT');
    const extraField = await api.gql(
      CREATE,
      { i: { code: 'X4', name: 'Nope', kind: 'PROVINCE', evil: true } },
      { token: admin },
    );
    expect(codeOf(extraField)).toBe('BAD_USER_INPUT');
    const badId = await api.gql(
      'query($id:ID!){ agency(id:$id){ id } }',
      { id: 'not-a-uuid' },
      { token: admin },
    );
    expect(codeOf(badId)).toBe('BAD_USER_INPUT');
    expect(await agencyCount()).toBe(before);
  });

  it('refuses a body over the size limit with 413 and writes nothing', async () => {
    const before = await agencyCount();
    const res = await api.http
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${admin}`)
      .send({
        query: 'mutation($i:CreateAgencyInput!){ createAgency(input:$i){ id } }',
        variables: { i: { code: 'BIG', name: 'x'.repeat(30000), kind: 'PROVINCE' } },
      });
    expect(res.status).toBe(413);
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'BODY_TOO_LARGE' });
    expect(await agencyCount()).toBe(before);
  });

  it('refuses a query deeper than the limit, before running it', async () => {
    const atLimit = '{ agencies { parent { parent { parent { parent { id } } } } } }'; // depth 5
    expect((await api.gql(atLimit, {}, { token: admin })).errors).toBeUndefined();
    const over = await api.gql(
      '{ agencies { parent { parent { parent { parent { parent { parent { id } } } } } } } }',
      {},
      { token: admin },
    );
    expect(over.status).toBe(400);
    expect(codeOf(over)).toBe('BAD_USER_INPUT');
    expect(over.errors?.[0].message).toMatch(/depth/i);
    expect(over.errors?.[0].extensions?.reason).toBe('DEPTH_LIMIT');
    expect(over.data ?? null).toBeNull();
    // Fragments do not hide depth.
    const viaFragment = await api.gql(
      '{ agencies { ...A } } fragment A on Agency { parent { parent { parent { parent { parent { parent { id } } } } } } }',
      {},
      { token: admin },
    );
    expect(codeOf(viaFragment)).toBe('BAD_USER_INPUT');
  });

  it('refuses a query over the cost limit, and accepts a cheaper one', async () => {
    const fields =
      'id name code kind parentId version systems { id name securityLevel description agencyId }';
    const cheap = await api.gql(`{ agencies { ${fields} } }`, {}, { token: admin });
    expect(cheap.errors).toBeUndefined();
    const aliases = Array.from({ length: 5 }, (_, i) => `a${i}: agencies { ...F }`).join(' ');
    const res = await api.gql(
      `{ ${aliases} } fragment F on Agency { ${fields} parent { ${fields} parent { ${fields} } } }`,
      {},
      { token: admin },
    );
    expect(res.status).toBe(400);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toMatch(/cost/i);
    expect(res.errors?.[0].extensions?.reason).toBe('COST_LIMIT');
  });

  it('refuses a query with too many tokens', async () => {
    const ids = Array.from({ length: 2500 }, () => 'id').join(' ');
    const res = await api.gql(`{ me { ${ids} } }`, {}, { token: admin });
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'TOKEN_LIMIT',
    });
  });

  it('refuses too many aliases', async () => {
    const aliases = Array.from({ length: 8 }, (_, i) => `m${i}: me { id }`).join(' ');
    const res = await api.gql(`{ ${aliases} }`, {}, { token: admin });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toMatch(/alias/i);
  });

  it('refuses batched requests and CSRF-prone GET requests', async () => {
    const batch = await api.http
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${admin}`)
      .send([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]);
    expect(batch.status).toBe(400);
    expect(JSON.stringify(batch.body)).not.toMatch(/"me"/);
    const get = await api.http
      .get('/graphql')
      .query({ query: '{ me { id } }' })
      .set('authorization', `Bearer ${admin}`);
    expect(get.status).toBe(400);
    expect(get.text).toMatch(/CSRF|preflight/i);
  });

  it('never leaks stack traces or SQL in errors', async () => {
    const res = await api.gql(
      'query($id:ID!){ agency(id:$id){ id } }',
      { id: '00000000-0000-0000-0000-000000000000' },
      { token: admin },
    );
    expect(codeOf(res)).toBe('NOT_FOUND');
    const text = JSON.stringify(res);
    expect(text).not.toMatch(/stacktrace|at .*\.ts:|SELECT|QueryFailedError/);
  });

  it('sets security headers and a request id, and keeps health, readiness and metrics public', async () => {
    const res = await api.http.get('/healthz').set('x-request-id', 'trace-me-123');
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBe('trace-me-123');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['strict-transport-security']).toBeDefined();
    const bogusId = await api.http.get('/healthz').set('x-request-id', 'bad id with spaces');
    expect(bogusId.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const ready = await api.http.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      info: { postgres: { status: 'up' }, redis: { status: 'up' } },
    });
    const metrics = await api.http.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/tocsin_http_request_duration_seconds_bucket/);
    expect(metrics.text).toMatch(/tocsin_login_attempts_total\{outcome="success"\}/);
  });

  it('keeps introspection on outside production', async () => {
    const res = await api.gql('{ __schema { queryType { name } } }', {}, { token: admin });
    expect(res.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });
});

describe('production hardening', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start({
      NODE_ENV: 'production',
      JWT_SECRET: 'p'.repeat(48),
      RATE_LIMIT_PER_MINUTE: '30',
    });
  });
  afterAll(() => api.stop());

  it('turns introspection and the landing page off', async () => {
    const token = await api.login('admin@tocsin.local');
    const res = await api.gql('{ __schema { queryType { name } } }', {}, { token });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.data ?? null).toBeNull();
    const landing = await api.http.get('/graphql').set('accept', 'text/html');
    expect(landing.text).not.toMatch(/sandbox|<html/i);
  });

  it('rate-limits requests per IP with 429 RATE_LIMITED', async () => {
    let limited: { status: number; body: { errors?: { extensions: Record<string, unknown> }[] } } | undefined;
    for (let i = 0; i < 40 && !limited; i++) {
      const res = await api.http
        .post('/graphql')
        .set('content-type', 'application/json')
        .send({ query: '{ me { id } }' });
      if (res.status === 429) limited = res;
    }
    expect(limited?.status).toBe(429);
    expect(limited?.body.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
    // Health checks are never rate-limited (a load balancer polls them).
    expect((await api.http.get('/readyz')).status).toBe(200);
  });
});
