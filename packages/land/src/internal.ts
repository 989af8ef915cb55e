/**
 * Helpers shared by the lands (internal; not exported from the package):
 * address formatting, and the test for an allocation failure.
 * .critical: none.
 */

import { MpsError, addrHex } from "@mps/mpm";

/**
 * `0x` and 8 hex digits, or `0x100000000` for 2^32 (`addrHex` of `@mps/mpm`
 * shows addresses modulo 2^32, so the limit 2^32 would print as zero).
 */
export function hex(a: number): string {
  return a === 2 ** 32 ? "0x100000000" : addrHex(a);
}

/**
 * Is `e` the failure of an allocation: `RESOURCE`, `MEMORY` or
 * `COMMIT_LIMIT` (the MPS's `ResIsAllocFailure`)? A land that cannot get
 * memory for its structures may report any of them.
 */
export function isAllocFailure(e: unknown): boolean {
  return e instanceof MpsError && (e.code === "RESOURCE" || e.code === "MEMORY" || e.code === "COMMIT_LIMIT");
}
