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
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync,
  writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, afterEach, before } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { repoRoot, webClientRoot } from '../test/paths';

// ---------------------------------------------------------------------------------------------
// Settings (environment variables, all optional; test-browser/run.mjs fills in the defaults)

/** Where screenshots and, after a failure, the server's log go. */
export function artifactsDir(): string {
  const dir = resolve(process.env.TILLIT_ARTIFACTS_DIR ?? join(webClientRoot(), 'test-artifacts'));
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A path in the artifacts folder; the name is made safe for a file name. */
export function artifactPath(name: string): string {
  return join(artifactsDir(), name.replace(/[^A-Za-z0-9._-]+/g, '_'));
}

export function serverBinary(): string {
  return resolve(process.env.TILLIT_SERVER_BINARY ?? join(repoRoot(), 'build/dev/server/tillit-server'));
}

export function adminBinary(): string {
  return resolve(process.env.TILLIT_ADMIN_BINARY ?? join(repoRoot(), 'build/dev/server/tillit-admin'));
}

export function chromiumPath(): string {
  return process.env.TILLIT_CHROMIUM ?? '/usr/bin/chromium';
}

/** The quick-exit target every test build uses: never a real site; quick_exit.test.ts routes it. */
export const NEUTRAL_URL = 'https://neutral.invalid/';

/** Timeouts, generous because the test machine has two cores that a C++ build may be using. */
export const TIMEOUTS = {
  serverStart: 20_000,
  health: 10_000,
  serverStop: 10_000,
  build: 120_000,
  admin: 30_000,
  browserLaunch: 30_000,
  navigation: 20_000,
  action: 15_000,
} as const;

// ---------------------------------------------------------------------------------------------
// Accounts

export type Role = 'counsellor' | 'supervisor' | 'admin';

export interface Account {
  name: string;
  password: string;
  role: Role;
  languages: string[];
  lanes: string[];
}

/** A counsellor serving sv, en and ar on both lanes (pass it to startTillit or tillit.createAccount). */
export function counsellorAccount(name: string, password: string): Account {
  return { name, password, role: 'counsellor', languages: ['sv', 'en', 'ar'], lanes: ['support', 'consultation'] };
}

/** A supervisor (same languages and lanes as counsellorAccount). */
export function supervisorAccount(name: string, password: string): Account {
  return { name, password, role: 'supervisor', languages: ['sv', 'en', 'ar'], lanes: ['support', 'consultation'] };
}

// ---------------------------------------------------------------------------------------------
// The server

export interface EmergencyNumber {
  label: string;
  number: string;
}

export interface TillitOptions {
  /** 'open' (default): open around the clock; 'closed': closed every day (Europe/Stockholm). */
  hours?: 'open' | 'closed';
  /** Set with `tillit-admin emergency set` before the server starts. */
  emergencyNumbers?: EmergencyNumber[];
  /** Created with `tillit-admin account create … --password-stdin` before the server starts. */
  accounts?: Account[];
  /** More tillit-server flags, e.g. ['--language-fallback', '5']. */
  serverArgs?: string[];
  /** A name for the temporary folder and the artifacts (default 'tillit'). */
  name?: string;
}

export interface MarkerHit {
  marker: string;
  files: string[];
}

export interface Tillit {
  /** http://127.0.0.1:PORT, no trailing slash. */
  baseUrl: string;
  origin: string;
  port: number;
  /** The temporary folder holding data/, dist/ and server.log. */
  workDir: string;
  dataDir: string;
  distDir: string;
  logPath: string;
  /** Runs tillit-admin on this data folder and returns its standard output; throws on failure. */
  admin(args: string[], input?: string): string;
  createAccount(account: Account): void;
  /** The server's log so far. */
  log(): string;
  /**
   * Which markers occur (as UTF-8 bytes) in any file under the data folder (database, WAL,
   * secrets) or in the server's log. Returns only the markers found, with the files holding them.
   */
  searchDataDirFor(markers: string[]): MarkerHit[];
  /** SIGTERM, then SIGKILL if it has not exited in time. Returns the exit code or the signal name. */
  stop(): Promise<number | string | null>;
  /**
   * A crash and a restart: SIGKILL (nothing is flushed or said to anyone), then the same server
   * again on the same data folder, web root and port, answering /healthz before this resolves.
   */
  killAndRestart(): Promise<void>;
  /** Whether the server process is still running. */
  running(): boolean;
  /** Deletes workDir (after stop(); kept when TILLIT_KEEP_TEMP=1). */
  removeWorkDir(): void;
}

function runAdmin(dataDir: string, args: string[], input?: string): string {
  try {
    return execFileSync(adminBinary(), ['--data-dir', dataDir, ...args], {
      input: input ?? '',
      encoding: 'utf8',
      timeout: TIMEOUTS.admin,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`tillit-admin ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.isFile() ? [path] : [];
  });
}

/** Which markers occur (as UTF-8 bytes) in the given files; only the markers found are returned. */
export function searchFilesFor(files: string[], markers: string[]): MarkerHit[] {
  const contents = files.filter((file) => existsSync(file)).map((file) => ({ file, bytes: readFileSync(file) }));
  return markers
    .map((marker) => ({
      marker,
      files: contents.filter(({ bytes }) => bytes.includes(Buffer.from(marker, 'utf8'))).map(({ file }) => file),
    }))
    .filter((hit) => hit.files.length > 0);
}

/**
 * Builds the web client (not minified) into distDir with the given root public key pinned and
 * NEUTRAL_URL as the quick exit's target, so that no test can send a browser to a real site.
 */
export function buildWebClient(distDir: string, rootPublicKeyFile: string): void {
  execFileSync(process.execPath, [join(webClientRoot(), 'build.mjs'), '--dev', '--outdir', distDir,
    '--root-public-key-file', rootPublicKeyFile, '--quick-exit-url', NEUTRAL_URL], {
    cwd: webClientRoot(),
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: TIMEOUTS.build,
  });
}

const ALL_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function hoursArgs(hours: 'open' | 'closed'): string[] {
  const range = hours === 'open' ? '00:00-24:00' : 'closed';
  return ['hours', 'set', '--timezone', 'Europe/Stockholm', ...ALL_DAYS.flatMap((day) => [`--${day}`, range])];
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolveExit) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolveExit(false);
    }, timeoutMs);
    const onExit = () => {
      clearTimeout(timer);
      resolveExit(true);
    };
    child.once('exit', onExit);
  });
}

const LISTENING = /"event":"listening","port":(\d+)/;

/**
 * A data folder with a development root key, accounts, hours and emergency numbers; a web client
 * built against that key; and tillit-server on 127.0.0.1 with a free port, answering /healthz.
 * Settings are written before the server starts because it re-reads them only every 30 s.
 */
export async function startTillit(options: TillitOptions = {}): Promise<Tillit> {
  for (const binary of [serverBinary(), adminBinary()]) {
    if (!existsSync(binary)) throw new Error(`${binary} is missing: build the dev preset (see test-browser/README.md)`);
  }
  const workDir = mkdtempSync(join(tmpdir(), `tillit-browser-${options.name ?? 'tillit'}-`));
  const dataDir = join(workDir, 'data');
  const distDir = join(workDir, 'dist');
  const logPath = join(workDir, 'server.log');
  const keyDir = join(dataDir, 'dev-root-key');
  const admin = (args: string[], input?: string) => runAdmin(dataDir, args, input);
  const createAccount = (account: Account) => {
    admin(['account', 'create', account.name, '--role', account.role, '--languages', account.languages.join(','),
      '--lanes', account.lanes.join(','), '--password-stdin'], `${account.password}\n`);
  };

  const removeWorkDir = () => {
    if (process.env.TILLIT_KEEP_TEMP === '1') console.log(`kept ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  };
  // TILLIT_TEST_WEB_ROOT serves a ready folder instead (a stand-in page, to check the tests themselves).
  const webRoot = process.env.TILLIT_TEST_WEB_ROOT ? resolve(process.env.TILLIT_TEST_WEB_ROOT) : distDir;
  try {
    // UNSAFE FOR PRODUCTION, as in deploy/run-demo.sh: a root key on this machine certifies counsellor keys at once.
    admin(['root-key', 'dev-init', keyDir]);
    if (webRoot === distDir) {
      try {
        buildWebClient(distDir, join(keyDir, 'root-key.pub'));
      } catch (error) {
        throw new Error(`building the web client failed (its output is above): ${(error as Error).message}`);
      }
    }
    for (const account of options.accounts ?? []) createAccount(account);
    admin(hoursArgs(options.hours ?? 'open'));
    if (options.emergencyNumbers && options.emergencyNumbers.length > 0) {
      admin(['emergency', 'set', ...options.emergencyNumbers.map(({ label, number }) => `${label}=${number}`)]);
    }
  } catch (error) {
    removeWorkDir();
    throw error;
  }

  // The server's log across restarts: each start appends.
  let logStart = 0;
  const spawnServer = (port: number): ChildProcess => {
    const logFd = openSync(logPath, 'a', 0o600);
    const started = spawn(serverBinary(), [
      '--listen-address', '127.0.0.1', '--port', String(port), '--data-dir', dataDir, '--web-root', webRoot,
      '--dev-root-key-file', join(keyDir, 'root-key.secret'), '--threads', '2', ...(options.serverArgs ?? []),
    ], { stdio: ['ignore', logFd, logFd] });
    closeSync(logFd);
    return started;
  };
  let child = spawnServer(0);
  // Never leave a server behind, whatever happens to this process.
  const killOnExit = () => {
    if (!exited(child)) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const log = () => (existsSync(logPath) ? readFileSync(logPath, 'utf8') : '');
  const stop = async (): Promise<number | string | null> => {
    if (!exited(child)) {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, TIMEOUTS.serverStop))) {
        console.warn(`harness: tillit-server did not stop within ${TIMEOUTS.serverStop} ms of SIGTERM; killing it`);
        child.kill('SIGKILL');
        await waitForExit(child, 5_000);
      }
    }
    process.off('exit', killOnExit);
    return child.exitCode ?? child.signalCode;
  };
  const failStart = async (why: string): Promise<never> => {
    await stop();
    const saved = artifactPath(`${options.name ?? 'tillit'}-server.log`);
    if (existsSync(logPath)) copyFileSync(logPath, saved);
    const tail = log().slice(-4000);
    removeWorkDir();
    throw new Error(`tillit-server ${why} (log saved to ${saved}):\n${tail}`);
  };

  // The port, as tests/support/server_process.cpp learns it: the "listening" event in the log.
  let port = 0;
  const deadline = Date.now() + TIMEOUTS.serverStart;
  while (port === 0) {
    const match = LISTENING.exec(log().slice(logStart));
    if (match?.[1]) port = Number(match[1]);
    else if (exited(child)) await failStart(`exited at start-up (${child.exitCode ?? child.signalCode})`);
    else if (Date.now() > deadline) await failStart(`did not start listening within ${TIMEOUTS.serverStart} ms`);
    else await delay(25);
  }
  const baseUrl = `http://127.0.0.1:${port}`;

  const waitForHealth = async () => {
    const healthDeadline = Date.now() + TIMEOUTS.health;
    for (;;) {
      const ok = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) })
        .then((response) => response.ok, () => false);
      if (ok) break;
      if (exited(child)) await failStart('exited before /healthz answered');
      if (Date.now() > healthDeadline) await failStart(`/healthz did not answer 200 within ${TIMEOUTS.health} ms`);
      await delay(50);
    }
  };
  await waitForHealth();

  const killAndRestart = async () => {
    child.kill('SIGKILL');
    if (!(await waitForExit(child, TIMEOUTS.serverStop))) throw new Error('tillit-server did not die of SIGKILL');
    logStart = log().length;
    // The port was just freed; the new server binds it again (it sets SO_REUSEADDR, as Asio's acceptor does).
    const restartDeadline = Date.now() + TIMEOUTS.serverStart;
    for (;;) {
      child = spawnServer(port);
      const listening = Date.now() + TIMEOUTS.serverStart;
      while (!LISTENING.test(log().slice(logStart)) && !exited(child) && Date.now() < listening) await delay(25);
      if (!exited(child) && LISTENING.test(log().slice(logStart))) break;
      if (!exited(child)) child.kill('SIGKILL');
      if (Date.now() > restartDeadline) await failStart(`did not listen again on port ${port} after the restart`);
      logStart = log().length;
      await delay(200);
    }
    await waitForHealth();
  };

  return {
    baseUrl,
    origin: new URL(baseUrl).origin,
    port,
    workDir,
    dataDir,
    distDir: webRoot,
    logPath,
    admin,
    createAccount,
    log,
    searchDataDirFor: (markers) => searchFilesFor([...filesUnder(dataDir), logPath], markers),
    stop,
    killAndRestart,
    running: () => !exited(child),
    removeWorkDir,
  };
}

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
// A network path that can be cut

