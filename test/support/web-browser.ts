import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

const ROOT = process.cwd();
export const WEB_DIST = join(ROOT, 'dist', 'web');
export const ARTIFACTS = join(ROOT, 'test-artifacts', 'web');
/** Debian's Chromium (installed by .ci/run); never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

const upToDate = (index: string, sources: string) =>
  existsSync(index) && statSync(index).mtimeMs >= newestMtime(sources);

/**
 * Builds the UI when dist/web is missing or older than any source of apps/web. Two browser suites
 * run at once: a lock directory lets one build while the other waits, and the build goes to a
 * fresh directory swapped into place, so nobody reads a half-written dist/web.
 */
export async function ensureWebBuilt(): Promise<void> {
  const index = join(WEB_DIST, 'index.html');
  const sources = join(ROOT, 'apps', 'web');
  if (upToDate(index, sources)) return;
  const lock = `${WEB_DIST}.lock`;
  mkdirSync(dirname(WEB_DIST), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than 5 minutes belongs to a run that died.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 300_000)
        rmSync(lock, { recursive: true });
      if (Date.now() - started > 300_000) throw new Error(`${lock} held for 5 minutes`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    if (upToDate(index, sources)) return; // the other suite built it meanwhile
    const fresh = `${WEB_DIST}.build-${process.pid}`;
    const result = spawnSync(
      join(ROOT, 'node_modules', '.bin', 'vite'),
      ['build', '-c', 'apps/web/vite.config.mts', '--outDir', fresh, '--emptyOutDir'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        // Jest sets NODE_ENV=test, which would make Vite bundle React's development build.
        env: { ...process.env, NODE_ENV: 'production', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
      },
    );
    if (result.status !== 0) throw new Error(`web build failed:\n${result.stdout}\n${result.stderr}`);
    const old = `${WEB_DIST}.old-${process.pid}`;
    if (existsSync(WEB_DIST)) renameSync(WEB_DIST, old);
    renameSync(fresh, WEB_DIST);
    rmSync(old, { recursive: true, force: true });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

/** A phone: 360 × 740 CSS pixels, touch, Vietnamese locale and the province's time zone. */
export function phoneContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    serviceWorkers: 'block',
  });
}

/** Saves a full-page screenshot under test-artifacts/web/ (git-ignored; CI keeps it as an artifact). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
