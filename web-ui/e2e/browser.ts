import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** The server under test and an API key for it (DashboardE2eIT sets both; by hand: a server you started). */
export const baseUrl = process.env.ARRAKIS_URL ?? 'http://localhost:8080';
export const key = process.env.ARRAKIS_KEY ?? '';

/** Where screenshots go: test artifacts, to look at after the run. */
export const screenshotDir = process.env.ARRAKIS_SCREENSHOTS ?? join(process.cwd(), 'target', 'e2e-screenshots');

/** Debian's chromium; never a downloaded browser. */
export const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

export const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launch(): Promise<Browser> {
  if (!key) throw new Error('Set ARRAKIS_KEY to an API key of the server at ' + baseUrl);
  return chromium.launch({ executablePath, args: FLAGS, headless: true });
}

/**
 * A page signed in with the key (stored as the app stores it), at `hash` (e.g. `#/playground`). Console errors and
 * failed requests are collected in `problems`, so that a test can assert there were none.
 */
export async function signedInPage(browser: Browser, hash = '#/models'): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await context.addInitScript((apiKey) => window.localStorage.setItem('arrakis.apiKey', apiKey), key);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto(`${baseUrl}/${hash}`);
  return { page, problems };
}

/** Saves a full-page screenshot as `<name>.png` in the screenshot folder and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
