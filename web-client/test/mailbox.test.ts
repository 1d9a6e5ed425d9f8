// The TypeScript mailbox with fresh random keys: return codes as people type them, mailbox keys,
// roster checks and the roster's JSON, letters at their size limits, what a body must hold, and a
// round of letters between a help-seeker and two counsellors.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { makeCertificate } from '../src/crypto/certificate';
import { toBase64Url } from '../src/crypto/encoding';
import { cryptoReady, generateDhKeyPair, generateSigningKeyPair } from '../src/crypto/keys';
import { counsellorLetterBody, helpSeekerLetterBody, MAX_LETTER_CIPHERTEXT_BYTES, openLetter, sealLetter, type Direction } from '../src/crypto/letter';
import { deriveThreadKeys, MAILBOX_KEY_LIFETIME_SECONDS, makeMailboxKey, signMailboxKey, unwrapMailboxKey, verifyMailboxKey,
  wipeThreadKeys, wrapMailboxKey, type ThreadKeys } from '../src/crypto/mailbox_keys';
import { formatReturnCode, makeReturnCode, normaliseReturnCode, returnCodeFromBytes } from '../src/crypto/return_code';
import type { Result } from '../src/crypto/result';
import { signRevocationList } from '../src/crypto/revocation_list';
import { rosterEntryFromJson, rosterEntryToJson, verifyRoster, verifyRosterEntry, type RosterEntry } from '../src/crypto/roster';
import { must } from './cpp_vectors';

const now = 1_800_000_000;
const outcome = (r: Result<unknown>): string => (r.ok ? 'ok' : r.error);

before(async () => {
  await cryptoReady();
});

describe('return code', () => {
  test('fresh codes are 20 characters of the alphabet, distinct, and survive their shown form typed loosely', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i += 1) {
      const code = makeReturnCode();
      assert.match(code, /^[0-9A-HJKMNP-TV-Z]{20}$/);
      const shown = formatReturnCode(code);
      assert.match(shown, /^(.{4}-){4}.{4}$/);
      assert.equal(must(normaliseReturnCode(` ${shown.toLowerCase().replace(/-/g, '  ')}.`)), code);
      seen.add(code);
    }
    assert.equal(seen.size, 50);
  });

  test('the first 100 bits, most significant first', () => {
    assert.equal(must(returnCodeFromBytes(new Uint8Array(13))), '0'.repeat(20));
    assert.equal(must(returnCodeFromBytes(new Uint8Array(13).fill(0xff))), 'Z'.repeat(20));
    assert.equal(must(returnCodeFromBytes(Uint8Array.of(0x80, ...new Array<number>(12).fill(0)))), `G${'0'.repeat(19)}`);
    assert.equal(must(returnCodeFromBytes(Uint8Array.of(...new Array<number>(12).fill(0), 0x0f))), '0'.repeat(20));
    assert.equal(outcome(returnCodeFromBytes(new Uint8Array(12))), 'malformed');
  });

  test('deriving needs the normalised form (a bug otherwise), and wiping clears the secrets', () => {
    const code = makeReturnCode();
    assert.throws(() => deriveThreadKeys(formatReturnCode(code)), RangeError);
    const keys = deriveThreadKeys(code);
    assert.deepEqual(deriveThreadKeys(code).boxId, keys.boxId);
    wipeThreadKeys(keys);
    assert.ok(keys.boxAuth.every((b) => b === 0) && keys.threadKey.secretKey.every((b) => b === 0));
  });
});

describe('mailbox key', () => {
  test('signed, wrapped, unwrapped and refused', () => {
    const ik = generateSigningKeyPair();
    const mk = makeMailboxKey();
    const notAfter = now + MAILBOX_KEY_LIFETIME_SECONDS;
    const sig = signMailboxKey(ik, mk.publicKey, notAfter);
    assert.equal(outcome(verifyMailboxKey(ik.publicKey, mk.publicKey, notAfter, sig, notAfter - 1)), 'ok');
    assert.equal(outcome(verifyMailboxKey(ik.publicKey, mk.publicKey, notAfter, sig, notAfter)), 'expired');
    assert.equal(outcome(verifyMailboxKey(ik.publicKey, mk.publicKey, notAfter + 1, sig, now)), 'bad_signature');
    assert.equal(outcome(verifyMailboxKey(generateSigningKeyPair().publicKey, mk.publicKey, notAfter, sig, now)), 'bad_signature');
    const wrap = new Uint8Array(32).fill(0x42);
    const blob = must(wrapMailboxKey(mk.secretKey, wrap));
    assert.equal(blob.length, 72);
    assert.notDeepEqual(blob, must(wrapMailboxKey(mk.secretKey, wrap)), 'a fresh nonce each time');
    assert.deepEqual(must(unwrapMailboxKey(blob, wrap, mk.publicKey)).secretKey, mk.secretKey);
    assert.equal(outcome(unwrapMailboxKey(blob, new Uint8Array(32).fill(0x43), mk.publicKey)), 'unwrap_failed');
    assert.equal(outcome(unwrapMailboxKey(blob, wrap, generateDhKeyPair().publicKey)), 'unwrap_failed');
    const altered = blob.slice();
    altered[40]! ^= 1;
    assert.equal(outcome(unwrapMailboxKey(altered, wrap, mk.publicKey)), 'unwrap_failed');
    assert.equal(outcome(unwrapMailboxKey(blob.subarray(0, 71), wrap, mk.publicKey)), 'malformed');
    assert.equal(outcome(wrapMailboxKey(mk.secretKey, wrap.subarray(0, 31))), 'malformed');
  });
});

