/**
 * Checking levels, assertions and the check helpers.
 *
 * The level mirrors the MPS varieties: `cool` (full consistency checks, the
 * tests' level), `hot` (cheap checks; the default), `rash` (none). It is read
 * once, when this module is loaded, so a disabled check costs one branch on a
 * module constant. See docs/design/mpm.md `.check`.
 * .critical: averCritical (call it only under `if (COOL)`).
 */

import { MpsError } from "./res.js";

/**
 * The checking levels, from most to least checking.
 * @public
 */
export type CheckLevel = "cool" | "hot" | "rash";

function readCheckLevel(): CheckLevel {
  const g = globalThis as {
    process?: { env?: Record<string, string | undefined> };
    MPS_CHECK?: unknown;
  };
  const raw = g.process?.env?.["MPS_CHECK"] ?? (typeof g.MPS_CHECK === "string" ? g.MPS_CHECK : undefined);
  if (raw === undefined || raw === "") return "hot";
  if (raw === "cool" || raw === "hot" || raw === "rash") return raw;
  throw new MpsError("PARAM", `MPS_CHECK must be "cool", "hot" or "rash", not ${JSON.stringify(raw)}`);
}

/**
 * The checking level in force, fixed when `@mps/mpm` was loaded, from
 * `process.env.MPS_CHECK` or else `globalThis.MPS_CHECK`; `hot` by default.
 * @public
 */
export const CHECK_LEVEL: CheckLevel = readCheckLevel();

/**
 * True at the `cool` level: full consistency checks, including those on the
 * critical path. Guard expensive checks with `if (COOL)`.
 * @public
 */
export const COOL: boolean = CHECK_LEVEL === "cool";

/**
 * True unless the level is `rash`: cheap checks (signatures, argument ranges) are on.
 * @public
 */
export const CHECKING: boolean = CHECK_LEVEL !== "rash";

/**
 * Choose one of three versions of something by the checking level in force:
 * `cool`, `hot` or `rash`. Critical-path methods use it once, at load, to
 * install the version of a method written for the level (see
 * docs/design/mpm.md `.check.cost`): V8 does not fold an imported constant
 * such as {@link COOL}, so `if (COOL)` on a hot path costs a load, a test and
 * the dead code's weight in every call, where a version with the level's
 * checks written out costs nothing more than the checks themselves.
 * @public
 */
export function byCheckLevel<T>(cool: T, hot: T, rash: T): T {
  return CHECK_LEVEL === "cool" ? cool : CHECK_LEVEL === "hot" ? hot : rash;
}

/**
 * The thrown form of a failed assertion: an MPS bug, or a client that broke
 * the protocol in a way the MPS does not report with a result code.
 * @public
 */
export class MpsAssertionError extends Error {
  /** The condition that failed, as text. */
  readonly condition: string;
  /** Where it failed: a module and function name, such as `"cbs.cbsDelete"`. */
  readonly location: string;

  constructor(condition: string, location: string) {
    super(`MPS assertion failed: ${condition}${location ? ` (${location})` : ""}`);
    this.name = "MpsAssertionError";
    this.condition = condition;
    this.location = location;
  }
}

/**
 * An assertion handler: called with the failed condition and its location.
 * If it returns, execution continues as though the check had passed, as the
 * MPS does when a client's handler returns (design.mps.check.fun.return).
 * @public
 */
export type AssertionHandler = (condition: string, location: string) => void;

/**
 * The default handler: throws {@link MpsAssertionError}.
 * @public
 */
export const defaultAssertionHandler: AssertionHandler = (condition, location) => {
  throw new MpsAssertionError(condition, location);
};

let handler: AssertionHandler = defaultAssertionHandler;

/**
 * Install an assertion handler and return the previous one. The plinth's
 * `installAssertFail` is built on this.
 * @public
 */
export function setAssertionHandler(h: AssertionHandler): AssertionHandler {
  const old = handler;
  handler = h;
  return old;
}

/**
 * Report a failed assertion through the installed handler.
 * @public
 */
export function assertFail(condition: string, location = ""): void {
  handler(condition, location);
}

/**
 * Assert `cond` unless the level is `rash`. Pass the message as a function
 * when building it costs anything: it is only called on failure.
 * @public
 */
export function aver(cond: boolean, message: string | (() => string)): void {
  if (CHECKING && !cond) assertFail(typeof message === "string" ? message : message());
}

/**
 * A critical-path assertion. Call it only inside `if (COOL) { ... }`, so that
 * at `hot` and `rash` its arguments are never evaluated.
 *
 * @remarks Critical path: allocates nothing when the condition holds.
 * @public
 */
export function averCritical(cond: boolean, message: string): void {
  if (!cond) assertFail(message);
}

/**
 * Anything with a signature field (design.mps.sig).
 * @public
 */
export interface Signed {
  /** The structure's signature, or {@link SIG_INVALID} once finished. */
  sig: number;
}

/**
 * The signature a structure gets when it is finished: a use after finish
 * fails the signature check (design.mps.sig).
 * @public
 */
export const SIG_INVALID = 0x51915bad;

const sigNames = new Map<number, string>([[SIG_INVALID, "INVALID"]]);

/**
 * Define a signature value for a structure type. Throws if another type
 * already uses the value, so signatures stay unique.
 * @param name - the structure's name, such as `"CBS"`.
 * @param value - a 32-bit constant, conventionally starting `0x519…` ("SIG").
 * @public
 */
export function defineSig(name: string, value: number): number {
  const v = value >>> 0;
  const old = sigNames.get(v);
  if (old !== undefined && old !== name) {
    throw new MpsError("PARAM", `signature 0x${v.toString(16)} of ${name} is already used by ${old}`);
  }
  sigNames.set(v, name);
  return v;
}

/**
 * The name registered for a signature value, if any.
 * @public
 */
export function sigName(value: number): string | undefined {
  return sigNames.get(value >>> 0);
}

/**
 * `CHECKS`: check that `obj` is present and carries `sig`.
 * @public
 */
export function checkS(obj: Signed | null | undefined, sig: number, what: string): boolean {
  if (obj == null || obj.sig !== sig) {
    const found = obj == null ? String(obj) : (sigName(obj.sig) ?? `0x${(obj.sig >>> 0).toString(16)}`);
    assertFail(`${what}: bad signature (expected ${sigName(sig) ?? sig}, found ${found})`);
  }
  return true;
}

/**
 * `CHECKL`: check a local field's condition.
 * @public
 */
export function checkL(cond: boolean, what: string): boolean {
  if (!cond) assertFail(what);
  return true;
}

/**
 * `CHECKU`: check a parent structure, by signature only.
 * @public
 */
export function checkU(obj: Signed | null | undefined, sig: number, what: string): boolean {
  return checkS(obj, sig, what);
}

/**
 * `CHECKD`: check a child structure; recursively (its own check function) at
 * the `cool` level, by signature otherwise.
 * @public
 */
export function checkD<T extends Signed>(obj: T | null | undefined, sig: number, check: (o: T) => boolean, what: string): boolean {
  checkS(obj, sig, what);
  if (COOL && obj != null) return check(obj);
  return true;
}
