import { createHash } from 'node:crypto';

import { jest } from '@jest/globals';
import { Browser, BrowserContext, Page } from 'playwright-core';

import { TelegramPeer } from './support/peers/telegram-peer';
import { DEMO_PASSWORD, TestApi } from './support/test-app';
import { ensureWebBuilt, launchChromium, phoneContext, screenshot } from './support/web-browser';

/**
 * The escalation and notification screens in Debian's Chromium at a phone viewport, against a real
 * api and worker, with Telegram configured against a local peer (email and Zalo stay off):
 * a coordinator builds a chain and a policy, reads the readiness report, follows the delivery log
 * the engine produces for a new incident, links Telegram and reads the dashboard.
 */
jest.setTimeout(120_000);

const BOT_TOKEN = '123456:WEB-token-abcdefghijklmnopqrstuvwxyz';
const SYT_NAME = 'Sở Y tế';
const CHAIN = `Mã độc bệnh viện ${Date.now().toString(36)}`;

let api: TestApi;
let telegram: TelegramPeer;
let browser: Browser;
let ctx: BrowserContext;
let page: Page;
let ids: Record<'coordinator' | 'responder' | 'leader', string>;
let incidentId: string;

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
  telegram = new TelegramPeer(BOT_TOKEN);
  const telegramUrl = await telegram.start();
  api = await TestApi.start(
    {
      RATE_LIMIT_PER_MINUTE: '100000',
      NOTIFY_RETRY_BASE_MS: '40',
      NOTIFY_SEND_TIMEOUT_MS: '800',
      TELEGRAM_BOT_TOKEN: BOT_TOKEN,
      TELEGRAM_API_URL: telegramUrl,
      TELEGRAM_WEBHOOK_SECRET: 'tg-secret-0123456789',
      TELEGRAM_BOT_USERNAME: 'tocsin_test_bot',
    },
    { worker: true, web: true },
  );
  ids = {
    coordinator: await api.idOf('user', 'coordinator@tocsin.local'),
    responder: await api.idOf('user', 'responder@tocsin.local'),
    leader: await api.idOf('user', 'leader@tocsin.local'),
  };
  // Telegram chats of the responder and the leader (whose first message the peer refuses for good).
  for (const [userId, chat] of [
    [ids.responder, '1001'],
    [ids.leader, '1003'],
  ]) {
    await api.dataSource.query(
      `INSERT INTO contact_method (user_id, channel, address, verified_at) VALUES ($1, 'TELEGRAM', $2, now())`,
      [userId, chat],
    );
  }
  browser = await launchChromium();
  ctx = await phoneContext(browser, api.url);
  page = await ctx.newPage();
  await page.goto('/');
  await page.getByLabel('Email').fill('coordinator@tocsin.local');
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL('**/queue');
});

afterAll(async () => {
  await browser?.close();
  await api?.stop();
  await telegram?.stop();
});

