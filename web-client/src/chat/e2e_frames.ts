// The end-to-end frames inside a relay payload (docs/protocol.md, "End-to-end frames"): one kind
// byte and its data, as URL-safe base64. The server never looks inside; only the two browsers do.
import { fromBase64Url, toBase64Url } from '../crypto/encoding';

export const FrameKind = {
  helpSeekerHello: 0x01, // e_H (32)
  counsellorReply: 0x02, // e_C (32) ‖ confirm (32) ‖ header of the counsellor → help-seeker stream (24)
  helpSeekerHeader: 0x03, // header of the help-seeker → counsellor stream (24)
  sealed: 0x04, // one secretstream frame
} as const;
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

export interface E2eFrame { kind: FrameKind; data: Uint8Array }

export function encodeFrame(kind: FrameKind, ...parts: Uint8Array[]): string {
  const length = parts.reduce((sum, part) => sum + part.length, 1);
  const bytes = new Uint8Array(length);
  bytes[0] = kind;
  let offset = 1;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return toBase64Url(bytes);
}

/** undefined for a payload that is not base64 or has an unknown kind byte. */
export function decodeFrame(payload: string): E2eFrame | undefined {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(payload);
  } catch {
    return undefined;
  }
  const kind = bytes[0];
  if (kind === undefined || kind < FrameKind.helpSeekerHello || kind > FrameKind.sealed) return undefined;
  return { kind: kind as FrameKind, data: bytes.subarray(1) };
}
