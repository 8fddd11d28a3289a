import { jest } from '@jest/globals';
import { Browser, BrowserContext, Page } from 'playwright-core';

import { seriousViolations } from './support/axe';
import { DEMO_PASSWORD, TestApi } from './support/test-app';
import { ensureWebBuilt, launchChromium, phoneContext, screenshot } from './support/web-browser';

/**
 * The coordinator's and the leader's journeys in Debian's Chromium at 360 px, against a real api
 * and worker: triage (the responder's queue and the reporter's page follow live), reassignment,
 * rejection as a duplicate through the picker, escalation into the leader's inbox, pausing and
 * resuming the clocks, closing with a resolution code, and the all-open list's search and filters.
 * Every screen visited is checked with axe. Screenshots `c01`–`c12` go to test-artifacts/web/.
 */
jest.setTimeout(180_000);

const PASSWORD = 'Coordinator-Web-2026';
const TAG = `dpv${Date.now().toString(36)}`;

let api: TestApi;
let browser: Browser;
const contexts: BrowserContext[] = [];
let coordinator: Page;
let responder: Page;
let reporter: Page;
let leader: Page;
let ids: Record<'responder' | 'responder2' | 'outsider', string>;
const cases: Record<'main' | 'dup' | 'outside', { id: string; code: string }> = {} as never;
const axe: Record<string, string[]> = {};

async function open(email: string, password = DEMO_PASSWORD): Promise<Page> {
  const ctx = await phoneContext(browser, api.url);
  contexts.push(ctx);
  const page = await ctx.newPage();
  await page.goto('/');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(/\/(queue|reports|dashboard)$/);
  return page;
}

async function checkAxe(page: Page, screen: string) {
  axe[screen] = await seriousViolations(page);
}

async function row(code: string) {
  const [r] = await api.dataSource.query<
    {
      id: string;
      status: string;
      severity: string;
      tlp: string;
      assignee_id: string | null;
      team_id: string | null;
      duplicate_of_id: string | null;
      resolution_code: string | null;
      lessons_learned: string | null;
    }[]
  >('SELECT * FROM incident WHERE code = $1', [code]);
  return r;
}

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
  api = await TestApi.start({ RATE_LIMIT_PER_MINUTE: '100000' }, { worker: true, web: true });
  await api.pageOnly('coordinator@tocsin.local');
  const admin = await api.login('admin@tocsin.local');
  // A responder in no team: a case assigned to them is outside the coordinator's team sections.
  const created = await api.gql<{ createUser: { id: string } }>(
    'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }',
    {
      i: {
        email: `ngoai.doi.${TAG}@example.vn`,
        displayName: 'Vũ Văn Ngoài Đội',
        role: 'RESPONDER',
        agencyId: await api.idOf('agency', 'STTTT'),
        password: PASSWORD,
      },
    },
    { token: admin },
  );
  ids = {
    responder: await api.idOf('user', 'responder@tocsin.local'),
    responder2: await api.idOf('user', 'responder2@tocsin.local'),
    outsider: created.data!.createUser.id,
  };
  const reporterToken = await api.login('reporter@tocsin.local');
  const agencyId = await api.idOf('agency', 'SYT');
  const titles = {
    main: `Cổng thông tin Sở Y tế bị thay giao diện ${TAG}`,
    dup: `Trang chủ Sở Y tế hiện nội dung lạ ${TAG}`,
    outside: `Máy trạm phòng kế toán nhiễm mã độc ${TAG} kho-luu-tru`,
  };
  for (const key of ['main', 'dup', 'outside'] as const) {
    const res = await api.gql<{ reportIncident: { id: string; code: string } }>(
      'mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { id code } }',
      { i: { title: titles[key], description: 'Phát hiện sáng nay', agencyId } },
      { token: reporterToken },
    );
    cases[key] = res.data!.reportIncident;
  }
  const coordinatorToken = await api.login('coordinator@tocsin.local');
  const assigned = await api.gql(
    'mutation($id: ID!, $a: ID) { assignIncident(id: $id, assigneeId: $a) { id } }',
    { id: cases.outside.id, a: ids.outsider },
    { token: coordinatorToken },
  );
  expect(assigned.errors).toBeUndefined();

  browser = await launchChromium();
  coordinator = await open('coordinator@tocsin.local');
  responder = await open('responder@tocsin.local');
  reporter = await open('reporter@tocsin.local');
  leader = await open('leader@tocsin.local');
});

