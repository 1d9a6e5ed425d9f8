// Counsellor console entry point (placeholder): loads the login crypto (libsodium sumo) and says so.
import { prepareLoginCrypto } from '../crypto/login';
import { showRootFingerprint } from '../footer';
import strings from '../i18n/sv.json';

const status = document.getElementById('status');

prepareLoginCrypto().then(
  () => {
    if (status) status.textContent = strings['console.ready'];
  },
  () => {
    if (status) status.textContent = strings['console.cryptoFailed'];
  },
);

showRootFingerprint();
