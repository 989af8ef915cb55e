/**
 * The MSF segment: a run of grains cut into units of the pool's unit size,
 * with one colour byte per unit, and the collector's side of the segment
 * protocol (whiten, scan, fix, reclaim, walk) for a mark-sweep collector
 * that never moves anything. See docs/design/example-pool.md.
 * .critical: fixMethod (per reference into a condemned segment), scanMethod.
 */

import {
  type Addr, type FormattedObjectsVisitor, type ObjectFormat, type ScanState, type Size, type Trace, type WriteStream,
  COOL, MpsError, Rank, SIG_INVALID, TRACE_SET_EMPTY, addrHex, aver, checkL, checkS, defineSig, describeLine,
} from "@mps/mpm";
import { GCSeg, type Pool, type PoolGen, type SegOpts } from "@mps/arena";

/**
 * The signature of a live {@link MSFSeg}.
 * @public
 */
export const SIG_MSF_SEG = defineSig("MSFSeg", 0x51935f59);

/**
 * The colour of a unit (one byte per unit of a segment).
 *
 * @remarks
 * Outside a collection every allocated unit is `BLACK`. Whitening a segment
 * turns its allocated units `WHITE`; fixing a white unit turns it `GREY`;
 * scanning a grey unit turns it `BLACK`; reclaim frees the units still
 * `WHITE`.
 * @public
 */
export const Colour = Object.freeze({
  /** Not allocated. */
  FREE: 0,
  /** Condemned and not (yet) reached. */
  WHITE: 1,
  /** Reached, its references not yet fixed. */
  GREY: 2,
  /** Reached and scanned, or not condemned. */
  BLACK: 3,
});

/**
 * What a segment needs from its pool; `MSFPool` implements it.
 * @public
 */
export interface MSFSegPool extends Pool {
  /** The bytes of every object, header included. */
  readonly unitSize: Size;
  /** The pool's generation. */
  readonly pgen: PoolGen;
}

/**
 * A segment of an MSF pool.
 *
 * @remarks
 * `freeUnits + newUnits + oldUnits === units` always: new units hold objects
 * allocated since the segment was last condemned, old units the rest. The
 * bytes past the last whole unit are never used and count as free in the
 * generation's accounts.
 * @public
 */
export class MSFSeg extends GCSeg {
  /** {@link SIG_MSF_SEG} while live. */
  msfSig: number = SIG_INVALID;
  /** The pool, as an MSF pool. */
  readonly msf: MSFSegPool;
  /** The unit size (copied from the pool: read per object). */
  readonly unitSize: Size;
  /** How many units the segment holds. */
  readonly units: number;
  /** One {@link Colour} per unit. */
  readonly colour: Uint8Array;
  /** Units that are free. */
  freeUnits: number;
  /** Units allocated since the segment was last condemned. */
  newUnits = 0;
  /** Units allocated before the segment was last condemned. */
  oldUnits = 0;
  /** Units that are grey (only while the segment is white). */
  greyUnits = 0;
  /** No free unit lies below this index (a search hint). */
  private freeLow = 0;

  /** Every unit free. Made by the pool through `segAllocInZones`. */
  constructor(pool: Pool, base: Addr, size: Size, opts: SegOpts) {
    super(pool, base, size, opts);
    this.msf = pool as MSFSegPool;
    this.unitSize = this.msf.unitSize;
    this.units = Math.floor(size / this.unitSize);
    this.colour = new Uint8Array(this.units);
    this.freeUnits = this.units;
    this.msfSig = SIG_MSF_SEG;
  }

  /** The address of unit `i` (the block, not the client pointer). */
  addrOfUnit(i: number): Addr {
    return this.base + i * this.unitSize;
  }

  /** Bytes in `n` units. */
  private bytes(n: number): Size {
    return n * this.unitSize;
  }

  /** Bytes past the last whole unit. */
  get tailSize(): Size {
    return this.size() - this.bytes(this.units);
  }

  // ----- allocation ------------------------------------------------------------

  /**
   * Take a free unit and return its block address, or 0 if there is none.
   * The unit is black, or grey if the segment is condemned by a trace that
   * has not flipped (the mutator may still store white references in it).
   */
  allocUnit(): Addr {
    if (this.freeUnits === 0) return 0;
    const colour = this.colour;
    let i = this.freeLow;
    while (colour[i] !== Colour.FREE) i++;
    this.freeLow = i + 1;
    this.freeUnits--;
    this.newUnits++;
    const white = this.white;
    if (white !== TRACE_SET_EMPTY && (white & this.pool.arena.flippedTraces) !== white) {
      colour[i] = Colour.GREY;
      this.greyUnits++;
      this.setGrey((this.grey | white) >>> 0);
    } else {
      colour[i] = Colour.BLACK;
    }
    const pgen = this.msf.pgen;
    pgen.accountForFill(this.unitSize);
    pgen.accountForEmpty(this.unitSize, 0, false);
    return this.addrOfUnit(i);
  }

