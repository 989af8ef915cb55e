/**
 * AMC's generations and buffers (design.mps.poolamc `.gen`, `.buffer`):
 * an `AMCGen` is the pool's part of one generation of its chain, with the
 * forwarding buffer that survivors of that generation are copied through;
 * an `AMCBuf` is an allocation point's or a forwarding buffer's buffer,
 * which knows the generation it allocates into. See docs/design/pool-amc.md.
 * .critical: none (per segment and per buffer fill).
 */

import { type Inst, type WriteStream, RANK_SET_EMPTY, SIG_INVALID, aver, checkL, checkS, defineSig, describeLine, Rank as RankValues } from "@mps/mpm";
import { type APOpts, type GenDesc, type Pool, PoolGen, SegBuf } from "@mps/arena";
import type { AMCZPool } from "./amc.js";

/**
 * The signature of a live {@link AMCGen}.
 * @public
 */
export const SIG_AMC_GEN = defineSig("AMCGen", 0x519a3c9e);

/**
 * The buffer class of AMC and AMCZ pools (the MPS's `amcBuf`): a segment
 * buffer that allocates into one generation of the pool.
 *
 * @remarks
 * A mutator buffer (an allocation point) allocates into the pool's nursery
 * generation (the `gen` option). A forwarding buffer belongs to a
 * generation's {@link AMCGen} and allocates into the next generation up
 * (the top generation's into itself); the pool fills and empties it, and
 * the tracer never flips it. An AMC buffer has the rank of its allocation
 * point (exact by default, or ambiguous); an AMCZ buffer has no rank.
 * @public
 */
export class AMCBuf extends SegBuf {
  /** The generation the buffer allocates into. */
  gen: AMCGen | undefined;
  /** `MPS_KEY_AP_HASH_ARRAYS`: the segments this buffer fills are deferred (their bytes do not hasten collection). */
  readonly forHashArrays: boolean;

  /** `AMCBufInit`: made by `pool.createAp` (mutator) or by the pool (forwarding). */
  constructor(pool: Pool, isMutator: boolean, opts: APOpts) {
    super(pool, isMutator, opts);
    const amc = pool as AMCZPool;
    this.gen = isMutator ? amc.nursery : undefined;
    this.forHashArrays = opts.apHashArrays === true;
    this.rankSetValue = amc.rankSet === RANK_SET_EMPTY ? RANK_SET_EMPTY : 1 << (opts.rank ?? RankValues.EXACT);
  }
}

/**
 * One generation of an AMC pool (the MPS's `amcGen`): its pool generation
 * (the accounts, and the `GenDesc` the tracer condemns by) and the
 * forwarding buffers through which the survivors of its segments are
 * copied into the next generation.
 * @public
 */
export class AMCGen implements Inst {
  /** {@link SIG_AMC_GEN} while live. */
  sig: number = SIG_INVALID;
  /** The pool. */
  readonly pool: AMCZPool;
  /** The index of the generation in the pool (0 is the chain's first; the last is the arena's top generation). */
  readonly index: number;
  /** The pool generation: the accounts of the pool's memory in this generation. */
  readonly pgen: PoolGen;
  /** The forwarding buffer for objects of the pool's rank (exact, or none for AMCZ). */
  readonly forward: AMCBuf;

  /** `amcGenCreate`: a generation of `pool` in `gen`, with its forwarding buffer (its target set later by the pool). */
  constructor(pool: AMCZPool, index: number, gen: GenDesc) {
    this.pool = pool;
    this.index = index;
    this.pgen = new PoolGen(gen, pool);
    this.forward = new AMCBuf(pool, false, {});
    this.sig = SIG_AMC_GEN;
  }

  /** `amcGenDestroy`: destroy the forwarding buffers and finish the pool generation (it must hold nothing). */
  destroy(): void {
    this.forward.destroy();
    this.pgen.finish();
    this.sig = SIG_INVALID;
  }

  /** `amcGenCheck`. */
  check(): boolean {
    checkS(this, SIG_AMC_GEN, "AMCGen");
    aver(this.pgen.check(), "AMCGen: pool generation");
    checkL(this.forward.pool === this.pool && !this.forward.isMutator, "AMCGen: the forwarding buffer is the pool's own");
    return true;
  }

  /** `amcGenDescribe`. */
  describe(stream: WriteStream, depth = 0): void {
    describeLine(stream, depth, `AMCGen ${this.index} (GenDesc ${this.pgen.gen.serial}) {`);
    describeLine(stream, depth + 2, `forward buffer ${this.forward.serial} -> gen ${this.forward.gen === undefined ? "none" : this.forward.gen.index}`);
    this.pgen.describe(stream, depth + 2);
    describeLine(stream, depth, "}");
  }
}
