/**
 * The seeded random number generator djbench draws its workload from: the
 * "minimal standard" of Park and Miller with multiplier 48271, as the MPS's
 * test library has it (testlib.c `rnd`). See docs/design/bench-djbench.md `.impl.rnd`.
 * .critical: `Rnd.next` (three or four draws per block the workload touches).
 */

/**
 * The generator's multiplier (Park and Miller's revised choice).
 * @public
 */
export const RND_MULTIPLIER = 48271;

/**
 * The generator's modulus, the Mersenne prime 2^31 − 1.
 * @public
 */
export const RND_MODULUS = 2147483647;

/**
 * Whether `seed` is a state the generator can start from: an integer in
 * [1, 2^31 − 2] (0 and the modulus are fixed points).
 * @public
 */
export function rndSeedValid(seed: number): boolean {
  return Number.isInteger(seed) && seed >= 1 && seed < RND_MODULUS;
}

/**
 * A seed taken from the clock, as djbench takes one when it is not given
 * `-x`: a value in [1, 2^31 − 2].
 * @public
 */
export function rndSeedFromClock(): number {
  const t = Date.now() + Math.floor(performance.now() * 1000);
  return 1 + (t % (RND_MODULUS - 1));
}

/**
 * A Park–Miller generator: each `next()` replaces the state `x` with
 * `48271 · x mod (2^31 − 1)` and returns it. The same seed gives the same
 * sequence as the MPS's `rnd()`.
 * @public
 */
export class Rnd {
  /** The current state, also the value `next()` last returned. */
  state: number;

  /** Start from `seed`, which must satisfy {@link rndSeedValid} (else a RangeError). */
  constructor(seed: number) {
    if (!rndSeedValid(seed)) throw new RangeError(`Rnd: seed must be an integer from 1 to ${RND_MODULUS - 1}, not ${String(seed)}`);
    this.state = seed;
  }

  /**
   * The next value, in [1, 2^31 − 2]. The product is split at bit 15 so
   * that every partial result is an exact small integer (as testlib.c does
   * in unsigned long); no floating-point remainder is taken.
   */
  next(): number {
    const x = this.state;
    const bot = RND_MULTIPLIER * (x & 0x7fff); // < 2^31
    const top = RND_MULTIPLIER * (x >>> 15); // < 2^32
    let y = bot + ((top & 0xffff) << 15) + (top >>> 16);
    if (y > RND_MODULUS) y -= RND_MODULUS;
    this.state = y;
    return y;
  }
}
