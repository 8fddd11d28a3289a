import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { Browser } from 'playwright-core';

import { TestApi } from '../test/support/test-app';
import { ensureWebBuilt, launchChromium, phoneContext, WEB_DIST } from '../test/support/web-browser';

type Print = (bench: string, metric: string, value: number, unit: string) => void;

interface ManifestEntry {
  file: string;
  css?: string[];
  imports?: string[];
  isEntry?: boolean;
}

const gz = (file: string) => gzipSync(readFileSync(join(WEB_DIST, file)), { level: 9 }).length;

/**
 * The production bundle (gzip sizes of what the first page load needs: the entry and its static
 * imports; lazy screens excluded) and the time to first render of the queue in headless Chromium over
 * loopback: from navigation start to the queue's lists on screen, signed in (the session comes back
 * from the refresh cookie, as on a reload), with a cold browser cache each time.
 */
export async function benchWeb(print: Print): Promise<void> {
  await ensureWebBuilt();
  const manifest = JSON.parse(readFileSync(join(WEB_DIST, 'asset-manifest.json'), 'utf8')) as Record<
    string,
    ManifestEntry
  >;
  const initial = new Set<string>();
  const css = new Set<string>();
  const visit = (key: string) => {
    const entry = manifest[key];
    if (!entry || initial.has(entry.file)) return;
    initial.add(entry.file);
    for (const c of entry.css ?? []) css.add(c);
    for (const i of entry.imports ?? []) visit(i);
  };
  for (const [key, entry] of Object.entries(manifest)) if (entry.isEntry) visit(key);
  const allJs = [...new Set(Object.values(manifest).map((e) => e.file))].filter((f) => f.endsWith('.js'));
  const kb = (n: number) => n / 1024;
  print('web', 'initial_js_gzip', kb([...initial].reduce((s, f) => s + gz(f), 0)), 'KB');
  print('web', 'initial_css_gzip', kb([...css].reduce((s, f) => s + gz(f), 0)), 'KB');
  print('web', 'all_js_gzip', kb(allJs.reduce((s, f) => s + gz(f), 0)), 'KB');

  const api = await TestApi.start({ RATE_LIMIT_PER_MINUTE: '10000000' }, { web: true });
  const browser = await launchChromium();
  try {
    const reporter = await api.login('reporter@tocsin.local');
    const agencyId = await api.idOf('agency', 'SYT');
    for (let i = 0; i < 15; i++) {
      await api.gql(
        'mutation($input: ReportIncidentInput!){ reportIncident(input: $input){ id } }',
        { input: { agencyId, title: `Bench incident ${i}`, description: 'bench', severity: 'HIGH' } },
        { token: reporter },
      );
    }
    const times: number[] = [];
    const runs = Number(process.env.BENCH_WEB_RUNS ?? 7);
    for (let run = 0; run < runs; run++) {
      const context = await phoneContext(browser, api.url);
      const res = await context.request.post('/graphql', {
        headers: { 'content-type': 'application/json' },
        data: {
          query: 'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ accessToken } }',
          variables: { e: 'responder@tocsin.local', p: 'Demo-Password-2026' },
        },
      });
      if (!res.ok()) throw new Error(`login failed: ${res.status()}`);
      const page = await context.newPage();
      await page.goto('/queue');
      await page.waitForFunction(
        () => {
          const el = globalThis as unknown as {
            document: { querySelector(s: string): { textContent: string | null } | null };
          };
          return /\(\d+\)/.test(
            el.document.querySelector('[data-section="unassigned"] .count')?.textContent ?? '',
          );
        },
        undefined,
        { timeout: 15_000 },
      );
      times.push(await page.evaluate(() => performance.now()));
      await context.close();
    }
    times.sort((a, b) => a - b);
    print('web', 'queue_first_render_p50', times[Math.floor(times.length / 2)], 'ms');
    print('web', 'queue_first_render_max', times[times.length - 1], 'ms');
    await allOpenFilterChange(api, browser, print);
  } finally {
    await browser.close();
    await api.stop();
  }
}

const OPEN_ROWS = Number(process.env.BENCH_WEB_OPEN_ROWS ?? 500);

