// The browser tests' fixture: a real tillit-server with its own data folder and a freshly built
// web client, and Debian's chromium driven by playwright-core, one browser context per participant.
//
// Typical use in a *.test.ts file (one server and one browser per file, shared by its tests):
//
//   const fixture = setUpBrowserTests('closed_hours', { hours: 'closed', emergencyNumbers: [...] });
//   test('...', async () => {
//     const seeker = await fixture.participant();          // own context: own storage, own cookies
//     await seeker.page.goto('/');                          // relative to the server's base URL
//   });
//
// setUpBrowserTests registers before/afterEach/after hooks: it starts everything before the first
// test, closes each test's participants after it (first saving screenshots, the pages' console and
// the server's log into the artifacts folder when the test failed), and stops the server and the
// browser at the end. The lower-level pieces (startTillit, launchBrowser, newParticipant) are
// exported for tests that need two servers or a restart.
//
// Every wait is bounded by an explicit timeout; polling loops check a deadline, never a fixed sleep.
// The settings and accounts (settings.ts), the server (tillit_server.ts) and the cuttable network
// path (cuttable_proxy.ts) are its parts; this file re-exports them, so tests import only harness.
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { after, afterEach, before } from 'node:test';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { artifactsDir, artifactPath, chromiumPath, TIMEOUTS } from './settings';
import { startTillit, type Tillit, type TillitOptions } from './tillit_server';

export * from './cuttable_proxy';
export * from './settings';
export * from './tillit_server';

// ---------------------------------------------------------------------------------------------
// The browser and its participants

/** Debian's chromium (never a downloaded browser). --no-sandbox because the tests may run as root. */
export async function launchBrowser(): Promise<Browser> {
  const path = chromiumPath();
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run deploy/install-dependencies.sh --with-browser (or set TILLIT_CHROMIUM)`);
  }
  return chromium.launch({
    executablePath: path,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
    timeout: TIMEOUTS.browserLaunch,
  });
}

export interface RecordedRequest {
  url: string;
  method: string;
  resourceType: string;
}

export interface Participant {
  context: BrowserContext;
  page: Page;
  /** Every request any page of this context made (context.on('request')), in order. */
  requests: RecordedRequest[];
  /** The URL of every WebSocket opened by a page of this context (these are not 'request' events). */
  websockets: string[];
  /** Console messages of type error/warning and uncaught page errors, for diagnosis and CSP checks. */
  consoleProblems: string[];
  /** Another page in the same context (same storage, same cookies), recorded like the first. */
  newPage(): Promise<Page>;
}

export interface ParticipantOptions extends BrowserContextOptions {
  /** Where relative URLs in page.goto() point (startTillit's baseUrl, filled in by the fixture). */
  baseURL?: string;
}

/** A participant: its own browser context (storage, cookies, cache) and a first page. */
export async function newParticipant(browser: Browser, options: ParticipantOptions = {}): Promise<Participant> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  context.setDefaultTimeout(TIMEOUTS.action);
  context.setDefaultNavigationTimeout(TIMEOUTS.navigation);
  const requests: RecordedRequest[] = [];
  const websockets: string[] = [];
  const consoleProblems: string[] = [];
  context.on('request', (request) => {
    requests.push({ url: request.url(), method: request.method(), resourceType: request.resourceType() });
  });
  const watch = (page: Page) => {
    page.on('websocket', (socket) => websockets.push(socket.url()));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') {
        consoleProblems.push(`${message.type()}: ${message.text()} (${page.url()})`);
      }
    });
    page.on('pageerror', (error) => consoleProblems.push(`pageerror: ${error.message} (${page.url()})`));
  };
  context.on('page', watch);
  const page = await context.newPage();
  return { context, page, requests, websockets, consoleProblems, newPage: () => context.newPage() };
}

// ---------------------------------------------------------------------------------------------
// The per-file fixture

export interface Fixture {
  readonly tillit: Tillit;
  readonly browser: Browser;
  /** A new participant for the running test (closed after it), with baseURL set to the server. */
  participant(options?: ParticipantOptions): Promise<Participant>;
}

/**
 * Registers the hooks that give every test of this file one server and one browser (see the top of
 * this file). `name` prefixes the artifacts of this file.
 */
export function setUpBrowserTests(name: string, options: TillitOptions = {}): Fixture {
  let tillit: Tillit | undefined;
  let browser: Browser | undefined;
  let participants: Participant[] = [];

  before(async () => {
    tillit = await startTillit({ name, ...options });
    browser = await launchBrowser();
  }, { timeout: TIMEOUTS.build + TIMEOUTS.serverStart + TIMEOUTS.health + TIMEOUTS.browserLaunch });

  afterEach(async (t) => {
    // t.passed exists from Node 20.12; without it, keep the evidence.
    const failed = (t as { passed?: boolean }).passed !== true;
    const current = participants;
    participants = [];
    if (failed) {
      const prefix = `${name}-${t.name}`;
      const notes: string[] = [];
      for (const [i, participant] of current.entries()) {
        for (const [j, page] of participant.context.pages().entries()) {
          const file = artifactPath(`${prefix}-participant${i + 1}-page${j + 1}.png`);
          await page.screenshot({ path: file, fullPage: true, timeout: TIMEOUTS.action })
            .then(() => notes.push(`screenshot: ${file} (${page.url()})`), (error: Error) => notes.push(`no screenshot of ${page.url()}: ${error.message}`));
        }
        notes.push(`participant ${i + 1} console:`, ...participant.consoleProblems.map((line) => `  ${line}`));
        notes.push(`participant ${i + 1} requests:`, ...participant.requests.map((r) => `  ${r.method} ${r.url}`));
        notes.push(`participant ${i + 1} websockets:`, ...participant.websockets.map((url) => `  ${url}`));
      }
      const notesFile = artifactPath(`${prefix}-browser.txt`);
      writeFileSync(notesFile, `${notes.join('\n')}\n`);
      if (tillit) copyFileSync(tillit.logPath, artifactPath(`${prefix}-server.log`));
      console.log(`${t.name} failed: screenshots, browser notes and the server's log are in ${artifactsDir()}`);
    }
    await Promise.all(current.map((participant) => participant.context.close().catch(() => undefined)));
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    if (tillit) {
      const status = await tillit.stop();
      if (status !== 0) {
        const saved = artifactPath(`${name}-server.log`);
        copyFileSync(tillit.logPath, saved);
        console.warn(`harness: tillit-server ended with ${String(status)} after SIGTERM (log: ${saved})`);
      }
      tillit.removeWorkDir();
    }
  }, { timeout: TIMEOUTS.serverStop + 10_000 });

  return {
    get tillit(): Tillit {
      if (!tillit) throw new Error('the server is not running (did the before hook fail?)');
      return tillit;
    },
    get browser(): Browser {
      if (!browser) throw new Error('the browser is not running (did the before hook fail?)');
      return browser;
    },
    async participant(participantOptions: ParticipantOptions = {}): Promise<Participant> {
      if (!browser || !tillit) throw new Error('the fixture is not ready (did the before hook fail?)');
      const participant = await newParticipant(browser, { baseURL: tillit.baseUrl, ...participantOptions });
      participants.push(participant);
      return participant;
    },
  };
}