  // ----- the collector's protocol ------------------------------------------

  /** Condemn every allocated unit: the objects turn white, the new ones age. */
  protected override whitenMethod(trace: Trace): void {
    aver(this.white === TRACE_SET_EMPTY, "MSFSeg.whiten: the segment is white for no other trace");
    const colour = this.colour;
    for (let i = 0; i < this.units; i++) if (colour[i] !== Colour.FREE) colour[i] = Colour.WHITE;
    const pgen = this.msf.pgen;
    pgen.accountForAge(0, this.bytes(this.newUnits), false);
    this.oldUnits += this.newUnits;
    this.newUnits = 0;
    if (this.oldUnits > 0) {
      const condemned = this.bytes(this.oldUnits);
      pgen.gen.condemn(trace.ti, condemned);
      trace.condemned += condemned;
      this.setWhite((this.white | (1 << trace.ti)) >>> 0);
    }
  }

  /**
   * Scan for `ss`. A segment that is not white for the trace is scanned whole
   * (every allocated unit) and the scan is total. A white one scans its grey
   * units, in passes until none is left (a fix may grey a unit below the
   * one being scanned), and the scan is partial: its black units were not
   * looked at.
   * @remarks Critical path.
   */
  protected override scanMethod(ss: ScanState): boolean {
    const format = this.msf.format as ObjectFormat;
    const h = format.headerSize;
    const colour = this.colour;
    const units = this.units;
    if ((ss.traces & ~this.white) !== 0) {
      // Runs of allocated units, each handed to the format in one call.
      let i = 0;
      while (i < units) {
        if (colour[i] === Colour.FREE) {
          i++;
          continue;
        }
        let j = i + 1;
        while (j < units && colour[j] !== Colour.FREE) j++;
        format.scan(ss, this.addrOfUnit(i) + h, this.addrOfUnit(j) + h);
        i = j;
      }
      return true;
    }
    while (this.greyUnits > 0) {
      for (let i = 0; i < units; i++) {
        if (colour[i] !== Colour.GREY) continue;
        const p = this.addrOfUnit(i) + h;
        format.scan(ss, p, p + this.unitSize);
        // Black only once scanned: if the scan throws, the unit stays grey.
        colour[i] = Colour.BLACK;
        this.greyUnits--;
      }
    }
    return false;
  }

  /**
   * Preserve the object `ref` refers to. An ambiguous reference anywhere in
   * an allocated unit preserves it and is returned unchanged; an exact or
   * final one must be a client pointer. A weak reference to an unreached
   * object is splatted (0). A reference that is not to an object is ignored
   * at `AMBIG` and refused with `PARAM` at the other ranks (at `cool`).
   * @remarks Critical path.
   */
  protected override fixMethod(ss: ScanState, ref: Addr): Addr {
    const h = (this.msf.format as ObjectFormat).headerSize;
    const off = ref - h - this.base;
    const i = Math.floor(off / this.unitSize);
    if (off < 0 || i >= this.units || this.colour[i] === Colour.FREE || (ss.rank !== Rank.AMBIG && off !== i * this.unitSize)) {
      if (COOL && ss.rank !== Rank.AMBIG) this.badReference(ss, ref, off, i);
      return ref;
    }
    if (this.colour[i] !== Colour.WHITE) {
      ss.wasMarked = true;
      return ref;
    }
    ss.wasMarked = false;
    if (ss.rank === Rank.WEAK) return 0;
    this.colour[i] = Colour.GREY;
    this.greyUnits++;
    // A segment scanned already must be scanned again for this unit.
    this.setGrey((this.grey | ss.traces) >>> 0);
    return ref;
  }

  /** The same as fix, which allocates nothing. */
  protected override fixEmergencyMethod(ss: ScanState, ref: Addr): Addr {
    return this.fixMethod(ss, ref);
  }

  private badReference(ss: ScanState, ref: Addr, off: number, i: number): never {
    const why = off < 0 || i >= this.units ? "is past the segment's units" : this.colour[i] === Colour.FREE ? "is to a free unit" : "is inside an object";
    throw new MpsError("PARAM", `MSF fix: the rank ${ss.rank} reference ${addrHex(ref)} ${why}`);
  }

