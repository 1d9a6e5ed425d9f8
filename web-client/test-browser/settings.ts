// The browser tests' settings (environment variables, filled in by test-browser/run.mjs), the
// bounded timeouts every wait uses, and the staff accounts a test server is given.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
