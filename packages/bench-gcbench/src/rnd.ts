/**
 * The MPS test library's random number generator (`testlib.c` `rnd`): the
 * Park–Miller minimal standard generator with multiplier 48271 modulo
 * 2^31 - 1, so that a seed given with `-x` replays the C gcbench's choices.
 * See docs/design/bench-gcbench.md `.impl.rnd`.
 * .critical: Rnd.next, Rnd.double (once per tree node visited).
 */

/** The modulus, 2^31 - 1. @public */
export const RND_M = 2147483647;
/** The multiplier. @public */
export const RND_A = 48271;

/**
 * A seeded generator with the state and the step of the MPS's `rnd()`.
 * @public
 */
export class Rnd {
  /** The state: an integer in [1, 2^31 - 2]; `rnd_state()`. */
  state: number;

  /** @param seed - the initial state (`rnd_state_set`): an integer in [1, 2^31 - 2]. */
  constructor(seed: number) {
    if (!(Number.isInteger(seed) && seed >= 1 && seed < RND_M)) {
      throw new RangeError(`Rnd: the seed must be an integer in [1, ${RND_M - 1}], not ${String(seed)}`);
    }
    this.state = seed;
  }

  /**
   * The next value, in [1, 2^31 - 2] (`rnd()`). The product of the state and
   * the multiplier is below 2^47, so the double arithmetic is exact.
   */
  next(): number {
    const s = (this.state * RND_A) % RND_M;
    this.state = s;
    return s;
  }

  /** The next value divided by 2^31 - 1: a double in (0, 1) (`rnd_double()`). */
  double(): number {
    const s = (this.state * RND_A) % RND_M;
    this.state = s;
    return s / RND_M;
  }
}

/**
 * A seed from the clock, as `rnd_seed()` makes one when none is given: an
 * integer in [1, 2^31 - 2].
 * @public
 */
export function rndSeed(): number {
  const t = Date.now() + Math.floor(performance.now() * 1000);
  return 1 + (t % (RND_M - 1));
}
