import { jest } from '@jest/globals';
import { generate } from 'otplib';
import { Browser, BrowserContext, Page } from 'playwright-core';

import { TestApi, DEMO_PASSWORD } from './support/test-app';
import { ensureWebBuilt, launchChromium, phoneContext, screenshot } from './support/web-browser';

/**
 * Two-step sign-in in Debian's Chromium at a phone viewport: a coordinator is made to enrol
 * before anything else, signs in with an authenticator code and once with a recovery code, and an
 * admin resets the second factor. Codes are computed with otplib from the secret the UI shows.
 */
jest.setTimeout(180_000);

let api: TestApi;
let browser: Browser;
let coordinatorCtx: BrowserContext;
let adminCtx: BrowserContext;
let coordinator: Page;
let admin: Page;
let secret: string;
let recoveryCodes: string[];

const EMAIL = 'coordinator@tocsin.local';

async function passwordStep(page: Page, email: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
}

/** Signed in: the header's user menu (the sign-out button folds into it). */
const signedIn = (page: Page) => page.locator('details.user-menu summary').waitFor();

async function signOut(page: Page) {
  const menu = page.locator('details.user-menu summary');
  if (await menu.isVisible()) await menu.click();
  await page.getByRole('button', { name: 'Đăng xuất', exact: true }).click();
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
}

beforeAll(async () => {
  await ensureWebBuilt();
  // Coordinators must use a second factor; the admin of this suite signs in with a password.
  api = await TestApi.start(
    { RATE_LIMIT_PER_MINUTE: '100000', TWO_FACTOR_REQUIRED_ROLES: 'COORDINATOR' },
    { web: true },
  );
  browser = await launchChromium();
  coordinatorCtx = await phoneContext(browser, api.url);
  adminCtx = await phoneContext(browser, api.url);
  coordinator = await coordinatorCtx.newPage();
  admin = await adminCtx.newPage();
});

afterAll(async () => {
  await browser?.close();
  await api?.stop();
});

test('a coordinator without a second factor is made to enrol first: QR code, first code, ten recovery codes', async () => {
  await coordinator.goto('/queue');
  await passwordStep(coordinator, EMAIL);
  await coordinator.getByRole('heading', { name: 'Thiết lập xác thực hai bước' }).waitFor();
  expect(await coordinator.getByText('Vai trò của bạn bắt buộc dùng xác thực hai bước').count()).toBe(1);
  // Nothing else opens: the queue route still shows the enrolment.
  await coordinator.goto('/queue');
  await coordinator.getByRole('heading', { name: 'Thiết lập xác thực hai bước' }).waitFor();
  await coordinator.getByRole('button', { name: 'Bắt đầu thiết lập' }).click();
  const qr = coordinator.getByRole('img', { name: 'Mã QR để thêm Tocsin vào ứng dụng xác thực' });
  await qr.waitFor();
  expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
  secret = (await coordinator.getByTestId('totp-secret').textContent())!.trim();
  await screenshot(coordinator, '2fa-01-enrol-qr');
  await coordinator.getByLabel('Mã 6 chữ số đang hiện trong ứng dụng').fill('12');
  await coordinator.getByRole('button', { name: 'Xác nhận' }).click();
  await coordinator.getByRole('alert').filter({ hasText: 'Mã gồm đúng 6 chữ số.' }).waitFor();
  await coordinator.getByLabel('Mã 6 chữ số đang hiện trong ứng dụng').fill(await generate({ secret }));
  await coordinator.getByRole('button', { name: 'Xác nhận' }).click();
  const list = coordinator.getByRole('list', { name: 'Mã dự phòng' });
  await list.waitFor();
  recoveryCodes = (await list.getByRole('listitem').allTextContents()).map((c) => c.trim());
  expect(recoveryCodes).toHaveLength(10);
  await screenshot(coordinator, '2fa-02-recovery-codes');
  await coordinator.getByRole('button', { name: 'Tôi đã lưu các mã, tiếp tục' }).click();
  await coordinator
    .getByRole('heading', { name: 'Thiết lập xác thực hai bước' })
    .waitFor({ state: 'detached' });
  await signOut(coordinator);
});

test('signs in with the authenticator code', async () => {
  await passwordStep(coordinator, EMAIL);
  await coordinator.getByRole('heading', { name: 'Xác thực hai bước' }).waitFor();
  // The enrolment used this step's code; a code works once, so the next step's (one step of drift).
  await coordinator
    .getByLabel('Mã xác thực')
    .fill('000000' === (await generate({ secret })) ? '111111' : '000000');
  await coordinator.getByRole('button', { name: 'Xác nhận' }).click();
  await coordinator.getByRole('alert').filter({ hasText: 'Mã không đúng hoặc đã được dùng.' }).waitFor();
  await coordinator
    .getByLabel('Mã xác thực')
    .fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
  await coordinator.getByRole('button', { name: 'Xác nhận' }).click();
  await signedIn(coordinator);
  await screenshot(coordinator, '2fa-03-signed-in');
  await signOut(coordinator);
});

test('a recovery code works once', async () => {
  for (const attempt of ['first', 'second']) {
    await passwordStep(coordinator, EMAIL);
    await coordinator.getByRole('button', { name: 'Dùng mã dự phòng' }).click();
    await coordinator.getByLabel('Mã dự phòng').fill(recoveryCodes[0]);
    await coordinator.getByRole('button', { name: 'Xác nhận' }).click();
    if (attempt === 'first') {
      await signedIn(coordinator);
      await signOut(coordinator);
    } else {
      await coordinator.getByRole('alert').filter({ hasText: 'Mã không đúng hoặc đã được dùng.' }).waitFor();
      await screenshot(coordinator, '2fa-04-recovery-code-used');
    }
  }
});

test('an admin resets the second factor; the coordinator must set it up again and is told', async () => {
  await admin.goto('/');
  await passwordStep(admin, 'admin@tocsin.local');
  await signedIn(admin);
  await admin.goto('/admin/users');
  admin.once('dialog', (dialog) => void dialog.accept());
  const row = admin.getByRole('row').filter({ hasText: EMAIL });
  await row.getByRole('button', { name: 'Đặt lại xác thực hai bước' }).click();
  await admin.getByRole('status').filter({ hasText: 'Đã đặt lại xác thực hai bước của' }).waitFor();
  await screenshot(admin, '2fa-05-admin-reset');
  const [event] = await api.dataSource.query<{ n: number }[]>(
    "SELECT count(*)::int AS n FROM audit_event WHERE action = 'user.second_factor_reset'",
  );
  expect(event.n).toBe(1);

  await coordinator.goto('/');
  await passwordStep(coordinator, EMAIL);
  await coordinator.getByRole('heading', { name: 'Thiết lập xác thực hai bước' }).waitFor();
  await coordinator.getByText('Quản trị viên đã đặt lại xác thực hai bước của bạn lúc').waitFor();
  await screenshot(coordinator, '2fa-06-told-after-reset');
});