export interface CuttableProxy {
  /** http://127.0.0.1:PORT: the server, seen through the proxy (a page loaded here connects its WebSocket here too). */
  baseUrl: string;
  /**
   * Cuts the path as a dead network does: every open connection is destroyed (the browser's
   * WebSocket closes) and new ones are refused until restore().
   */
  cut(): void;
  restore(): void;
  /** Resolves once `count` connections were refused while cut (the browser tried again that often). */
  waitForRefused(count: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A TCP proxy on 127.0.0.1 in front of the server. It changes nothing in the bytes (the Host and
 * Origin headers stay the proxy's own, which the server takes as same-origin). It exists because
 * a browser's offline mode does not close a WebSocket that is already open.
 */
export async function startCuttableProxy(targetPort: number): Promise<CuttableProxy> {
  const open = new Set<Socket>();
  let cutNow = false;
  let refused = 0;
  const refusedWaiters: { count: number; done: () => void }[] = [];
  const server: Server = createServer((client) => {
    if (cutNow) {
      client.destroy();
      refused += 1;
      for (const waiter of refusedWaiters.filter((w) => refused >= w.count)) {
        refusedWaiters.splice(refusedWaiters.indexOf(waiter), 1);
        waiter.done();
      }
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    open.add(client);
    open.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port');
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    cut: () => {
      cutNow = true;
      for (const socket of open) socket.destroy();
      open.clear();
    },
    restore: () => {
      cutNow = false;
    },
    waitForRefused: (count, timeoutMs) => new Promise<void>((resolveWait, rejectWait) => {
      const target = refused + count;
      const timer = setTimeout(() => rejectWait(new Error(`fewer than ${count} connections were tried within ${timeoutMs} ms`)), timeoutMs);
      refusedWaiters.push({ count: target, done: () => { clearTimeout(timer); resolveWait(); } });
    }),
    close: () => new Promise<void>((resolveClose) => {
      for (const socket of open) socket.destroy();
      server.close(() => resolveClose());
    }),
  };
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
