import { jest } from '@jest/globals';
import { Browser, BrowserContext, Page, Worker } from 'playwright-core';

import {
  NOTIFICATION_REQUESTER,
  NotificationChannel,
  NotificationEvent,
  NotificationRequester,
} from '@tocsin/notifications';
import { IncidentChanges, SYSTEM } from '@tocsin/incidents';

import { PeerSubscription, PushPeer } from './support/peers/push-peer';
import { DEMO_PASSWORD, TestApi } from './support/test-app';
import { ensureWebBuilt, launchChromium, screenshot } from './support/web-browser';

/**
 * Web push in Debian's Chromium at a phone viewport, against a real api, worker and the local push
 * service peer. Headless Chromium has no push service of its own, so the page's PushManager hands
 * out the peer's subscription (keys made in this test, as a phone would); everything after that is
 * real: the settings screen subscribes through the api, the worker encrypts and sends to the peer,
 * the peer decrypts, the decrypted message is delivered to the service worker as a push event
 * (DevTools' ServiceWorker.deliverPushMessage), and the notification's "Acknowledge" action runs
 * through the service worker's own click handler and acknowledges the incident.
 */
jest.setTimeout(180_000);

let api: TestApi;
let push: PushPeer;
let browser: Browser;
let ctx: BrowserContext;
let page: Page;
let phone: PeerSubscription;
let responderId: string;

async function waitFor<T>(what: string, check: () => Promise<T | undefined | null | false>, ms = 20_000) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  await ensureWebBuilt();
  push = new PushPeer();
  await push.start();
  api = await TestApi.start(
    {
      RATE_LIMIT_PER_MINUTE: '100000',
      NOTIFY_RETRY_BASE_MS: '40',
      WEB_PUSH_ALLOW_LOOPBACK_HTTP: 'true',
    },
    { worker: true, web: true },
  );
  await api.dataSource.query('UPDATE escalation_chain SET is_default = false');
  responderId = await api.idOf('user', 'responder@tocsin.local');
  phone = push.subscribe();
  browser = await launchChromium();
  ctx = await browser.newContext({
    baseURL: api.url,
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    serviceWorkers: 'allow',
  });
  // The phone's push service: PushManager gives the subscription the peer made.
  await ctx.addInitScript({
    content: `(() => {
      const sub = ${JSON.stringify({ endpoint: phone.endpoint, keys: phone.keys })};
      const FLAG = 'test.push.subscribed';
      const make = (key) => ({
        endpoint: sub.endpoint,
        expirationTime: null,
        options: { userVisibleOnly: true, applicationServerKey: key },
        toJSON: () => ({ endpoint: sub.endpoint, expirationTime: null, keys: sub.keys }),
        unsubscribe: () => { localStorage.removeItem(FLAG); return Promise.resolve(true); },
      });
      PushManager.prototype.getSubscription = function () {
        const stored = localStorage.getItem(FLAG);
        return Promise.resolve(stored ? make(new Uint8Array(JSON.parse(stored)).buffer) : null);
      };
      PushManager.prototype.subscribe = function (options) {
        const key = new Uint8Array(options.applicationServerKey);
        localStorage.setItem(FLAG, JSON.stringify([...key]));
        return Promise.resolve(make(key.buffer));
      };
    })();`,
  });
  page = await ctx.newPage();
});

afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await push?.stop();
});

test('after the first sign-in on a phone, push is offered once', async () => {
  await page.goto('/');
  await page.getByLabel('Email').fill('responder@tocsin.local');
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL('**/queue');
  const prompt = page.getByTestId('push-prompt');
  await prompt.waitFor();
  expect(await prompt.textContent()).toContain('Nhận thông báo sự cố trên điện thoại này?');
  await screenshot(page, 'p01-push-prompt');
  await prompt.getByRole('button', { name: 'Để sau' }).click();
  await prompt.waitFor({ state: 'detached' });
  await page.reload();
  await page.getByRole('navigation').first().waitFor();
  await page.waitForTimeout(500);
  expect(await page.getByTestId('push-prompt').count()).toBe(0);
});

test('settings turn push on for this device: a verified WEB_PUSH method with the browser’s keys', async () => {
  await ctx.grantPermissions(['notifications'], { origin: api.url });
  await page.goto('/settings');
  const section = page.getByTestId('web-push');
  await section.waitFor();
  expect(await section.getByTestId('push-state').textContent()).toBe('Chưa bật');
  await section.getByRole('button', { name: 'Bật trên thiết bị này' }).click();
  await section.getByRole('status').filter({ hasText: 'Đã bật thông báo trên thiết bị này.' }).waitFor();
  expect(await section.getByTestId('push-state').textContent()).toBe('Đang bật');
  const rows = await api.dataSource.query<
    { user_id: string; verified_at: Date | null; p256dh: string; address: string }[]
  >(
    `SELECT m.user_id, m.verified_at, ws.p256dh, m.address FROM web_push_subscription ws
       JOIN contact_method m ON m.id = ws.contact_method_id WHERE ws.endpoint = $1`,
    [phone.endpoint],
  );
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ user_id: responderId, p256dh: phone.keys.p256dh });
  expect(rows[0].verified_at).not.toBeNull();
  // Headless Chromium's user agent: Linux, Chrome.
  expect(rows[0].address).toMatch(/^Linux · Chrome · [0-9a-f]{6}$/);
  await page.getByTestId('contact-methods').locator('[data-channel="WEB_PUSH"]').waitFor();
  await screenshot(page, 'p02-push-settings-on');
});