test('a coordinator creates an escalation chain and a policy, and sees the chain in the readiness report', async () => {
  await page.goto('/admin/chains');
  await page.getByRole('heading', { name: 'Chuỗi leo thang', level: 2 }).waitFor();
  await page.locator('[data-chain="Mặc định"]').waitFor();
  await page.getByLabel('Tên chuỗi').fill(CHAIN);
  await page.getByLabel('Mô tả').fill('Báo người trực và lãnh đạo qua Telegram');
  await page.getByLabel('Số vòng lặp lại khi chưa ai tiếp nhận (0–10)').fill('1');
  // Step 1: the responder and the leader, in the app and on Telegram.
  await page.getByLabel('Chờ (phút) trước bước kế tiếp').fill('10');
  const step1 = page.locator('fieldset[data-step="0"]');
  await step1.getByRole('checkbox', { name: 'Email' }).uncheck();
  await step1.getByRole('checkbox', { name: 'Zalo' }).uncheck();
  await step1.getByLabel('Loại đối tượng').selectOption('USER');
  await step1.getByLabel('Người', { exact: true }).selectOption({ label: 'Trần Thị Ứng Cứu (Ứng cứu viên)' });
  await step1.getByRole('button', { name: '+ Thêm đối tượng' }).click();
  await step1.locator('[data-target="1"]').getByLabel('Loại đối tượng').selectOption('USER');
  await step1
    .locator('[data-target="1"]')
    .getByLabel('Người', { exact: true })
    .selectOption({ label: 'Đồng chí Lãnh Đạo (Lãnh đạo)' });
  // Step 2: the incident team's on-call (the default kind).
  await page.getByRole('button', { name: '+ Thêm bước' }).click();
  await page.locator('fieldset[data-step="1"]').waitFor();
  await screenshot(page, 'a01-chain-editor');
  await page.getByRole('button', { name: 'Tạo', exact: true }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `Đã tạo chuỗi «${CHAIN}».` })
    .waitFor();
  const card = page.locator(`[data-chain="${CHAIN}"]`);
  await card.waitFor();
  expect(await card.textContent()).toContain('Trần Thị Ứng Cứu');
  expect(await card.textContent()).toContain('chờ 10 phút');

  const [chain] = await api.dataSource.query<{ id: string; repeat_count: number; version: number }[]>(
    'SELECT id, repeat_count, version FROM escalation_chain WHERE name = $1',
    [CHAIN],
  );
  expect(chain.repeat_count).toBe(1);
  const steps = await api.dataSource.query<
    { position: number; delay_seconds: number; channels: string; targets: unknown[] }[]
  >(
    'SELECT position, delay_seconds, channels::text, targets FROM escalation_step WHERE chain_id = $1 ORDER BY position',
    [chain.id],
  );
  expect(steps.map((s) => [s.position, s.delay_seconds, s.channels])).toEqual([
    [0, 600, '{IN_APP,TELEGRAM}'],
    [1, 300, '{IN_APP,EMAIL,TELEGRAM,ZALO}'],
  ]);
  expect(steps[0].targets).toEqual([
    expect.objectContaining({ kind: 'USER', userId: ids.responder }),
    expect.objectContaining({ kind: 'USER', userId: ids.leader }),
  ]);
  await screenshot(page, 'a02-chain-created');

  // Someone else saves the chain meanwhile: the editor says so instead of overwriting.
  await card.getByRole('button', { name: `Sửa «${CHAIN}»` }).click();
  await page.getByRole('form', { name: `Sửa chuỗi «${CHAIN}»` }).waitFor();
  await api.dataSource.query('UPDATE escalation_chain SET version = version + 1 WHERE id = $1', [chain.id]);
  await page.getByLabel('Mô tả').fill('Sửa đè');
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  const conflict = page.getByTestId('chain-conflict');
  await conflict.waitFor();
  expect(await conflict.textContent()).toContain(`phiên bản ${chain.version}`);
  await screenshot(page, 'a03-chain-version-conflict');
  const [after] = await api.dataSource.query<{ description: string }[]>(
    'SELECT description FROM escalation_chain WHERE id = $1',
    [chain.id],
  );
  expect(after.description).toBe('Báo người trực và lãnh đạo qua Telegram');
  await conflict.getByRole('button', { name: 'Tải bản mới nhất' }).click();
  await conflict.waitFor({ state: 'detached' });
  expect(await page.getByLabel('Mô tả').inputValue()).toBe('Báo người trực và lãnh đạo qua Telegram');

  // A policy: malicious code → this chain.
  await page.getByRole('link', { name: 'Quy tắc chọn chuỗi' }).click();
  await page.getByLabel('Loại sự cố').selectOption('MALICIOUS_CODE');
  await page.getByLabel('Chuỗi', { exact: true }).selectOption({ label: CHAIN });
  await page.getByRole('button', { name: 'Tạo', exact: true }).click();
  await page.getByTestId('policy-list').getByText(`→ ${CHAIN}`).waitFor();
  const policies = await api.dataSource.query<{ category: string; severity: string | null }[]>(
    'SELECT category, severity FROM escalation_policy WHERE chain_id = $1',
    [chain.id],
  );
  expect(policies).toEqual([{ category: 'malicious-code', severity: null }]);

  // The readiness report lists the chain, as the api judges it.
  await page.getByRole('link', { name: 'Mức sẵn sàng' }).click();
  const ready = page.locator(`[data-testid="readiness"] [data-chain="${CHAIN}"]`);
  await ready.waitFor();
  const coordinator = await api.login('coordinator@tocsin.local');
  const res = await api.gql<{ escalationReadiness: { chains: { chainName: string; ready: boolean }[] } }>(
    '{ escalationReadiness(days: 7) { chains { chainName ready } } }',
    {},
    { token: coordinator },
  );
  const judged = res.data!.escalationReadiness.chains.find((c) => c.chainName === CHAIN)!;
  expect(await ready.getAttribute('data-ready')).toBe(String(judged.ready));
  expect(await ready.textContent()).toContain(judged.ready ? '✓ Sẵn sàng' : '⚠ Có chỗ hổng');
  expect(await page.locator('[data-testid="readiness"] [data-team]').count()).toBeGreaterThan(0);
  await screenshot(page, 'a04-readiness');
});

