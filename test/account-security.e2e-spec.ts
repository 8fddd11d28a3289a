import { generate } from 'otplib';

import { SmtpPeer } from './support/peers/smtp-peer';
import { codeOf, DEMO_PASSWORD, GqlResult, TestApi } from './support/test-app';

const LOGIN = `mutation($e:String!,$p:String!){ login(email:$e,password:$p){
  accessToken secondStepToken secondStepExpiresAt mustEnrolSecondFactor user { id } } }`;
const VERIFY = `mutation($t:String!,$c:String!){ verifySecondFactor(secondStepToken:$t, code:$c){
  accessToken mustEnrolSecondFactor user { id email } } }`;
const BEGIN = 'mutation { beginSecondFactorEnrolment { secret otpauthUrl qrCodeDataUrl } }';
const CONFIRM = 'mutation($c:String!){ confirmSecondFactorEnrolment(code:$c) }';
const STATUS = '{ mySecondFactor { enabled required mustEnrol recoveryCodesLeft resetAt } }';
const INCIDENTS = '{ incidents(first: 1) { totalCount } }';

interface LoginPayload {
  accessToken: string | null;
  secondStepToken: string | null;
  secondStepExpiresAt: string | null;
  mustEnrolSecondFactor: boolean;
  user: { id: string } | null;
}

const reasonOf = (res: GqlResult): unknown => res.errors?.[0]?.extensions?.reason;

