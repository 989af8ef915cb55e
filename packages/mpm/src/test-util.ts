/**
 * `@mps/mpm/test-util`: helpers for the tests of packages built on mpm.
 * Not part of the stable API (no api report), but published so that every
 * package's tests, and clients' tests, can share them.
 */

import { MpsError, type ResCode } from "./res.js";

/**
 * Run `fn` and return the code of the {@link MpsError} it throws, or
 * `undefined` if it returns normally. Any other exception is rethrown, so a
 * test that expects `PARAM` cannot be satisfied by a TypeError.
 * @public
 */
export function codeOf(fn: () => unknown): ResCode | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof MpsError) return e.code;
    throw e;
  }
  return undefined;
}

/**
 * Run `fn` and return the {@link MpsError} it throws, or `undefined` if it
 * returns normally; any other exception is rethrown.
 * @public
 */
export function mpsErrorOf(fn: () => unknown): MpsError | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof MpsError) return e;
    throw e;
  }
  return undefined;
}
