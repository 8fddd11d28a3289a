import { createHash } from 'node:crypto';

import { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';

import {
  ackKey,
  NOTIFICATION_QUEUES,
  NOTIFICATION_REQUESTER,
  NotificationChannel,
  NotificationEvent,
  NotificationRequester,
  NotificationWorkers,
  signAckToken,
} from '@tocsin/notifications';
import { IncidentChanges, SYSTEM } from '@tocsin/incidents';

import { codeOf, TestApi } from './support/test-app';
import { SmtpPeer } from './support/peers/smtp-peer';
import { TelegramPeer } from './support/peers/telegram-peer';
import { ZaloPeer } from './support/peers/zalo-peer';

const BOT_TOKEN = '123456:TEST-token-abcdefghijklmnopqrstuvwxyz';
const TG_SECRET = 'tg-secret-0123456789';
const ZALO_APP_ID = '4242424242';
const ZALO_SECRET = 'zalo-app-secret-xyz';
const ZALO_OA_KEY = 'zalo-oa-secret-key-123';
const { EMAIL, TELEGRAM, ZALO, IN_APP } = NotificationChannel;

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('notifications', () => {
  let api: TestApi;
  let smtp: SmtpPeer;
  let telegram: TelegramPeer;
  let zalo: ZaloPeer;
  let requester: NotificationRequester;
  let coordinator: string;
  let ids: Record<'coordinator' | 'responder' | 'responder2' | 'leader', string>;
  let agencyId: string;
  let ds: DataSource;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    smtp = new SmtpPeer();
    telegram = new TelegramPeer(BOT_TOKEN);
    zalo = new ZaloPeer('rt-initial-000000', ZALO_SECRET);
    const smtpPort = await smtp.start();
    const telegramUrl = await telegram.start();
    const zaloUrl = await zalo.start();
    api = await TestApi.start({
      NOTIFY_PUBLIC_URL: 'https://tocsin.example.gov.vn',
      NOTIFY_RETRY_BASE_MS: '40',
      NOTIFY_SEND_TIMEOUT_MS: '800',
      NOTIFY_MAX_ATTEMPTS: '5',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      SMTP_FROM: 'Tocsin <tocsin@example.gov.vn>',
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_API_URL: telegramUrl,
      TELEGRAM_WEBHOOK_SECRET: TG_SECRET,
      TELEGRAM_BOT_USERNAME: 'tocsin_test_bot',
      TELEGRAM_RATE_PER_SECOND: '200',
      ZALO_APP_ID,
      ZALO_APP_SECRET: ZALO_SECRET,
      ZALO_OA_SECRET_KEY: ZALO_OA_KEY,
      ZALO_REFRESH_TOKEN: 'rt-initial-000000',
      ZALO_API_URL: zaloUrl,
      ZALO_OAUTH_URL: zaloUrl,
      RATE_LIMIT_PER_MINUTE: '100000',
    });
    worker = await api.startWorker();
    ds = api.dataSource;
    requester = api.app.get<NotificationRequester>(NOTIFICATION_REQUESTER);
    coordinator = await api.login('coordinator@tocsin.local');
    ids = {
      coordinator: await api.idOf('user', 'coordinator@tocsin.local'),
      responder: await api.idOf('user', 'responder@tocsin.local'),
      responder2: await api.idOf('user', 'responder2@tocsin.local'),
      leader: await api.idOf('user', 'leader@tocsin.local'),
    };
    agencyId = await api.idOf('agency', 'STTTT');
    const methods: [string, NotificationChannel, string][] = [
      [ids.responder, EMAIL, 'responder@mail.test'],
      [ids.responder, TELEGRAM, '1001'],
      [ids.responder, ZALO, '2001'],
      [ids.responder2, EMAIL, 'responder2@mail.test'],
      [ids.responder2, TELEGRAM, '1002'],
      [ids.responder2, ZALO, '2002'],
      [ids.leader, EMAIL, 'leader@mail.test'],
      [ids.leader, TELEGRAM, '1003'],
      [ids.leader, ZALO, '2003'],
      [ids.coordinator, EMAIL, 'coordinator@mail.test'],
      [ids.coordinator, TELEGRAM, '1004'],
      [ids.coordinator, ZALO, '2004'],
    ];
    // The escalation engine notifies on report through the default chain; these tests call the
    // requester directly, so the default is switched off (the last test goes through the engine).
    await ds.query('UPDATE escalation_chain SET is_default = false');
    for (const [userId, channel, address] of methods) {
      await ds.query(
        'INSERT INTO contact_method (user_id, channel, address, verified_at) VALUES ($1, $2, $3, now())',
        [userId, channel, address],
      );
    }
  });

  afterAll(async () => {
    await api?.stop();
    await smtp?.stop();
    await telegram?.stop();
    await zalo?.stop();
  });

  async function report(
    title: string,
    extra: Record<string, unknown> = {},
  ): Promise<{ id: string; code: string }> {
    const res = await api.gql<{ reportIncident: { id: string; code: string } }>(
      'mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { id code } }',
      {
        i: {
          title,
          description: `Mô tả chi tiết của ${title}: máy chủ bị tấn công`,
          agencyId,
          severity: 'HIGH',
          ...extra,
        },
      },
      { token: coordinator },
    );
    if (!res.data?.reportIncident) throw new Error(JSON.stringify(res.errors));
    return res.data.reportIncident;
  }

  async function notify(
    incidentId: string,
    recipients: { userId: string; channels: NotificationChannel[] }[],
    eventKey = 'step-1',
  ) {
    // The engine's way: a system change to the incident, the request inside it.
    return api.app.get(IncidentChanges).run(SYSTEM, {}, incidentId, {}, (change) =>
      requester.request(change, {
        event: NotificationEvent.ESCALATION_STEP,
        eventKey,
        repeat: 0,
        recipients,
      }),
    );
  }

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
        payload: Record<string, unknown>;
        deferred_until: Date | null;
      }[]
    >('SELECT * FROM notification WHERE incident_id = $1 ORDER BY created_at', [incidentId]);

  const settled = (incidentId: string, outward: number) =>
    waitFor(`${outward} settled deliveries`, async () => {
      const rows = (await rowsOf(incidentId)).filter((r) => r.channel !== IN_APP);
      return rows.length >= outward && rows.every((r) => r.state !== 'PENDING') ? rows : null;
    });

  const incidentStatus = async (id: string) =>
    (
      await ds.query<{ status: string; assignee_id: string | null }[]>(
        'SELECT status, assignee_id FROM incident WHERE id = $1',
        [id],
      )
    )[0];

  it('fans one escalation out to every channel, in each person’s language, leaders a summary', async () => {
    const incident = await report('Tấn công web cổng thông tin');
    const created = await notify(incident.id, [
      { userId: ids.responder, channels: [IN_APP, EMAIL, TELEGRAM, ZALO] },
      { userId: ids.responder2, channels: [IN_APP, EMAIL, TELEGRAM, ZALO] },
      { userId: ids.leader, channels: [IN_APP, EMAIL, TELEGRAM, ZALO] },
    ]);
    expect(created).toHaveLength(12);
    const rows = await settled(incident.id, 9);
    expect(rows.filter((r) => r.channel !== IN_APP).map((r) => r.state)).toEqual(Array(9).fill('SENT'));

    // Email: the code in the subject, Vietnamese or English by the recipient's locale, one thread per incident.
    const [vi] = smtp.to('responder@mail.test').filter((m) => m.subject.includes(incident.code));
    const [en] = smtp.to('responder2@mail.test').filter((m) => m.subject.includes(incident.code));
    expect(vi.subject).toContain('Sự cố cần người nhận xử lý');
    expect(vi.text).toContain('Mức độ: Cao');
    expect(vi.text).toContain('/notifications/ack/');
    expect(en.subject).toContain('Incident needs a responder');
    expect(en.text).toContain('Severity: High');
    expect(en.html).toContain('<a href="https://tocsin.example.gov.vn/incidents/');
    expect(vi.headers['references']).toBe(`<incident-${incident.id}@tocsin.example.gov.vn>`);
    expect(vi.headers['message-id']).toMatch(/^<[0-9a-f-]{36}@tocsin\.example\.gov\.vn>$/);
    // The leader gets a short summary, no acknowledgement link (leaders do not acknowledge).
    const [leaderMail] = smtp.to('leader@mail.test').filter((m) => m.subject.includes(incident.code));
    expect(leaderMail.text).not.toContain('/notifications/ack/');
    expect(leaderMail.text).not.toContain('máy chủ bị tấn công');

    // Telegram: an actionable message with Acknowledge/Open for responders, a summary for the leader.
    const [tgResponder] = telegram.sent('1001');
    const markup = JSON.parse(String(tgResponder.body.reply_markup)) as {
      inline_keyboard: { text: string; callback_data?: string; url?: string }[][];
    };
    const responderTg = rows.find((r) => r.recipient_id === ids.responder && r.channel === TELEGRAM)!;
    expect(markup.inline_keyboard[0]).toEqual([
      { text: 'Nhận xử lý', callback_data: `a:${responderTg.id}` },
      { text: 'Mở', url: `https://tocsin.example.gov.vn/incidents/${incident.id}` },
    ]);
    const [tgLeader] = telegram.sent('1003');
    expect(String(tgLeader.body.text)).toMatch(/^Báo cáo tóm tắt: Sự cố cần người nhận xử lý/);
    expect(String(tgLeader.body.reply_markup)).not.toContain('callback_data');
    const [tgEn] = telegram.sent('1002');
    expect(String(tgEn.body.reply_markup)).toContain('"Acknowledge"');

    // Zalo: the reply that acknowledges; the token came from the refresh token, stored encrypted.
    const [zaloResponder] = zalo.sent('2001');
    expect(zalo.textOf(zaloResponder)).toContain(`Trả lời "ACK ${incident.code}" để nhận xử lý.`);
    expect(zalo.refreshes).toBe(1);
    const [token] = await ds.query<{ access_token_enc: string; refresh_token_enc: string }[]>(
      'SELECT access_token_enc, refresh_token_enc FROM zalo_oa_token',
    );
    expect(token.access_token_enc).toMatch(/^v1:/);
    expect(token.access_token_enc).not.toContain(zalo.accessToken);
    expect(token.refresh_token_enc).not.toContain(zalo.refreshToken);

    // The delivery log, as the UI reads it; the in-app notification is on the timeline.
    const log = await api.gql<{ notifications: { channel: string; state: string; recipientName: string }[] }>(
      'query($id: ID!) { notifications(incidentId: $id) { channel state recipientName attempts providerMessageId } }',
      { id: incident.id },
      { token: coordinator },
    );
    expect(log.data!.notifications).toHaveLength(12);
    expect(
      await api.count('incident_timeline_entry', "incident_id = $1 AND kind = 'NOTIFICATION'", [incident.id]),
    ).toBe(1);
    // A reporter may not read the delivery log.
    const reporter = await api.login('reporter@tocsin.local');
    const refused = await api.gql(
      'query($id: ID!) { notifications(incidentId: $id) { id } }',
      { id: incident.id },
      { token: reporter },
    );
    expect(codeOf(refused)).toBe('NOT_FOUND');
  });

  it('keeps TLP:RED content off Telegram and Zalo, and emails it only to people cleared to see it', async () => {
    const incident = await report('RED-TITLE-7f3a tấn công có chủ đích', { tlp: 'RED' });
    await ds
      .query(
        "INSERT INTO incident_observable (incident_id, type, value, normalized_value, tlp) VALUES ($1, 'ip', '203.0.113.9', '203.0.113.9', 'RED')",
        [incident.id],
      )
      .catch(() => undefined);
    await notify(incident.id, [
      { userId: ids.coordinator, channels: [EMAIL, TELEGRAM, ZALO] },
      { userId: ids.responder, channels: [EMAIL, TELEGRAM, ZALO] },
    ]);
    await settled(incident.id, 6);
    for (const chat of ['1001', '1004']) {
      const text = String(
        telegram.sent(chat).find((r) => String(r.body.text).includes(incident.code))!.body.text,
      );
      expect(text).toContain(incident.code);
      expect(text).toContain('Cao');
      expect(text).not.toContain('RED-TITLE-7f3a');
      expect(text).not.toContain('máy chủ');
    }
    for (const follower of ['2001', '2004']) {
      const text = zalo.textOf(zalo.sent(follower).find((r) => zalo.textOf(r).includes(incident.code))!);
      expect(text).not.toContain('RED-TITLE-7f3a');
    }
    // The coordinator may see TLP:RED cases: full email. The responder (not on the case) may not.
    const full = smtp.to('coordinator@mail.test').find((m) => m.subject.includes(incident.code))!;
    expect(full.subject).toContain('RED-TITLE-7f3a');
    expect(full.text).toContain('máy chủ bị tấn công');
    const minimal = smtp.to('responder@mail.test').find((m) => m.subject.includes(incident.code))!;
    expect(minimal.subject).not.toContain('RED-TITLE-7f3a');
    expect(minimal.text).not.toContain('máy chủ');
    expect(minimal.text).toContain('Nội dung được hạn chế theo TLP');
  });

  it('retries, refreshes, fails over, and never sends a message twice', async () => {
    const incident = await report('Mã độc tống tiền');
    telegram.script('1001', '500', '429');
    zalo.script('2001', 'token');
    smtp.tempFail.set('responder@mail.test', 1);
    zalo.script('2002', 'timeout');
    telegram.script('1003', 'permanent');
    const before = {
      tg1001: telegram.sent('1001').length,
      z2001: zalo.accepted('2001').length,
      z2002: zalo.accepted('2002').length,
    };
    await notify(incident.id, [
      { userId: ids.responder, channels: [EMAIL, TELEGRAM, ZALO] },
      { userId: ids.responder2, channels: [ZALO] },
      { userId: ids.leader, channels: [TELEGRAM] },
    ]);
    let lastSeen: Awaited<ReturnType<typeof rowsOf>> = [];
    const rows = await waitFor(
      'fail-overs delivered',
      async () => {
        const all = (await rowsOf(incident.id)).filter((r) => r.channel !== IN_APP);
        lastSeen = all;
        return all.length === 7 && all.every((r) => r.state !== 'PENDING') ? all : null;
      },
      20_000,
    ).catch((error: Error) => {
      throw new Error(
        `${error.message}: ${JSON.stringify(lastSeen.map((r) => [r.channel, r.state, r.attempts, r.last_error]))}`,
      );
    });
    const of = (user: string, channel: NotificationChannel) =>
      rows.find((r) => r.recipient_id === user && r.channel === channel)!;
    // Retried after 500 and 429 (honouring retry_after), then delivered once.
    expect(of(ids.responder, TELEGRAM)).toMatchObject({ state: 'SENT', attempts: 3 });
    expect(telegram.sent('1001').length - before.tg1001).toBe(3);
    // Zalo -216: refreshed once, then delivered.
    expect(of(ids.responder, ZALO)).toMatchObject({ state: 'SENT' });
    expect(zalo.accepted('2001').length - before.z2001).toBe(1);
    expect(zalo.refreshes).toBe(2);
    // SMTP 451: delivered on the next attempt, one mail.
    expect(of(ids.responder, EMAIL)).toMatchObject({ state: 'SENT', attempts: 2 });
    expect(smtp.to('responder@mail.test').filter((m) => m.subject.includes(incident.code))).toHaveLength(1);
    // Zalo time-out after the request left: unknown outcome, not re-sent there; the next channel takes over.
    const unknown = of(ids.responder2, ZALO);
    expect(unknown).toMatchObject({ state: 'FAILED', outcome_unknown: true });
    expect(zalo.accepted('2002').length - before.z2002).toBe(1);
    expect(of(ids.responder2, TELEGRAM)).toMatchObject({ state: 'SENT' });
    expect(of(ids.responder2, TELEGRAM).payload).toMatchObject({ fallbackFrom: unknown.id });
    // Telegram "bot was blocked": permanent; the method is marked failed and Zalo takes over.
    expect(of(ids.leader, TELEGRAM)).toMatchObject({ state: 'FAILED', outcome_unknown: false });
    expect(of(ids.leader, ZALO)).toMatchObject({ state: 'SENT' });
    const [blocked] = await ds.query<{ failed_at: Date | null; failure_reason: string }[]>(
      "SELECT failed_at, failure_reason FROM contact_method WHERE channel = 'TELEGRAM' AND address = '1003'",
    );
    expect(blocked.failed_at).not.toBeNull();
    expect(blocked.failure_reason).toContain('blocked');
    expect(blocked.failure_reason).not.toContain(BOT_TOKEN);

    // A replay changes nothing: the same request creates no rows, and jobs for finished rows send nothing.
    expect(await notify(incident.id, [{ userId: ids.responder, channels: [EMAIL, TELEGRAM, ZALO] }])).toEqual(
      [],
    );
    const counts = () => [telegram.requests.length, zalo.requests.length, smtp.mails.length];
    const snapshot = counts();
    await worker.get(NotificationWorkers, { strict: false }).enqueue(
      rows.map((r, i) => ({
        id: String(i),
        aggregateType: 'notification',
        aggregateId: r.id,
        eventType: 'notification.requested',
        payload: { channel: r.channel, dispatch: 77 },
        createdAt: new Date().toISOString(),
      })),
    );
    const queue = new Queue(NOTIFICATION_QUEUES.TELEGRAM, {
      connection: { url: api.config.redis.url },
      prefix: `${api.config.redis.prefix}:bull`,
    });
    const replayed = await queue.getJob(`n-${of(ids.responder, TELEGRAM).id}-77`);
    await waitFor('the replayed job to run', async () => (await replayed?.getState()) === 'completed');
    await queue.close();
    await sleep(300);
    expect(counts()).toEqual(snapshot);

    // A coordinator retries the blocked one: a new dispatch, a new attempt.
    telegram.script('1003', 'permanent');
    const retried = await api.gql<{ retryNotification: { state: string } }>(
      'mutation($id: ID!) { retryNotification(id: $id) { state } }',
      { id: of(ids.leader, TELEGRAM).id },
      { token: coordinator },
    );
    expect(retried.data?.retryNotification.state).toBe('PENDING');
    const responder = await api.login('responder@tocsin.local');
    const notAllowed = await api.gql(
      'mutation($id: ID!) { retryNotification(id: $id) { state } }',
      { id: unknown.id },
      { token: responder },
    );
    expect(codeOf(notAllowed)).toBe('FORBIDDEN');
  });

  it('acknowledges from an email link only after the confirming POST; refuses reused, expired and forged tokens', async () => {
    const incident = await report('Lộ lọt dữ liệu');
    await notify(incident.id, [{ userId: ids.responder, channels: [EMAIL] }]);
    await settled(incident.id, 1);
    const mail = smtp.to('responder@mail.test').find((m) => m.subject.includes(incident.code))!;
    const path = /https:\/\/tocsin\.example\.gov\.vn(\/notifications\/ack\/[A-Za-z0-9_.-]+)/.exec(
      mail.text,
    )![1];
    // A mail scanner following the link: a page, nothing acknowledged.
    const page = await api.http.get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<form method="post"');
    expect((await incidentStatus(incident.id)).status).toBe('NEW');
    // The confirming POST acknowledges, as the recipient.
    const confirmed = await api.http.post(path).set('content-type', 'text/plain').send('confirm=yes');
    expect(confirmed.status).toBe(200);
    expect(await incidentStatus(incident.id)).toEqual({ status: 'IN_PROGRESS', assignee_id: ids.responder });
    const [row] = await rowsOf(incident.id).then((r) => r.filter((x) => x.channel === EMAIL));
    expect(row.state).toBe('ACKNOWLEDGED');
    const audit = await ds.query<
      { action: string; request_id: string | null; after: Record<string, unknown> }[]
    >(
      "SELECT action, request_id, after FROM audit_event WHERE entity_id IN ($1, $2) AND action IN ('incident.acknowledged', 'notification.acknowledged') ORDER BY sequence",
      [incident.id, row.id],
    );
    // One transaction: the notification's event, then the incident's, both naming the channel.
    expect(audit.map((a) => a.action)).toEqual(['notification.acknowledged', 'incident.acknowledged']);
    expect(audit[0].after).toMatchObject({ channel: 'EMAIL' });
    expect(audit[1].after).toMatchObject({ via: 'EMAIL', status: 'IN_PROGRESS' });
    // Reused: refused.
    expect((await api.http.post(path).set('content-type', 'text/plain').send('confirm=yes')).status).toBe(
      409,
    );
    expect((await api.http.get(path)).status).toBe(409);
    // Expired (a correctly signed token whose time is up) and forged: refused, nothing changes.
    const [tokenRow] = await ds.query<{ id: string }[]>(
      'SELECT id FROM notification_ack_token WHERE notification_id = $1',
      [row.id],
    );
    await ds.query('UPDATE notification_ack_token SET used_at = NULL WHERE id = $1', [tokenRow.id]);
    const expired = signAckToken(ackKey(api.config.auth.jwtSecret), tokenRow.id, new Date(Date.now() - 1000));
    expect(
      (await api.http.post(`/notifications/ack/${expired}`).set('content-type', 'text/plain').send('x'))
        .status,
    ).toBe(410);
    // Tamper with the signature's first character (the last one may only carry padding bits).
    const [idPart, exp, sig] = path.split('/').pop()!.split('.');
    const forged = `/notifications/ack/${idPart}.${exp}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
    expect((await api.http.post(forged).set('content-type', 'text/plain').send('x')).status).toBe(400);
    expect((await api.http.get('/notifications/ack/not-a-token')).status).toBe(400);
    const [still] = await ds.query<{ used_at: Date | null }[]>(
      'SELECT used_at FROM notification_ack_token WHERE id = $1',
      [tokenRow.id],
    );
    expect(still.used_at).toBeNull();
  });

  it('Telegram: refuses a forged webhook, acknowledges from the button, links a chat with a one-time code', async () => {
    const incident = await report('Tấn công từ chối dịch vụ');
    await notify(incident.id, [{ userId: ids.responder, channels: [TELEGRAM] }]);
    const [row] = (await settled(incident.id, 1)).filter((r) => r.channel === TELEGRAM);
    const press = (chatId: number, updateId: number) => ({
      update_id: updateId,
      callback_query: {
        id: `cb-${updateId}`,
        from: { id: chatId },
        data: `a:${row.id}`,
        message: { chat: { id: chatId } },
      },
    });
    const answered = () => telegram.calls('answerCallbackQuery').length;
    const forged = await api.http
      .post('/webhooks/telegram')
      .set('x-telegram-bot-api-secret-token', 'wrong-secret-000000')
      .send(press(1001, 1));
    expect(forged.status).toBe(401);
    const missing = await api.http.post('/webhooks/telegram').send(press(1001, 2));
    expect(missing.status).toBe(401);
    expect((await incidentStatus(incident.id)).status).toBe('NEW');
    expect(answered()).toBe(0);
    // Pressed in another chat (a forwarded message): answered, nothing acknowledged.
    await api.http
      .post('/webhooks/telegram')
      .set('x-telegram-bot-api-secret-token', TG_SECRET)
      .send(press(5555, 3))
      .expect(200);
    expect((await incidentStatus(incident.id)).status).toBe('NEW');
    const ok = await api.http
      .post('/webhooks/telegram')
      .set('x-telegram-bot-api-secret-token', TG_SECRET)
      .send(press(1001, 4));
    expect(ok.status).toBe(200);
    expect(await incidentStatus(incident.id)).toEqual({ status: 'IN_PROGRESS', assignee_id: ids.responder });
    const answers = telegram.calls('answerCallbackQuery');
    expect(answers.map((a) => a.body.callback_query_id)).toEqual(['cb-3', 'cb-4']);
    expect(String(answers[1].body.text)).toContain(`Đã nhận xử lý ${incident.code}`);
    const [acked] = await ds.query<{ state: string; acknowledged_via: string }[]>(
      'SELECT state, acknowledged_via FROM notification WHERE id = $1',
      [row.id],
    );
    expect(acked).toEqual({ state: 'ACKNOWLEDGED', acknowledged_via: 'TELEGRAM' });

    // Linking: a code from the web UI, sent to the bot as /start <code>.
    const link = await api.gql<{ createLinkCode: { code: string; deepLink: string } }>(
      'mutation { createLinkCode(channel: TELEGRAM) { code deepLink expiresAt instruction } }',
      {},
      { token: coordinator },
    );
    const code = link.data!.createLinkCode.code;
    expect(link.data!.createLinkCode.deepLink).toBe(`https://t.me/tocsin_test_bot?start=${code}`);
    const start = (updateId: number, chat: number) => ({
      update_id: updateId,
      message: { chat: { id: chat }, text: `/start ${code}` },
    });
    await api.http
      .post('/webhooks/telegram')
      .set('x-telegram-bot-api-secret-token', TG_SECRET)
      .send(start(10, 7777))
      .expect(200);
    const linked = await ds.query<{ user_id: string; verified_at: Date | null }[]>(
      "SELECT user_id, verified_at FROM contact_method WHERE channel = 'TELEGRAM' AND address = '7777'",
    );
    expect(linked).toHaveLength(1);
    expect(linked[0].user_id).toBe(ids.coordinator);
    expect(linked[0].verified_at).not.toBeNull();
    expect(String(telegram.sent('7777')[0].body.text)).toContain('Linked to');
    // Single use.
    await api.http
      .post('/webhooks/telegram')
      .set('x-telegram-bot-api-secret-token', TG_SECRET)
      .send(start(11, 8888))
      .expect(200);
    expect(await api.count('contact_method', "channel = 'TELEGRAM' AND address = '8888'")).toBe(0);
  });

  it('Zalo: verifies the event signature, acknowledges a reply "ACK <code>", links a follower', async () => {
    const incident = await report('Thay đổi giao diện website');
    await notify(incident.id, [{ userId: ids.responder, channels: [ZALO] }]);
    await settled(incident.id, 1);
    const event = (text: string, sender: string, msgId: string) => ({
      app_id: ZALO_APP_ID,
      event_name: 'user_send_text',
      timestamp: String(Date.now()),
      sender: { id: sender },
      recipient: { id: '999' },
      message: { msg_id: msgId, text },
    });
    const sign = (body: string, timestamp: string) =>
      `mac=${createHash('sha256').update(`${ZALO_APP_ID}${body}${timestamp}${ZALO_OA_KEY}`).digest('hex')}`;
    const post = (payload: ReturnType<typeof event>, signature?: string) => {
      const body = JSON.stringify(payload);
      return api.http
        .post('/webhooks/zalo')
        .set('content-type', 'application/json')
        .set('x-zevent-signature', signature ?? sign(body, payload.timestamp))
        .send(body);
    };
    const forgedPayload = event(`ACK ${incident.code}`, '2001', 'm-1');
    expect((await post(forgedPayload, sign(JSON.stringify(forgedPayload), '1'))).status).toBe(401);
    expect((await post(forgedPayload, 'mac=' + 'f'.repeat(64))).status).toBe(401);
    expect((await incidentStatus(incident.id)).status).toBe('NEW');
    const repliesBefore = zalo.sent('2001').length;
    expect((await post(event(`ack ${incident.code}`, '2001', 'm-2'))).status).toBe(200);
    expect(await incidentStatus(incident.id)).toEqual({ status: 'IN_PROGRESS', assignee_id: ids.responder });
    const reply = zalo.sent('2001').slice(repliesBefore);
    expect(zalo.textOf(reply[0])).toContain(`Đã nhận xử lý ${incident.code}`);
    // The same event delivered again (Zalo retries): handled once.
    expect((await post(event(`ack ${incident.code}`, '2001', 'm-2'))).status).toBe(200);
    expect(zalo.sent('2001').length - repliesBefore).toBe(1);

    const link = await api.gql<{ createLinkCode: { code: string } }>(
      'mutation { createLinkCode(channel: ZALO) { code } }',
      {},
      { token: await api.login('responder2@tocsin.local') },
    );
    await post(event(`LINK ${link.data!.createLinkCode.code}`, '3003', 'm-3')).expect(200);
    const linked = await ds.query<{ user_id: string }[]>(
      "SELECT user_id FROM contact_method WHERE channel = 'ZALO' AND address = '3003' AND verified_at IS NOT NULL",
    );
    expect(linked).toEqual([{ user_id: ids.responder2 }]);
  });

  it('contact readiness: a test message confirmed from the message verifies the method', async () => {
    const added = await api.gql<{ addContactMethod: { id: string; verified: boolean } }>(
      'mutation($i: AddContactMethodInput!) { addContactMethod(input: $i) { id verified channel address } }',
      { i: { channel: 'EMAIL', address: 'Coord.Second@Mail.Test' } },
      { token: coordinator },
    );
    expect(added.data!.addContactMethod.verified).toBe(false);
    const bad = await api.gql(
      'mutation($i: AddContactMethodInput!) { addContactMethod(input: $i) { id } }',
      { i: { channel: 'EMAIL', address: 'not an address' } },
      { token: coordinator },
    );
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    const chat = await api.gql(
      'mutation($i: AddContactMethodInput!) { addContactMethod(input: $i) { id } }',
      { i: { channel: 'TELEGRAM', address: 'x@y.z' } },
      { token: coordinator },
    );
    expect(codeOf(chat)).toBe('BAD_USER_INPUT');
    const test = await api.gql<{ sendTestNotification: { id: string; state: string } }>(
      'mutation($id: ID!) { sendTestNotification(contactMethodId: $id) { id state event } }',
      { id: added.data!.addContactMethod.id },
      { token: coordinator },
    );
    expect(test.data!.sendTestNotification.state).toBe('PENDING');
    const mail = await waitFor('the test mail', async () => smtp.to('coord.second@mail.test')[0]);
    const path = /https:\/\/tocsin\.example\.gov\.vn(\/notifications\/ack\/[A-Za-z0-9_.-]+)/.exec(
      mail.text,
    )![1];
    await api.http.post(path).set('content-type', 'text/plain').send('confirm=yes').expect(200);
    const methods = await api.gql<{ myContactMethods: { address: string; verified: boolean }[] }>(
      '{ myContactMethods { address verified } }',
      {},
      { token: coordinator },
    );
    expect(methods.data!.myContactMethods).toContainEqual({
      address: 'coord.second@mail.test',
      verified: true,
    });
    // A responder may not touch someone else's methods.
    const responder = await api.login('responder@tocsin.local');
    const foreign = await api.gql(
      'query($u: ID) { myContactMethods(userId: $u) { id } }',
      { u: ids.coordinator },
      { token: responder },
    );
    expect(codeOf(foreign)).toBe('FORBIDDEN');
    const status = await api.gql<{ channelStatus: { channel: string; configured: boolean }[] }>(
      '{ channelStatus { channel configured detail } }',
      {},
      { token: responder },
    );
    expect(status.data!.channelStatus.every((c) => c.configured)).toBe(true);
  });

  it('quiet hours hold back non-critical messages, never CRITICAL ones; preferences are validated', async () => {
    const token = await api.login('responder2@tocsin.local');
    const bad = await api.gql(
      'mutation($i: NotificationPreferencesInput!) { updateNotificationPreferences(input: $i) { userId } }',
      { i: { quietStart: '25:00', quietEnd: '06:00' } },
      { token },
    );
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    const hour = (offset: number) =>
      `${String((new Date().getUTCHours() + 7 + offset + 24) % 24).padStart(2, '0')}:00`;
    const set = await api.gql<{
      updateNotificationPreferences: {
        quietStart: string;
        channelOrder: { severity: string; channels: string[] }[];
      };
    }>(
      'mutation($i: NotificationPreferencesInput!) { updateNotificationPreferences(input: $i) { quietStart quietEnd locale channelOrder { severity channels } } }',
      {
        i: {
          quietStart: hour(-1),
          quietEnd: hour(2),
          channelOrder: [{ severity: 'MEDIUM', channels: ['EMAIL'] }],
        },
      },
      { token },
    );
    expect(
      set.data!.updateNotificationPreferences.channelOrder.find((c) => c.severity === 'MEDIUM')!.channels,
    ).toEqual(['EMAIL']);
    const medium = await report('Quét cổng dịch vụ', { severity: 'MEDIUM' });
    // Preferences: for MEDIUM this person wants email only.
    const rows = await notify(medium.id, [{ userId: ids.responder2, channels: [TELEGRAM, EMAIL] }]);
    expect(rows.map((r) => r.channel)).toEqual([EMAIL]);
    const held = await waitFor('a deferred delivery', async () => {
      const [r] = (await rowsOf(medium.id)).filter((x) => x.channel === EMAIL);
      return r.deferred_until ? r : null;
    });
    expect(held.state).toBe('PENDING');
    expect(smtp.to('responder2@mail.test').filter((m) => m.subject.includes(medium.code))).toHaveLength(0);
    const critical = await report('Mã độc lây lan diện rộng', { severity: 'CRITICAL' });
    await notify(critical.id, [{ userId: ids.responder2, channels: [EMAIL] }]);
    await settled(critical.id, 1);
    expect(smtp.to('responder2@mail.test').filter((m) => m.subject.includes(critical.code))).toHaveLength(1);
  });

  it('end to end through the escalation engine: report → chain step → messages on the peers', async () => {
    const [chain] = await ds.query<{ id: string }[]>(
      `INSERT INTO escalation_chain (name, description, repeat_count, is_default, version)
       VALUES ('Mã độc', 'test', 0, false, 1) RETURNING id`,
    );
    await ds.query(
      `INSERT INTO escalation_step (chain_id, position, delay_seconds, targets, channels)
       VALUES ($1, 0, 600, $2::jsonb, '{IN_APP,EMAIL,TELEGRAM,ZALO}'::notification_channel[])`,
      [chain.id, JSON.stringify([{ kind: 'USER', userId: ids.responder }])],
    );
    await ds.query(`INSERT INTO escalation_policy (chain_id, category) VALUES ($1, 'malicious-code')`, [
      chain.id,
    ]);
    const incident = await report('Mã độc trên máy trạm', { category: 'MALICIOUS_CODE' });
    const rows = await settled(incident.id, 3);
    expect(
      rows
        .filter((r) => r.channel !== IN_APP)
        .map((r) => [r.channel, r.state])
        .sort(),
    ).toEqual([
      ['EMAIL', 'SENT'],
      ['TELEGRAM', 'SENT'],
      ['ZALO', 'SENT'],
    ]);
    const [row] = await ds.query<{ event_key: string }[]>(
      'SELECT event_key FROM notification WHERE incident_id = $1 LIMIT 1',
      [incident.id],
    );
    expect(row.event_key).toMatch(/^run-\d+-step-/);
    expect(smtp.to('responder@mail.test').find((m) => m.subject.includes(incident.code))!.subject).toContain(
      'Sự cố cần người nhận xử lý',
    );
    expect(telegram.sent('1001').some((r) => String(r.body.text).includes(incident.code))).toBe(true);
    expect(zalo.sent('2001').some((r) => zalo.textOf(r).includes(incident.code))).toBe(true);
  });
});
