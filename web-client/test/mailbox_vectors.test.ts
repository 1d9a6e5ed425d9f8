// The TypeScript mailbox against both vector files: mailbox_v1.json (written by the C++ side) and
// mailbox_v1_from_ts.json (test/mailbox_vectors.ts, one schema): re-makes every byte, opens every
// envelope, fails every negative case with exactly its error, and checks that the committed
// TypeScript file is what mailbox_vectors.ts builds.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import sodium from 'libsodium-wrappers';
import { dhKeyPairFromSeed, signingKeyPairFromSeed, cryptoReady } from '../src/crypto/keys';
import { letterAssociatedData, LETTER_BLOCK, openLetter, openLetterText, sealLetterTextForVectors, type Direction } from '../src/crypto/letter';
import { deriveThreadKeys, mailboxKeyMessage, signMailboxKey, unwrapMailboxKey, verifyMailboxKey,
  wrapMailboxKeyForVectors } from '../src/crypto/mailbox_keys';
import { formatReturnCode, isNormalisedReturnCode, normaliseReturnCode, returnCodeFromBytes } from '../src/crypto/return_code';
import type { Result } from '../src/crypto/result';
import { rosterEntryFromJson, rosterEntryToJson, verifyRosterEntry } from '../src/crypto/roster';
import { hex, must, readVectorFile, unhex } from './cpp_vectors';
import { buildMailboxVectors } from './mailbox_vectors';

/* eslint-disable @typescript-eslint/naming-convention */
interface Envelope { to_hex: string; nonce_hex: string; box_hex: string; reader_secret_hex: string }
interface Letter {
  name: string; box_id_hex: string; number: number; direction: Direction; sender_public_hex: string; sender_secret_hex: string;
  body: string; key_hex: string; nonce_hex: string; associated_data_hex: string; ciphertext_hex: string; envelopes: Envelope[];
}
interface OpenCase {
  name: string; ciphertext_hex: string; box_hex: string; box_id_hex: string; number: number; direction: Direction;
  sender_public_hex: string; reader_secret_hex: string; error: string;
}
interface MailboxVectors {
  now: number;
  return_code: { random_hex: string; code: string; formatted: string };
  normalise: { typed: string; code?: string; error?: string }[];
  thread: Record<string, string> & { code: string };
  wrong_code: Record<string, string> & { code: string };
  root: { seed_hex: string; public_key_hex: string };
  revocation_list_hex: string;
  counsellors: (Record<string, string> & { entry: unknown })[];
  letters: Letter[];
  negative_open: OpenCase[];
  body_checks: (OpenCase & { body_hex: string })[];
  roster_checks: { name: string; entry: unknown; revocation_list_hex: string | null; at: number; error: string }[];
  uncertified_reply: { letter: Letter; author_entry: unknown; author_error: string };
}
/* eslint-enable @typescript-eslint/naming-convention */

const outcome = (r: Result<unknown>): string => (r.ok ? 'ok' : r.error);

before(async () => {
  await cryptoReady();
});

