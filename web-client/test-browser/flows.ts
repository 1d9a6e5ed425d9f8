// Steps through the pages by the DOM contract (DOM_CONTRACT.md): ids, data attributes and roles,
// never translated text. Every wait has the context's default timeout (harness.ts TIMEOUTS).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { Account } from './harness';

export type Language = 'sv' | 'en' | 'ar';
export type Lane = 'support' | 'consultation';
export type HelpSeekerScreen = 'language' | 'lane' | 'waiting' | 'closed' | 'chat' | 'ended';

/** The pages and their paths on the server. */
export const PAGES = [
  { name: 'help-seeker', path: '/' },
  { name: 'counsellor', path: '/counsellor/' },
  { name: 'supervisor', path: '/supervisor/' },
] as const;

/** Ids of the help-seeker screens (section elements) that are visible right now. */
export async function visibleScreens(page: Page): Promise<string[]> {
  return page.locator('section[id^="screen-"]:visible').evaluateAll((sections) => sections.map((s) => s.id));
}

/** Waits until #screen-NAME is visible, then checks that it is the only visible screen. */
export async function expectScreen(page: Page, screen: HelpSeekerScreen): Promise<void> {
  await page.locator(`#screen-${screen}`).waitFor({ state: 'visible' });
  assert.deepEqual(await visibleScreens(page), [`screen-${screen}`], 'exactly one help-seeker screen is visible');
}

/** Opens the help-seeker page and waits for its language screen. */
export async function openHelpSeeker(page: Page): Promise<void> {
  await page.goto('/');
  await expectScreen(page, 'language');
}

/** On the language screen: chooses a language and waits for the lane screen. */
export async function chooseLanguage(page: Page, language: Language): Promise<void> {
  await page.locator(`button[data-language="${language}"]`).click();
  await expectScreen(page, 'lane');
}

/** On the lane screen: selects a lane (aria-pressed becomes true). */
export async function chooseLane(page: Page, lane: Lane): Promise<void> {
  const button = page.locator(`button[data-lane="${lane}"]`);
  await button.click();
  await page.locator(`button[data-lane="${lane}"][aria-pressed="true"]`).waitFor({ state: 'visible' });
}

/** From a fresh page to the lane screen with the language chosen. */
export async function helpSeekerToLaneScreen(page: Page, language: Language = 'sv'): Promise<void> {
  await openHelpSeeker(page);
  await chooseLanguage(page, language);
}

/**
 * From a fresh page through language and lane to "start"; resolves once one of the screens that
 * can follow is visible (waiting, closed or chat) and returns which.
 */
export async function helpSeekerStart(page: Page, language: Language = 'sv', lane: Lane = 'support'):
Promise<HelpSeekerScreen> {
  await helpSeekerToLaneScreen(page, language);
  await chooseLane(page, lane);
  await page.locator('#start-chat').click();
  await page.locator('#screen-waiting:visible, #screen-closed:visible, #screen-chat:visible').first()
    .waitFor({ state: 'visible' });
  const [screen] = await visibleScreens(page);
  assert.ok(screen, 'a screen is visible after start');
  return screen.replace(/^screen-/, '') as HelpSeekerScreen;
}

/** Opens the counsellor console or supervisor dashboard and waits for its login form. */
export async function openStaffLogin(page: Page, path: '/counsellor/' | '/supervisor/'): Promise<void> {
  await page.goto(path);
  await page.locator('form#login-form').waitFor({ state: 'visible' });
}

/** Signs in on an open staff page; resolves when the login form has gone. */
export async function signIn(page: Page, account: Pick<Account, 'name' | 'password'>): Promise<void> {
  await page.locator('#pseudonym').fill(account.name);
  await page.locator('#password').fill(account.password);
  await page.locator('#password').press('Enter');
  // Argon2id (64 MiB) runs in the page: allow it more than one default timeout on a busy machine.
  await page.locator('form#login-form').waitFor({ state: 'hidden', timeout: 30_000 });
}

/** On a signed-in counsellor console: goes on duty and waits until the toggle says so. */
export async function goOnDuty(page: Page): Promise<void> {
  await page.locator('#duty-toggle[aria-pressed="false"]').click();
  await page.locator('#duty-toggle[aria-pressed="true"]').waitFor({ state: 'visible' });
}

// ---------------------------------------------------------------------------------------------
// Layout checks

/** The document's scroll width next to the viewport width (to find horizontal scrolling). */
export async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
}

// ---------------------------------------------------------------------------------------------
// axe-core

export interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; html: string; failureSummary?: string }[];
}

let axeSource: string | undefined;

/**
 * Runs axe-core on the page as it is now and returns its violations.
 *
 * How axe gets into the page: the server's CSP (script-src 'self') forbids inline scripts, so
 * page.addScriptTag({ content }) would be refused. page.evaluate() runs through the DevTools
 * protocol (Runtime.evaluate), which a page's CSP does not govern, so axe runs in the page exactly
 * as served. bypassCSP: true on the context would also work, but then the tests would no longer
 * see the page under its real policy (a CSP violation would go unnoticed); addInitScript would
 * inject axe into every page of the context, also those that other checks look at. So: evaluate.
 */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const present = await page.evaluate(() => 'axe' in window);
  if (!present) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const results = await axe.run(document, { resultTypes: ['violations'] });
    // Only plain data crosses back to Node.
    return results.violations.map((v) => ({
      id: v.id, impact: v.impact ?? null, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
  });
}

/** The violations of impact serious or critical, as readable text ('' when there are none). */
export function seriousViolations(violations: AxeViolation[]): string {
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => [
      `${v.impact}: ${v.id}: ${v.help} (${v.helpUrl})`,
      ...v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.html}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`),
    ].join('\n'))
    .join('\n');
}