describe('roster', () => {
  let root: ReturnType<typeof generateSigningKeyPair>;
  before(() => {
    root = generateSigningKeyPair();
  });
  const entryFor = (pseudonym: string, mkNotAfter = now + 3600): RosterEntry => {
    const ik = generateSigningKeyPair();
    const mk = makeMailboxKey();
    return { identityKey: ik.publicKey, pseudonym, certificate: must(makeCertificate(root, ik.publicKey, pseudonym, now + 86400)),
      mailboxKey: mk.publicKey, mailboxNotAfter: mkNotAfter, mailboxSignature: signMailboxKey(ik, mk.publicKey, mkNotAfter) };
  };

  test('verifyRoster keeps the valid entries and names each refused one with its error', () => {
    const sara = entryFor('kurator.sara');
    const old = entryFor('kurator.old', now);
    const revokedOne = entryFor('kurator.gone');
    const list = must(signRevocationList(root, { issuedAt: now - 10, notAfter: now + 86400, revoked: [revokedOne.identityKey] }));
    const checked = verifyRoster([sara, old, revokedOne], root.publicKey, list, now);
    assert.deepEqual(checked.valid.map((e) => e.pseudonym), ['kurator.sara']);
    assert.deepEqual(checked.refused, [{ pseudonym: 'kurator.old', error: 'expired' }, { pseudonym: 'kurator.gone', error: 'revoked' }]);
  });

  test('a bad revocation list, or no root key, refuses every entry', () => {
    const entries = [entryFor('kurator.a'), entryFor('kurator.b')];
    const stale = must(signRevocationList(root, { issuedAt: now - 100, notAfter: now - 1, revoked: [] }));
    assert.deepEqual(verifyRoster(entries, root.publicKey, stale, now).refused.map((r) => r.error), ['expired', 'expired']);
    assert.deepEqual(verifyRoster(entries, root.publicKey, new Uint8Array(10), now).refused.map((r) => r.error), ['malformed', 'malformed']);
    assert.deepEqual(verifyRoster(entries, undefined, null, now).refused.map((r) => r.error), ['no_root_key', 'no_root_key']);
    assert.equal(outcome(verifyRosterEntry(entries[0]!, undefined, null, now)), 'no_root_key');
    assert.equal(verifyRoster(entries, root.publicKey, new Uint8Array(), now).valid.length, 2, 'an empty list is no list');
  });

  test('rosterEntryFromJson reads the wire form and refuses anything else as malformed', () => {
    const entry = entryFor('kurator.sara');
    const wire = rosterEntryToJson(entry);
    assert.deepEqual(must(rosterEntryFromJson(JSON.parse(JSON.stringify(wire)))), entry);
    const broken: unknown[] = [null, 'x', [wire], { ...wire, identity_key: undefined }, { ...wire, mailbox_key: toBase64Url(new Uint8Array(31)) },
      { ...wire, certificate: 'not base64!' }, { ...wire, mailbox_not_after: '1800003600' }, { ...wire, mailbox_not_after: 1.5 },
      { ...wire, pseudonym: '' }, { ...wire, mailbox_signature: toBase64Url(new Uint8Array(65)) }];
    for (const value of broken) assert.equal(outcome(rosterEntryFromJson(value)), 'malformed', JSON.stringify(value));
  });
});