afterAll(async () => {
  for (const ctx of contexts) await ctx.close().catch(() => undefined);
  await browser?.close();
  await api?.stop();
});

test('a coordinator triages a new case; the responder’s queue and the reporter’s page follow live', async () => {
  await responder.goto('/queue');
  await responder.getByRole('heading', { name: 'Hàng đợi sự cố' }).waitFor();
  await checkAxe(responder, 'queue');
  await reporter.goto(`/incidents/${cases.main.id}`);
  await reporter.locator('article[data-status="NEW"]').waitFor();

  await coordinator.goto(`/incidents/${cases.main.id}`);
  await coordinator.locator('article[data-status="NEW"]').waitFor();
  await checkAxe(coordinator, 'incident');
  await coordinator.locator('[data-tool="triage"]').click();
  const form = coordinator.locator('form[data-form="triage"]');
  // The form opens with the current values.
  await waitFor('current values', async () => (await form.getByLabel('Mức độ').inputValue()) === 'MEDIUM');
  await form.getByLabel('Mức độ').selectOption('HIGH');
  await form.getByLabel('TLP').selectOption('GREEN');
  await form.getByLabel('Đội xử lý').selectOption({ label: 'Đội ứng cứu sự cố tỉnh' });
  await form.getByLabel('Người xử lý').selectOption(ids.responder);
  await screenshot(coordinator, 'c01-triage-form');
  await form.getByRole('button', { name: 'Phân loại và giao việc' }).click();
  await coordinator.locator('article[data-status="TRIAGED"]').waitFor();

  const r = await row(cases.main.code);
  expect(r).toMatchObject({ status: 'TRIAGED', severity: 'HIGH', tlp: 'GREEN', assignee_id: ids.responder });
  expect(r.team_id).not.toBeNull();
  // Live: no reload on the responder's queue nor on the reporter's page.
  await responder.locator(`[data-section="mine"] [data-code="${cases.main.code}"]`).waitFor();
  await reporter.locator('article[data-status="TRIAGED"]').waitFor();
  await screenshot(responder, 'c02-responder-queue-live');
  await screenshot(reporter, 'c03-reporter-follows');
});

test('a coordinator reassigns the case from the same form', async () => {
  await coordinator.locator('[data-tool="triage"]').click();
  const form = coordinator.locator('form[data-form="triage"]');
  await waitFor(
    'current assignee',
    async () => (await form.getByLabel('Người xử lý').inputValue()) === ids.responder,
  );
  await form.getByLabel('Người xử lý').selectOption(ids.responder2);
  await form.getByRole('button', { name: 'Lưu phân loại' }).click();
  await waitFor('reassigned', async () => (await row(cases.main.code)).assignee_id === ids.responder2);
  await coordinator.locator('.facts').getByText('Lê Văn Trực').waitFor();
});

test('a coordinator rejects a case as a duplicate chosen in the search-as-you-type picker', async () => {
  await coordinator.goto(`/incidents/${cases.dup.id}`);
  await coordinator.locator('article[data-status="NEW"]').waitFor();
  await coordinator.locator('[data-tool="reject"]').click();
  const form = coordinator.locator('form[data-form="reject"]');
  // Without a choice the form says what is missing and changes nothing.
  await form.getByLabel('Trùng với sự cố khác').check();
  await form.getByRole('button', { name: 'Từ chối sự cố' }).click();
  await form.getByRole('alert').filter({ hasText: 'Hãy chọn sự cố bị trùng.' }).waitFor();
  expect((await row(cases.dup.code)).status).toBe('NEW');

  await form.getByLabel('Tìm sự cố theo mã hoặc từ khoá').fill('thay giao dien');
  await form.locator(`[data-pick="${cases.main.code}"]`).click();
  await form.locator(`[data-picked="${cases.main.code}"]`).waitFor();
  await screenshot(coordinator, 'c04-reject-duplicate-picker');
  await form.getByRole('button', { name: 'Từ chối sự cố' }).click();
  await coordinator.locator('article[data-status="REJECTED"]').waitFor();
  const r = await row(cases.dup.code);
  expect(r).toMatchObject({ status: 'REJECTED', duplicate_of_id: cases.main.id });
});

