// Builds tests/vectors/mailbox_v1_from_ts.json with the TypeScript mailbox (src/crypto/), from
// fixed seeds and nonces of its own, in the schema of the C++ side's mailbox_v1.json, so each
// language's tests run the same checks over both files (test/mailbox_vector_checks.ts and
// tests/crypto/mailbox_vectors_test.cpp). Deterministic: mailbox.test.ts checks that the
// committed file is what this builds.
import sodium from 'libsodium-wrappers';
import { encodeCertificate, makeCertificate, type Certificate } from '../src/crypto/certificate';
import { dhKeyPairFromSeed, signingKeyPairFromSeed, type DhKeyPair, type SigningKeyPair } from '../src/crypto/keys';
import { letterAssociatedData, sealLetterTextForVectors, type Direction } from '../src/crypto/letter';
import { deriveThreadKeys, mailboxKeyMessage, signMailboxKey, wrapMailboxKeyForVectors } from '../src/crypto/mailbox_keys';
import { formatReturnCode, returnCodeFromBytes, RETURN_CODE_RANDOM_BYTES } from '../src/crypto/return_code';
import type { CryptoErrorCode } from '../src/crypto/result';
import { signRevocationList } from '../src/crypto/revocation_list';
import { rosterEntryToJson } from '../src/crypto/roster';
import { hex, must } from './cpp_vectors';

/* eslint-disable @typescript-eslint/naming-convention */

const LABEL = 'tillit-mailbox-vectors-ts-v1';
const seed = (label: string, size = 32): Uint8Array => sodium.crypto_generichash(size, `${LABEL} ${label}`, null);
const flip = (bytes: Uint8Array, index: number): Uint8Array => {
  const out = bytes.slice();
  out[index]! ^= 0x01;
  return out;
};
const b64 = (bytes: Uint8Array): string => sodium.to_base64(bytes, sodium.base64_variants.URLSAFE_NO_PADDING);

interface Counsellor {
  name: string;
  identitySeed: Uint8Array;
  mailboxSeed: Uint8Array;
  identity: SigningKeyPair;
  mailbox: DhKeyPair;
  pseudonym: string;
  certificate: Certificate;
  mailboxNotAfter: number;
  mailboxSignature: Uint8Array;
}

const entryOf = (c: Counsellor) => rosterEntryToJson({
  identityKey: c.identity.publicKey, pseudonym: c.pseudonym, certificate: c.certificate, mailboxKey: c.mailbox.publicKey,
  mailboxNotAfter: c.mailboxNotAfter, mailboxSignature: c.mailboxSignature,
});

interface Reader { publicKey: Uint8Array; secretKey: Uint8Array }

function letter(name: string, body: string, boxId: Uint8Array, number: number, direction: Direction, sender: DhKeyPair,
  readers: Reader[]) {
  const key = seed(`k of ${name}`);
  const nonce = seed(`nonce of ${name}`, 24);
  const envelopeNonces = readers.map((_, i) => seed(`envelope ${i} of ${name}`, 24));
  const sealed = must(sealLetterTextForVectors(body, boxId, number, direction, sender, readers.map((r) => r.publicKey),
    { key, nonce, envelopeNonces }));
  return {
    name,
    box_id_hex: hex(boxId),
    number,
    direction,
    sender_public_hex: hex(sender.publicKey),
    sender_secret_hex: hex(sender.secretKey),
    body,
    key_hex: hex(key),
    nonce_hex: hex(nonce),
    associated_data_hex: hex(letterAssociatedData(boxId, number, direction)),
    ciphertext_hex: hex(sealed.ciphertext),
    envelopes: sealed.envelopes.map((e, i) => ({
      to_hex: hex(e.to), nonce_hex: hex(envelopeNonces[i]!), box_hex: hex(e.box), reader_secret_hex: hex(readers[i]!.secretKey),
    })),
  };
}

