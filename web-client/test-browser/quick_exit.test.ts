// Quick exit (DESIGN.md, "No trace on the device"): the button, Escape twice or Shift three times
// replace the help-seeker page with a neutral site so that "back" does not return to it, and the
// server's origin keeps nothing in the browser (storage, cookies, IndexedDB, caches, workers), the
// mailbox's screens included.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { NEUTRAL_URL, setUpBrowserTests, type Participant } from './harness';
import { expectScreen, helpSeekerStart, helpSeekerToLaneScreen, openHelpSeeker } from './flows';
import { expectMailboxScreen, writerFromClosedScreen } from './mailbox_flows';

const fixture = setUpBrowserTests('quick_exit', { hours: 'open' });

const NEUTRAL_PAGE = '<!doctype html><html lang="en"><head><title>Neutral</title></head><body><p id="neutral">A neutral page</p></body></html>';

/**
 * A participant whose browser never leaves this machine: the neutral site (NEUTRAL_URL, built into
 * the bundle by the harness) is answered by the test, any other foreign request is aborted and kept.
 */
async function isolatedParticipant(): Promise<{ participant: Participant; blocked: string[] }> {
  const participant = await fixture.participant();
  const { origin } = new URL(fixture.tillit.baseUrl);
  const neutral = new URL(NEUTRAL_URL);
  const blocked: string[] = [];
  await participant.context.route((url) => url.host === neutral.host, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: NEUTRAL_PAGE }));
  await participant.context.route(
    (url) => (url.protocol === 'http:' || url.protocol === 'https:') && url.origin !== origin && url.host !== neutral.host,
    (route) => {
      blocked.push(route.request().url());
      return route.abort('blockedbyclient');
    });
  return { participant, blocked };
}

interface StorageState {
  localStorage: number;
  sessionStorage: number;
  indexedDB: string[];
  cacheStorage: string[];
  serviceWorkers: number;
  documentCookie: string;
}

const EMPTY: StorageState = { localStorage: 0, sessionStorage: 0, indexedDB: [], cacheStorage: [], serviceWorkers: 0, documentCookie: '' };

/** What the page's origin keeps in this browser context (the page must be on the server's origin). */
async function storageOf(page: Page): Promise<StorageState> {
  return page.evaluate(async () => ({
    localStorage: localStorage.length,
    sessionStorage: sessionStorage.length,
    indexedDB: (await indexedDB.databases()).map((db) => db.name ?? '(unnamed)'),
    cacheStorage: 'caches' in window ? await caches.keys() : [],
    serviceWorkers: navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).length : 0,
    documentCookie: document.cookie,
  }));
}

const isHelpSeekerPage = (url: string) => {
  const parsed = new URL(url);
  return parsed.origin === fixture.tillit.origin && parsed.pathname === '/';
};

/** The whole check around one way of triggering the quick exit. */
async function checkQuickExit(trigger: (page: Page) => Promise<void>,
  reach: (page: Page) => Promise<void> = (page) => helpSeekerToLaneScreen(page, 'sv')): Promise<void> {
  const { participant, blocked } = await isolatedParticipant();
  const { page, context } = participant;
  // A same-origin page first, so that history has an entry before the help-seeker page.
  await page.goto('/healthz');
  await reach(page);
  assert.deepEqual(await storageOf(page), EMPTY, 'the help-seeker page stores nothing while in use');

  await trigger(page);
  await page.waitForURL((url) => url.href.startsWith(NEUTRAL_URL));
  await page.locator('#neutral').waitFor({ state: 'attached' });

  // "Back" must not return to the help-seeker page (it may land on /healthz, or go nowhere).
  await page.goBack({ waitUntil: 'load' });
  assert.ok(!isHelpSeekerPage(page.url()), `back returned to the help-seeker page (${page.url()})`);
  if (new URL(page.url()).origin === fixture.tillit.origin) {
    assert.deepEqual(await storageOf(page), EMPTY, 'nothing kept for this tab (sessionStorage included)');
  }

  // A fresh tab of the same context on the server's origin sees nothing either.
  const probe = await participant.newPage();
  await probe.goto('/healthz');
  assert.deepEqual(await storageOf(probe), EMPTY, 'nothing kept for the server origin');
  assert.deepEqual(await context.cookies(), [], 'no cookies in the browser context');
  assert.deepEqual(blocked, [], 'no request went to another origin');
}

describe('quick exit', () => {
  test('the #quick-exit button', async () => {
    await checkQuickExit((page) => page.locator('#quick-exit').click());
  });

  test('Escape pressed twice', async () => {
    await checkQuickExit(async (page) => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
    });
  });

  test('Shift pressed three times', async () => {
    await checkQuickExit(async (page) => {
      for (let i = 0; i < 3; i += 1) await page.keyboard.press('Shift');
    });
  });

  // The mailbox screens: the writer showing a fresh return code, and the code entry with a code typed.
  test('on the mailbox writer (with its code shown) and the code entry: Escape twice, nothing stored', async () => {
    const escapeTwice = async (page: Page) => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
    };
    await checkQuickExit(escapeTwice, async (page) => {
      await writerFromClosedScreen(page, 'sv');
      await page.locator('#letter-input').fill('a letter being written');
    });
    await checkQuickExit((page) => page.locator('#quick-exit').click(), async (page) => {
      await openHelpSeeker(page);
      await page.locator('#have-code').click();
      await expectMailboxScreen(page, 'mailbox-code');
      await page.locator('#code-input').fill('7K3M-Q9XD-2HRT-VW4B-ZP8N');
    });
  });

  test('the #quick-exit button is visible on every screen reached without a chat', async () => {
    const { page } = await fixture.participant();
    await openHelpSeeker(page);
    await page.locator('#quick-exit').waitFor({ state: 'visible' });
    await helpSeekerToLaneScreen(page, 'ar');
    await page.locator('#quick-exit').waitFor({ state: 'visible' });
    assert.equal(await helpSeekerStart(page, 'sv', 'support'), 'closed'); // nobody on duty
    await expectScreen(page, 'closed');
    await page.locator('#quick-exit').waitFor({ state: 'visible' });
    await page.locator('#write-letter-closed').click();
    await expectMailboxScreen(page, 'mailbox-write');
    await page.locator('#quick-exit').waitFor({ state: 'visible' });
    await openHelpSeeker(page);
    await page.locator('#have-code').click();
    await expectMailboxScreen(page, 'mailbox-code');
    await page.locator('#quick-exit').waitFor({ state: 'visible' });
  });
});