describe('account security: two-step sign-in, password reset links, sessions', () => {
  let api: TestApi;
  let smtp: SmtpPeer;
  const secrets: Record<string, string> = {};
  const recovery: Record<string, string[]> = {};

  const login = async (email: string, password = DEMO_PASSWORD, headers: Record<string, string> = {}) => {
    const res = await api.gql<{ login: LoginPayload }>(LOGIN, { e: email, p: password }, { headers });
    expect(res.errors).toBeUndefined();
    return res.data!.login;
  };
  const secondStep = (token: string, code: string) =>
    api.gql<{ verifySecondFactor: { accessToken: string; mustEnrolSecondFactor: boolean } }>(VERIFY, {
      t: token,
      c: code,
    });
  /** Signs in with the password and the current TOTP code. */
  const signInWithCode = async (email: string, code: string): Promise<string> => {
    const first = await login(email);
    expect(first).toMatchObject({ accessToken: null, user: null, mustEnrolSecondFactor: false });
    const res = await secondStep(first.secondStepToken!, code);
    expect(res.errors).toBeUndefined();
    return res.data!.verifySecondFactor.accessToken;
  };
  const enrol = async (token: string, who: string) => {
    const begun = await api.gql<{
      beginSecondFactorEnrolment: { secret: string; otpauthUrl: string; qrCodeDataUrl: string };
    }>(BEGIN, {}, { token });
    expect(begun.errors).toBeUndefined();
    const { secret, otpauthUrl, qrCodeDataUrl } = begun.data!.beginSecondFactorEnrolment;
    expect(otpauthUrl).toBe(
      `otpauth://totp/Tocsin:${encodeURIComponent(who)}?secret=${secret}&issuer=Tocsin`,
    );
    expect(qrCodeDataUrl).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    const wrong = await api.gql(
      CONFIRM,
      { c: '000000' === (await generate({ secret })) ? '111111' : '000000' },
      { token },
    );
    expect(codeOf(wrong)).toBe('BAD_USER_INPUT');
    const confirmed = await api.gql<{ confirmSecondFactorEnrolment: string[] }>(
      CONFIRM,
      { c: await generate({ secret }) },
      { token },
    );
    expect(confirmed.errors).toBeUndefined();
    secrets[who] = secret;
    recovery[who] = confirmed.data!.confirmSecondFactorEnrolment;
    return secret;
  };

  beforeAll(async () => {
    smtp = new SmtpPeer();
    const smtpPort = await smtp.start();
    api = await TestApi.start({
      TWO_FACTOR_REQUIRED_ROLES: 'ADMIN,COORDINATOR',
      LOGIN_MAX_FAILURES: '3',
      LOGIN_IP_MAX_FAILURES: '1000',
      RATE_LIMIT_PER_MINUTE: '100000',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      SMTP_FROM: 'Tocsin <tocsin@example.gov.vn>',
      NOTIFY_PUBLIC_URL: 'https://tocsin.example.gov.vn',
    });
  });
  afterAll(async () => {
    await api.stop();
    await smtp.stop();
  });

  describe('a coordinator without a second factor', () => {
    let token: string;

    it('gets a session that can only set one up', async () => {
      const first = await login('coordinator@tocsin.local');
      expect(first).toMatchObject({ mustEnrolSecondFactor: true, secondStepToken: null });
      token = first.accessToken!;
      const refused = await api.gql(INCIDENTS, {}, { token });
      expect(codeOf(refused)).toBe('FORBIDDEN');
      expect(reasonOf(refused)).toBe('SECOND_FACTOR_ENROLMENT_REQUIRED');
      // An allowed field first does not open the rest of the same request.
      const mixed = await api.gql<{ me: { id: string } }>(
        `{ me { id } ${INCIDENTS.slice(1, -1)} }`,
        {},
        { token },
      );
      expect(mixed.errors?.map((e) => [e.extensions?.reason, (e as { path?: string[] }).path])).toEqual([
        ['SECOND_FACTOR_ENROLMENT_REQUIRED', ['incidents']],
      ]);
      const status = await api.gql<{ mySecondFactor: Record<string, unknown> }>(STATUS, {}, { token });
      expect(status.data!.mySecondFactor).toEqual({
        enabled: false,
        required: true,
        mustEnrol: true,
        recoveryCodesLeft: 0,
        resetAt: null,
      });
    });

    it('enrols with a QR code and a first code, gets ten recovery codes, and the session is whole again', async () => {
      const before = await api.count('audit_event', "action = 'user.second_factor_enrolled'");
      await enrol(token, 'coordinator@tocsin.local');
      expect(recovery['coordinator@tocsin.local']).toHaveLength(10);
      expect(new Set(recovery['coordinator@tocsin.local']).size).toBe(10);
      for (const code of recovery['coordinator@tocsin.local'])
        expect(code).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
      const ok = await api.gql(INCIDENTS, {}, { token });
      expect(ok.errors).toBeUndefined();
      expect(await api.count('audit_event', "action = 'user.second_factor_enrolled'")).toBe(before + 1);
      // Stored hashed, the secret encrypted: neither appears in the database as given.
      const rows = await api.dataSource.query<{ code_hash: string }[]>(
        'SELECT code_hash FROM user_recovery_code',
      );
      expect(rows.map((r) => r.code_hash)).not.toContain(recovery['coordinator@tocsin.local'][0]);
      const [factor] = await api.dataSource.query<{ secret_encrypted: string }[]>(
        'SELECT secret_encrypted FROM user_second_factor',
      );
      expect(factor.secret_encrypted).not.toContain(secrets['coordinator@tocsin.local']);
      const again = await api.gql(BEGIN, {}, { token });
      expect(codeOf(again)).toBe('CONFLICT');
    });
  });

  describe('signing in with a second factor', () => {
    const who = 'coordinator@tocsin.local';

    it('asks for a code after the password; the second-step token is not an access token', async () => {
      const first = await login(who);
      expect(first).toMatchObject({ accessToken: null, user: null, mustEnrolSecondFactor: false });
      expect(first.secondStepToken).toBeTruthy();
      const asBearer = await api.gql(INCIDENTS, {}, { token: first.secondStepToken! });
      expect(codeOf(asBearer)).toBe('UNAUTHENTICATED');
      const wrong = await secondStep(
        first.secondStepToken!,
        '000000' === (await generate({ secret: secrets[who] })) ? '111111' : '000000',
      );
      expect(codeOf(wrong)).toBe('UNAUTHENTICATED');
      expect(reasonOf(wrong)).toBe('INVALID_SECOND_FACTOR');
      const [failure] = await api.dataSource.query<{ after: { reason: string } }[]>(
        "SELECT after FROM audit_event WHERE action = 'user.login_failed' ORDER BY sequence DESC LIMIT 1",
      );
      expect(failure.after.reason).toBe('INVALID_SECOND_FACTOR');
      // The enrolment used this time step's code; a code works once, so take the next step's
      // (the server accepts one step of drift).
      const code = await generate({ secret: secrets[who], epoch: Math.floor(Date.now() / 1000) + 30 });
      const ok = await secondStep(first.secondStepToken!, code);
      expect(ok.errors).toBeUndefined();
      const token = ok.data!.verifySecondFactor.accessToken;
      expect((await api.gql(INCIDENTS, {}, { token })).errors).toBeUndefined();
      const [signIn] = await api.dataSource.query<{ after: { secondFactor: string } }[]>(
        "SELECT after FROM audit_event WHERE action = 'user.login' ORDER BY sequence DESC LIMIT 1",
      );
      expect(signIn.after.secondFactor).toBe('TOTP');
      // The same code a second time is refused (replay).
      const replay = await secondStep((await login(who)).secondStepToken!, code);
      expect(reasonOf(replay)).toBe('INVALID_SECOND_FACTOR');
    });

    it('accepts a recovery code once', async () => {
      const code = recovery[who][3];
      const first = await secondStep(
        (await login(who)).secondStepToken!,
        code.toLowerCase().replace('-', ' '),
      );
      expect(first.errors).toBeUndefined();
      const second = await secondStep((await login(who)).secondStepToken!, code);
      expect(reasonOf(second)).toBe('INVALID_SECOND_FACTOR');
      const status = await api.gql<{ mySecondFactor: { recoveryCodesLeft: number } }>(
        STATUS,
        {},
        {
          token: first.data!.verifySecondFactor.accessToken,
        },
      );
      expect(status.data!.mySecondFactor.recoveryCodesLeft).toBe(9);
    });

    it('counts wrong codes like wrong passwords and locks the account at the limit', async () => {
      // A responder may opt in.
      const first = await login('responder2@tocsin.local');
      expect(first.mustEnrolSecondFactor).toBe(false);
      await enrol(first.accessToken!, 'responder2@tocsin.local');
      const step = (await login('responder2@tocsin.local')).secondStepToken!;
      const bad =
        '000000' === (await generate({ secret: secrets['responder2@tocsin.local'] })) ? '111111' : '000000';
      expect(reasonOf(await secondStep(step, bad))).toBe('INVALID_SECOND_FACTOR');
      expect(reasonOf(await secondStep(step, bad))).toBe('INVALID_SECOND_FACTOR');
      expect(reasonOf(await secondStep(step, bad))).toBe('ACCOUNT_LOCKED');
      const good = await secondStep(step, await generate({ secret: secrets['responder2@tocsin.local'] }));
      expect(reasonOf(good)).toBe('ACCOUNT_LOCKED');
    });
  });

  describe('an administrator resets a second factor', () => {
    it('removes it, ends the sessions, audits it, and the person must enrol again and is told', async () => {
      const adminFirst = await login('admin@tocsin.local');
      expect(adminFirst.mustEnrolSecondFactor).toBe(true);
      await enrol(adminFirst.accessToken!, 'admin@tocsin.local');
      const admin = adminFirst.accessToken!;
      const coordinatorId = await api.idOf('user', 'coordinator@tocsin.local');
      const coordinator = await signInWithCode(
        'coordinator@tocsin.local',
        recovery['coordinator@tocsin.local'][5],
      );

      const refused = await api.gql(
        'mutation($u:ID!){ resetSecondFactor(userId:$u) }',
        { u: await api.idOf('user', 'admin@tocsin.local') },
        { token: coordinator },
      );
      expect(codeOf(refused)).toBe('FORBIDDEN');

      const reset = await api.gql(
        'mutation($u:ID!){ resetSecondFactor(userId:$u) }',
        { u: coordinatorId },
        { token: admin },
      );
      expect(reset.errors).toBeUndefined();
      const [event] = await api.dataSource.query<{ actor_id: string; entity_id: string }[]>(
        "SELECT actor_id, entity_id FROM audit_event WHERE action = 'user.second_factor_reset'",
      );
      expect(event).toEqual({
        actor_id: await api.idOf('user', 'admin@tocsin.local'),
        entity_id: coordinatorId,
      });
      expect(codeOf(await api.gql(INCIDENTS, {}, { token: coordinator }))).toBe('UNAUTHENTICATED');
      expect(await api.count('user_recovery_code', 'user_id = $1', [coordinatorId])).toBe(0);

      const again = await login('coordinator@tocsin.local');
      expect(again.mustEnrolSecondFactor).toBe(true);
      const status = await api.gql<{ mySecondFactor: { enabled: boolean; resetAt: string | null } }>(
        STATUS,
        {},
        {
          token: again.accessToken!,
        },
      );
      expect(status.data!.mySecondFactor.enabled).toBe(false);
      expect(status.data!.mySecondFactor.resetAt).not.toBeNull();
    });
  });

  describe('password reset links', () => {
    const ISSUE = 'mutation($u:ID!){ issuePasswordResetLink(userId:$u){ url expiresAt } }';
    const RESET = 'mutation($t:String!,$p:String!){ resetPassword(token:$t, newPassword:$p) }';
    const tokenOf = (url: string) => new URL(url).searchParams.get('token')!;
    let admin: string;

    beforeAll(async () => {
      admin = await signInWithCode('admin@tocsin.local', recovery['admin@tocsin.local'][0]);
    });

    it('an admin issues a one-time link; it works once and ends the old sessions', async () => {
      const reporterId = await api.idOf('user', 'reporter@tocsin.local');
      const oldSession = await api.login('reporter@tocsin.local');
      const issued = await api.gql<{ issuePasswordResetLink: { url: string; expiresAt: string } }>(
        ISSUE,
        { u: reporterId },
        { token: admin },
      );
      expect(issued.errors).toBeUndefined();
      const { url } = issued.data!.issuePasswordResetLink;
      expect(url).toMatch(
        /^https:\/\/tocsin\.example\.gov\.vn\/reset-password\?token=[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/,
      );
      const secret = tokenOf(url).split('.')[1];
      const stored = await api.dataSource.query<{ token_hash: string }[]>(
        'SELECT token_hash FROM password_reset_token',
      );
      expect(stored.map((r) => r.token_hash)).not.toContain(secret);

      const short = await api.gql(RESET, { t: tokenOf(url), p: 'short' });
      expect(codeOf(short)).toBe('BAD_USER_INPUT');
      expect(await api.count('audit_event', "action = 'user.password_reset'")).toBe(0);

      const done = await api.gql(RESET, { t: tokenOf(url), p: 'A-new-password-2026' });
      expect(done.errors).toBeUndefined();
      expect(codeOf(await api.gql(INCIDENTS, {}, { token: oldSession }))).toBe('UNAUTHENTICATED');
      expect(await api.login('reporter@tocsin.local', 'A-new-password-2026')).toBeTruthy();
      const reused = await api.gql(RESET, { t: tokenOf(url), p: 'Another-password-2026' });
      expect(codeOf(reused)).toBe('BAD_USER_INPUT');
      expect(reasonOf(reused)).toBe('RESET_LINK_INVALID');
      expect(await api.login('reporter@tocsin.local', 'A-new-password-2026')).toBeTruthy();
      expect(await api.count('audit_event', "action = 'user.password_reset_issued'")).toBe(1);
    });

    it('refuses an expired link', async () => {
      const issued = await api.gql<{ issuePasswordResetLink: { url: string } }>(
        ISSUE,
        { u: await api.idOf('user', 'reporter2@tocsin.local') },
        { token: admin },
      );
      const token = tokenOf(issued.data!.issuePasswordResetLink.url);
      await api.dataSource.query(
        "UPDATE password_reset_token SET expires_at = now() - interval '1 second' WHERE id = $1",
        [token.split('.')[0]],
      );
      const res = await api.gql(RESET, { t: token, p: 'A-new-password-2026' });
      expect(reasonOf(res)).toBe('RESET_LINK_INVALID');
      expect(await api.login('reporter2@tocsin.local')).toBeTruthy();
    });

    it('a person asks by e-mail: the same answer for an unknown address, a mail with the link for a known one', async () => {
      const REQUEST = 'mutation($e:String!){ requestPasswordReset(email:$e) }';
      const unknown = await api.gql<{ requestPasswordReset: boolean }>(REQUEST, { e: 'nobody@tocsin.local' });
      const known = await api.gql<{ requestPasswordReset: boolean }>(REQUEST, { e: 'Leader@Tocsin.local' });
      expect(unknown.data).toEqual({ requestPasswordReset: true });
      expect(known.data).toEqual({ requestPasswordReset: true });
      for (let i = 0; i < 100 && !smtp.to('leader@tocsin.local').length; i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(smtp.to('nobody@tocsin.local')).toHaveLength(0);
      const [mail] = smtp.to('leader@tocsin.local');
      expect(mail.subject).toBe('Đặt lại mật khẩu Tocsin');
      const url = /https:\/\/tocsin\.example\.gov\.vn\/reset-password\?token=\S+/.exec(mail.text)![0];
      expect((await api.gql(RESET, { t: tokenOf(url), p: 'Leader-password-2026' })).errors).toBeUndefined();
      expect(await api.login('leader@tocsin.local', 'Leader-password-2026')).toBeTruthy();
    });
  });

  describe('my sessions', () => {
    const SESSIONS = '{ mySessions { id userAgent ip lastUsedAt current } }';
    const END = 'mutation($id:ID!){ endMySession(id:$id) }';

    it('lists my devices and signs one out, leaving the others', async () => {
      const phone = (await login('responder@tocsin.local', DEMO_PASSWORD, { 'user-agent': 'Phone/1.0' }))
        .accessToken!;
      const laptop = (await login('responder@tocsin.local', DEMO_PASSWORD, { 'user-agent': 'Laptop/2.0' }))
        .accessToken!;
      const listed = await api.gql<{
        mySessions: { id: string; userAgent: string; ip: string; current: boolean }[];
      }>(SESSIONS, {}, { token: laptop });
      const sessions = listed.data!.mySessions;
      expect(sessions.map((s) => s.userAgent).sort()).toEqual(['Laptop/2.0', 'Phone/1.0']);
      expect(sessions.find((s) => s.current)?.userAgent).toBe('Laptop/2.0');
      expect(sessions[0].ip).toBeTruthy();
      const phoneSession = sessions.find((s) => s.userAgent === 'Phone/1.0')!;

      // Someone else's session id is unknown to me.
      const other = await api.login('reporter2@tocsin.local');
      expect(codeOf(await api.gql(END, { id: phoneSession.id }, { token: other }))).toBe('NOT_FOUND');
      expect((await api.gql(INCIDENTS, {}, { token: phone })).errors).toBeUndefined();

      expect((await api.gql(END, { id: phoneSession.id }, { token: laptop })).errors).toBeUndefined();
      expect(codeOf(await api.gql(INCIDENTS, {}, { token: phone }))).toBe('UNAUTHENTICATED');
      expect((await api.gql(INCIDENTS, {}, { token: laptop })).errors).toBeUndefined();
      const after = await api.gql<{ mySessions: { id: string }[] }>(SESSIONS, {}, { token: laptop });
      expect(after.data!.mySessions).toHaveLength(1);
    });
  });
});
