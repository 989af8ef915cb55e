/**
 * Address formatting for messages and describe output (internal; not
 * exported from the package). Unlike `addrHex` of `@mps/mpm`, it shows the
 * limit 2^32 as `0x100000000` rather than wrapping it to zero.
 * .critical: none.
 */

import { addrHex } from "@mps/mpm";

/** `0x` and 8 hex digits, or `0x100000000` for 2^32. */
export function hex(a: number): string {
  return a === 2 ** 32 ? "0x100000000" : addrHex(a);
}
