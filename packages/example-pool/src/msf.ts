/**
 * MSF (Mark-Sweep Fixed), the worked example of docs/pool/writing.md: an
 * automatic, non-moving pool class for formatted objects that all have one
 * size, allocated with `pool.alloc`, marked through the segment protocol
 * (msf-seg.ts) and swept in place. See docs/design/example-pool.md.
 * .critical: MSFPool.allocMethod (per allocation).
 */

import {
  type Addr, type FreeBlockVisitor, type ObjectFormat, type Size, type WriteStream,
  Rank, SIG_INVALID, ZONE_SET_UNIV, checkL, checkS, defineSig, describeLine, paramError, rankSetSingle,
} from "@mps/mpm";
import {
  type Arena, CHAIN_DEFAULT, Chain, type Format, FormatMethod, Pool, PoolGen, type PoolOpts, SIG_CHAIN, definePoolAttrs, segAllocInZones,
} from "@mps/arena";
import { MSFSeg, type MSFSegPool, SIG_MSF_SEG } from "./msf-seg.js";

/**
 * The signature of a live MSF pool's class part.
 * @public
 */
export const SIG_MSF = defineSig("MSF", 0x51935f00);

/**
 * The default size of the segments an MSF pool takes from the arena.
 * @public
 */
export const MSF_EXTEND_BY_DEFAULT = 64 * 1024;

/**
 * Options of an MSF pool, for `arena.createPool(MSFPool, options)`.
 * @public
 */
export interface MSFOpts extends PoolOpts {
  /** The object format: required, with `fmtScan`. The pool's alignment is the format's. */
  format: ObjectFormat;
  /** The size of every object in bytes, header included: required, a positive multiple of the alignment. */
  unitSize: Size;
  /**
   * The size of each segment the pool takes from the arena: rounded up to
   * the arena grain, and to at least one unit. @defaultValue 65536
   */
  extendBy?: Size;
  /** The chain whose generation `gen` the pool allocates into. @defaultValue a chain of the pool's own */
  chain?: Chain;
  /** The generation of the chain the pool allocates into (objects stay in it). @defaultValue 0 with a `chain`, 1 without */
  gen?: number;
}

function checkOpts(opts: MSFOpts): MSFOpts {
  if (opts === null || typeof opts !== "object") paramError(`MSF: options must be an object, not ${String(opts)}`);
  if (opts.format === undefined) paramError("MSF: the format option is required");
  if (opts.align !== undefined) paramError("MSF: the alignment is the format's; do not give align");
  return opts;
}

/**
 * The MSF pool class: automatically managed objects of one size that hold
 * exact references and never move, allocated with `pool.alloc`.
 *
 * @remarks
 * `alloc` returns a zeroed unit, so the format's scan must accept an
 * object of zero bytes (null references). The client may initialise a
 * new object with plain stores before its next `alloc` or collection step;
 * later updates go through `arena.storeRef` (the write barrier). There is
 * no `free`: the collector reclaims unreachable objects. See
 * docs/pool/writing.md.
 * @public
 */
export class MSFPool extends Pool implements MSFSegPool {
  /** The class's name. */
  static readonly className: string = "MSF";
  /** Collected, scanned (exact references), formatted, with `alloc`; no buffers, no `free`, no moving. */
  static readonly attrs = definePoolAttrs({ gc: true, alloc: true, scannable: true, format: true, ranks: rankSetSingle(Rank.EXACT) });

  /** {@link SIG_MSF} while live. */
  msfSig: number = SIG_INVALID;
  /** The bytes of every object, header included. */
  readonly unitSize: Size;
  /** The size of each segment. */
  readonly extendBy: Size;
  /** How many units a segment holds. */
  readonly unitsPerSeg: number;
  /** The pool's generation. */
  readonly pgen: PoolGen;
  /** The chain, given or the pool's own. */
  readonly chain: Chain;
  /** The index of the pool's generation in the chain. */
  readonly genIndex: number;
  private readonly ownChain: boolean;
  /** The segment the last allocation came from (tried first). */
  private current: MSFSeg | undefined = undefined;

  /** Check the options and join the generation. Throws `PARAM`, making nothing, on a bad option. */
  constructor(arena: Arena, opts: MSFOpts) {
    super(arena, checkOpts(opts));
    let ownChain: Chain | undefined;
    try {
      (this.format as Format).require(FormatMethod.SCAN, "MSF");
      const unit = opts.unitSize;
      if (typeof unit !== "number" || !Number.isInteger(unit) || unit <= 0 || unit % this.alignment !== 0 || unit > 2 ** 30) {
        paramError(`MSF: unitSize must be a positive multiple of the alignment ${this.alignment} up to 2^30, not ${String(unit)}`);
      }
      const headerSize = (this.format as ObjectFormat).headerSize;
      if (unit <= headerSize) paramError(`MSF: unitSize ${unit} must exceed the format's header size ${headerSize}`);
      const extendBy = opts.extendBy ?? MSF_EXTEND_BY_DEFAULT;
      if (typeof extendBy !== "number" || !Number.isInteger(extendBy) || extendBy <= 0 || extendBy > 2 ** 31) {
        paramError(`MSF: extendBy must be a positive integer up to 2^31, not ${String(extendBy)}`);
      }
      const chain = opts.chain;
      if (chain !== undefined && (!(chain instanceof Chain) || chain.sig !== SIG_CHAIN || !arena.chains.has(chain))) paramError("MSF: chain must be a live chain of the pool's arena");
      const genCount = chain === undefined ? CHAIN_DEFAULT.length : chain.genCount;
      const gen = opts.gen ?? (chain === undefined ? 1 : 0);
      if (typeof gen !== "number" || !Number.isInteger(gen) || gen < 0 || gen > genCount) paramError(`MSF: gen must be an integer from 0 to ${genCount}, not ${String(gen)}`);
      const grain = arena.grainSize;
      this.unitSize = unit;
      this.extendBy = Math.ceil(Math.max(extendBy, unit) / grain) * grain;
      this.unitsPerSeg = Math.floor(this.extendBy / unit);
      if (chain === undefined) ownChain = arena.createChain(CHAIN_DEFAULT);
      this.chain = chain ?? (ownChain as Chain);
      this.genIndex = gen;
      this.pgen = new PoolGen(this.chain.gen(gen), this);
    } catch (e) {
      if (ownChain !== undefined) ownChain.destroy();
      this.abandon();
      throw e;
    }
    this.ownChain = ownChain !== undefined;
    this.msfSig = SIG_MSF;
  }

