// The centre's root public key O, built into the bundle by build.mjs (TILLIT_ROOT_PUBLIC_KEY_FILE).
// Without it the bundle holds a placeholder that makes every certificate check fail closed.
import { fromBase64Url } from './encoding';

// Replaced by esbuild's `define` with a string literal: the base64 key, or '' when none was given.
declare const __TILLIT_ROOT_PUBLIC_KEY__: string | undefined;

const built = typeof __TILLIT_ROOT_PUBLIC_KEY__ === 'string' ? __TILLIT_ROOT_PUBLIC_KEY__ : '';

/** O_pk, or undefined when the bundle was built without one (verifyBundle then says no_root_key). Needs sodium ready. */
export function pinnedRootKey(): Uint8Array | undefined {
  if (built === '') return undefined;
  try {
    const key = fromBase64Url(built);
    return key.length === 32 ? key : undefined;
  } catch {
    return undefined;
  }
}
