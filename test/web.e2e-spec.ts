import { existsSync, readFileSync } from 'node:fs';

import { jest } from '@jest/globals';
import { buildSchema, validate } from 'graphql';
import { Browser, BrowserContext, Page } from 'playwright-core';

import { loadConfig } from '@tocsin/core';

import { graphqlOptions } from '../apps/api/src/graphql.options';
import * as operations from '../apps/web/src/gql/graphql';
import { en } from '../apps/web/src/locales/en';
import { vi } from '../apps/web/src/locales/vi';
import { DEMO_PASSWORD, TestApi } from './support/test-app';
import { ensureWebBuilt, launchChromium, phoneContext, screenshot } from './support/web-browser';

/**
 * The web UI in Debian's Chromium at a phone viewport, against a real api and worker (live updates
 * travel through the worker's outbox relay). Screenshots go to test-artifacts/web/.
 */
jest.setTimeout(120_000);

const PASSWORD = 'Web-Test-Password-2026';
const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { id } }`;

let api: TestApi;
let browser: Browser;
let reporterCtx: BrowserContext;
let responderCtx: BrowserContext;
let reporter: Page;
let responder: Page;
let reporterEmail: string;
let responderEmail: string;
let otherIncident: { id: string; title: string };
let incidentId: string;
let incidentCode: string;

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel(/Mật khẩu|Password/).fill(password);
  await page.getByRole('button', { name: /^(Đăng nhập|Sign in)$/ }).click();
}

function leaves(tree: object): string[] {
  return Object.values(tree).flatMap((v: unknown) => (typeof v === 'string' ? [v] : leaves(v as object)));
}

beforeAll(async () => {
  await ensureWebBuilt();
  api = await TestApi.start(
    { RATE_LIMIT_PER_MINUTE: '100000', LOGIN_MAX_FAILURES: '3' },
    { worker: true, web: true },
  );
  const admin = await api.login('admin@tocsin.local');
  const suffix = Date.now().toString(36);
  reporterEmail = `it.syt.${suffix}@example.vn`;
  responderEmail = `ung.cuu.${suffix}@example.vn`;
  for (const input of [
    {
      email: reporterEmail,
      displayName: 'Lê Văn Báo',
      role: 'REPORTER',
      agencyId: await api.idOf('agency', 'SYT'),
    },
    {
      email: responderEmail,
      displayName: 'Phạm Thị Trực',
      role: 'RESPONDER',
      agencyId: await api.idOf('agency', 'STTTT'),
    },
  ]) {
    const res = await api.gql(CREATE_USER, { input: { ...input, password: PASSWORD } }, { token: admin });
    expect(res.errors).toBeUndefined();
  }
  // Another agency's incident, which the SYT reporter must not reach.
  const other = await api.login('reporter2@tocsin.local', DEMO_PASSWORD);
  const huyen = await api.idOf('agency', 'HUYEN-A');
  const res = await api.gql<{ reportIncident: { id: string; title: string } }>(
    `mutation($input: ReportIncidentInput!) { reportIncident(input: $input) { id title } }`,
    {
      input: {
        agencyId: huyen,
        title: 'Bí mật của huyện A: máy chủ văn bản',
        description: 'Không dành cho SYT',
      },
    },
    { token: other },
  );
  otherIncident = res.data!.reportIncident;

  browser = await launchChromium();
  reporterCtx = await phoneContext(browser, api.url);
  responderCtx = await phoneContext(browser, api.url);
  reporter = await reporterCtx.newPage();
  responder = await responderCtx.newPage();
});

afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

test("every operation of the UI is valid against the checked-in schema and within the api's limits", () => {
  const schema = buildSchema(readFileSync('schema.gql', 'utf8'));
  const options = graphqlOptions(loadConfig({ NODE_ENV: 'test' }), undefined, () =>
    Promise.reject(new Error()),
  );
  const rules = [...(options.validationRules ?? [])] as Parameters<typeof validate>[2];
  const documents = Object.entries(operations).filter(([name]) => name.endsWith('Document'));
  expect(documents.length).toBeGreaterThan(20);
  for (const [name, doc] of documents) {
    const errors = validate(schema, doc);
    const limits = validate(schema, doc, rules);
    expect({ name, errors: [...errors, ...limits].map((e) => e.message) }).toEqual({ name, errors: [] });
  }
});

test('the api serves the UI shell, its assets and a PWA manifest beside /graphql and /healthz', async () => {
  const shell = await api.http.get('/incidents/00000000-0000-0000-0000-000000000000');
  expect(shell.status).toBe(200);
  expect(shell.text).toContain('<div id="root">');
  const manifest = await api.http.get('/manifest.webmanifest');
  expect(manifest.status).toBe(200);
  expect(JSON.parse(manifest.text)).toMatchObject({ start_url: '/', display: 'standalone' });
  expect((await api.http.get('/sw.js')).text).not.toContain('__BUILD_ID__');
  expect((await api.http.get('/healthz')).body).toEqual({ status: 'ok' });
  expect((await api.http.get('/no-such-page')).status).toBe(404);
});

test('sign-in shows a clear error, then the lockout message', async () => {
  await reporter.goto('/');
  await signIn(reporter, reporterEmail, 'wrong-password-1');
  await reporter.getByRole('alert').filter({ hasText: 'Sai email hoặc mật khẩu.' }).waitFor();
  await signIn(reporter, 'nobody.locked@example.vn', 'x1');
  await signIn(reporter, 'nobody.locked@example.vn', 'x2');
  await signIn(reporter, 'nobody.locked@example.vn', 'x3');
  const alert = reporter.getByRole('alert').filter({ hasText: 'Tài khoản bị khoá đến' });
  await alert.waitFor();
  await screenshot(reporter, '01-sign-in-locked');
  expect(await alert.textContent()).toMatch(/khoá đến \d/);
});

test('a responder signs in and sees the queue', async () => {
  await responder.goto('/');
  await signIn(responder, responderEmail, PASSWORD);
  await responder.waitForURL('**/queue');
  await responder.getByRole('heading', { name: 'Hàng đợi sự cố' }).waitFor();
  await responder
    .locator('[data-section="unassigned"] .count')
    .filter({ hasText: /\(\d+\)/ })
    .waitFor();
  await responder.evaluate(
    () => ((globalThis as unknown as { __sameDocument: boolean }).__sameDocument = true),
  );
  await screenshot(responder, '02-responder-queue-before');
  expect(await responder.locator('[data-section="mine"]').textContent()).toContain('Không có gì.');
});

test('a reporter signs in and reports, with validation in Vietnamese', async () => {
  await signIn(reporter, reporterEmail, PASSWORD);
  await reporter.waitForURL('**/reports');
  await reporter
    .getByRole('link', { name: /Báo cáo sự cố/ })
    .first()
    .click();
  await reporter.waitForURL('**/report');
  await reporter.getByRole('button', { name: 'Gửi báo cáo' }).click();
  await reporter.getByText('Hãy mô tả ngắn gọn chuyện gì đã xảy ra.').waitFor();
  expect(await reporter.getByText('Hãy chọn mức độ.').isVisible()).toBe(true);
  expect(await reporter.getByLabel('Chuyện gì đã xảy ra? (tiêu đề ngắn)').getAttribute('aria-invalid')).toBe(
    'true',
  );
  await screenshot(reporter, '03-report-validation');

  await reporter
    .getByLabel('Chuyện gì đã xảy ra? (tiêu đề ngắn)')
    .fill('Phần mềm HIS hiện thông báo đòi tiền chuộc');
  await reporter
    .getByLabel('Chi tiết')
    .fill('Sáng nay các máy trạm khoa Dược không mở được tệp, có tệp README đòi bitcoin.');
  await reporter.getByLabel('Hệ thống nào?').selectOption({ label: 'Hệ thống thông tin bệnh viện (HIS)' });
  await reporter.getByRole('radio', { name: /^Cao/ }).check();
  await reporter.getByLabel('Loại sự cố').selectOption('MALICIOUS_CODE');
  await screenshot(reporter, '04-report-filled');
  await reporter.getByRole('button', { name: 'Gửi báo cáo' }).click();

  const banner = reporter.getByTestId('reported-banner');
  await banner.waitFor();
  incidentCode = (await reporter.getByTestId('incident-code').textContent())!.trim();
  expect(incidentCode).toMatch(/^INC-\d{4}-\d{6}$/);
  expect(await banner.textContent()).toContain(incidentCode);
  incidentId = new URL(reporter.url()).pathname.split('/').pop()!;
  const rows = await api.dataSource.query<
    { status: string; severity: string; affected_system_id: string | null }[]
  >('SELECT status, severity, affected_system_id FROM incident WHERE id = $1', [incidentId]);
  expect(rows[0]).toMatchObject({ status: 'NEW', severity: 'HIGH' });
  expect(rows[0].affected_system_id).not.toBeNull();
  await screenshot(reporter, '05-report-sent-status-page');
});

test("the responder's queue shows the new incident without a reload", async () => {
  const card = responder.locator(`[data-section="unassigned"] [data-code="${incidentCode}"]`);
  await card.waitFor({ timeout: 20_000 });
  expect(
    await responder.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument),
  ).toBe(true);
  expect(await card.textContent()).toContain('Phần mềm HIS hiện thông báo đòi tiền chuộc');
  expect(await card.locator('[data-sla]').getAttribute('data-sla')).toBe('ok');
  await screenshot(responder, '06-responder-queue-live');
});

test('the responder acknowledges and resolves', async () => {
  await responder.locator(`[data-code="${incidentCode}"] a`).click();
  await responder.waitForURL(`**/incidents/${incidentId}`);
  const buttons = responder.locator('.big-buttons button');
  await buttons.first().waitFor();
  expect(await buttons.first().textContent()).toBe('Tiếp nhận');
  await screenshot(responder, '07-detail-before-ack');
  await buttons.first().click();
  await responder.locator('article[data-status="IN_PROGRESS"]').waitFor();
  expect(await buttons.first().textContent()).toBe('Xử lý xong');

  await responder.getByLabel('Nội dung').fill('Đã cách ly máy trạm, đang khôi phục từ bản sao lưu.');
  await responder.getByRole('switch').uncheck();
  await responder.getByRole('button', { name: 'Gửi trao đổi' }).click();
  await responder.getByText('Đã cách ly máy trạm, đang khôi phục từ bản sao lưu.').waitFor();

  await buttons.first().click();
  await responder.getByRole('button', { name: /Xác nhận/ }).click();
  await responder.getByText('Hãy mô tả những gì đã làm.').waitFor();
  await responder.getByLabel('Đã làm gì').fill('Khôi phục từ bản sao lưu, vá lỗ hổng RDP.');
  await responder.getByRole('button', { name: /Xác nhận/ }).click();
  await responder.locator('article[data-status="RESOLVED"]').waitFor();
  await screenshot(responder, '08-detail-resolved');
  const rows = await api.dataSource.query<{ status: string; assignee_id: string }[]>(
    'SELECT status, assignee_id FROM incident WHERE id = $1',
    [incidentId],
  );
  expect(rows[0].status).toBe('RESOLVED');
  expect(rows[0].assignee_id).toBe(await api.idOf('user', responderEmail));
});

test("the reporter's status page shows it resolved", async () => {
  // Still the page opened after sending: it follows the case live.
  await reporter.locator('article[data-status="RESOLVED"]').waitFor({ timeout: 20_000 });
  expect(await reporter.locator('.incident-head [data-status]').textContent()).toBe('Đã xử lý xong');
  expect(await reporter.getByText('Đã cách ly máy trạm, đang khôi phục từ bản sao lưu.').isVisible()).toBe(
    true,
  );
  await screenshot(reporter, '09-reporter-status-resolved');
  await reporter.reload();
  await reporter.locator('article[data-status="RESOLVED"]').waitFor();
});

test("a reporter cannot reach another agency's incident by URL", async () => {
  await reporter.goto(`/incidents/${otherIncident.id}`);
  await reporter.getByTestId('not-found').waitFor();
  expect(await reporter.getByTestId('not-found').textContent()).toBe(vi.common.notFound);
  expect(await reporter.content()).not.toContain(otherIncident.title);
  await screenshot(reporter, '10-reporter-other-agency-refused');
});

test('the language switch changes the whole screen, and is remembered for the user', async () => {
  await responder.goto(`/incidents/${incidentId}`);
  await responder.locator('article[data-status="RESOLVED"]').waitFor();
  const viStrings = leaves(vi).filter((s) => s.length > 3 && !s.includes('{{') && !leaves(en).includes(s));
  const before = await responder.locator('body').innerText();
  const shownBefore = viStrings.filter((s) => before.includes(s));
  expect(shownBefore.length).toBeGreaterThan(10);

  await responder.getByRole('button', { name: 'English' }).first().click();
  await responder.getByRole('heading', { name: 'Timeline' }).waitFor();
  const after = await responder.locator('body').innerText();
  expect(shownBefore.filter((s) => after.includes(s))).toEqual([]);
  expect(after).toContain('Resolved');
  expect(await responder.locator('html').getAttribute('lang')).toBe('en');
  await screenshot(responder, '11-language-english');

  const rows = await api.dataSource.query<{ locale: string }[]>(
    'SELECT locale FROM "user" WHERE email = $1',
    [responderEmail],
  );
  expect(rows[0].locale).toBe('en');
  // A fresh device (no local choice) signs in and gets English from the profile.
  const other = await phoneContext(browser, api.url);
  const page = await other.newPage();
  await page.goto('/');
  await signIn(page, responderEmail, PASSWORD);
  await page.getByRole('heading', { name: 'Incident queue' }).waitFor();
  await other.close();
});

test('screenshots were written', () => {
  expect(existsSync('test-artifacts/web/06-responder-queue-live.png')).toBe(true);
});