  /**
   * Free every unit still white; count what was freed and what survived
   * (docs/design/trace.md `.contract.sizes`); give the segment back to the
   * arena if nothing is left in it.
   */
  protected override reclaimMethod(trace: Trace): void {
    aver(this.greyUnits === 0, "MSFSeg.reclaim: no unit is grey");
    const colour = this.colour;
    let reclaimed = 0;
    let low = this.units;
    for (let i = 0; i < this.units; i++) {
      if (colour[i] !== Colour.WHITE) continue;
      colour[i] = Colour.FREE;
      reclaimed++;
      if (i < low) low = i;
    }
    if (low < this.freeLow) this.freeLow = low;
    aver(reclaimed <= this.oldUnits, "MSFSeg.reclaim: only old units are reclaimed");
    this.oldUnits -= reclaimed;
    this.freeUnits += reclaimed;
    const pgen = this.msf.pgen;
    const reclaimedSize = this.bytes(reclaimed);
    pgen.accountForReclaim(reclaimedSize, false);
    trace.reclaimSize += reclaimedSize;
    const preserved = this.bytes(this.oldUnits);
    trace.preservedInPlaceSize += preserved;
    pgen.gen.survived(trace.ti, 0, preserved);
    this.setWhite((this.white & ~(1 << trace.ti)) >>> 0);
    if (this.freeUnits === this.units) this.release();
  }

  /** Give the segment back to the arena, out of the generation's accounts. */
  release(): void {
    this.msf.pgen.accountForFree(this.size(), this.bytes(this.freeUnits) + this.tailSize, this.bytes(this.oldUnits), this.bytes(this.newUnits), false);
    this.free();
  }

  /** Visit every allocated object; during a collection, not the white ones (they may be dead). */
  protected override walkMethod(format: ObjectFormat, visitor: FormattedObjectsVisitor): void {
    const h = format.headerSize;
    const colour = this.colour;
    for (let i = 0; i < this.units; i++) {
      const c = colour[i];
      if (c === Colour.FREE || c === Colour.WHITE) continue;
      visitor(this.addrOfUnit(i) + h, format, this.pool);
    }
  }

  /** The client pointer of the object containing `addr`, which must be allocated. */
  objectOf(addr: Addr): Addr {
    const i = Math.floor((addr - this.base) / this.unitSize);
    if (i >= this.units || this.colour[i] === Colour.FREE) throw new MpsError("PARAM", `MSF addrObject: ${addrHex(addr)} is not in an object`);
    return this.addrOfUnit(i) + (this.msf.format as ObjectFormat).headerSize;
  }

  /** Segments of MSF pools are never split. */
  protected override splitMethod(): void {
    throw new MpsError("UNIMPL", "MSFSeg: segments are not split");
  }

  /** Segments of MSF pools are never merged. */
  protected override mergeMethod(): void {
    throw new MpsError("UNIMPL", "MSFSeg: segments are not merged");
  }

  /** Invalidate the signature. */
  protected override finishMethod(): void {
    this.msfSig = SIG_INVALID;
    super.finishMethod();
  }

  /** The unit counts add up and agree with the colours. */
  protected override checkMethod(): boolean {
    super.checkMethod();
    checkS({ sig: this.msfSig }, SIG_MSF_SEG, "MSFSeg");
    checkL(this.freeUnits + this.newUnits + this.oldUnits === this.units, "MSFSeg: the unit counts add up");
    checkL(this.pgen === this.msf.pgen, "MSFSeg: the segment is in the pool's generation");
    if (COOL) {
      let free = 0;
      let grey = 0;
      for (let i = 0; i < this.units; i++) {
        const c = this.colour[i];
        if (c === Colour.FREE) free++;
        else if (c === Colour.GREY) grey++;
        checkL(this.white !== TRACE_SET_EMPTY || c === Colour.FREE || c === Colour.BLACK, "MSFSeg: outside a collection units are free or black");
      }
      checkL(free === this.freeUnits, "MSFSeg: freeUnits counts the free units");
      checkL(grey === this.greyUnits, "MSFSeg: greyUnits counts the grey units");
      checkL(this.freeLow <= this.units, "MSFSeg: freeLow");
      for (let i = 0; i < this.freeLow && i < this.units; i++) checkL(this.colour[i] !== Colour.FREE, "MSFSeg: no free unit below freeLow");
    }
    return true;
  }

  /** The counts and a map of the units: ` ` free, `-` white, `+` grey, `*` black. */
  protected override describeMethod(stream: WriteStream, depth: number): void {
    super.describeMethod(stream, depth);
    describeLine(stream, depth, `units ${this.units} free ${this.freeUnits} new ${this.newUnits} old ${this.oldUnits} grey ${this.greyUnits}`);
    const glyph = " -+*";
    let line = "";
    for (let i = 0; i < this.units; i++) {
      line += glyph[this.colour[i]!];
      if (i % 64 === 63 || i === this.units - 1) {
        describeLine(stream, depth, `|${line}|`);
        line = "";
      }
    }
  }
}