for (const file of ['mailbox_v1.json', 'mailbox_v1_from_ts.json']) {
  describe(`mailbox vectors of ${file}`, () => {
    const v = () => readVectorFile<MailboxVectors>(file);
    const root = () => unhex(v().root.public_key_hex);

    test('the return code from its random bytes, and its shown form', () => {
      const { return_code: rc } = v();
      const code = must(returnCodeFromBytes(unhex(rc.random_hex)));
      assert.equal(code, rc.code);
      assert.equal(formatReturnCode(code), rc.formatted);
      assert.ok(isNormalisedReturnCode(code));
    });

    test('typed codes normalise (case, spaces, look-alikes) or are malformed', () => {
      for (const c of v().normalise) {
        const got = normaliseReturnCode(c.typed);
        assert.equal(outcome(got), c.error ?? 'ok', c.typed);
        if (got.ok) assert.equal(got.value, c.code, c.typed);
      }
    });

    test('rk, box_id, box_auth, its hash and HK from the code', () => {
      const { thread: t } = v();
      const rk = sodium.crypto_generichash(32, t.code, 'tillit-mailbox-v1');
      assert.equal(hex(rk), t.rk_hex);
      assert.equal(hex(sodium.crypto_kdf_derive_from_key(32, 3, 'tillitmb', rk)), t.hk_seed_hex);
      const keys = deriveThreadKeys(t.code);
      assert.equal(hex(keys.boxId), t.box_id_hex);
      assert.equal(hex(keys.boxAuth), t.box_auth_hex);
      assert.equal(hex(sodium.crypto_generichash(32, keys.boxAuth, null)), t.box_auth_hash_hex);
      assert.equal(hex(keys.threadKey.publicKey), t.hk_public_hex);
      assert.equal(hex(keys.threadKey.secretKey), t.hk_secret_hex);
    });

    test('a wrong code derives another box_id, box_auth and thread key', () => {
      const { wrong_code: w, thread: t } = v();
      const keys = deriveThreadKeys(w.code);
      assert.equal(hex(keys.boxId), w.box_id_hex);
      assert.equal(hex(keys.boxAuth), w.box_auth_hex);
      assert.equal(hex(keys.threadKey.publicKey), w.hk_public_hex);
      assert.notEqual(w.box_id_hex, t.box_id_hex);
      assert.notEqual(w.box_auth_hex, t.box_auth_hex);
      assert.notEqual(w.hk_public_hex, t.hk_public_hex);
    });

    test('mailbox keys: signature, wrapping, and their roster entries valid', () => {
      const list = unhex(v().revocation_list_hex);
      for (const c of v().counsellors) {
        const ik = must(signingKeyPairFromSeed(unhex(c.identity_seed_hex!)));
        const mk = must(dhKeyPairFromSeed(unhex(c.mailbox_seed_hex!)));
        assert.equal(hex(ik.publicKey), c.identity_public_hex);
        assert.equal(hex(mk.publicKey), c.mailbox_public_hex);
        const entry = must(rosterEntryFromJson(c.entry));
        assert.deepEqual(rosterEntryToJson(entry), c.entry, 'the wire form round-trips');
        assert.equal(hex(mailboxKeyMessage(mk.publicKey, entry.mailboxNotAfter)), c.mailbox_message_hex);
        assert.equal(hex(signMailboxKey(ik, mk.publicKey, entry.mailboxNotAfter)), hex(entry.mailboxSignature));
        assert.equal(outcome(verifyMailboxKey(ik.publicKey, mk.publicKey, entry.mailboxNotAfter, entry.mailboxSignature, v().now)), 'ok');
        assert.equal(outcome(verifyRosterEntry(entry, root(), list, v().now)), 'ok');
        assert.equal(outcome(verifyRosterEntry(entry, root(), null, v().now)), 'ok');
        const wrap = unhex(c.wrap_hex!);
        assert.equal(hex(must(wrapMailboxKeyForVectors(mk.secretKey, wrap, unhex(c.wrap_nonce_hex!)))), c.wrapped_hex);
        const unwrapped = must(unwrapMailboxKey(unhex(c.wrapped_hex!), wrap, mk.publicKey));
        assert.equal(hex(unwrapped.secretKey), c.mailbox_secret_hex);
        assert.equal(outcome(unwrapMailboxKey(unhex(c.wrapped_hex!), wrap, ik.publicKey)), 'unwrap_failed');
      }
    });

    test('letters re-seal byte for byte, and every envelope opens to the body', () => {
      for (const l of v().letters) {
        const boxId = unhex(l.box_id_hex);
        const sender = { publicKey: unhex(l.sender_public_hex), secretKey: unhex(l.sender_secret_hex) };
        assert.equal(hex(letterAssociatedData(boxId, l.number, l.direction)), l.associated_data_hex, l.name);
        const sealed = must(sealLetterTextForVectors(l.body, boxId, l.number, l.direction, sender, l.envelopes.map((e) => unhex(e.to_hex)),
          { key: unhex(l.key_hex), nonce: unhex(l.nonce_hex), envelopeNonces: l.envelopes.map((e) => unhex(e.nonce_hex)) }));
        assert.equal(hex(sealed.ciphertext), l.ciphertext_hex, l.name);
        assert.deepEqual(sealed.envelopes.map((e) => hex(e.box)), l.envelopes.map((e) => e.box_hex), l.name);
        const ciphertext = unhex(l.ciphertext_hex);
        assert.equal((ciphertext.length - 24 - 16) % LETTER_BLOCK, 0, 'padded to 1024-byte blocks');
        const expected = JSON.parse(l.body) as { text: string };
        for (const e of l.envelopes) {
          const body = must(openLetter(ciphertext, unhex(e.box_hex), boxId, l.number, l.direction, sender.publicKey, unhex(e.reader_secret_hex)));
          assert.equal(body.text, expected.text, l.name);
          if (l.direction === 'to_centre') assert.equal(hex(body.threadKey!), l.sender_public_hex);
          assert.equal(must(openLetterText(ciphertext, unhex(e.box_hex), boxId, l.number, l.direction, sender.publicKey,
            unhex(e.reader_secret_hex))), l.body);
        }
      }
    });

    test('every negative opening fails with exactly its error', () => {
      const cases = v().negative_open;
      assert.ok(cases.length >= 12);
      for (const c of cases) {
        const got = openLetter(unhex(c.ciphertext_hex), unhex(c.box_hex), unhex(c.box_id_hex), c.number, c.direction,
          unhex(c.sender_public_hex), unhex(c.reader_secret_hex));
        assert.equal(outcome(got), c.error, c.name);
      }
    });

    test('every body check opens or fails with its error, as JSON.parse and strict UTF-8 decide', () => {
      const cases = v().body_checks;
      assert.ok(cases.length >= 10);
      for (const c of cases) {
        const got = openLetterText(unhex(c.ciphertext_hex), unhex(c.box_hex), unhex(c.box_id_hex), c.number, c.direction,
          unhex(c.sender_public_hex), unhex(c.reader_secret_hex));
        const opened = openLetter(unhex(c.ciphertext_hex), unhex(c.box_hex), unhex(c.box_id_hex), c.number, c.direction,
          unhex(c.sender_public_hex), unhex(c.reader_secret_hex));
        assert.equal(outcome(opened), c.error, c.name);
        if (opened.ok) assert.equal(hex(new TextEncoder().encode(must(got))), c.body_hex, c.name);
      }
    });

    test('roster entries are refused with their errors (bad certificate, MK signature, expiry, revocation)', () => {
      const cases = v().roster_checks;
      assert.ok(cases.length >= 8);
      for (const c of cases) {
        const entry = must(rosterEntryFromJson(c.entry));
        const list = c.revocation_list_hex === null ? null : unhex(c.revocation_list_hex);
        assert.equal(outcome(verifyRosterEntry(entry, root(), list, c.at)), c.error, c.name);
      }
    });

    test('a reply from an uncertified mailbox key opens with that key, but its author is refused', () => {
      const { uncertified_reply: u } = v();
      const l = u.letter;
      const e = l.envelopes[0]!;
      assert.ok(openLetter(unhex(l.ciphertext_hex), unhex(e.box_hex), unhex(l.box_id_hex), l.number, l.direction,
        unhex(l.sender_public_hex), unhex(e.reader_secret_hex)).ok);
      const author = must(rosterEntryFromJson(u.author_entry));
      assert.equal(hex(author.mailboxKey), l.sender_public_hex);
      assert.equal(outcome(verifyRosterEntry(author, root(), unhex(v().revocation_list_hex), v().now)), u.author_error);
    });
  });
}

test('the committed mailbox_v1_from_ts.json is what mailbox_vectors.ts builds', () => {
  const committed = readVectorFile<object>('mailbox_v1_from_ts.json');
  assert.deepEqual(committed, JSON.parse(JSON.stringify(buildMailboxVectors())), 'run: node test/make_vectors_ts.mjs');
});