test('a coordinator escalates with a reason and the leader’s inbox shows it within seconds', async () => {
  await leader.goto('/dashboard');
  const bell = leader.locator('a.bell');
  const before = Number(await bell.getAttribute('data-unread'));
  await coordinator.goto(`/incidents/${cases.main.id}`);
  await coordinator.locator('article[data-status="TRIAGED"]').waitFor();
  await coordinator.locator('[data-tool="escalate"]').click();
  const form = coordinator.locator('form[data-form="escalate"]');
  await form
    .getByLabel('Vì sao cần báo cáo cấp trên')
    .fill('Cổng thông tin của Sở bị thay giao diện, cần chỉ đạo');
  await form.getByRole('button', { name: 'Báo cáo cấp trên ngay' }).click();
  await coordinator.getByText('Mức leo thang 1').waitFor();

  // The bell follows without a reload; the inbox lists the case, newest first.
  await waitFor('the bell', async () => Number(await bell.getAttribute('data-unread')) > before, 30_000);
  await bell.click();
  await leader.waitForURL('**/inbox');
  const entry = leader.locator(`li[data-code="${cases.main.code}"][data-event="MANUAL_ESCALATION"]`).first();
  await entry.waitFor();
  expect(await entry.textContent()).toContain('Được báo cáo cấp trên');
  await checkAxe(leader, 'inbox');
  await screenshot(leader, 'c05-leader-inbox');
  await entry.getByRole('link').click();
  await leader.waitForURL(`**/incidents/${cases.main.id}`);
  await waitFor('marked read', async () => {
    const [n] = await api.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM notification n JOIN "user" u ON u.id = n.recipient_id
        WHERE u.email = 'leader@tocsin.local' AND n.incident_id = $1 AND n.event = 'MANUAL_ESCALATION' AND n.read_at IS NULL`,
      [cases.main.id],
    );
    return n.n === 0;
  });
});

test('a coordinator pauses and resumes the SLA clock with a reason', async () => {
  await coordinator.locator('[data-tool="pause"]').click();
  const form = coordinator.locator('form[data-form="pause"]');
  await form.getByRole('button', { name: 'Tạm dừng' }).click();
  await form.getByRole('alert').filter({ hasText: 'Hãy nêu lý do.' }).waitFor();
  await form.getByLabel(/Vì sao tạm dừng/).fill('Chờ Sở Y tế gửi nhật ký máy chủ');
  await form.getByRole('button', { name: 'Tạm dừng' }).click();
  await coordinator.getByTestId('sla-paused').waitFor();
  const pauses = () =>
    api.dataSource.query<{ reason: string; ended_at: Date | null }[]>(
      'SELECT reason, ended_at FROM incident_sla_pause WHERE incident_id = $1',
      [cases.main.id],
    );
  expect(await pauses()).toEqual([{ reason: 'Chờ Sở Y tế gửi nhật ký máy chủ', ended_at: null }]);
  await screenshot(coordinator, 'c06-sla-paused');
  await coordinator.getByRole('button', { name: 'Chạy lại đồng hồ SLA' }).click();
  await coordinator.getByTestId('sla-paused').waitFor({ state: 'detached' });
  expect((await pauses())[0].ended_at).toBeInstanceOf(Date);
});

test('a coordinator closes a resolved case with a resolution code, after confirming', async () => {
  const worker = await api.login('responder2@tocsin.local');
  for (const m of [
    'acknowledgeIncident(id: $id)',
    'resolveIncident(id: $id, resolution: "Đã khôi phục giao diện")',
  ]) {
    const res = await api.gql(`mutation($id: ID!) { ${m} { id } }`, { id: cases.main.id }, { token: worker });
    expect(res.errors).toBeUndefined();
  }
  await coordinator.locator('article[data-status="RESOLVED"]').waitFor();
  await coordinator.locator('[data-action="close"]').click();
  const form = coordinator.locator('form[data-form="close"]');
  await form.getByLabel('Kết luận').selectOption('TRUE_POSITIVE');
  await form.getByLabel('Bài học kinh nghiệm').fill('Cập nhật CMS hằng tháng; bật xác thực hai lớp');
  await form.getByRole('button', { name: /Xác nhận/ }).click();
  const confirm = coordinator.getByRole('alertdialog');
  await confirm.waitFor();
  expect(await confirm.textContent()).toContain(`Đóng sự cố ${cases.main.code}?`);
  expect((await row(cases.main.code)).status).toBe('RESOLVED'); // nothing yet
  await screenshot(coordinator, 'c07-close-confirm');
  await confirm.getByRole('button', { name: 'Có, đóng sự cố' }).click();
  await coordinator.locator('article[data-status="CLOSED"]').waitFor();
  await coordinator.getByTestId('resolution-code').waitFor();
  expect(await row(cases.main.code)).toMatchObject({
    status: 'CLOSED',
    resolution_code: 'TRUE_POSITIVE',
    lessons_learned: 'Cập nhật CMS hằng tháng; bật xác thực hai lớp',
  });
});

test('a coordinator finds a case assigned outside the team in "all open", by search and by filter', async () => {
  await coordinator.goto('/queue');
  await coordinator.getByRole('link', { name: 'Tất cả đang mở' }).first().click();
  await coordinator.waitForURL('**/queue/open');
  await coordinator.getByLabel('Tìm theo mã, tiêu đề, mô tả').fill('kho luu tru');
  await coordinator.waitForURL(/q=kho/);
  const card = coordinator.locator(`[data-code="${cases.outside.code}"]`);
  await card.waitFor();
  await waitFor('one result', async () => (await coordinator.locator('.incident-card').count()) === 1);
  await checkAxe(coordinator, 'all-open');
  await screenshot(coordinator, 'c08-all-open-search');

  // The filter is in the URL: a shared link opens the same list.
  await coordinator.goto(`/queue/open?assignee=${ids.outsider}`);
  await card.waitFor();
  await coordinator.getByTestId('list-count').filter({ hasText: 'Có 1 sự cố' }).waitFor();
  expect(await coordinator.getByLabel('Người xử lý').inputValue()).toBe(ids.outsider);
  await coordinator.getByLabel('Mức độ').selectOption('CRITICAL');
  await coordinator.waitForURL(/severity=CRITICAL/);
  await coordinator.getByText('Không có sự cố nào khớp bộ lọc.').waitFor();
  await screenshot(coordinator, 'c09-all-open-filter');

  await coordinator.goto('/queue/closed');
  await coordinator.locator(`[data-code="${cases.main.code}"]`).waitFor();
  await coordinator.locator(`[data-code="${cases.dup.code}"]`).waitFor();
  await checkAxe(coordinator, 'closed');
});

test('a leader taps a dashboard number and lands on the matching filtered list', async () => {
  await leader.goto('/dashboard');
  await leader.getByTestId('sla-headline').waitFor();
  // The chart's hidden data table no longer widens the page past the phone's width.
  expect(
    await leader.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
          .documentElement.scrollWidth,
    ),
  ).toBeLessThanOrEqual(360);
  // The header is one line: the user and sign-out sit in a menu.
  expect((await leader.locator('header.top').boundingBox())!.height).toBeLessThanOrEqual(60);
  await checkAxe(leader, 'dashboard');
  await screenshot(leader, 'c10-dashboard');
  const { severity } = await row(cases.outside.code);
  const link = leader.locator(`[data-severity-link="${severity}"]`);
  const shown = Number(await link.textContent());
  const [{ n }] = await api.dataSource.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM incident WHERE severity = $1 AND status IN ('NEW','TRIAGED','IN_PROGRESS','CONTAINED') AND tlp <> 'RED'`,
    [severity],
  );
  expect(shown).toBe(n);
  await link.click();
  await leader.waitForURL(`**/queue/open?severity=${severity}`);
  await leader
    .getByTestId('list-count')
    .filter({ hasText: `Có ${n} sự cố` })
    .waitFor();
  expect(await leader.getByLabel('Mức độ').inputValue()).toBe(severity);
  await leader.locator(`[data-code="${cases.outside.code}"]`).waitFor();
  await screenshot(leader, 'c11-dashboard-to-list');
});

test('a team created in the UI gets members, a rotation and an override that changes who is on call', async () => {
  const team = `Tổ trực ${TAG}`;
  await coordinator.goto('/admin/teams');
  await coordinator.getByLabel('Tên', { exact: true }).fill(team);
  await coordinator.getByRole('button', { name: 'Tạo', exact: true }).click();
  await coordinator.getByRole('link', { name: `Quản lý trực: ${team}` }).click();
  await coordinator.getByRole('heading', { name: team, level: 2 }).waitFor();
  for (const id of [ids.responder, ids.responder2]) {
    await coordinator.getByLabel('Thêm thành viên').selectOption(id);
    await coordinator.getByRole('button', { name: 'Thêm', exact: true }).click();
    await coordinator.locator(`[data-member="${id}"]`).waitFor();
  }
  await coordinator.getByLabel('Lịch trực mới').fill('Trực chính');
  await coordinator.getByRole('button', { name: 'Tạo', exact: true }).click();
  const schedule = coordinator.locator('[data-schedule="Trực chính"]');
  await schedule.waitFor();
  // A weekly rotation of the first responder, started yesterday (local date).
  const local = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString();
  const layer = schedule.locator('form[data-form="layer"]');
  await layer.getByLabel('Tên lượt trực').fill('Trực tuần');
  await layer.getByLabel('Trần Thị Ứng Cứu').check();
  await layer.getByLabel('Độ dài ca (giờ)').fill('168');
  await layer.getByLabel('Giờ đổi ca').fill('08:00');
  await layer.getByLabel('Bắt đầu từ ngày').fill(local(Date.now() - 86_400_000).slice(0, 10));
  await layer.getByRole('button', { name: 'Thêm lượt trực' }).click();
  const now = coordinator.getByTestId('on-call-now');
  await now.filter({ hasText: 'Trần Thị Ứng Cứu' }).waitFor();
  // "I cover from now for three hours": the override wins over the rotation.
  const override = schedule.locator('form[data-form="override"]');
  await override.getByLabel('Ai trực thay').selectOption(ids.responder2);
  await override.getByLabel('Từ').fill(local(Date.now() - 5 * 60_000).slice(0, 16));
  await override.getByLabel('Đến').fill(local(Date.now() + 3 * 3_600_000).slice(0, 16));
  await override.getByLabel('Lý do').fill('Trực thay tối nay');
  await override.getByRole('button', { name: 'Thêm trực thay' }).click();
  await now.filter({ hasText: 'Lê Văn Trực' }).waitFor();
  expect(await now.textContent()).not.toContain('Trần Thị Ứng Cứu');
  await schedule.locator('[data-testid="coverage"] li[data-source="override"]').first().waitFor();
  await checkAxe(coordinator, 'oncall');
  await screenshot(coordinator, 'c12-oncall');
  const [row] = await api.dataSource.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM schedule_override o JOIN schedule s ON s.id = o.schedule_id JOIN team t ON t.id = s.team_id
      WHERE t.name = $1 AND o.user_id = $2`,
    [team, ids.responder2],
  );
  expect(row.n).toBe(1);
});

test('the report form: a fixed field loses its error at once, and severity labels say the word once', async () => {
  await reporter.goto('/report');
  await reporter.getByRole('button', { name: 'Gửi báo cáo' }).click();
  const titleError = reporter.getByText('Hãy mô tả ngắn gọn chuyện gì đã xảy ra.');
  await titleError.waitFor();
  await reporter.getByLabel('Chuyện gì đã xảy ra? (tiêu đề ngắn)').fill('Trang web bị thay giao diện');
  await titleError.waitFor({ state: 'detached' });
  expect(await reporter.getByText('Hãy chọn mức độ.').isVisible()).toBe(true);
  const high = (await reporter.getByRole('radio', { name: /^Cao/ }).locator('..').textContent())!;
  expect(high).toMatch(/^Cao — /);
  expect(high).not.toContain('Cao: ');
  await checkAxe(reporter, 'report');
});

test('no serious or critical accessibility violations on any screen visited', () => {
  const screens = ['all-open', 'closed', 'dashboard', 'inbox', 'incident', 'oncall', 'queue', 'report'];
  expect(Object.keys(axe).sort()).toEqual(screens);
  expect(axe).toEqual(Object.fromEntries(screens.map((s) => [s, []])));
});