test('the incident detail shows the delivery log the escalation engine produced, and a failed one can be retried', async () => {
  telegram.script('1003', 'permanent');
  const reporter = await api.login('reporter@tocsin.local', DEMO_PASSWORD);
  const res = await api.gql<{ reportIncident: { id: string } }>(
    'mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { id } }',
    {
      i: {
        agencyId: await api.idOf('agency', 'SYT'),
        title: 'Mã độc mã hoá máy chủ bệnh án',
        description: 'Các tệp bệnh án bị đổi đuôi .locked',
        category: 'MALICIOUS_CODE',
        severity: 'HIGH',
      },
    },
    { token: reporter },
  );
  incidentId = res.data!.reportIncident.id;
  // The worker delivers: Telegram answers for the responder and refuses the leader for good.
  const rows = await waitFor('settled deliveries', async () => {
    const r = await api.dataSource.query<
      { id: string; recipient_id: string; channel: string; state: string; event: string }[]
    >(
      'SELECT id, recipient_id, channel, state, event FROM notification WHERE incident_id = $1 ORDER BY created_at, id',
      [incidentId],
    );
    // The step's four deliveries; the leader left unreached outside the app also tells the
    // coordinators (RECIPIENT_UNREACHED, issue #17), and the log shows those rows too.
    const step = r.filter((x) => x.event === 'ESCALATION_STEP');
    return step.length === 4 && r.every((x) => x.state !== 'PENDING') ? r : null;
  });
  const ofStep = (userId: string) =>
    rows.find((r) => r.recipient_id === userId && r.channel === 'TELEGRAM' && r.event === 'ESCALATION_STEP')!;
  const failed = ofStep(ids.leader);
  expect(failed.state).toBe('FAILED');
  expect(ofStep(ids.responder).state).toBe('SENT');

  await page.goto(`/incidents/${incidentId}`);
  const log = page.getByTestId('delivery-log');
  await log.locator('li[data-state]').first().waitFor();
  await waitFor('rows on screen', async () => (await log.locator('li[data-state]').count()) === rows.length);
  const sent = log.locator('li[data-state="SENT"][data-channel="TELEGRAM"]');
  expect(await sent.textContent()).toContain('Trần Thị Ứng Cứu');
  expect(await sent.textContent()).toContain('✓ Đã gửi');
  const failedRow = log.locator('li[data-state="FAILED"]');
  expect(await failedRow.textContent()).toContain('Đồng chí Lãnh Đạo');
  expect(await failedRow.textContent()).toContain('✗ Gửi lỗi');
  expect(await failedRow.textContent()).toMatch(/Lỗi gần nhất: .*blocked/);

  const escalation = page.getByTestId('escalation');
  expect(await escalation.textContent()).toContain(CHAIN);
  expect(await escalation.getByTestId('escalation-next').textContent()).toMatch(/^Bước kế tiếp: 2\/2, lúc /);
  const timeline = page.locator('ol.timeline');
  expect(await timeline.locator('[data-kind="ESCALATION_STARTED"]').textContent()).toContain(
    `Chuỗi «${CHAIN}», 2 bước`,
  );
  expect(await timeline.locator('[data-kind="ESCALATION_STEP"]').textContent()).toContain(
    'Bước 1: báo cho 2 người',
  );
  await screenshot(page, 'a05-incident-delivery-log');

  const [before] = await api.dataSource.query<{ dispatch: number }[]>(
    'SELECT dispatch FROM notification WHERE id = $1',
    [failed.id],
  );
  await failedRow.getByRole('button', { name: 'Gửi lại cho Đồng chí Lãnh Đạo qua Telegram' }).click();
  await page.getByRole('status').filter({ hasText: 'Đã xếp lịch gửi lại.' }).waitFor();
  await waitFor('the retry in the audit trail', async () => {
    const audit = await api.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'notification.retried' AND entity_id = $1`,
      [failed.id],
    );
    return audit[0].n === 1;
  });
  // Sent again as a new dispatch (a new job id); a chat refused for good may fail again.
  const [retried] = await api.dataSource.query<{ dispatch: number }[]>(
    'SELECT dispatch FROM notification WHERE id = $1',
    [failed.id],
  );
  expect(retried.dispatch).toBe(before.dispatch + 1);
  await screenshot(page, 'a06-delivery-retried');

  // The same screen in English.
  await page.getByRole('button', { name: 'English' }).first().click();
  await page.getByRole('heading', { name: 'Automatic escalation' }).waitFor();
  expect(await timeline.locator('[data-kind="ESCALATION_STEP"]').textContent()).toContain(
    'Step 1: notified 2 people',
  );
  expect(await log.textContent()).toContain('Trần Thị Ứng Cứu');
  await screenshot(page, 'a07-incident-english');
  await page.getByRole('button', { name: 'Tiếng Việt' }).first().click();
  await page.getByRole('heading', { name: 'Leo thang tự động' }).waitFor();
});

test('settings: the channel status says which channels are off, and a Telegram link code is shown with instructions', async () => {
  await page.goto('/settings');
  const status = page.getByTestId('channel-status');
  await status.locator('[data-channel="TELEGRAM"]').waitFor();
  expect(await status.locator('[data-channel="TELEGRAM"]').getAttribute('data-configured')).toBe('true');
  expect(await status.locator('[data-channel="ZALO"]').textContent()).toContain('✗ Đang tắt');
  expect(await status.locator('[data-channel="EMAIL"]').getAttribute('data-configured')).toBe('false');
  expect(await page.getByRole('button', { name: 'Lấy mã liên kết Zalo' }).isDisabled()).toBe(true);
  expect(await page.getByTestId('quiet-hint').textContent()).toContain('Nghiêm trọng luôn được gửi ngay');

  await page.getByRole('button', { name: 'Lấy mã liên kết Telegram' }).click();
  const card = page.getByTestId('link-code-telegram');
  await card.waitFor();
  const code = (await card.getByTestId('link-code').textContent())!.trim();
  expect(code).toMatch(/^\d{8}$/);
  expect(await card.textContent()).toContain(`/start ${code}`);
  const rows = await api.dataSource.query<{ code_hash: string; used_at: Date | null }[]>(
    `SELECT code_hash, used_at FROM notification_link_code WHERE user_id = $1 AND channel = 'TELEGRAM'`,
    [ids.coordinator],
  );
  expect(rows).toHaveLength(1);
  expect(rows[0].code_hash).toBe(createHash('sha256').update(code).digest('hex'));
  expect(rows[0].used_at).toBeNull();

  // Quiet hours and a channel order are saved to the profile.
  await page.getByLabel('Kênh thứ 1 cho mức Cao').selectOption('TELEGRAM');
  await page.getByLabel('Bắt đầu (HH:mm)').fill('22:00');
  await page.getByLabel('Kết thúc (HH:mm)').fill('06:30');
  await page.getByTestId('preferences').getByRole('button', { name: 'Lưu' }).click();
  await page.getByTestId('preferences').getByRole('status').filter({ hasText: 'Đã lưu.' }).waitFor();
  const coordinator = await api.login('coordinator@tocsin.local');
  const prefs = await api.gql<{
    notificationPreferences: {
      quietStart: string;
      quietEnd: string;
      channelOrder: { severity: string; channels: string[] }[];
    };
  }>(
    '{ notificationPreferences { quietStart quietEnd channelOrder { severity channels } } }',
    {},
    { token: coordinator },
  );
  expect(prefs.data!.notificationPreferences).toMatchObject({ quietStart: '22:00', quietEnd: '06:30' });
  expect(
    prefs.data!.notificationPreferences.channelOrder.find((c) => c.severity === 'HIGH')!.channels[0],
  ).toBe('TELEGRAM');
  await screenshot(page, 'a08-settings-telegram-code');
});

test('the dashboard renders its tiles, chart and tables from real data', async () => {
  await page.goto('/dashboard');
  const total = page.getByTestId('open-total');
  await total.waitFor();
  const [{ n }] = await api.dataSource.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM incident WHERE status IN ('NEW', 'TRIAGED', 'IN_PROGRESS', 'CONTAINED') AND tlp <> 'RED'`,
  );
  expect(n).toBeGreaterThan(0);
  expect(Number(await total.textContent())).toBe(n);
  const bySeverity = await page.locator('table.bars td.num').allTextContents();
  expect(bySeverity.reduce((s, x) => s + Number(x), 0)).toBe(n);
  expect(await page.locator('.chart svg, svg').count()).toBeGreaterThan(0);
  // This month's row for the agency that reported the incident above counts it.
  const syt = page.locator('tr').filter({ hasText: SYT_NAME });
  await syt.first().waitFor();
  expect(Number(await syt.first().locator('td.num').nth(1).textContent())).toBeGreaterThanOrEqual(1);
  await screenshot(page, 'a09-dashboard');
});