describe('letter', () => {
  interface Thread { keys: ThreadKeys; anna: ReturnType<typeof makeMailboxKey>; bo: ReturnType<typeof makeMailboxKey> }
  const newThread = (): Thread => ({ keys: deriveThreadKeys(makeReturnCode()), anna: makeMailboxKey(), bo: makeMailboxKey() });
  const open = (t: Thread, sealed: { ciphertext: Uint8Array; envelopes: { box: Uint8Array }[] }, i: number, number: number,
    direction: Direction, sender: Uint8Array, reader: Uint8Array) =>
    openLetter(sealed.ciphertext, sealed.envelopes[i]!.box, t.keys.boxId, number, direction, sender, reader);

  test('a round of letters: the help-seeker writes, two counsellors read, one answers, the code reads the answer', () => {
    const t = newThread();
    const hk = t.keys.threadKey;
    const first = must(sealLetter(helpSeekerLetterBody('Hjälp mig', hk.publicKey), t.keys.boxId, 1, 'to_centre', hk,
      [t.anna.publicKey, t.bo.publicKey, hk.publicKey]));
    assert.equal(must(open(t, first, 0, 1, 'to_centre', hk.publicKey, t.anna.secretKey)).text, 'Hjälp mig');
    assert.equal(must(open(t, first, 1, 1, 'to_centre', hk.publicKey, t.bo.secretKey)).text, 'Hjälp mig');
    assert.deepEqual(must(open(t, first, 2, 1, 'to_centre', hk.publicKey, hk.secretKey)).threadKey, hk.publicKey, 'own copy');

    const reply = must(sealLetter(counsellorLetterBody('Vi finns här.'), t.keys.boxId, 2, 'to_help_seeker', t.anna,
      [hk.publicKey, t.bo.publicKey, t.anna.publicKey]));
    const typedAgain = deriveThreadKeys(must(normaliseReturnCode(formatReturnCode(makeReturnCode()))));
    assert.equal(outcome(open(t, reply, 0, 2, 'to_help_seeker', t.anna.publicKey, typedAgain.threadKey.secretKey)), 'frame_rejected');
    assert.deepEqual(must(open(t, reply, 0, 2, 'to_help_seeker', t.anna.publicKey, hk.secretKey)), { text: 'Vi finns här.' });
    assert.equal(must(open(t, reply, 1, 2, 'to_help_seeker', t.anna.publicKey, t.bo.secretKey)).text, 'Vi finns här.');
    assert.equal(outcome(open(t, reply, 0, 2, 'to_help_seeker', t.bo.publicKey, hk.secretKey)), 'frame_rejected',
      'a reply is authenticated to the MK that sealed it');
  });

  test('padded to whole KiB up to 16; a longer body is too large', () => {
    const t = newThread();
    const sizeFor = (textBytes: number) => {
      const body = { text: 'x'.repeat(textBytes - '{"text":""}'.length) };
      return must(sealLetter(body, t.keys.boxId, 1, 'to_help_seeker', t.anna, [t.anna.publicKey])).ciphertext.length;
    };
    assert.equal(sizeFor(1023), 24 + 1024 + 16);
    assert.equal(sizeFor(1024), 24 + 2048 + 16);
    assert.equal(sizeFor(16383), MAX_LETTER_CIPHERTEXT_BYTES);
    assert.equal(outcome(sealLetter({ text: 'x'.repeat(16384 - 11) }, t.keys.boxId, 1, 'to_help_seeker', t.anna, [t.anna.publicKey])),
      'too_large');
  });

  test('seal refuses number 0, no reader, more than 64, and a low-order reader key', () => {
    const t = newThread();
    const hk = t.keys.threadKey;
    const body = counsellorLetterBody('a');
    assert.equal(outcome(sealLetter(body, t.keys.boxId, 0, 'to_centre', hk, [t.anna.publicKey])), 'malformed');
    assert.equal(outcome(sealLetter(body, t.keys.boxId, 1, 'to_centre', hk, [])), 'malformed');
    assert.equal(outcome(sealLetter(body, t.keys.boxId, 1, 'to_centre', hk, new Array<Uint8Array>(65).fill(t.anna.publicKey))), 'malformed');
    assert.equal(outcome(sealLetter(body, t.keys.boxId, 1, 'to_centre', hk, [new Uint8Array(32)])), 'low_order_point');
  });

  test('a body must be one object with a string text and, to the centre, the thread key that sealed it', () => {
    const t = newThread();
    const hk = t.keys.threadKey;
    const hk64 = toBase64Url(hk.publicKey);
    const other = toBase64Url(generateDhKeyPair().publicKey);
    const roundTrip = (body: object) => {
      const sealed = must(sealLetter(body, t.keys.boxId, 1, 'to_centre', hk, [t.anna.publicKey]));
      return outcome(open(t, sealed, 0, 1, 'to_centre', hk.publicKey, t.anna.secretKey));
    };
    assert.equal(roundTrip({ later: { x: [1, -2500, true, null, { y: '}"]' }] }, text: 'a"b\\', thread_key: hk64 }), 'ok');
    assert.equal(roundTrip({ text: 'a', thread_key: other }), 'frame_rejected');
    assert.equal(roundTrip({ text: 'a' }), 'frame_rejected');
    assert.equal(roundTrip({ text: 'a', thread_key: 7 }), 'frame_rejected');
    assert.equal(roundTrip({ thread_key: hk64 }), 'malformed');
    assert.equal(roundTrip({ text: 2, thread_key: hk64 }), 'malformed');
    assert.equal(roundTrip(['text']), 'malformed');
  });
});
