import type { Browser, Page } from 'playwright-core';
import { launch, screenshot, signedInPage } from './browser';

/**
 * Every control of the page that a user can operate, with the name assistive technology would announce (aria-label,
 * aria-labelledby, a <label>, its text, a title), so that unnamed controls can be listed.
 */
async function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const controls = document.querySelectorAll<HTMLElement>(
      'input, select, textarea, button, a[href], [role="tab"], [tabindex]:not([tabindex="-1"])',
    );
    const nameOf = (element: HTMLElement): string => {
      const labelledBy = element.getAttribute('aria-labelledby');
      const byIds = labelledBy
        ? labelledBy
            .split(/\s+/)
            .map((id) => document.getElementById(id)?.textContent ?? '')
            .join(' ')
        : '';
      const labels =
        'labels' in element && element.labels
          ? Array.from(element.labels as NodeListOf<HTMLLabelElement>)
              .map((label) => label.textContent ?? '')
              .join(' ')
          : '';
      return (
        [element.getAttribute('aria-label'), byIds, labels, element.textContent, element.getAttribute('title')]
          .map((text) => (text ?? '').trim())
          .find((text) => text.length > 0) ?? ''
      );
    };
    return Array.from(controls)
      .filter((element) => element.offsetParent !== null || element.getClientRects().length > 0)
      .filter((element) => nameOf(element) === '')
      .map((element) => element.outerHTML.slice(0, 120));
  });
}

/** Presses Tab until `accept` holds for the focused element (at most `limit` times); returns how many presses. */
async function tabUntil(page: Page, accept: () => Promise<boolean>, limit = 60): Promise<number> {
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press('Tab');
    if (await accept()) return presses;
  }
  throw new Error(`Tab never reached the element after ${limit} presses`);
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
const focusedLabel = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('accessibility basics and clear states', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('labels every control of every main view', async () => {
    const { page, problems } = await signedInPage(browser, '#/models');
    await page.getByRole('table', { name: 'Resident models' }).waitFor();
    await page.getByRole('button', { name: 'Hooks of tiny-gpt2-bytes' }).click();
    await page.getByRole('table', { name: 'Hook points of tiny-gpt2-bytes' }).waitFor();
    expect(await unnamedControls(page)).toEqual([]);

    await page.goto(page.url().replace(/#.*$/, '#/playground'));
    await page.getByRole('textbox', { name: 'Prompt' }).fill('The cat sat on the mat.');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByRole('heading', { name: /tokens on/ }).waitFor();
    for (const tab of ['Attention', 'Logit lens', 'Residual & logit attribution', 'Head detectors']) {
      await page.getByRole('tab', { name: tab }).click();
      await page.waitForLoadState('networkidle');
      expect({ tab, unnamed: await unnamedControls(page) }).toEqual({ tab, unnamed: [] });
    }

    for (const view of ['#/experiments', '#/live']) {
      await page.goto(page.url().replace(/#.*$/, view));
      await page.waitForLoadState('networkidle');
      expect({ view, unnamed: await unnamedControls(page) }).toEqual({ view, unnamed: [] });
    }
    expect(problems).toEqual([]);
  });

  it('runs the playground with the keyboard alone', async () => {
    const { page, problems } = await signedInPage(browser, '#/models');
    await page.getByRole('table', { name: 'Resident models' }).waitFor();
    // From the top of the page: Tab to the Playground link, Enter opens it.
    await tabUntil(page, async () => (await focusedText(page)) === 'Playground');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Playground' }).waitFor();
    // Tab to the prompt, type, Tab to Run, Enter runs.
    await tabUntil(page, async () => (await focusedLabel(page)) === 'playground-prompt');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Hello, world');
    await tabUntil(page, async () => (await focusedText(page)) === 'Run');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^12 tokens on/ }).waitFor();
    // The analyses are tabs: Tab reaches the selected one, arrow keys move between them.
    await tabUntil(page, async () => (await focusedText(page)) === 'Attention');
    await page.keyboard.press('ArrowRight');
    expect(await focusedText(page)).toBe('Logit lens');
    expect(await page.getByRole('tab', { name: 'Logit lens' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('tabpanel').waitFor();
    expect(problems).toEqual([]);
  });

  it('says in words why a run was refused', async () => {
    const { page } = await signedInPage(browser, '#/playground');
    await page.getByLabel('Model').selectOption('tiny-induction-2l');
    // 300 bytes: longer than the model's context of 256 tokens.
    await page.getByRole('textbox', { name: 'Prompt' }).fill('x'.repeat(300));
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    expect(text).toMatch(/^Running the model failed\. /);
    expect(text).toMatch(/256/);
    expect(text).toMatch(/\(HTTP 4\d\d\)$/);
    await screenshot(page, 'playground-refused');
  });

  it('shows an empty state, not a blank page, for an unknown view', async () => {
    const { page } = await signedInPage(browser, '#/nowhere');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(
      /There is no view “nowhere”\. Choose one of Models, Playground, Experiments, Live\./,
    );
  });
});