  /**
   * `mps_alloc`: a zeroed object of `unitSize` bytes; returns its client
   * pointer. Throws `PARAM` for any other size; `RESOURCE`, `MEMORY` or
   * `COMMIT_LIMIT` if a new segment is needed and the arena cannot give one.
   * @remarks Critical path: the segment of the last allocation is tried first.
   */
  protected override allocMethod(size: Size): Addr {
    if (size !== this.unitSize) paramError(`MSF.alloc: every object is ${this.unitSize} bytes, not ${size}`);
    let seg = this.current;
    // The current segment may have been freed by a collection since.
    let p = seg !== undefined && seg.msfSig === SIG_MSF_SEG && seg.freeUnits > 0 ? seg.allocUnit() : 0;
    if (p === 0) {
      seg = this.segWithFree();
      p = seg.allocUnit();
      this.current = seg;
    }
    this.arena.mem.u8.fill(0, p, p + size);
    // The client initialises the object with plain stores: the segment may
    // not rely on a summary the write barrier would no longer keep.
    if (seg!.summary !== ZONE_SET_UNIV) seg!.setSummary(ZONE_SET_UNIV);
    return p + (this.format as ObjectFormat).headerSize;
  }

  /**
   * A segment with a free unit: the first on the ring, else a new one. A new
   * segment is the moment to let the collector run (as a buffer fill does).
   */
  private segWithFree(): MSFSeg {
    const ring = this.segRing;
    for (let n = ring.next; n !== ring; n = n.next) {
      const s = n.owner as MSFSeg;
      if (s.freeUnits > 0) return s;
    }
    this.arena.poll();
    // The collection may have freed units (or segments).
    for (let n = ring.next; n !== ring; n = n.next) {
      const s = n.owner as MSFSeg;
      if (s.freeUnits > 0) return s;
    }
    const seg = segAllocInZones(MSFSeg, this.pgen.gen, this.extendBy, this, {});
    this.pgen.accountForAlloc(seg.size());
    seg.pgen = this.pgen;
    seg.setRankSummary(rankSetSingle(Rank.EXACT), ZONE_SET_UNIV);
    return seg;
  }

  /** `PoolAddrObject`: the client pointer of the object containing `addr`. */
  protected override addrObjectMethod(addr: Addr): Addr {
    const seg = this.arena.segOfAddr(addr);
    if (!(seg instanceof MSFSeg)) paramError("MSF addrObject: not in a segment of the pool");
    return seg.objectOf(addr);
  }

  /** The bytes of the pool's segments. */
  protected override totalSizeMethod(): Size {
    return this.pgen.totalSize;
  }

  /** The bytes of free units, and of segment tails too short for a unit. */
  protected override freeSizeMethod(): Size {
    return this.pgen.freeSize;
  }

  /** Every run of free units. */
  protected override freeWalkMethod(visitor: FreeBlockVisitor): void {
    for (const s of this.segs() as MSFSeg[]) {
      let i = 0;
      while (i < s.units) {
        if (s.colour[i] !== 0) {
          i++;
          continue;
        }
        let j = i + 1;
        while (j < s.units && s.colour[j] === 0) j++;
        visitor(s.addrOfUnit(i), s.addrOfUnit(j), this);
        i = j;
      }
    }
  }

  /** Every segment goes back to the arena, out of the accounts; then the generation and any own chain. */
  protected override finishMethod(): void {
    const ring = this.segRing;
    for (let n = ring.next, next = n.next; n !== ring; n = next, next = n.next) (n.owner as MSFSeg).release();
    this.current = undefined;
    this.msfSig = SIG_INVALID;
    this.pgen.finish();
    if (this.ownChain) this.chain.destroy();
  }

  /** The generation's accounts and every segment. */
  protected override checkMethod(): boolean {
    checkS({ sig: this.msfSig }, SIG_MSF, "MSF");
    checkL(this.format !== undefined && this.alignment === this.format.align, "MSF: the alignment is the format's");
    checkL(this.unitSize > 0 && this.unitSize % this.alignment === 0, "MSF: unitSize is a multiple of the alignment");
    this.pgen.check();
    let total = 0;
    for (const s of this.segs()) {
      checkL(s instanceof MSFSeg, "MSF: every segment is an MSF segment");
      s.check();
      total += s.size();
    }
    checkL(total === this.pgen.totalSize, "MSF: the generation's total is the segments' sizes");
    checkL(this.current === undefined || this.current.msfSig !== SIG_MSF_SEG || this.current.pool === this, "MSF: the current segment is the pool's");
    return true;
  }

  /** The unit size and generation; the segments follow. */
  protected override describeMethod(stream: WriteStream, depth: number): void {
    describeLine(stream, depth, `MSF unitSize ${this.unitSize} extendBy ${this.extendBy} gen ${this.genIndex}${this.ownChain ? " (own chain)" : ""}`);
    this.pgen.describe(stream, depth);
  }
}
