/**
 * Result codes and the errors that carry them.
 *
 * The MPS returns an `mps_res_t` from every fallible call; here a result other
 * than OK is a thrown {@link MpsError} whose `code` names the result.
 * See docs/design/mpm.md `.res`.
 */

/**
 * The MPS result codes other than `MPS_RES_OK`.
 *
 * - `FAIL`: the operation failed for a reason not covered below.
 * - `RESOURCE`: a needed resource (for example control memory) could not be had.
 * - `MEMORY`: the system could not supply memory.
 * - `LIMIT`: an internal limit was reached.
 * - `UNIMPL`: the operation is not implemented.
 * - `IO`: an input/output operation failed.
 * - `COMMIT_LIMIT`: the arena's commit limit would be exceeded.
 * - `PARAM`: an argument was invalid.
 *
 * @public
 */
export type ResCode = "FAIL" | "RESOURCE" | "MEMORY" | "LIMIT" | "UNIMPL" | "IO" | "COMMIT_LIMIT" | "PARAM";

/**
 * Every result code, in the order `mps.h` declares them (after OK).
 * @public
 */
export const RES_CODES: readonly ResCode[] = Object.freeze([
  "FAIL",
  "RESOURCE",
  "MEMORY",
  "LIMIT",
  "UNIMPL",
  "IO",
  "COMMIT_LIMIT",
  "PARAM",
] as const);

/**
 * The error thrown when an MPS operation does not succeed.
 *
 * @remarks
 * `code` is the MPS result name, so callers can branch on it as they would on
 * an `mps_res_t`. Whoever throws it leaves the structure it was called on as it
 * was before the call, unless the function's documentation says otherwise.
 *
 * @public
 */
export class MpsError extends Error {
  /** The MPS result code. */
  readonly code: ResCode;

  /**
   * @param code - the result code.
   * @param message - what went wrong, naming the bad value where there is one.
   */
  constructor(code: ResCode, message: string) {
    super(`${code}: ${message}`);
    this.name = "MpsError";
    this.code = code;
  }
}

/**
 * Is `e` an {@link MpsError}, optionally with the given code?
 * @public
 */
export function isMpsError(e: unknown, code?: ResCode): e is MpsError {
  return e instanceof MpsError && (code === undefined || e.code === code);
}

/**
 * Is `e` the failure of an allocation: an {@link MpsError} with code
 * `RESOURCE`, `MEMORY` or `COMMIT_LIMIT` (the MPS's `ResIsAllocFailure`)?
 * A structure that cannot get memory may report any of them, and a fallback
 * (such as a Failover land) treats them alike.
 * @public
 */
export function isAllocFailure(e: unknown): boolean {
  return e instanceof MpsError && (e.code === "RESOURCE" || e.code === "MEMORY" || e.code === "COMMIT_LIMIT");
}

/**
 * Throw a `PARAM` error: an argument was invalid.
 * @public
 */
export function paramError(message: string): never {
  throw new MpsError("PARAM", message);
}

/**
 * Throw a `RESOURCE` error: a resource the operation needed is exhausted.
 * @public
 */
export function resourceError(message: string): never {
  throw new MpsError("RESOURCE", message);
}

/**
 * Throw a `FAIL` error.
 * @public
 */
export function failError(message: string): never {
  throw new MpsError("FAIL", message);
}

/**
 * Throw an `UNIMPL` error: the operation is not (yet) implemented.
 * @param what - the name of the operation, for example `"AMCPool.free"`.
 * @public
 */
export function unimpl(what: string): never {
  throw new MpsError("UNIMPL", `${what} is not implemented`);
}
