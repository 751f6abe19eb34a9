import type { Browser } from 'playwright-core';
import { launch, screenshot, signedInPage } from './browser';

describe('the models view', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lists the bundled models and shows the hook catalogue of one', async () => {
    const { page, problems } = await signedInPage(browser, '#/models');
    const table = page.getByRole('table', { name: 'Resident models' });
    await table.getByRole('rowheader', { name: 'tiny-induction-2l' }).waitFor();
    for (const name of ['tiny-gpt2-bytes', 'tiny-induction-2l', 'tiny-llama-bytes']) {
      expect(await table.getByRole('rowheader', { name }).count()).toBe(1);
    }
    await page.getByRole('button', { name: 'Hooks of tiny-induction-2l' }).click();
    const hooks = page.getByRole('table', { name: 'Hook points of tiny-induction-2l' });
    await hooks.getByText('blocks.1.attn.hook_pattern').waitFor();
    // 41 hook points (the catalogue the API reports); the filter narrows them to the two pattern hooks.
    expect(await hooks.locator('tbody tr').count()).toBe(41);
    await page.getByLabel('Filter').fill('hook_pattern');
    expect(await hooks.locator('tbody tr').count()).toBe(2);
    await screenshot(page, 'models');
    expect(problems).toEqual([]);
  });

  it('asks for a key again, in words, when the stored key is refused', async () => {
    const context = await browser.newContext();
    await context.addInitScript(() => window.localStorage.setItem('arrakis.apiKey', 'not-a-real-key'));
    const page = await context.newPage();
    await page.goto(`${process.env.ARRAKIS_URL ?? 'http://localhost:8080'}/#/models`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/Signing in failed/);
    expect(await page.getByLabel('API key').isVisible()).toBe(true);
    await screenshot(page, 'key-refused');
    await context.close();
  });
});