/** Needs libsodium ready. */
export function buildMailboxVectors(): object {
  const now = 1767312000; // 2026-01-02T00:00:00Z
  const certNotAfter = now + 45 * 86400;
  const mkNotAfter = now + 30 * 86400;

  const random = seed('return code', 16).subarray(0, RETURN_CODE_RANDOM_BYTES);
  const code = must(returnCodeFromBytes(random));
  const formatted = formatReturnCode(code);
  const normalise = [
    { typed: formatted, code },
    { typed: `\t${formatted.toLowerCase().replace(/-/g, ' . ')} `, code },
    { typed: code.replace(/0/g, 'o').replace(/1/g, 'I').replace(/V/g, 'U'), code },
    { typed: 'zzzz-yyyy-xxxx-wwww-oOiI', code: 'ZZZZYYYYXXXXWWWW0011' },
    { typed: `${code.slice(0, 5)}\u2014${code.slice(5)}\u3000`, code },
    { typed: `${code.slice(0, 12)}Ж${code.slice(12)}`, code },
    { typed: code.slice(1), error: 'malformed' },
    { typed: `${code}-${code}`, error: 'malformed' },
    { typed: '----', error: 'malformed' },
  ];

  const keys = deriveThreadKeys(code);
  const rk = sodium.crypto_generichash(32, code, 'tillit-mailbox-v1');
  const hkSeed = sodium.crypto_kdf_derive_from_key(32, 3, 'tillitmb', rk);
  const wrongCode = must(returnCodeFromBytes(seed('wrong code', 16).subarray(0, RETURN_CODE_RANDOM_BYTES)));
  const wrong = deriveThreadKeys(wrongCode);

  const root = must(signingKeyPairFromSeed(seed('root O')));
  const otherRoot = must(signingKeyPairFromSeed(seed('another root')));
  const make = (name: string, pseudonym: string, certifier: SigningKeyPair): Counsellor => {
    const identity = must(signingKeyPairFromSeed(seed(`IK of ${name}`)));
    const mailbox = must(dhKeyPairFromSeed(seed(`MK of ${name}`)));
    return {
      name, identitySeed: seed(`IK of ${name}`), mailboxSeed: seed(`MK of ${name}`), identity, mailbox, pseudonym,
      certificate: must(makeCertificate(certifier, identity.publicKey, pseudonym, certNotAfter)),
      mailboxNotAfter: mkNotAfter, mailboxSignature: signMailboxKey(identity, mailbox.publicKey, mkNotAfter),
    };
  };
  const sara = make('sara', 'kurator.sara', root);
  const omar = make('omar', 'kurator.omar', root);
  const mallory = make('mallory', 'kurator.sara', otherRoot);
  const list = (signer: SigningKeyPair, revoked: Uint8Array[]) =>
    must(signRevocationList(signer, { issuedAt: now - 86400, notAfter: now + 30 * 86400, revoked }));
  const revocations = list(root, [mallory.identity.publicKey]);

  const counsellorJson = (c: Counsellor) => {
    const wrap = seed(`wrap of ${c.name}`);
    const wrapNonce = seed(`wrap nonce of ${c.name}`, 24);
    return {
      name: c.name,
      identity_seed_hex: hex(c.identitySeed),
      identity_public_hex: hex(c.identity.publicKey),
      mailbox_seed_hex: hex(c.mailboxSeed),
      mailbox_public_hex: hex(c.mailbox.publicKey),
      mailbox_secret_hex: hex(c.mailbox.secretKey),
      mailbox_message_hex: hex(mailboxKeyMessage(c.mailbox.publicKey, c.mailboxNotAfter)),
      wrap_hex: hex(wrap),
      wrap_nonce_hex: hex(wrapNonce),
      wrapped_hex: hex(must(wrapMailboxKeyForVectors(c.mailbox.secretKey, wrap, wrapNonce))),
      entry: entryOf(c),
    };
  };

  const hk = keys.threadKey;
  const hkB64 = b64(hk.publicKey);
  const body1 = JSON.stringify({ text: 'Jag vågar inte gå hem efter skolan. Min bror kontrollerar min telefon. Kan ni hjälpa mig?', thread_key: hkB64 });
  const body2 = JSON.stringify({ text: 'Tack för att du hörde av dig. Vi finns här. Du kan skriva när det passar dig, eller chatta med mig på torsdag kväll.' });
  const body3 = JSON.stringify({ text: `${'Ez naxwazim bizewicim. '.repeat(60)}🙏`, thread_key: hkB64 });
  const toSara = sara.mailbox;
  const toOmar = omar.mailbox;
  const letter1 = letter('help_seeker_first', body1, keys.boxId, 1, 'to_centre', hk, [toSara, toOmar, hk]);
  const letter2 = letter('counsellor_reply', body2, keys.boxId, 2, 'to_help_seeker', sara.mailbox, [hk, toOmar, toSara]);
  const letter3 = letter('help_seeker_second', body3, keys.boxId, 3, 'to_centre', hk, [toSara, toOmar, hk]);
  const forged = letter('uncertified_reply', body2, keys.boxId, 2, 'to_help_seeker', mallory.mailbox, [hk]);
  const mismatch = letter('thread_key_mismatch', JSON.stringify({ text: 'Hej igen.', thread_key: b64(wrong.threadKey.publicKey) }),
    keys.boxId, 3, 'to_centre', hk, [toSara]);

  const rawKey = seed('raw k');
  const rawNonce = seed('raw nonce', 24);
  const rawEnvelopeNonce = seed('raw envelope', 24);
  const rawBox = new Uint8Array([...rawEnvelopeNonce, ...sodium.crypto_box_easy(rawKey, rawEnvelopeNonce, sara.mailbox.publicKey, hk.secretKey)]);
  const raw = (plaintext: Uint8Array) => new Uint8Array([...rawNonce, ...sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext,
    letterAssociatedData(keys.boxId, 1, 'to_centre'), null, rawNonce, rawKey)]);
  const shortPadded = new Uint8Array([...new TextEncoder().encode('{"text":"x"}'), 0x80]);

  const unhexed = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));
  const c1 = unhexed(letter1.ciphertext_hex);
  const c2 = unhexed(letter2.ciphertext_hex);
  const box = (l: ReturnType<typeof letter>, i: number) => unhexed(l.envelopes[i]!.box_hex);
  const openCase = (name: string, ciphertext: Uint8Array, envelope: Uint8Array, boxId: Uint8Array, number: number, direction: Direction,
    sender: Uint8Array, readerSecret: Uint8Array, error: CryptoErrorCode) => ({
    name, ciphertext_hex: hex(ciphertext), box_hex: hex(envelope), box_id_hex: hex(boxId), number, direction,
    sender_public_hex: hex(sender), reader_secret_hex: hex(readerSecret), error,
  });
  const negativeOpen = [
    openCase('moved_to_another_thread', c1, box(letter1, 0), wrong.boxId, 1, 'to_centre', hk.publicKey, sara.mailbox.secretKey, 'frame_rejected'),
    openCase('letter_number_changed', c1, box(letter1, 0), keys.boxId, 4, 'to_centre', hk.publicKey, sara.mailbox.secretKey, 'frame_rejected'),
    openCase('direction_changed', c2, box(letter2, 0), keys.boxId, 2, 'to_centre', sara.mailbox.publicKey, hk.secretKey, 'frame_rejected'),
    openCase('ciphertext_modified', flip(c2, 100), box(letter2, 0), keys.boxId, 2, 'to_help_seeker', sara.mailbox.publicKey, hk.secretKey,
      'frame_rejected'),
    openCase('envelope_modified', c2, flip(box(letter2, 0), 60), keys.boxId, 2, 'to_help_seeker', sara.mailbox.publicKey, hk.secretKey,
      'frame_rejected'),
    openCase('wrong_code_cannot_open_own_copy', c1, box(letter1, 2), keys.boxId, 1, 'to_centre', wrong.threadKey.publicKey,
      wrong.threadKey.secretKey, 'frame_rejected'),
    openCase('wrong_code_cannot_open_reply', c2, box(letter2, 0), wrong.boxId, 2, 'to_help_seeker', sara.mailbox.publicKey,
      wrong.threadKey.secretKey, 'frame_rejected'),
    openCase('uncertified_reply_claimed_as_saras', unhexed(forged.ciphertext_hex), box(forged, 0), keys.boxId, 2, 'to_help_seeker',
      sara.mailbox.publicKey, hk.secretKey, 'frame_rejected'),
    openCase('thread_key_mismatch', unhexed(mismatch.ciphertext_hex), box(mismatch, 0), keys.boxId, 3, 'to_centre', hk.publicKey,
      sara.mailbox.secretKey, 'frame_rejected'),
    openCase('bad_padding_no_marker', raw(new Uint8Array(2048).fill(0x20)), rawBox, keys.boxId, 1, 'to_centre', hk.publicKey,
      sara.mailbox.secretKey, 'bad_padding'),
    openCase('bad_padding_not_whole_blocks', raw(shortPadded), rawBox, keys.boxId, 1, 'to_centre', hk.publicKey, sara.mailbox.secretKey,
      'bad_padding'),
    openCase('too_large', raw(new Uint8Array(16384 + 1024)), rawBox, keys.boxId, 1, 'to_centre', hk.publicKey, sara.mailbox.secretKey,
      'too_large'),
  ];

  // Bodies: what a reader accepts, as JSON.parse and a strict UTF-8 decoder would (both languages alike).
  const bodyCase = (name: string, body: string, number: number, direction: Direction, sender: DhKeyPair, reader: DhKeyPair,
    error: CryptoErrorCode | 'ok') => {
    const sealed = letter(`body check ${name}`, body, keys.boxId, number, direction, sender, [reader]);
    return { ...openCase(name, unhexed(sealed.ciphertext_hex), box(sealed, 0), keys.boxId, number, direction, sender.publicKey,
      reader.secretKey, 'malformed'), error, body_hex: hex(new TextEncoder().encode(body)) };
  };
  const tk = (key: string) => `,"thread_key":"${key}"}`;
  const escapedHk = `\\u${hkB64.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}${hkB64.slice(1)}`;
  const bodies: [string, string, CryptoErrorCode | 'ok'][] = [
    ['nested_values', `{"later":{"x":[0,-1.25E-3,true,false,null,{"y":"{[\\"]}\\\\"}],"z":"\\u00E9\\t"},"text":"a"${tk(hkB64)}`, 'ok'],
    ['whitespace_around', `\n\t{\r\n"text":"a"\t,\n"thread_key"  :  "${hkB64}"}  `, 'ok'],
    ['escaped_names_and_key', `{"\\u0074ext":"a","thread_key":"${escapedHk}"}`, 'ok'],
    ['non_ascii_text', `{"text":"${'ø'.repeat(10)}🙂"${tk(hkB64)}`, 'ok'],
    ['number_with_a_bare_dot', `{"text":"a","n":1.${tk(hkB64)}`, 'malformed'],
    ['number_hexadecimal', `{"text":"a","n":0x10${tk(hkB64)}`, 'malformed'],
    ['literal_in_capitals', `{"text":"a","n":True${tk(hkB64)}`, 'malformed'],
    ['bad_escape', `{"text":"a\\x41"${tk(hkB64)}`, 'malformed'],
    ['raw_line_break_in_string', `{"text":"a\nb"${tk(hkB64)}`, 'malformed'],
    ['byte_order_mark', `\uFEFF{"text":"a"${tk(hkB64)}`, 'malformed'],
    ['unclosed', `{"text":"a"${tk(hkB64).slice(0, -1)}`, 'malformed'],
    ['text_a_number', `{"text":5${tk(hkB64)}`, 'malformed'],
    ['a_string', '"text"', 'malformed'],
    ['thread_key_of_another_thread', `{"text":"a"${tk(b64(wrong.threadKey.publicKey))}`, 'frame_rejected'],
    ['thread_key_an_object', `{"text":"a","thread_key":{"k":"${hkB64}"}}`, 'frame_rejected'],
    ['thread_key_truncated', `{"text":"a"${tk(hkB64.slice(0, -1))}`, 'frame_rejected'],
  ];
  const bodyChecks = [
    ...bodies.map(([name, body, error]) => bodyCase(name, body, 1, 'to_centre', hk, sara.mailbox, error)),
    bodyCase('reply_with_another_thread_key_ignored', `{"text":"a"${tk(b64(wrong.threadKey.publicKey))}`, 2, 'to_help_seeker', sara.mailbox,
      hk, 'ok'),
    bodyCase('reply_text_null', '{"text":null}', 2, 'to_help_seeker', sara.mailbox, hk, 'malformed'),
  ];

  const withField = (entry: Record<string, string | number>, field: string, value: string) => ({ ...entry, [field]: value });
  const sara64 = entryOf(sara);
  const rosterCase = (name: string, entry: object, revocationList: Uint8Array | null, at: number, error: CryptoErrorCode | 'ok') =>
    ({ name, entry, revocation_list_hex: revocationList === null ? null : hex(revocationList), at, error });
  const rosterChecks = [
    rosterCase('bad_certificate', withField(sara64, 'certificate', b64(flip(encodeCertificate(sara.certificate), 9))), revocations, now,
      'bad_signature'),
    rosterCase('bad_mailbox_signature', withField(sara64, 'mailbox_signature', b64(flip(sara.mailboxSignature, 63))), revocations, now,
      'bad_signature'),
    rosterCase('uncertified_mailbox_key', { ...sara64, mailbox_key: b64(mallory.mailbox.publicKey),
      mailbox_signature: b64(mallory.mailboxSignature) }, revocations, now, 'bad_signature'),
    rosterCase('certificate_by_another_root', entryOf(mallory), null, now, 'bad_signature'),
    rosterCase('expired_mailbox_key', sara64, revocations, mkNotAfter + 1, 'expired'),
    rosterCase('expired_certificate', sara64, null, certNotAfter, 'expired'),
    rosterCase('revoked_identity_key', entryOf(omar), list(root, [omar.identity.publicKey, mallory.identity.publicKey]), now, 'revoked'),
    rosterCase('list_by_another_root', sara64, list(otherRoot, []), now, 'bad_signature'),
    rosterCase('valid_at_the_hour_of_a_reply', sara64, revocations, mkNotAfter - 1, 'ok'),
  ];

  return {
    description: 'Mailbox version 1 (docs/crypto.md "Mailbox, version 1"), written by web-client/test/make_vectors_ts.mjs '
      + '(test/mailbox_vectors.ts) from fixed seeds of its own. Same schema as mailbox_v1.json.',
    version: 1,
    writer: 'ts',
    now,
    return_code: { random_hex: hex(random), code, formatted },
    normalise,
    thread: {
      code, rk_hex: hex(rk), box_id_hex: hex(keys.boxId), box_auth_hex: hex(keys.boxAuth),
      box_auth_hash_hex: hex(sodium.crypto_generichash(32, keys.boxAuth, null)), hk_seed_hex: hex(hkSeed),
      hk_public_hex: hex(hk.publicKey), hk_secret_hex: hex(hk.secretKey),
    },
    wrong_code: { code: wrongCode, box_id_hex: hex(wrong.boxId), box_auth_hex: hex(wrong.boxAuth), hk_public_hex: hex(wrong.threadKey.publicKey) },
    root: { seed_hex: hex(seed('root O')), public_key_hex: hex(root.publicKey) },
    revocation_list_hex: hex(revocations),
    counsellors: [counsellorJson(sara), counsellorJson(omar)],
    letters: [letter1, letter2, letter3],
    negative_open: negativeOpen,
    body_checks: bodyChecks,
    roster_checks: rosterChecks,
    uncertified_reply: { letter: forged, author_entry: entryOf(mallory), author_error: 'bad_signature' },
  };
}
