// The login session's crypto for the staff pages: Argon2id (libsodium sumo), fresh salts, memzero.
import sodium from 'libsodium-wrappers';
import { deriveLoginKeys, LOGIN_SALT_BYTES } from '../crypto/login';
import type { StaffSessionDeps } from './staff_session';

/** libsodium must be ready (prepareLoginCrypto) before any of these runs, as the login view ensures. */
export const staffCrypto: Pick<StaffSessionDeps, 'deriveKeys' | 'randomSalt' | 'wipe'> = {
  deriveKeys: deriveLoginKeys,
  randomSalt: () => sodium.randombytes_buf(LOGIN_SALT_BYTES),
  wipe: (bytes) => sodium.memzero(bytes),
};
