// A counsellor whose console is gone (the tab closed, a crash) for longer than the grace period
// (issue 20): the help-seeker is told within seconds, keeps writing, is put back in the queue and
// told why, and when a counsellor takes the chat the page goes on with the same conversation:
// nothing lost, nothing shown twice, one order on both sides, a new code. The server runs with a
// short counsellor-grace so that the test does not wait a minute.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  assertOneConversation, CHAT_TIMEOUT_MS, codes, counsellorOnDuty, counsellorWrites, newCommonCode, panelLines,
  seekerLines, seekerToldCounsellorAway, seekerWrites, waitForDelivered,
} from './chat_flows';
import { helpSeekerStart } from './flows';
import { artifactPath, counsellorAccount, setUpBrowserTests } from './harness';

const GRACE_SECONDS = 6;
const first = counsellorAccount('gone-first', 'a long counsellor passphrase');
const second = counsellorAccount('gone-second', 'another long counsellor passphrase');
const third = counsellorAccount('gone-third', 'a third long counsellor passphrase');
const fixture = setUpBrowserTests('counsellor_gone', {
  hours: 'open', accounts: [first, second, third], serverArgs: ['--counsellor-grace', String(GRACE_SECONDS)],
});

describe('the counsellor gone past the grace period', () => {
  test('the help-seeker is told, requeued with the conversation kept, and it goes on with the next counsellor', async () => {
    const staff = await fixture.participant();
    const seeker = await fixture.participant({ viewport: { width: 360, height: 740 } });
    await counsellorOnDuty(staff.page, first);
    assert.equal(await helpSeekerStart(seeker.page, 'sv', 'support'), 'chat');
    const panel = staff.page.locator('section.chat');
    await panel.waitFor({ state: 'visible' });
    await seekerWrites(seeker.page, 'gone hs1');
    await counsellorWrites(panel, 'gone co1');
    await seekerWrites(seeker.page, 'gone hs2');
    await counsellorWrites(panel, 'gone co2');
    await waitForDelivered(seeker.page.locator('#messages'), 'mine', ['gone hs1', 'gone hs2']);
    await waitForDelivered(panel, 'mine', ['gone co1', 'gone co2']);
    const { seeker: oldCode } = await codes(seeker.page, panel);

    // The console goes without a word (no beforeunload: a crash, a closed laptop).
    const goneAt = Date.now();
    await staff.page.close({ runBeforeUnload: false });
    const told = await seekerToldCounsellorAway(seeker.page, goneAt);
    console.log(`counsellor gone: the help-seeker was told after ${told} ms`);
    assert.ok(told < 8_000, `told within seconds (${told} ms)`);
    await seekerWrites(seeker.page, 'gone hs3');
    await seeker.page.screenshot({ path: artifactPath('counsellor-gone-away-seeker-360.png'), fullPage: true });

    // Past the grace period: back in the queue, told what happened, still asked before leaving.
    await seeker.page.locator('#screen-waiting').waitFor({ state: 'visible', timeout: (GRACE_SECONDS + 20) * 1000 });
    await seeker.page.screenshot({ path: artifactPath('counsellor-gone-requeued-seeker-360.png'), fullPage: true });

    // The next counsellor takes the chat: the same conversation on the help-seeker's page.
    const next = await fixture.participant();
    await counsellorOnDuty(next.page, second);
    const nextPanel = next.page.locator('section.chat');
    await nextPanel.waitFor({ state: 'visible', timeout: CHAT_TIMEOUT_MS });
    await seeker.page.locator('#screen-chat').waitFor({ state: 'visible' });
    await seeker.page.locator('#messages li.note[data-note="repaired"]').waitFor({ state: 'attached' });
    await newCommonCode(seeker.page, nextPanel, oldCode);
    await counsellorWrites(nextPanel, 'gone co3');
    await seekerWrites(seeker.page, 'gone hs4');
    await waitForDelivered(seeker.page.locator('#messages'), 'mine', ['gone hs1', 'gone hs2', 'gone hs3', 'gone hs4']);
    await waitForDelivered(nextPanel, 'mine', ['gone co3']);
    assertOneConversation(await seekerLines(seeker.page), await panelLines(nextPanel), {
      seekerWrote: ['gone hs1', 'gone hs2', 'gone hs3', 'gone hs4'],
      counsellorWrote: ['gone co1', 'gone co2', 'gone co3'],
      // The next counsellor gets what the person wrote, not the first counsellor's words.
      consoleShows: ['gone hs1', 'gone hs2', 'gone hs3', 'gone co3', 'gone hs4'],
    });
    await seeker.page.screenshot({ path: artifactPath('counsellor-gone-continued-seeker-360.png'), fullPage: true });
    await next.page.screenshot({ path: artifactPath('counsellor-gone-continued-console-1280.png'), fullPage: true });
  });

  test('what never reached anyone is shown as not delivered, with a way to copy it, also on the ended screen', async () => {
    const staff = await fixture.participant();
    const seeker = await fixture.participant({ viewport: { width: 360, height: 740 } });
    await counsellorOnDuty(staff.page, third);
    assert.equal(await helpSeekerStart(seeker.page, 'sv', 'support'), 'chat');
    await staff.page.locator('section.chat').waitFor({ state: 'visible' });
    await seekerWrites(seeker.page, 'kept hs1');
    await waitForDelivered(seeker.page.locator('#messages'), 'mine', ['kept hs1']);
    await staff.page.close({ runBeforeUnload: false });
    await seekerToldCounsellorAway(seeker.page, Date.now());
    const words = 'kept hs2: jag vågar inte gå hem';
    await seekerWrites(seeker.page, words);
    await seeker.page.locator('#screen-waiting').waitFor({ state: 'visible', timeout: (GRACE_SECONDS + 20) * 1000 });
    // Nobody takes the chat and the person leaves the queue: the conversation is over.
    await seeker.page.locator('#leave-queue').click();
    await seeker.page.locator('#screen-ended').waitFor({ state: 'visible' });
    const listed = seeker.page.locator('#not-delivered-list li');
    await seeker.page.locator('#not-delivered').waitFor({ state: 'visible' });
    assert.deepEqual(await listed.locator('.not-delivered-text').allInnerTexts(), [words], 'only what never arrived');
    const copy = listed.locator('button.copy-text');
    const before = await copy.innerText();
    await copy.click();
    await seeker.page.waitForFunction((label) => document.querySelector('#not-delivered-list button.copy-text')?.textContent !== label, before);
    await seeker.page.screenshot({ path: artifactPath('counsellor-gone-not-delivered-seeker-360.png'), fullPage: true });
  });
});
