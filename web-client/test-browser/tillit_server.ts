// The browser tests' tillit-server: its own data folder, accounts made with tillit-admin, opening
// hours, a freshly built web client, started on 127.0.0.1 and stopped with its log kept.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { webClientRoot } from '../test/paths';
import { adminBinary, artifactPath, NEUTRAL_URL, serverBinary, TIMEOUTS, type Account } from './settings';

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