test('the notification’s Acknowledge action acknowledges the incident; Open opens it', async () => {
  const coordinator = await api.login('coordinator@tocsin.local');
  const reported = await api.gql<{ reportIncident: { id: string; code: string } }>(
    'mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { id code } }',
    {
      i: {
        title: 'Tấn công dò mật khẩu cổng dịch vụ công',
        description: 'Hàng nghìn lần đăng nhập sai từ nhiều địa chỉ',
        agencyId: await api.idOf('agency', 'STTTT'),
        severity: 'HIGH',
      },
    },
    { token: coordinator },
  );
  const incident = reported.data!.reportIncident;
  const requester = api.app.get<NotificationRequester>(NOTIFICATION_REQUESTER);
  await api.app.get(IncidentChanges).run(SYSTEM, {}, incident.id, {}, (change) =>
    requester.request(change, {
      event: NotificationEvent.ESCALATION_STEP,
      eventKey: 'step-1',
      repeat: 0,
      recipients: [{ userId: responderId, channels: [NotificationChannel.WEB_PUSH] }],
    }),
  );
  const [message] = await waitFor('the push on the peer', async () => {
    const got = push.delivered(phone).filter((m) => m.payload.incidentId === incident.id);
    return got.length ? got : null;
  });
  expect(push.refused).toEqual([]);

  // The push service hands the message to the phone's service worker (a trusted push event).
  const cdp = await ctx.newCDPSession(page);
  const registrationId = new Promise<string>((resolve) =>
    cdp.on(
      'ServiceWorker.workerRegistrationUpdated',
      (event: { registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] }) => {
        const reg = event.registrations.find((r) => r.scopeURL.startsWith(api.url) && !r.isDeleted);
        if (reg) resolve(reg.registrationId);
      },
    ),
  );
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.deliverPushMessage', {
    origin: api.url,
    registrationId: await registrationId,
    data: JSON.stringify(message.payload),
  });
  const sw: Worker = await waitFor('the service worker', async () => ctx.serviceWorkers()[0]);
  const shown = await waitFor('the notification', async () => {
    const list = await sw.evaluate<{ title: string; body: string; tag: string; actions: unknown[] }[]>(
      `self.registration.getNotifications().then((all) =>
         all.map((n) => ({ title: n.title, body: n.body, tag: n.tag,
                           actions: n.actions.map((a) => ({ action: a.action, title: a.title })) })))`,
    );
    return list.length ? list : null;
  });
  expect(shown).toEqual([
    {
      title: `${incident.code} · Sự cố cần người nhận xử lý`,
      body: expect.stringContaining('Mức độ: Cao'),
      tag: `incident-${incident.id}`,
      actions: [
        { action: 'acknowledge', title: 'Nhận xử lý' },
        { action: 'open', title: 'Mở' },
      ],
    },
  ]);

  // "Acknowledge", through the service worker's notificationclick handler.
  const click = (action: string) =>
    sw.evaluate<{ outcome: string; url?: string }>(
      `self.registration.getNotifications({ tag: 'incident-${incident.id}' })
         .then(([n]) => self.tocsinPush.handleNotificationClick(n, '${action}'))`,
    );
  const result = await click('acknowledge');
  expect(result).toEqual({ outcome: 'acknowledged' });
  const [after] = await api.dataSource.query<{ status: string; assignee_id: string }[]>(
    'SELECT status, assignee_id FROM incident WHERE id = $1',
    [incident.id],
  );
  expect(after).toEqual({ status: 'IN_PROGRESS', assignee_id: responderId });
  const [audit] = await api.dataSource.query<{ after: { channel: string } }[]>(
    `SELECT a.after FROM audit_event a JOIN notification n ON n.id::text = a.entity_id::text
      WHERE a.action = 'notification.acknowledged' AND n.incident_id = $1`,
    [incident.id],
  );
  expect(audit.after.channel).toBe('WEB_PUSH');
  // The notification now says so, and offers only "Open".
  const replaced = await sw.evaluate<{ body: string; actions: string[] }>(
    `self.registration.getNotifications({ tag: 'incident-${incident.id}' })
       .then(([n]) => ({ body: n.body, actions: n.actions.map((a) => a.action) }))`,
  );
  expect(replaced).toEqual({ body: `Đã nhận xử lý — ${incident.code}`, actions: ['open'] });

  // "Open" brings the incident up in the app.
  const opened = await click('open');
  expect(opened.outcome).toBe('opened');
  await waitFor('the incident page', async () =>
    ctx.pages().some((p) => p.url().endsWith(`/incidents/${incident.id}`)),
  );
  const shownPage = ctx.pages().find((p) => p.url().endsWith(`/incidents/${incident.id}`))!;
  await shownPage.getByText(incident.code).first().waitFor();
  await screenshot(shownPage, 'p03-push-opened-incident');
});
