import { DataSource } from 'typeorm';

import {
  NOTIFICATION_REQUESTER,
  NotificationChannel,
  NotificationEvent,
  NotificationRequester,
} from '@tocsin/notifications';
import { IncidentChanges, SYSTEM } from '@tocsin/incidents';

import { codeOf, TestApi } from './support/test-app';
import { PeerSubscription, PushPeer } from './support/peers/push-peer';
import { TelegramPeer } from './support/peers/telegram-peer';

const BOT_TOKEN = '123456:TEST-token-abcdefghijklmnopqrstuvwxyz';
const { IN_APP, TELEGRAM, WEB_PUSH } = NotificationChannel;

async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | null | false>,
  ms = 15_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Payload {
  v: number;
  notificationId: string;
  incidentId: string | null;
  code: string | null;
  title: string;
  body: string;
  url: string;
  tag: string;
  ackToken?: string;
  labels: { acknowledge: string; open: string; acknowledged: string; failed: string };
  lang: string;
}

const SUBSCRIBE = `mutation($i: WebPushSubscriptionInput!) {
  subscribeWebPush(input: $i) { id userId channel address verified } }`;

describe('web push', () => {
  let api: TestApi;
  let push: PushPeer;
  let telegram: TelegramPeer;
  let ds: DataSource;
  let requester: NotificationRequester;
  let agencyId: string;
  const token: Record<string, string> = {};
  const user: Record<string, string> = {};
  /** The responder's phone. */
  let phone: PeerSubscription;

  beforeAll(async () => {
    push = new PushPeer();
    telegram = new TelegramPeer(BOT_TOKEN);
    await push.start();
    const telegramUrl = await telegram.start();
    api = await TestApi.start(
      {
        NOTIFY_PUBLIC_URL: 'https://tocsin.example.gov.vn',
        NOTIFY_RETRY_BASE_MS: '40',
        NOTIFY_SEND_TIMEOUT_MS: '800',
        WEB_PUSH_ALLOW_LOOPBACK_HTTP: 'true',
        WEB_PUSH_SUBJECT: 'mailto:cert@example.gov.vn',
        TELEGRAM_BOT_TOKEN: BOT_TOKEN,
        TELEGRAM_API_URL: telegramUrl,
        TELEGRAM_WEBHOOK_SECRET: 'tg-secret-0123456789',
        RATE_LIMIT_PER_MINUTE: '100000',
      },
      { worker: true },
    );
    ds = api.dataSource;
    requester = api.app.get<NotificationRequester>(NOTIFICATION_REQUESTER);
    for (const who of ['coordinator', 'responder', 'responder2', 'leader']) {
      token[who] = await api.login(`${who}@tocsin.local`);
      user[who] = await api.idOf('user', `${who}@tocsin.local`);
    }
    agencyId = await api.idOf('agency', 'STTTT');
    // These tests page people directly or through their own chain; the default chain stays out of it.
    await ds.query('UPDATE escalation_chain SET is_default = false');
    await ds.query(
      `INSERT INTO contact_method (user_id, channel, address, verified_at) VALUES ($1, 'TELEGRAM', '5001', now())`,
      [user.responder2],
    );
  });

  afterAll(async () => {
    await api?.stop();
    await push?.stop();
    await telegram?.stop();
  });

  afterEach(() => expect(push.refused).toEqual([]));

  const subscribe = (who: string, s: PeerSubscription, deviceLabel?: string) =>
    api.gql<{
      subscribeWebPush: { id: string; userId: string; channel: string; address: string; verified: boolean };
    }>(SUBSCRIBE, { i: { endpoint: s.endpoint, keys: s.keys, deviceLabel } }, { token: token[who] });

  async function report(
    title: string,
    extra: Record<string, unknown> = {},
  ): Promise<{ id: string; code: string }> {
    const res = await api.gql<{ reportIncident: { id: string; code: string } }>(
      'mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { id code } }',
      {
        i: {
          title,
          description: `Chi tiết: ${title} — máy chủ bị xâm nhập`,
          agencyId,
          severity: 'HIGH',
          ...extra,
        },
      },
      { token: token.coordinator },
    );
    if (!res.data?.reportIncident) throw new Error(JSON.stringify(res.errors));
    return res.data.reportIncident;
  }

  const notify = (
    incidentId: string,
    recipients: { userId: string; channels: NotificationChannel[] }[],
    eventKey = 'step-1',
  ) =>
    // The engine's way: a system change to the incident, the request inside it.
    api.app.get(IncidentChanges).run(SYSTEM, {}, incidentId, {}, (change) =>
      requester.request(change, {
        event: NotificationEvent.ESCALATION_STEP,
        eventKey,
        repeat: 0,
        recipients,
      }),
    );

  const rowsOf = (incidentId: string) =>
    ds.query<
      {
        id: string;
        recipient_id: string;
        channel: NotificationChannel;
        state: string;
        attempts: number;
        outcome_unknown: boolean;
        last_error: string | null;
        provider_message_id: string | null;
        payload: Record<string, unknown>;
      }[]
    >('SELECT * FROM notification WHERE incident_id = $1 ORDER BY created_at', [incidentId]);

  const settled = (incidentId: string, outward: number) =>
    waitFor(`${outward} settled deliveries`, async () => {
      const rows = (await rowsOf(incidentId)).filter((r) => r.channel !== IN_APP);
      return rows.length >= outward && rows.every((r) => r.state !== 'PENDING') ? rows : null;
    });

  const payloadsFor = (s: PeerSubscription, incidentId: string) =>
    push.received(s).filter((m) => (m.payload as unknown as Payload).incidentId === incidentId);

  it('gives the public key, validates subscriptions and writes nothing for a bad one', async () => {
    const key = await api.gql<{ webPushPublicKey: string | null }>(
      '{ webPushPublicKey }',
      {},
      { token: token.responder },
    );
    expect(key.data!.webPushPublicKey).toBe(api.config.notifications.webPush!.publicKey);
    expect(Buffer.from(key.data!.webPushPublicKey!, 'base64url')).toHaveLength(65);
    const unauthenticated = await api.gql('{ webPushPublicKey }');
    expect(codeOf(unauthenticated)).toBe('UNAUTHENTICATED');

    const s = push.subscribe();
    const point = Buffer.from(s.keys.p256dh, 'base64url');
    const offCurve = Buffer.concat([point.subarray(0, 64), Buffer.from([point[64] ^ 1])]).toString(
      'base64url',
    );
    const compressed = Buffer.concat([Buffer.from([5]), point.subarray(1)]).toString('base64url');
    const before = await api.count('contact_method');
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ endpoint: 'http://push.example.com/x', keys: s.keys }, /https/],
      [{ endpoint: 'https://10.0.0.5/push/x', keys: s.keys }, /push service/],
      [{ endpoint: 'https://localhost/push/x', keys: s.keys }, /push service/],
      [{ endpoint: 'not a url', keys: s.keys }, /URL/],
      [{ endpoint: `https://push.example.com/${'x'.repeat(1100)}`, keys: s.keys }, /endpoint/],
      [{ endpoint: s.endpoint, keys: { p256dh: offCurve, auth: s.keys.auth } }, /not a point on P-256/],
      [{ endpoint: s.endpoint, keys: { p256dh: compressed, auth: s.keys.auth } }, /uncompressed P-256/],
      [
        { endpoint: s.endpoint, keys: { p256dh: s.keys.p256dh, auth: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAA' } },
        /16 bytes/,
      ],
      [{ endpoint: s.endpoint, keys: { p256dh: 'short', auth: s.keys.auth } }, /p256dh/],
      [{ endpoint: s.endpoint, keys: s.keys, deviceLabel: 'a\u0007b' }, /control/],
    ];
    for (const [input, message] of bad) {
      const res = await api.gql(SUBSCRIBE, { i: input }, { token: token.responder });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(res.errors)).toMatch(message);
    }
    expect(await api.count('contact_method')).toBe(before);
    expect(await api.count('web_push_subscription')).toBe(0);

    // A good one: a verified WEB_PUSH method; subscribing the same browser again renews it.
    const first = await subscribe('responder', s, 'Điện thoại Android');
    expect(first.data!.subscribeWebPush).toMatchObject({
      channel: 'WEB_PUSH',
      verified: true,
      userId: user.responder,
    });
    expect(first.data!.subscribeWebPush.address).toMatch(/^Điện thoại Android · [0-9a-f]{6}$/);
    const again = await subscribe('responder', s, 'Điện thoại Android');
    expect(again.data!.subscribeWebPush.id).toBe(first.data!.subscribeWebPush.id);
    expect(await api.count('web_push_subscription')).toBe(1);
    // The same browser subscribed by someone else moves to them.
    const moved = await subscribe('responder2', s);
    expect(moved.data!.subscribeWebPush.userId).toBe(user.responder2);
    expect(await api.count('contact_method', "channel = 'WEB_PUSH' AND user_id = $1", [user.responder])).toBe(
      0,
    );
    expect(await api.count('audit_event', "action = 'contact_method.web_push_subscribed'")).toBe(3);
    // Unsubscribing is one's own only.
    const foreign = await api.gql<{ unsubscribeWebPush: boolean }>(
      'mutation($e: String!) { unsubscribeWebPush(endpoint: $e) }',
      { e: s.endpoint },
      { token: token.responder },
    );
    expect(foreign.data!.unsubscribeWebPush).toBe(false);
    const own = await api.gql<{ unsubscribeWebPush: boolean }>(
      'mutation($e: String!) { unsubscribeWebPush(endpoint: $e) }',
      { e: s.endpoint },
      { token: token.responder2 },
    );
    expect(own.data!.unsubscribeWebPush).toBe(true);
    expect(await api.count('web_push_subscription')).toBe(0);

    phone = push.subscribe();
    expect((await subscribe('responder', phone, 'Pixel')).data!.subscribeWebPush.verified).toBe(true);
    const status = await api.gql<{ channelStatus: { channel: string; configured: boolean }[] }>(
      '{ channelStatus { channel configured } }',
      {},
      { token: token.responder },
    );
    expect(status.data!.channelStatus).toContainEqual({ channel: 'WEB_PUSH', configured: true });
  });

  it('an escalation step with WEB_PUSH rings the phone once, with what the service worker needs', async () => {
    const chain = await api.gql<{ createEscalationChain: { id: string } }>(
      'mutation($i: EscalationChainInput!) { createEscalationChain(input: $i) { id } }',
      {
        i: {
          name: 'Điện thoại',
          description: 'push',
          repeatCount: 0,
          isDefault: false,
          steps: [
            {
              delaySeconds: 600,
              channels: ['IN_APP', 'WEB_PUSH'],
              targets: [{ kind: 'USER', userId: user.responder }],
            },
          ],
        },
      },
      { token: token.coordinator },
    );
    expect(chain.errors).toBeUndefined();
    const policy = await api.gql(
      'mutation($i: EscalationPolicyInput!) { createEscalationPolicy(input: $i) { id } }',
      { i: { chainId: chain.data!.createEscalationChain.id, category: 'MALICIOUS_CODE' } },
      { token: token.coordinator },
    );
    expect(policy.errors).toBeUndefined();
    const incident = await report('Mã độc trên máy chủ thư điện tử', { category: 'MALICIOUS_CODE' });
    const [row] = await settled(incident.id, 1);
    expect(row).toMatchObject({
      channel: WEB_PUSH,
      state: 'SENT',
      attempts: 1,
      recipient_id: user.responder,
    });
    const messages = payloadsFor(phone, incident.id);
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(row.provider_message_id).toMatch(/\/message\/[0-9a-f-]{36}$/);
    // RFC 8030 headers and RFC 8292 VAPID, signed with the configured key pair.
    expect(message.headers.ttl).toBe('14400');
    expect(message.headers.urgency).toBe('high');
    expect(message.vapid.publicKey).toBe(api.config.notifications.webPush!.publicKey);
    expect(message.vapid.sub).toBe('mailto:cert@example.gov.vn');
    // What the phone shows, in Vietnamese (the responder's language).
    const payload = message.payload as unknown as Payload;
    expect(payload).toMatchObject({
      v: 1,
      notificationId: row.id,
      incidentId: incident.id,
      code: incident.code,
      title: `${incident.code} · Sự cố cần người nhận xử lý`,
      url: `/incidents/${incident.id}`,
      tag: `incident-${incident.id}`,
      labels: { acknowledge: 'Nhận xử lý', open: 'Mở', acknowledged: 'Đã nhận xử lý' },
      lang: 'vi',
    });
    expect(payload.body).toContain('Mức độ: Cao');
    expect(payload.body).toContain('Mã độc trên máy chủ thư điện tử');
    expect(payload.body).not.toContain('máy chủ bị xâm nhập');
    expect(payload.ackToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    // Nothing else went out, and the delivery log shows it.
    await new Promise((r) => setTimeout(r, 300));
    expect(payloadsFor(phone, incident.id)).toHaveLength(1);
    const log = await api.gql<{ notifications: { channel: string; state: string }[] }>(
      'query($id: ID!) { notifications(incidentId: $id) { channel state } }',
      { id: incident.id },
      { token: token.coordinator },
    );
    expect(log.data!.notifications).toContainEqual({ channel: 'WEB_PUSH', state: 'SENT' });
  });

  it('acknowledges with the push token once, audited with WEB_PUSH; refuses reuse and forgeries', async () => {
    const incident = await report('Tấn công từ chối dịch vụ cổng một cửa');
    await notify(incident.id, [{ userId: user.responder, channels: [WEB_PUSH] }]);
    const [row] = await settled(incident.id, 1);
    const payload = payloadsFor(phone, incident.id)[0].payload as unknown as Payload;
    const ack = await api.http
      .post(`/notifications/ack/${payload.ackToken}`)
      .set('accept', 'application/json');
    expect(ack.status).toBe(200);
    expect(ack.body).toEqual({ outcome: 'acknowledged', code: incident.code });
    const [after] = await ds.query<{ status: string; assignee_id: string }[]>(
      'SELECT status, assignee_id FROM incident WHERE id = $1',
      [incident.id],
    );
    expect(after).toEqual({ status: 'IN_PROGRESS', assignee_id: user.responder });
    const [n] = await ds.query<{ state: string; acknowledged_via: string }[]>(
      'SELECT state, acknowledged_via FROM notification WHERE id = $1',
      [row.id],
    );
    expect(n).toEqual({ state: 'ACKNOWLEDGED', acknowledged_via: 'WEB_PUSH' });
    const [audit] = await ds.query<
      { actor_id: string; after: { channel: string; notificationChannel: string } }[]
    >(
      `SELECT actor_id, after FROM audit_event WHERE action = 'notification.acknowledged' AND entity_id = $1`,
      [row.id],
    );
    expect(audit.actor_id).toBe(user.responder);
    expect(audit.after).toMatchObject({ channel: 'WEB_PUSH', notificationChannel: 'WEB_PUSH' });
    expect(
      await api.count(
        'incident_timeline_entry',
        "incident_id = $1 AND kind = 'ACKNOWLEDGED' AND data->>'via' = 'WEB_PUSH'",
        [incident.id],
      ),
    ).toBe(1);
    // Single use; a forged token is refused and changes nothing.
    const reused = await api.http
      .post(`/notifications/ack/${payload.ackToken}`)
      .set('accept', 'application/json');
    expect(reused.status).toBe(409);
    expect(reused.body).toEqual({ outcome: 'refused', reason: 'used' });
    const [id, exp] = payload.ackToken!.split('.');
    const forged = await api.http
      .post(`/notifications/ack/${id}.${exp}.AAAA`)
      .set('accept', 'application/json');
    expect(forged.status).toBe(400);
    expect(
      await api.count('audit_event', "action = 'notification.acknowledged' AND entity_id = $1", [row.id]),
    ).toBe(1);
  });

  it('a test message on the phone is confirmed from its own action', async () => {
    const [method] = await ds.query<{ id: string }[]>(
      `SELECT contact_method_id AS id FROM web_push_subscription WHERE endpoint = $1`,
      [phone.endpoint],
    );
    const sent = await api.gql<{ sendTestNotification: { id: string } }>(
      'mutation($id: ID!) { sendTestNotification(contactMethodId: $id) { id } }',
      { id: method.id },
      { token: token.responder },
    );
    const id = sent.data!.sendTestNotification.id;
    const message = await waitFor('the test push', async () =>
      push.delivered(phone).find((m) => (m.payload as unknown as Payload).notificationId === id),
    );
    const payload = message.payload as unknown as Payload;
    expect(payload).toMatchObject({
      incidentId: null,
      url: '/settings',
      labels: { acknowledge: 'Xác nhận' },
    });
    expect(payload.title).toContain('Tin nhắn thử của Tocsin');
    const confirmed = await api.http
      .post(`/notifications/ack/${payload.ackToken}`)
      .set('accept', 'application/json');
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({ outcome: 'verified', code: null });
    expect(
      await api.count('audit_event', "action = 'contact_method.verified' AND after->>'channel' = 'WEB_PUSH'"),
    ).toBe(1);
  });

  it('TLP:RED and AMBER+STRICT push only the code and the severity; leaders get no acknowledge action', async () => {
    const leaderPhone = push.subscribe();
    await subscribe('leader', leaderPhone, 'iPhone');
    for (const tlp of ['RED', 'AMBER_STRICT']) {
      const incident = await report(`SECRET-${tlp} lộ lọt dữ liệu`, { tlp });
      await notify(incident.id, [
        { userId: user.responder, channels: [WEB_PUSH] },
        { userId: user.leader, channels: [WEB_PUSH] },
      ]);
      await settled(incident.id, 2);
      for (const s of [phone, leaderPhone]) {
        const [m] = payloadsFor(s, incident.id);
        const p = m.payload as unknown as Payload;
        const shown = `${p.title}\n${p.body}`;
        expect(shown).toContain(incident.code);
        expect(shown).toContain('Cao');
        expect(shown).not.toContain('SECRET');
        expect(shown).not.toContain('máy chủ');
      }
      const leader = payloadsFor(leaderPhone, incident.id)[0].payload as unknown as Payload;
      expect(leader.title).toContain('Báo cáo tóm tắt');
      expect(leader.ackToken).toBeUndefined();
    }
  });

  it('410 removes the subscription and falls back to the next channel; 429 and 500 are retried; a slow answer is never re-sent', async () => {
    const gone = push.subscribe();
    await subscribe('responder2', gone, 'Máy tính bảng');
    push.script(gone, '410');
    const incident = await report('Lừa đảo qua tin nhắn');
    await notify(incident.id, [{ userId: user.responder2, channels: [WEB_PUSH] }]);
    const rows = await settled(incident.id, 2);
    expect(rows.map((r) => [r.channel, r.state])).toEqual([
      [WEB_PUSH, 'FAILED'],
      [TELEGRAM, 'SENT'],
    ]);
    expect(rows[0].last_error).toContain('410');
    expect(rows[1].payload).toMatchObject({ fallbackFrom: rows[0].id, fallbackFromChannel: 'WEB_PUSH' });
    expect(telegram.sent('5001').some((r) => String(r.body.text).includes(incident.code))).toBe(true);
    expect(
      await api.count('contact_method', "channel = 'WEB_PUSH' AND user_id = $1", [user.responder2]),
    ).toBe(0);
    expect(await api.count('web_push_subscription', 'endpoint = $1', [gone.endpoint])).toBe(0);
    expect(push.received(gone)).toHaveLength(1);

    // 429 (Retry-After: 1) then 500, then accepted: one message on the phone, three attempts.
    push.script(phone, '429', '500');
    const retried = await report('Quét lỗ hổng hệ thống');
    const started = Date.now();
    await notify(retried.id, [{ userId: user.responder, channels: [WEB_PUSH] }]);
    const [r] = await settled(retried.id, 1);
    expect(r).toMatchObject({ state: 'SENT', attempts: 3 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(payloadsFor(phone, retried.id).map((m) => m.status)).toEqual([429, 500, 201]);
    // Every try carried the same message (a new encryption each time, the same content).
    const contents = payloadsFor(phone, retried.id).map(
      (m) => (m.payload as unknown as Payload).notificationId,
    );
    expect(new Set(contents)).toEqual(new Set([r.id]));

    // No answer within NOTIFY_SEND_TIMEOUT_MS: the outcome is unknown, so it is not sent again.
    push.script(phone, 'slow');
    const slow = await report('Máy chủ phản hồi chậm');
    await notify(slow.id, [{ userId: user.responder, channels: [WEB_PUSH] }]);
    const [s] = await settled(slow.id, 1);
    expect(s).toMatchObject({ state: 'FAILED', outcome_unknown: true });
    expect(payloadsFor(phone, slow.id)).toHaveLength(1);
    // The phone still works (an unknown outcome does not blame the subscription).
    expect(await api.count('web_push_subscription', 'endpoint = $1', [phone.endpoint])).toBe(1);
  });

  it('takes part in preferences, quiet hours and readiness', async () => {
    const bad = await api.gql(
      'mutation($i: NotificationPreferencesInput!) { updateNotificationPreferences(input: $i) { userId } }',
      { i: { channelOrder: [{ severity: 'MEDIUM', channels: ['WEB_PUSH', 'IN_APP'] }] } },
      { token: token.responder },
    );
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    const hour = (offset: number) =>
      `${String((new Date().getUTCHours() + 7 + offset + 24) % 24).padStart(2, '0')}:00`;
    const set = await api.gql<{
      updateNotificationPreferences: { channelOrder: { severity: string; channels: string[] }[] };
    }>(
      'mutation($i: NotificationPreferencesInput!) { updateNotificationPreferences(input: $i) { channelOrder { severity channels } } }',
      {
        i: {
          quietStart: hour(-1),
          quietEnd: hour(2),
          channelOrder: [{ severity: 'MEDIUM', channels: ['WEB_PUSH', 'TELEGRAM', 'ZALO', 'EMAIL'] }],
        },
      },
      { token: token.responder },
    );
    expect(
      set.data!.updateNotificationPreferences.channelOrder.find((c) => c.severity === 'MEDIUM')!.channels[0],
    ).toBe('WEB_PUSH');
    // MEDIUM inside quiet hours: held back; the phone stays silent.
    const medium = await report('Thư rác từ máy chủ', { severity: 'MEDIUM' });
    const created = await notify(medium.id, [{ userId: user.responder, channels: [TELEGRAM, WEB_PUSH] }]);
    expect(created.map((c) => c.channel)).toEqual([WEB_PUSH]); // no verified Telegram chat
    const held = await waitFor('a deferred push', async () => {
      const [row] = await ds.query<{ deferred_until: Date | null; state: string }[]>(
        'SELECT deferred_until, state FROM notification WHERE incident_id = $1',
        [medium.id],
      );
      return row?.deferred_until ? row : null;
    });
    expect(held.state).toBe('PENDING');
    expect(payloadsFor(phone, medium.id)).toHaveLength(0);
    // CRITICAL ignores quiet hours.
    const critical = await report('Mã hóa dữ liệu toàn hệ thống', { severity: 'CRITICAL' });
    await notify(critical.id, [{ userId: user.responder, channels: [WEB_PUSH] }]);
    await settled(critical.id, 1);
    expect(payloadsFor(phone, critical.id)).toHaveLength(1);
    await api.gql(
      'mutation($i: NotificationPreferencesInput!) { updateNotificationPreferences(input: $i) { userId } }',
      { i: { quietStart: null, quietEnd: null } },
      { token: token.responder },
    );

    // Readiness: a verified push subscription counts as a way to reach the responder.
    const readiness = await api.gql<{
      escalationReadiness: { teams: { teamName: string; membersWithoutVerifiedContact: { id: string }[] }[] };
    }>(
      '{ escalationReadiness(days: 1) { teams { teamName membersWithoutVerifiedContact { id } } } }',
      {},
      {
        token: token.coordinator,
      },
    );
    const without = readiness.data!.escalationReadiness.teams.flatMap((t) =>
      t.membersWithoutVerifiedContact.map((m) => m.id),
    );
    expect(without).not.toContain(user.responder);
    expect(without).toContain(user.coordinator);
  });
});
