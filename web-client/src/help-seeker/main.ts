// Help-seeker page entry point (placeholder): shows that the script loaded.
import { showRootFingerprint } from '../footer';
import strings from '../i18n/sv.json';

const status = document.getElementById('status');
if (status) status.textContent = strings['page.ready'];

showRootFingerprint();
