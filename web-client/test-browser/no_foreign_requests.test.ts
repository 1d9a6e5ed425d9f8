// The pages load nothing from another origin (DESIGN.md, "No trace on the device") and every
// response of the server carries its Content-Security-Policy.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Response } from 'playwright-core';
import { counsellorAccount, supervisorAccount, setUpBrowserTests, type Participant } from './harness';
import { PAGES, helpSeekerStart, openStaffLogin, signIn } from './flows';

const counsellor = counsellorAccount('browser-counsellor', 'a long counsellor passphrase');
const supervisor = supervisorAccount('browser-supervisor', 'a long supervisor passphrase');
// Open hours and nobody on duty: starting a chat ends on the closed screen (reason no_counsellor).
const fixture = setUpBrowserTests('no_foreign_requests', { hours: 'open', accounts: [counsellor, supervisor] });

/** Records every response (with all its headers) a participant's pages get from here on. */
function recordResponses(participant: Participant): () => Promise<{ url: string; headers: Record<string, string> }[]> {
  const pending: Promise<{ url: string; headers: Record<string, string> }>[] = [];
  participant.context.on('response', (response: Response) => {
    pending.push(response.allHeaders().then((headers) => ({ url: response.url(), headers })));
  });
  return () => Promise.all(pending);
}

/** Requests and WebSockets that left the server's origin (data: URLs and our own blob: URLs are local). */
function foreign(participant: Participant): string[] {
  const { origin, host } = new URL(fixture.tillit.baseUrl);
  const outside = participant.requests
    .map((request) => request.url)
    .filter((url) => !url.startsWith('data:') && !url.startsWith(`blob:${origin}/`) && new URL(url).origin !== origin);
  const sockets = participant.websockets.filter((url) => {
    const parsed = new URL(url);
    return !(parsed.protocol === 'ws:' || parsed.protocol === 'wss:') || parsed.host !== host;
  });
  return [...outside, ...sockets];
}

function assertCsp(responses: { url: string; headers: Record<string, string> }[]): void {
  const { origin } = new URL(fixture.tillit.baseUrl);
  const ours = responses.filter(({ url }) => url.startsWith(`${origin}/`));
  assert.ok(ours.length > 0, 'the pages got responses from the server');
  for (const { url, headers } of ours) {
    const csp = headers['content-security-policy'] ?? '';
    assert.match(csp, /default-src 'none'/, `${url} has the CSP (got "${csp}")`);
    assert.match(csp, /script-src 'self'/, `${url}: scripts only from the server`);
    assert.match(csp, /connect-src 'self'/, `${url}: connections only to the server`);
  }
}

function assertNoCspViolations(participant: Participant): void {
  const violations = participant.consoleProblems.filter((line) => /Content Security Policy/i.test(line));
  assert.deepEqual(violations, [], 'the pages break no rule of the CSP');
}

describe('no request leaves the server origin', () => {
  test('when each page is loaded', async () => {
    const participant = await fixture.participant();
    const responses = recordResponses(participant);
    for (const { path } of PAGES) {
      const response = await participant.page.goto(path, { waitUntil: 'load' });
      assert.equal(response?.status(), 200, `${path} is served`);
      await participant.page.locator('main').waitFor({ state: 'attached' });
    }
    assert.deepEqual(foreign(participant), [], 'requests to other origins');
    assertCsp(await responses());
    assertNoCspViolations(participant);
  });

  test('when a help-seeker goes through language, lane and start', async () => {
    const participant = await fixture.participant();
    const responses = recordResponses(participant);
    const screen = await helpSeekerStart(participant.page, 'sv', 'support');
    assert.equal(screen, 'closed', 'with nobody on duty, start shows the closed screen');
    assert.ok(participant.websockets.length > 0, 'the page talked to the server over a WebSocket');
    assert.deepEqual(foreign(participant), [], 'requests to other origins');
    assertCsp(await responses());
    assertNoCspViolations(participant);
  });

  test('when a counsellor and a supervisor sign in', async () => {
    for (const [path, account] of [['/counsellor/', counsellor], ['/supervisor/', supervisor]] as const) {
      const participant = await fixture.participant();
      const responses = recordResponses(participant);
      await openStaffLogin(participant.page, path);
      await signIn(participant.page, account);
      await participant.page.locator('#connection-state[data-state="connected"]').waitFor({ state: 'attached' });
      assert.deepEqual(foreign(participant), [], `${path}: requests to other origins`);
      assertCsp(await responses());
      assertNoCspViolations(participant);
    }
  });
});
