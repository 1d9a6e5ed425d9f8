// Fills each page's footer with the fingerprint of the root key built into this bundle, so that
// people can compare it with the one the centre publishes elsewhere (docs/security.md).
import strings from './i18n/sv.json';
import { builtRootFingerprint } from './root_fingerprint';

/** Writes into #root-fingerprint; a page without that element is left alone. */
export function showRootFingerprint(): void {
  const element = document.getElementById('root-fingerprint');
  if (!element) return;
  element.textContent = builtRootFingerprint === ''
    ? strings['footer.noRootKey']
    : strings['footer.rootFingerprint'].replace('{fingerprint}', builtRootFingerprint);
}