/**
 * The all-open list with OPEN_ROWS open incidents: from choosing a severity in the filter until the
 * list and its count show the new answer (both queries, the render), end to end in the browser.
 */
async function allOpenFilterChange(api: TestApi, browser: Browser, print: Print): Promise<void> {
  await api.dataSource.query(
    `INSERT INTO incident (code, title, description, category, severity, tlp, status, source, is_exercise, agency_id,
                           created_at, updated_at, ack_due_at, resolve_due_at, search_text, version)
     SELECT 'WEB-2026-' || lpad(g::text, 6, '0'), 'Sự cố đo hiệu năng #' || g, 'bench',
            (ARRAY['malicious-code','intrusions','availability','fraud']::incident_category[])[1 + g % 4],
            (ARRAY['LOW','MEDIUM','HIGH','CRITICAL']::severity[])[1 + g % 4],
            'AMBER', (ARRAY['NEW','TRIAGED','IN_PROGRESS','CONTAINED']::incident_status[])[1 + (g / 4) % 4],
            'WEB', false, (SELECT id FROM agency ORDER BY code OFFSET g % 5 LIMIT 1),
            now() - (g || ' minutes')::interval, now(),
            now() + ((g % 90) - 30 || ' minutes')::interval, now() + ((g % 600) || ' minutes')::interval,
            'web-2026-' || lpad(g::text, 6, '0') || ' su co do hieu nang #' || g, 1
       FROM generate_series(1, $1::int) g`,
    [OPEN_ROWS],
  );
  await api.dataSource.query('ANALYZE incident');
  const counts = new Map<string, number>(
    (
      await api.dataSource.query<{ severity: string; n: number }[]>(
        `SELECT severity, count(*)::int AS n FROM incident WHERE status IN ('NEW','TRIAGED','IN_PROGRESS','CONTAINED') GROUP BY severity`,
      )
    ).map((r) => [r.severity, r.n]),
  );
  const context = await phoneContext(browser, api.url);
  const res = await context.request.post('/graphql', {
    headers: { 'content-type': 'application/json' },
    data: {
      query: 'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ accessToken } }',
      variables: { e: 'coordinator@tocsin.local', p: 'Demo-Password-2026' },
    },
  });
  if (!res.ok()) throw new Error(`login failed: ${res.status()}`);
  const page = await context.newPage();
  await page.goto('/queue/open');
  await page.locator('.incident-card').first().waitFor({ timeout: 15_000 });
  const order = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
  const samples: number[] = [];
  for (let i = 0; i < 24; i++) {
    const severity = order[i % 4];
    const expected = `Có ${counts.get(severity) ?? 0} sự cố`;
    const started = performance.now();
    await page.getByLabel('Mức độ').selectOption(severity);
    await page.waitForFunction(
      ([sev, text]) => {
        type El = { textContent: string | null; getAttribute(name: string): string | null };
        const d = (
          globalThis as unknown as {
            document: { querySelector(s: string): El | null; querySelectorAll(s: string): El[] };
          }
        ).document;
        const cards = d.querySelectorAll('.incident-card [data-severity]');
        return (
          d.querySelector('[data-testid="list-count"]')?.textContent === text &&
          cards.length > 0 &&
          Array.from(cards).every((c) => c.getAttribute('data-severity') === sev)
        );
      },
      [severity, expected] as const,
      { timeout: 10_000, polling: 'raf' },
    );
    if (i >= 4) samples.push(performance.now() - started); // the first rounds warm caches
  }
  samples.sort((a, b) => a - b);
  print('web', 'all_open_rows', OPEN_ROWS, 'rows');
  print('web', 'all_open_filter_change_p50', samples[Math.floor(samples.length / 2)], 'ms');
  print('web', 'all_open_filter_change_p95', samples[Math.ceil(samples.length * 0.95) - 1], 'ms');
  await context.close();
}

if (require.main === module) {
  benchWeb((bench, metric, value, unit) =>
    console.log(JSON.stringify({ bench, metric, value: Math.round(value * 100) / 100, unit })),
  ).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
