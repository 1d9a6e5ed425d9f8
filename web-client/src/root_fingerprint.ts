// The fingerprint of the root key built into this bundle, computed by build.mjs (no libsodium
// needed at run time, so every page can show it). '' when the bundle has no root key.
declare const __TILLIT_ROOT_FINGERPRINT__: string | undefined;

export const builtRootFingerprint: string =
  typeof __TILLIT_ROOT_FINGERPRINT__ === 'string' ? __TILLIT_ROOT_FINGERPRINT__ : '';
