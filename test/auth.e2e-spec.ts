import { JwtService } from '@nestjs/jwt';

import { codeOf, DEMO_PASSWORD, TestApi } from './support/test-app';

const LOGIN =
  'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ accessToken accessTokenExpiresAt user{ id email role } } }';
const ME = '{ me { id email role locale timeZone contactMethods { email } } }';

function refreshCookie(headers: Record<string, string | string[] | undefined>): string {
  const raw = headers['set-cookie'];
  const cookies = Array.isArray(raw) ? raw : raw ? [raw] : [];
  const found = cookies.find((c) => c.startsWith('tocsin_refresh='));
  if (!found) throw new Error('no refresh cookie was set');
  return found.split(';')[0];
}

describe('accounts and sign-in', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await TestApi.start({
      LOGIN_MAX_FAILURES: '3',
      LOGIN_LOCK_MINUTES: '15',
      LOGIN_IP_MAX_FAILURES: '1000',
    });
  });
  afterAll(() => api.stop());

  it('signs every demo user in, with an httpOnly refresh cookie', async () => {
    for (const email of [
      'admin',
      'coordinator',
      'responder',
      'responder2',
      'reporter',
      'reporter2',
      'leader',
    ]) {
      const res = await api.gql<{ login: { accessToken: string; user: { email: string } } }>(LOGIN, {
        e: `${email}@tocsin.local`,
        p: DEMO_PASSWORD,
      });
      expect(res.errors).toBeUndefined();
      expect(res.data?.login.user.email).toBe(`${email}@tocsin.local`);
      const setCookie = String(res.headers['set-cookie']);
      expect(setCookie).toMatch(/tocsin_refresh=.*HttpOnly/);
      expect(setCookie).toMatch(/SameSite=Strict/);
      const me = await api.gql<{ me: { email: string } }>(ME, {}, { token: res.data!.login.accessToken });
      expect(me.data?.me.email).toBe(`${email}@tocsin.local`);
    }
  });

  it('accepts the email in any case', async () => {
    const res = await api.gql(LOGIN, { e: 'Leader@Tocsin.LOCAL', p: DEMO_PASSWORD });
    expect(res.errors).toBeUndefined();
  });

  it('refuses a wrong password and an unknown email alike, creating no session', async () => {
    const sessions = await api.count('auth_session');
    const wrong = await api.gql(LOGIN, { e: 'leader@tocsin.local', p: 'not-the-password' });
    const unknown = await api.gql(LOGIN, { e: 'nobody@tocsin.local', p: 'not-the-password' });
    for (const res of [wrong, unknown]) {
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
      expect(res.errors?.[0].message).toBe('Invalid email or password');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    expect(await api.count('auth_session')).toBe(sessions);
    // A success resets the per-account failure count.
    await api.login('leader@tocsin.local');
    expect(await api.count('user', 'email = $1 AND failed_login_count = 0', ['leader@tocsin.local'])).toBe(1);
  });

  it('locks an account after repeated failures, even for the right password, and an admin unlock clears it', async () => {
    const email = 'responder2@tocsin.local';
    for (let i = 0; i < 2; i++) {
      expect(codeOf(await api.gql(LOGIN, { e: email, p: `wrong-${i}-password` }))).toBe('UNAUTHENTICATED');
    }
    const third = await api.gql(LOGIN, { e: email, p: 'wrong-3-password' });
    expect(third.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'ACCOUNT_LOCKED' });
    const right = await api.gql(LOGIN, { e: email, p: DEMO_PASSWORD });
    expect(right.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'ACCOUNT_LOCKED' });
    expect(new Date(String(right.errors?.[0].extensions?.lockedUntil)).getTime()).toBeGreaterThan(
      Date.now() + 14 * 60_000,
    );
    expect(right.data).toBeNull();

    // Reactivating through the admin clears the lock.
    const admin = await api.login('admin@tocsin.local');
    const id = await api.idOf('user', email);
    const res = await api.gql(
      'mutation($id:ID!){ reactivateUser(id:$id){ active lockedUntil } }',
      { id },
      { token: admin },
    );
    expect(res.data).toEqual({ reactivateUser: { active: true, lockedUntil: null } });
    await expect(api.login(email)).resolves.toEqual(expect.any(String));
  });

  it('locks an unknown email the same way, so a lock does not reveal which accounts exist', async () => {
    const answers = [];
    for (let i = 0; i < 3; i++)
      answers.push(await api.gql(LOGIN, { e: 'nobody.here@tocsin.local', p: `guess-${i}-password` }));
    expect(answers.map((a) => a.errors?.[0].extensions?.reason)).toEqual([
      'INVALID_CREDENTIALS',
      'INVALID_CREDENTIALS',
      'ACCOUNT_LOCKED',
    ]);
    const again = await api.gql(LOGIN, { e: 'nobody.here@tocsin.local', p: 'another-guess' });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'ACCOUNT_LOCKED' });
    expect(new Date(String(again.errors?.[0].extensions?.lockedUntil)).getTime()).toBeGreaterThan(
      Date.now() + 14 * 60_000,
    );
  });

  it('starts the count afresh when a lock has run out: one wrong password does not re-lock', async () => {
    const email = 'leader@tocsin.local';
    await api.dataSource.query(
      `UPDATE "user" SET failed_login_count = 3, locked_until = now() - interval '1 minute' WHERE email = $1`,
      [email],
    );
    const wrong = await api.gql(LOGIN, { e: email, p: 'one-wrong-password' });
    expect(wrong.errors?.[0].extensions).toMatchObject({ reason: 'INVALID_CREDENTIALS' });
    const [row] = await api.dataSource.query<{ failed_login_count: number; locked_until: Date | null }[]>(
      'SELECT failed_login_count, locked_until FROM "user" WHERE email = $1',
      [email],
    );
    expect(row).toEqual({ failed_login_count: 1, locked_until: null });
    await expect(api.login(email)).resolves.toEqual(expect.any(String));
  });

  it('shows email and sign-in details only to admins, coordinators and the person', async () => {
    const responder = await api.login('responder@tocsin.local');
    const coordinator = await api.login('coordinator@tocsin.local');
    const leaderId = await api.idOf('user', 'leader@tocsin.local');
    const Q = 'query($id:ID!){ user(id:$id){ displayName email lastLoginAt } }';
    const asResponder = await api.gql<{
      user: { displayName: string; email: string | null; lastLoginAt: string | null };
    }>(Q, { id: leaderId }, { token: responder });
    expect(asResponder.data?.user.displayName).toBeTruthy();
    expect(asResponder.data?.user.email).toBeNull();
    expect(asResponder.data?.user.lastLoginAt).toBeNull();
    const asCoordinator = await api.gql<{ user: { email: string } }>(
      Q,
      { id: leaderId },
      { token: coordinator },
    );
    expect(asCoordinator.data?.user.email).toBe('leader@tocsin.local');
    const me = await api.gql<{ me: { email: string } }>('{ me { email } }', {}, { token: responder });
    expect(me.data?.me.email).toBe('responder@tocsin.local');
  });

  it('refuses a missing, malformed, forged or expired access token', async () => {
    expect((await api.gql(ME)).errors?.[0].extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'NO_CREDENTIALS',
    });
    expect((await api.gql(ME, {}, { token: 'not-a-jwt' })).errors?.[0].extensions).toMatchObject({
      reason: 'INVALID_TOKEN',
    });

    const token = await api.login('responder@tocsin.local');
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    const forged = await new JwtService({ secret: 'x'.repeat(40) }).signAsync(
      { sub: claims.sub, sid: claims.sid },
      { issuer: 'tocsin' },
    );
    expect((await api.gql(ME, {}, { token: forged })).errors?.[0].extensions).toMatchObject({
      reason: 'INVALID_TOKEN',
    });

    const jwt = new JwtService({ secret: api.config.auth.jwtSecret });
    const expired = await jwt.signAsync(
      {
        sub: claims.sub,
        sid: claims.sid,
        iat: Math.floor(Date.now() / 1000) - 3600,
        exp: Math.floor(Date.now() / 1000) - 60,
      },
      { issuer: 'tocsin' },
    );
    const res = await api.gql(ME, {}, { token: expired });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' });
    expect(res.data).toBeNull();
  });

  it('rotates the refresh token, and a replayed one ends the session', async () => {
    const first = await api.gql<{ login: { accessToken: string } }>(LOGIN, {
      e: 'coordinator@tocsin.local',
      p: DEMO_PASSWORD,
    });
    const cookie1 = refreshCookie(first.headers);
    const REFRESH = 'mutation { refreshToken { accessToken user { email } } }';

    const second = await api.gql<{ refreshToken: { accessToken: string } }>(REFRESH, {}, { cookie: cookie1 });
    expect(second.errors).toBeUndefined();
    const cookie2 = refreshCookie(second.headers);
    expect(cookie2).not.toBe(cookie1);
    const token2 = second.data!.refreshToken.accessToken;
    expect((await api.gql(ME, {}, { token: token2 })).data).toBeTruthy();

    // The old cookie again: someone copied it. The whole session ends, for the holder of the new one too.
    const replay = await api.gql(REFRESH, {}, { cookie: cookie1 });
    expect(replay.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'SESSION_ENDED' });
    expect(codeOf(await api.gql(REFRESH, {}, { cookie: cookie2 }))).toBe('UNAUTHENTICATED');
    expect((await api.gql(ME, {}, { token: token2 })).errors?.[0].extensions).toMatchObject({
      reason: 'SESSION_ENDED',
    });

    expect((await api.gql(REFRESH)).errors?.[0].extensions).toMatchObject({
      reason: 'INVALID_REFRESH_TOKEN',
    });
  });

  it('logout revokes the session: its access and refresh tokens stop working at once', async () => {
    const res = await api.gql<{ login: { accessToken: string } }>(LOGIN, {
      e: 'leader@tocsin.local',
      p: DEMO_PASSWORD,
    });
    const token = res.data!.login.accessToken;
    const cookie = refreshCookie(res.headers);
    const other = await api.login('leader@tocsin.local');

    const out = await api.gql<{ logout: boolean }>('mutation { logout }', {}, { token });
    expect(out.data?.logout).toBe(true);
    expect(String(out.headers['set-cookie'])).toMatch(/tocsin_refresh=;/);
    expect((await api.gql(ME, {}, { token })).errors?.[0].extensions).toMatchObject({
      reason: 'SESSION_ENDED',
    });
    expect(codeOf(await api.gql('mutation { refreshToken { accessToken } }', {}, { cookie }))).toBe(
      'UNAUTHENTICATED',
    );
    // Another device stays signed in...
    expect((await api.gql(ME, {}, { token: other })).data).toBeTruthy();
    // ...until "everywhere".
    await api.gql('mutation { logout(allSessions: true) }', {}, { token: other });
    expect(codeOf(await api.gql(ME, {}, { token: other }))).toBe('UNAUTHENTICATED');
  });

  it('a deactivated user is refused at once, and cannot sign in again', async () => {
    const admin = await api.login('admin@tocsin.local');
    const userToken = await api.login('reporter2@tocsin.local');
    const id = await api.idOf('user', 'reporter2@tocsin.local');
    expect((await api.gql(ME, {}, { token: userToken })).data).toBeTruthy();

    const res = await api.gql(
      'mutation($id:ID!){ deactivateUser(id:$id){ active } }',
      { id },
      { token: admin },
    );
    expect(res.data).toEqual({ deactivateUser: { active: false } });
    expect(codeOf(await api.gql(ME, {}, { token: userToken }))).toBe('UNAUTHENTICATED');
    const login = await api.gql(LOGIN, { e: 'reporter2@tocsin.local', p: DEMO_PASSWORD });
    expect(login.errors?.[0].extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'ACCOUNT_DISABLED',
    });
    expect(await api.count('auth_session', 'user_id = $1 AND revoked_at IS NULL', [id])).toBe(0);

    // An admin cannot lock themselves out by accident.
    const adminId = await api.idOf('user', 'admin@tocsin.local');
    const self = await api.gql(
      'mutation($id:ID!){ deactivateUser(id:$id){ active } }',
      { id: adminId },
      { token: admin },
    );
    expect(codeOf(self)).toBe('BAD_USER_INPUT');

    await api.gql('mutation($id:ID!){ reactivateUser(id:$id){ active } }', { id }, { token: admin });
    await expect(api.login('reporter2@tocsin.local')).resolves.toEqual(expect.any(String));
  });

  it('changes a password: the wrong current one is refused, other sessions end, this one stays', async () => {
    const email = 'responder@tocsin.local';
    const here = await api.login(email);
    const elsewhere = await api.login(email);
    const CHANGE =
      'mutation($c:String!,$n:String!){ changePassword(input:{ currentPassword:$c, newPassword:$n }) }';

    expect(
      codeOf(await api.gql(CHANGE, { c: 'wrong-password!', n: 'A-new-password-1' }, { token: here })),
    ).toBe('BAD_USER_INPUT');
    expect(codeOf(await api.gql(CHANGE, { c: DEMO_PASSWORD, n: 'short' }, { token: here }))).toBe(
      'BAD_USER_INPUT',
    );
    await expect(api.login(email)).resolves.toEqual(expect.any(String)); // unchanged so far

    const ok = await api.gql(CHANGE, { c: DEMO_PASSWORD, n: 'A-new-password-1' }, { token: here });
    expect(ok.data).toEqual({ changePassword: true });
    expect((await api.gql(ME, {}, { token: here })).data).toBeTruthy();
    expect(codeOf(await api.gql(ME, {}, { token: elsewhere }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await api.gql(LOGIN, { e: email, p: DEMO_PASSWORD }))).toBe('UNAUTHENTICATED');
    await expect(api.login(email, 'A-new-password-1')).resolves.toEqual(expect.any(String));

    // The stored hash is argon2id, never the password.
    const rows = await api.dataSource.query<{ password_hash: string }[]>(
      'SELECT password_hash FROM "user" WHERE email = $1',
      [email],
    );
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$v=19\$m=65536,p=1,t=3\$/);
  });

  it('lets a user edit their own profile and contact methods, with validation', async () => {
    const token = await api.login('reporter@tocsin.local');
    const UPDATE =
      'mutation($i:UpdateProfileInput!){ updateMyProfile(input:$i){ locale timeZone contactMethods { telegramChatId phone } } }';
    const ok = await api.gql(
      UPDATE,
      { i: { locale: 'en', timeZone: 'Europe/Paris', phone: '+84912345678', telegramChatId: '123456' } },
      { token },
    );
    expect(ok.data).toEqual({
      updateMyProfile: {
        locale: 'en',
        timeZone: 'Europe/Paris',
        contactMethods: { telegramChatId: '123456', phone: '+84912345678' },
      },
    });
    for (const bad of [
      { locale: 'fr' },
      { timeZone: 'Mars/Olympus' },
      { phone: 'call me' },
      { displayName: 'x'.repeat(500) },
    ]) {
      const res = await api.gql(UPDATE, { i: bad }, { token });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
    }
    const me = await api.gql<{ me: { locale: string } }>(ME, {}, { token });
    expect(me.data?.me.locale).toBe('en');
  });
});

describe('failed sign-ins per IP', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start({ LOGIN_IP_MAX_FAILURES: '4', LOGIN_MAX_FAILURES: '50' });
  });
  afterAll(() => api.stop());

  it('rate-limits an address that keeps failing, across accounts', async () => {
    const emails = ['admin', 'coordinator', 'responder', 'leader'].map((e) => `${e}@tocsin.local`);
    for (const e of emails) {
      expect(codeOf(await api.gql(LOGIN, { e, p: 'guessing-password' }))).toBe('UNAUTHENTICATED');
    }
    const blocked = await api.gql(LOGIN, { e: 'reporter@tocsin.local', p: DEMO_PASSWORD });
    expect(blocked.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(blocked.errors?.[0].extensions?.retryAfterSeconds)).toBeGreaterThan(0);
    // No account was locked by this: the limit is on the address.
    expect(await api.count('user', 'locked_until IS NOT NULL')).toBe(0);
  });
});
