// Fills each page's footer with the fingerprint of the root key built into this bundle, so that
// people can compare it with the one the centre publishes elsewhere (docs/security.md).
import { builtRootFingerprint } from './root_fingerprint';

/** The footer's two sentences in the page's language; `{fingerprint}` is replaced. */
export interface FooterStrings { rootFingerprint: string; noRootKey: string }

/** Writes into #root-fingerprint; a page without that element is left alone. */
export function showRootFingerprint(strings: FooterStrings): void {
  const element = document.getElementById('root-fingerprint');
  if (!element) return;
  element.textContent = builtRootFingerprint === ''
    ? strings.noRootKey
    // Isolated left-to-right (U+2066 … U+2069) so the hex groups keep their order in Arabic text.
    : strings.rootFingerprint.replace('{fingerprint}', `\u2066${builtRootFingerprint}\u2069`);
}
