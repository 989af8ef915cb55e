/**
 * The plinth's assertion handler (`mps_lib_assert_fail`,
 * `mps_lib_assert_fail_install`), on the hook that `@mps/mpm` keeps.
 * See docs/design/plinth.md `.if.assert.install`.
 * .critical: none (assertions fail rarely; the check that precedes one is the caller's).
 */

import { assertFail as mpmAssertFail, paramError, setAssertionHandler, type AssertionHandler } from "@mps/mpm";

export { MpsAssertionError, defaultAssertionHandler, type AssertionHandler } from "@mps/mpm";

/**
 * Install `handler` as the assertion handler, and return the one it replaces
 * (`mps_lib_assert_fail_install`).
 *
 * @remarks
 * The handler is called with the condition that failed and where it failed (a
 * module and function, such as `"cbs.cbsDelete"`). The default,
 * {@link @mps/mpm#defaultAssertionHandler}, throws
 * {@link @mps/mpm#MpsAssertionError} carrying both. A handler that returns lets
 * the MPS carry on as though the check had passed, which is rarely safe; one
 * that throws unwinds to the client's call into the MPS. The handler must not
 * call the MPS. The hook is global, as in the MPS: it serves every arena.
 * Throws `MpsError` `PARAM`, changing nothing, if `handler` is not a function.
 * @public
 */
export function installAssertFail(handler: AssertionHandler): AssertionHandler {
  if (typeof handler !== "function") paramError(`installAssertFail: the handler must be a function, not ${typeof handler}`);
  return setAssertionHandler(handler);
}

/**
 * Report a failed assertion through the installed handler (`mps_lib_assert_fail`).
 * @param condition - the condition that failed, as text.
 * @param location - where it failed, such as `"arena.arenaAlloc"`.
 * @public
 */
export function assertFail(condition: string, location: string): void {
  mpmAssertFail(condition, location);
}
