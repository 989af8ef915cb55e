/**
 * Roots (design.mps.root, `root.c`, manual topic/root): the client's
 * declarations of where references live outside the automatically managed
 * pools, with their rank, mode and scanning method, and the grey and summary
 * state the collector keeps for each. The collector does the scanning.
 * See docs/design/arena-services.md `.root`.
 * .critical: none (Root.scan dispatches once per root per trace).
 */

import {
  type Addr, type Inst, type Rank, type RefSet, type ScanState, type TraceId, type TraceSet, type WriteStream,
  CHECKING, Rank as RankValue, SIG_INVALID, TRACE_LIMIT, WORD_SIZE, ZONE_SET_UNIV,
  addrHex, alignDown, alignUp, aver, checkL, checkS, checkU, defineSig, describeLine, isRank, paramError, rankName,
  traceSetAdd, zoneSetDescribe,
} from "@mps/mpm";
import { type AccessSet, ACCESS_NONE, ACCESS_WRITE } from "@mps/shield";
import type { FormatScanMethod } from "./format.js";
import { SIG_THREAD, Thread } from "./thread.js";

/**
 * The signature of a live {@link Root} (the MPS's `RootSig`).
 * @public
 */
export const SIG_ROOT = defineSig("Root", 0x51960029);

/**
 * The signature of a live {@link RootList}.
 * @public
 */
export const SIG_ROOT_LIST = defineSig("RootList", 0x5196002a);

/**
 * Root mode bits (`MPS_RM_*`): facts the client declares about a root so
 * that the MPS may optimise. Combine them with `|`; 0 declares nothing.
 * @public
 */
export const RootMode = Object.freeze({
  /**
   * The client will not change the root after registering it (`MPS_RM_CONST`).
   * The MPS deprecated this mode; it is accepted and has no effect.
   */
  CONST: 1,
  /** The MPS may put a barrier on the grains the root occupies (`MPS_RM_PROT`). */
  PROT: 2,
  /**
   * With {@link (RootMode:variable).PROT}: only grains wholly inside the root
   * may be protected. Not allowed without `PROT`.
   */
  PROT_INNER: 4,
} as const);

/**
 * A root mode: a combination of {@link (RootMode:variable)} bits.
 * @public
 */
export type RootMode = number;

/** Every root mode bit. */
const ROOT_MODE_ALL = 7;

/**
 * The variants of root, by how they are scanned (the MPS's `RootVar`).
 * @public
 */
export const RootVar = Object.freeze({
  /** A client function scans it (`mps_root_create`). */
  FUN: 0,
  /** An area scanner scans [base, limit) with a closure (`mps_root_create_area`). */
  AREA: 1,
  /** An area scanner scans [base, limit) with a mask and pattern (`mps_root_create_area_tagged`). */
  AREA_TAGGED: 2,
  /** An area scanner scans a thread's shadow stack with a closure (`mps_root_create_thread_scanned`). */
  THREAD: 3,
  /** An area scanner scans a thread's shadow stack with a mask and pattern (`mps_root_create_thread_tagged`). */
  THREAD_TAGGED: 4,
  /** A format scan method scans the objects in [base, limit) (`mps_root_create_fmt`). */
  FMT: 5,
} as const);

/**
 * One of the {@link (RootVar:variable)} values.
 * @public
 */
export type RootVar = (typeof RootVar)[keyof typeof RootVar];

const VAR_NAMES = ["FUN", "AREA", "AREA_TAGGED", "THREAD", "THREAD_TAGGED", "FMT"] as const;

/**
 * A root scanning function (`mps_root_scan_t`): fix every reference the
 * root holds, wherever it keeps them (JavaScript arrays included). The
 * MPS's closure arguments `p` and `s` are whatever the function closes over.
 * @public
 */
export type RootScanMethod = (ss: ScanState) => void;

/**
 * An area scanner (`mps_area_scan_t`): fix the references in the words of
 * [base, limit). `closure` is the root's closure, or its {@link ScanTag}
 * for tagged roots.
 * @public
 */
export type AreaScanMethod = (ss: ScanState, base: Addr, limit: Addr, closure: unknown) => void;

/**
 * The tag description passed to tagged area scanners (`mps_scan_tag_s`):
 * a word is a reference when `(word & mask) === pattern`.
 * @public
 */
export interface ScanTag {
  /** The bits that hold the tag. */
  readonly mask: number;
  /** The tag of references. */
  readonly pattern: number;
}

/**
 * The area scanner that fixes every word (`mps_scan_area`); ignores the closure.
 * @public
 */
export function scanArea(ss: ScanState, base: Addr, limit: Addr, _closure?: unknown): void {
  ss.scanArea(base, limit);
}

// The tagged scanners (the MPS's scan.c) read each word through the arena's
// u32 view, and read the view again after each fix2, which may allocate and
// so grow the arena's memory and replace its buffer.

/**
 * The area scanner that fixes every word with the tag bits removed, and
 * puts them back on the fixed value (`mps_scan_area_masked`); the closure
 * is a {@link ScanTag} (only its mask is used).
 * @public
 */
export function scanAreaMasked(ss: ScanState, base: Addr, limit: Addr, closure: unknown): void {
  const mask = (closure as ScanTag).mask;
  let u32 = ss.arena.mem.u32;
  for (let p = base; p < limit; p += WORD_SIZE) {
    const w = u32[p >>> 2]!;
    const ref = (w & ~mask) >>> 0;
    if (!ss.fix1(ref)) continue;
    const fixed = ss.fix2(ref);
    u32 = ss.arena.mem.u32;
    u32[p >>> 2] = (fixed | (w & mask)) >>> 0;
  }
}

/**
 * The area scanner that fixes only the words whose bits under the mask
 * equal the pattern, with the tag removed for the fix and put back after
 * (`mps_scan_area_tagged`); the closure is a {@link ScanTag}.
 * @public
 */
export function scanAreaTagged(ss: ScanState, base: Addr, limit: Addr, closure: unknown): void {
  const tag = closure as ScanTag;
  scanTagged(ss, base, limit, tag.mask, tag.pattern, false);
}

/**
 * As {@link scanAreaTagged}, and also the words whose bits under the mask
 * are zero (`mps_scan_area_tagged_or_zero`); the closure is a {@link ScanTag}.
 * @public
 */
export function scanAreaTaggedOrZero(ss: ScanState, base: Addr, limit: Addr, closure: unknown): void {
  const tag = closure as ScanTag;
  scanTagged(ss, base, limit, tag.mask, tag.pattern, true);
}

function scanTagged(ss: ScanState, base: Addr, limit: Addr, mask: number, pattern: number, orZero: boolean): void {
  let u32 = ss.arena.mem.u32;
  for (let p = base; p < limit; p += WORD_SIZE) {
    const w = u32[p >>> 2]!;
    const t = (w & mask) >>> 0;
    if (t !== pattern && !(orZero && t === 0)) continue;
    const ref = (w ^ t) >>> 0;
    if (!ss.fix1(ref)) continue;
    const fixed = ss.fix2(ref);
    u32 = ss.arena.mem.u32;
    u32[p >>> 2] = (fixed | t) >>> 0;
  }
}

/**
 * A thread's shadow stack: the area of the heap where the mutator keeps
 * the references its JavaScript code holds, since the collector cannot see
 * JavaScript variables. It grows upwards: `base` is the cold end and the
 * live words are [base, top()).
 * @public
 */
export interface ShadowStack {
  /** The cold end: the first word. MUST be non-zero and word aligned. */
  readonly base: Addr;
  /** The end of the area reserved for the stack. MUST be word aligned and above `base`. */
  readonly limit: Addr;
  /** The hot end now: word aligned, in [base, limit]. The collector calls it at each scan. */
  top(): Addr;
}

/**
 * What a root needs from its arena: the arena's list of roots and its grain
 * size (the unit of protection). The Arena implements this.
 * @public
 */
export interface RootArena {
  /** The arena's roots. */
  readonly roots: RootList;
  /** The arena's grain size in bytes: a power of two. */
  readonly grainSize: number;
  /** The protection of the arena's memory, if it has one: a destroyed root's barrier is lowered through it. */
  readonly protection?: { set(base: Addr, limit: Addr, mode: AccessSet): void } | undefined;
}

/**
 * Options of {@link createRoot} (`mps_root_create`).
 * @public
 */
export interface RootOpts {
  /** The rank of the root's references: `Rank.AMBIG`, `Rank.EXACT` or `Rank.WEAK`. */
  rank: Rank;
  /** The root mode: MUST be 0 for this kind of root, as in the MPS. @defaultValue 0 */
  mode?: RootMode;
  /** The function that fixes the root's references. */
  scan: RootScanMethod;
}

/**
 * Options of {@link createRootArea} (`mps_root_create_area` and
 * `mps_root_create_area_tagged`). Giving `mask` or `pattern` makes a tagged
 * root, whose scanner receives `{ mask, pattern }` as its closure.
 * @public
 */
export interface RootAreaOpts {
  /** The rank of the root's references: `Rank.AMBIG`, `Rank.EXACT` or `Rank.WEAK`. */
  rank: Rank;
  /** The root mode: a combination of {@link (RootMode:variable)} bits. @defaultValue 0 */
  mode?: RootMode;
  /** The first word of the area. MUST be non-zero and word aligned. */
  base: Addr;
  /** Just past the last word of the area. MUST be word aligned, above `base`, at most 2^32. */
  limit: Addr;
  /**
   * The area scanner. @defaultValue {@link scanArea}, or
   * {@link scanAreaTagged} for a tagged root
   */
  scan?: AreaScanMethod;
  /** The closure passed to an untagged root's scanner. Not allowed with `mask` or `pattern`. */
  closure?: unknown;
  /** The tag mask (a u32): makes the root tagged. @defaultValue 0 when only `pattern` is given */
  mask?: number;
  /** The tag pattern (a u32, within `mask`): makes the root tagged. @defaultValue 0 */
  pattern?: number;
}

/**
 * Options of {@link createRootFmt} (`mps_root_create_fmt`).
 * @public
 */
export interface RootFmtOpts {
  /** The rank of the root's references: `Rank.AMBIG`, `Rank.EXACT` or `Rank.WEAK`. */
  rank: Rank;
  /** The root mode: a combination of {@link (RootMode:variable)} bits. @defaultValue 0 */
  mode?: RootMode;
  /** The format scan method that scans the objects in [base, limit). */
  scan: FormatScanMethod;
  /** The first object. MUST be non-zero. (Like the MPS, its alignment is not checked: only the format knows it.) */
  base: Addr;
  /** Just past the last object. MUST be above `base`, at most 2^32. */
  limit: Addr;
}

/**
 * Options of {@link createRootThread} (`mps_root_create_thread`,
 * `_tagged` and `_scanned`). With no `scan`, or with `mask` or `pattern`,
 * the root is tagged: by default words whose low two bits are zero are
 * scanned, as `mps_root_create_thread` does. With `scan` and neither
 * `mask` nor `pattern`, the scanner gets `closure` (the `_scanned` form).
 * @public
 */
export interface RootThreadOpts {
  /**
   * The rank: `Rank.AMBIG`, or `Rank.EXACT` when the mutator keeps only
   * references (or tagged words) in its shadow stack. @defaultValue Rank.AMBIG
   */
  rank?: Rank;
  /** The root mode: MUST be 0, as in the MPS. @defaultValue 0 */
  mode?: RootMode;
  /** The area scanner. @defaultValue {@link scanAreaTagged} */
  scan?: AreaScanMethod;
  /** The closure passed to the scanner of an untagged thread root. */
  closure?: unknown;
  /** The tag mask (a u32). @defaultValue WORD_SIZE - 1 */
  mask?: number;
  /** The tag pattern (a u32, within `mask`). @defaultValue 0 */
  pattern?: number;
}

/**
 * A registered root (`mps_root_t`). Made by {@link createRoot},
 * {@link createRootArea}, {@link createRootFmt} or {@link createRootThread}.
 *
 * @remarks
 * Besides what the client declared, a root carries the collector's state
 * for it: `grey`, the traces for which it still has to be scanned, and
 * `summary`, the zones its references may point to (every zone unless the
 * root is protectable and was scanned since last written). For a
 * protectable root, `protBase`/`protLimit` are the grains that may be
 * protected and `pm` the accesses to forbid there (a write barrier, once a
 * scan has given it a summary smaller than every zone).
 * @public
 */
export class Root implements Inst {
  /** The signature: {@link SIG_ROOT} until destroyed. */
  sig: number;
  /** A serial number, unique among the arena's roots. */
  readonly serial: number;
  /** The arena the root belongs to. */
  readonly arena: RootArena;
  /** The rank of every reference in the root. */
  readonly rank: Rank;
  /** The traces for which the root is grey (still to be scanned). */
  grey: TraceSet;
  /** The zones the root's references may point to. */
  summary: RefSet;
  /** The root mode the client gave (less the protection bits, if there was nothing to protect). */
  mode: RootMode;
  /** May the collector protect the root? */
  protectable: boolean;
  /** The base of the protectable grains (0 if not protectable). */
  protBase: Addr;
  /** The limit of the protectable grains (0 if not protectable). */
  protLimit: Addr;
  /** The accesses to forbid on the protectable grains (the MPS's `pm`). */
  pm: AccessSet;
  /** How the root is scanned. */
  readonly variant: RootVar;
  /** FUN roots: the scanning function. */
  readonly rootScan: RootScanMethod | undefined;
  /** AREA, AREA_TAGGED, THREAD and THREAD_TAGGED roots: the area scanner. */
  readonly areaScan: AreaScanMethod | undefined;
  /** FMT roots: the format scan method. */
  readonly fmtScan: FormatScanMethod | undefined;
  /** AREA, AREA_TAGGED and FMT roots: the base of the area (0 otherwise). */
  readonly base: Addr;
  /** AREA, AREA_TAGGED and FMT roots: the limit of the area (0 otherwise). */
  readonly limit: Addr;
  /** What the area scanner receives: the client's closure, or the {@link ScanTag} of a tagged root. */
  readonly closure: unknown;
  /** THREAD and THREAD_TAGGED roots: the thread. */
  readonly thread: Thread | undefined;
  /** THREAD and THREAD_TAGGED roots: the thread's shadow stack. */
  readonly stack: ShadowStack | undefined;

  /** @internal Use the `createRoot*` functions. */
  constructor(arena: RootArena, serial: number, rank: Rank, mode: RootMode, variant: RootVar, the: RootUnion) {
    this.arena = arena;
    this.serial = serial;
    this.rank = rank;
    this.grey = 0;
    this.summary = ZONE_SET_UNIV;
    this.mode = mode;
    this.protectable = false;
    this.protBase = 0;
    this.protLimit = 0;
    this.pm = ACCESS_NONE;
    this.variant = variant;
    this.rootScan = the.rootScan;
    this.areaScan = the.areaScan;
    this.fmtScan = the.fmtScan;
    this.base = the.base ?? 0;
    this.limit = the.limit ?? 0;
    this.closure = the.closure;
    this.thread = the.thread;
    this.stack = the.stack;
    this.sig = SIG_ROOT;
  }

  /**
   * Call the root's scanner with the arguments its variant takes: the
   * function itself for FUN roots, the area and closure (or tag) for area
   * roots, the live part of the shadow stack for thread roots, the objects
   * for FMT roots. The collector's root scan wraps this: it checks the
   * root is grey, lowers the protection, and afterwards calls
   * {@link Root.scanned}.
   */
  scan(ss: ScanState): void {
    this.assertLive("scan");
    switch (this.variant) {
      case RootVar.FUN:
        this.rootScan!(ss);
        break;
      case RootVar.AREA:
      case RootVar.AREA_TAGGED:
        this.areaScan!(ss, this.base, this.limit, this.closure);
        break;
      case RootVar.THREAD:
      case RootVar.THREAD_TAGGED: {
        const stack = this.stack!;
        const top = stack.top();
        aver(
          typeof top === "number" && top >= stack.base && top <= stack.limit && top % WORD_SIZE === 0,
          () => `Root.scan: the shadow stack's top ${String(top)} is not a word in [${addrHex(stack.base)}, ${addrHex(stack.limit)}]`,
        );
        if (top > stack.base) this.areaScan!(ss, stack.base, top, this.closure);
        break;
      }
      case RootVar.FMT:
        this.fmtScan!(ss, this.base, this.limit);
        break;
    }
  }

  /** Make the root grey for trace `ti` (`RootGrey`): it will be scanned for that trace. */
  markGrey(ti: TraceId): void {
    this.assertLive("markGrey");
    aver(Number.isInteger(ti) && ti >= 0 && ti < TRACE_LIMIT, "Root.markGrey: trace id");
    this.grey = traceSetAdd(this.grey, ti);
  }

  /**
   * The root has been scanned for `traces`, and its references point only
   * into `summary` (the end of `RootScan`): it is no longer grey for them,
   * and a protectable root takes the summary, with a write barrier if the
   * summary is not every zone.
   */
  scanned(traces: TraceSet, summary: RefSet): void {
    this.assertLive("scanned");
    this.grey = (this.grey & ~traces) >>> 0;
    this.setSummary(summary);
  }

  /**
   * The mutator hit the root's barrier with `mode` (`RootAccess`): only
   * writes are ever forbidden. The summary becomes every zone and the
   * barrier comes down; returns the new `pm` for the caller to pass to the
   * protection.
   */
  access(mode: AccessSet): AccessSet {
    this.assertLive("access");
    aver(mode === ACCESS_WRITE, "Root.access: only writes are forbidden on roots");
    aver((this.pm & mode) !== 0, "Root.access: the access was forbidden");
    this.setSummary(ZONE_SET_UNIV);
    return this.pm;
  }

  /**
   * Destroy the root (`mps_root_destroy`): the collector no longer scans
   * it. Throws `PARAM` if it was already destroyed.
   */
  destroy(): void {
    // Checked at every level, as the other destroys are: off the critical path, and a
    // second destroy would take the root's thread's count of roots down twice.
    if (this.sig !== SIG_ROOT) paramError("Root.destroy: the root was destroyed");
    const list = this.arena.roots;
    if (CHECKING && list.sig !== SIG_ROOT_LIST) paramError("Root.destroy: the root's arena was destroyed");
    list.remove(this);
    if (this.thread !== undefined) this.thread.removeRoot();
    // A write barrier the collector raised on the root's grains comes down:
    // the memory is the client's again, and a barrier hit there would find
    // no root to account it to.
    if (this.protectable && this.pm !== ACCESS_NONE) {
      this.arena.protection?.set(this.protBase, this.protLimit, ACCESS_NONE);
      this.pm = ACCESS_NONE;
    }
    this.sig = SIG_INVALID;
  }

  /** Check the root (`RootCheck`): every field, and the variant's own. */
  check(): boolean {
    checkS(this, SIG_ROOT, "Root");
    checkU(this.arena.roots, SIG_ROOT_LIST, "Root: arena's root list");
    checkL(this.arena.roots.has(this), "Root: on its arena's list");
    checkL(isClientRank(this.rank), "Root: rank");
    checkL(this.grey >= 0 && this.grey < 1 << TRACE_LIMIT, "Root: grey is a trace set");
    checkL(this.summary >>> 0 === this.summary, "Root: summary is a zone set");
    checkL(rootModeCheck(this.mode), "Root: mode");
    switch (this.variant) {
      case RootVar.FUN:
        checkL(typeof this.rootScan === "function", "Root FUN: scan");
        break;
      case RootVar.AREA:
      case RootVar.AREA_TAGGED:
        checkL(this.base !== 0 && this.base < this.limit, "Root AREA: base < limit");
        checkL(typeof this.areaScan === "function", "Root AREA: scanner");
        break;
      case RootVar.THREAD:
      case RootVar.THREAD_TAGGED:
        checkL(this.thread instanceof Thread && this.thread.sig === SIG_THREAD, "Root THREAD: the thread is registered");
        checkL(this.stack !== undefined && this.stack.base !== 0 && this.stack.base < this.stack.limit, "Root THREAD: stack");
        checkL(typeof this.areaScan === "function", "Root THREAD: scanner");
        break;
      case RootVar.FMT:
        checkL(typeof this.fmtScan === "function", "Root FMT: scan");
        checkL(this.base !== 0 && this.base < this.limit, "Root FMT: base < limit");
        break;
      default:
        checkL(false, "Root: variant");
    }
    if (this.protectable) {
      checkL(this.protBase !== 0 && this.protBase < this.protLimit, "Root: protected grains");
      checkL((this.pm & ~ACCESS_WRITE) === 0, "Root: pm forbids at most writes");
    } else {
      checkL(this.protBase === 0 && this.protLimit === 0 && this.pm === ACCESS_NONE, "Root: unprotectable has no grains");
    }
    return true;
  }

  /** Describe the root. */
  describe(stream: WriteStream, depth = 0): void {
    if (this.sig !== SIG_ROOT) {
      describeLine(stream, depth, "Root (destroyed)");
      return;
    }
    const modes = this.mode === 0 ? "NONE" : (["CONST", "PROT", "PROT_INNER"] as const).filter((_, i) => (this.mode & (1 << i)) !== 0).join(" ");
    describeLine(stream, depth, `Root ${this.serial} ${VAR_NAMES[this.variant]} {`);
    describeLine(stream, depth + 2, `rank ${rankName(this.rank)}`);
    describeLine(stream, depth + 2, `grey ${this.grey}`);
    describeLine(stream, depth + 2, `summary ${zoneSetDescribe(this.summary)}`);
    describeLine(stream, depth + 2, `mode ${modes}`);
    describeLine(stream, depth + 2, `protectable ${this.protectable ? "yes" : "no"} ${addrHex(this.protBase)}..${addrHex(this.protLimit)} pm ${this.pm}`);
    if (this.variant === RootVar.THREAD || this.variant === RootVar.THREAD_TAGGED) {
      describeLine(stream, depth + 2, `thread ${this.thread!.serial} stack ${addrHex(this.stack!.base)}..${addrHex(this.stack!.limit)}`);
    } else if (this.variant !== RootVar.FUN) {
      describeLine(stream, depth + 2, `area ${addrHex(this.base)}..${addrHex(this.limit)}`);
    }
    if (this.variant === RootVar.AREA_TAGGED || this.variant === RootVar.THREAD_TAGGED) {
      const tag = this.closure as ScanTag;
      describeLine(stream, depth + 2, `mask 0x${tag.mask.toString(16)} pattern 0x${tag.pattern.toString(16)}`);
    }
    describeLine(stream, depth, "}");
  }

  private setSummary(summary: RefSet): void {
    if (this.protectable) {
      this.summary = summary >>> 0;
      if (this.summary === ZONE_SET_UNIV) this.pm &= ~ACCESS_WRITE;
      else this.pm |= ACCESS_WRITE;
    } else {
      // An unprotectable root's references may change at any time, so its
      // summary stays every zone.
      aver(this.summary === ZONE_SET_UNIV, "Root.setSummary: unprotectable root keeps the universal summary");
    }
  }

  private assertLive(where: string): void {
    if (CHECKING && this.sig !== SIG_ROOT) paramError(`Root.${where}: the root was destroyed`);
  }
}

/** @internal The variant-specific fields of a root, as `createRoot*` pass them. */
export interface RootUnion {
  /** FUN: the scanning function. */
  rootScan?: RootScanMethod;
  /** AREA, AREA_TAGGED, THREAD, THREAD_TAGGED: the area scanner. */
  areaScan?: AreaScanMethod;
  /** FMT: the format scan method. */
  fmtScan?: FormatScanMethod;
  /** AREA, AREA_TAGGED, FMT: the base of the area. */
  base?: Addr;
  /** AREA, AREA_TAGGED, FMT: the limit of the area. */
  limit?: Addr;
  /** The closure, or the ScanTag of a tagged root. */
  closure?: unknown;
  /** THREAD, THREAD_TAGGED: the thread. */
  thread?: Thread;
  /** THREAD, THREAD_TAGGED: the thread's shadow stack. */
  stack?: ShadowStack;
}

/**
 * The arena's roots (the MPS's `rootRing` and `rootSerial`). The Arena
 * makes one when it is made and finishes it when it is destroyed.
 * @public
 */
export class RootList implements Inst {
  /** The signature: {@link SIG_ROOT_LIST} while live. */
  sig: number;
  private readonly roots: Set<Root>;
  private serial: number;

  /** No roots. */
  constructor() {
    this.roots = new Set();
    this.serial = 0;
    this.sig = SIG_ROOT_LIST;
  }

  /** The number of live roots. */
  get size(): number {
    return this.roots.size;
  }

  /** Is `root` one of this arena's live roots? */
  has(root: Root): boolean {
    return this.roots.has(root);
  }

  /**
   * Visit each live root, oldest first (`RootsIterate`). The visitor may
   * destroy the root it is given; a root made during the walk is visited
   * too. An exception from the visitor ends the walk and propagates.
   */
  forEach(visit: (root: Root) => void): void {
    for (const r of this.roots) visit(r);
  }

  /** The protectable root whose protected grains contain `addr`, if any (`RootOfAddr`): the barrier's handler asks this. */
  rootOfAddr(addr: Addr): Root | undefined {
    for (const r of this.roots) {
      if (r.protectable && r.protBase <= addr && addr < r.protLimit) return r;
    }
    return undefined;
  }

  /** @internal The next serial number. */
  nextSerial(): number {
    return this.serial++;
  }

  /** @internal Add a new root. */
  add(root: Root): void {
    this.roots.add(root);
  }

  /** @internal Remove a destroyed root. */
  remove(root: Root): void {
    aver(this.roots.delete(root), "RootList.remove: root was on the list");
  }

  /**
   * Finish the list as the arena is destroyed. Throws `PARAM`, changing
   * nothing, if a root has not been destroyed.
   */
  finish(): void {
    if (CHECKING && this.sig !== SIG_ROOT_LIST) paramError("RootList.finish: already finished");
    if (this.roots.size > 0) paramError(`RootList.finish: ${this.roots.size} root(s) not destroyed`);
    this.sig = SIG_INVALID;
  }

  /** Check the list: every root is live and ours, and no two protectable roots share a grain. */
  check(): boolean {
    checkS(this, SIG_ROOT_LIST, "RootList");
    checkL(Number.isSafeInteger(this.serial) && this.serial >= this.roots.size, "RootList: serial");
    for (const r of this.roots) {
      checkL(r.sig === SIG_ROOT && r.arena.roots === this, "RootList: root is live and ours");
      checkL(protectedOverlap(this, r) === undefined, "RootList: protectable roots do not share grains");
    }
    return true;
  }

  /** Describe every root. */
  describe(stream: WriteStream, depth = 0): void {
    describeLine(stream, depth, `RootList (${this.roots.size} roots) {`);
    for (const r of this.roots) r.describe(stream, depth + 2);
    describeLine(stream, depth, "}");
  }
}

/** Is `rank` one a client root may have: AMBIG, EXACT or WEAK (FINAL is the finalization pool's)? */
function isClientRank(rank: unknown): rank is Rank {
  return isRank(rank) && rank !== RankValue.FINAL;
}

/**
 * Is `mode` a valid root mode: a combination of {@link (RootMode:variable)}
 * bits in which `PROT_INNER` comes only with `PROT` (`RootModeCheck`)?
 * @public
 */
export function rootModeCheck(mode: unknown): mode is RootMode {
  return (
    typeof mode === "number" &&
    Number.isInteger(mode) &&
    (mode & ROOT_MODE_ALL) === mode &&
    ((mode & RootMode.PROT_INNER) === 0 || (mode & RootMode.PROT) !== 0)
  );
}

/** The first other root whose protected grains overlap `root`'s, if any. */
function protectedOverlap(list: RootList, root: Root): Root | undefined {
  let found: Root | undefined;
  list.forEach((trial) => {
    if (found === undefined && trial !== root && root.protBase < trial.protLimit && trial.protBase < root.protLimit) found = trial;
  });
  return found;
}

function checkOptionKeys(opts: object, allowed: readonly string[], who: string): void {
  for (const key of Object.keys(opts)) {
    if (!allowed.includes(key)) paramError(`${who}: unknown option ${JSON.stringify(key)}`);
  }
}

function checkArena(arena: RootArena, who: string): RootList {
  if (arena == null || !(arena.roots instanceof RootList)) paramError(`${who}: arena must have a RootList`);
  if (arena.roots.sig !== SIG_ROOT_LIST) paramError(`${who}: the arena was destroyed`);
  return arena.roots;
}

function checkOpts(opts: unknown, who: string): void {
  if (opts === null || typeof opts !== "object") paramError(`${who}: options must be an object`);
}

function checkRank(rank: unknown, who: string): Rank {
  if (!isClientRank(rank)) paramError(`${who}: rank must be Rank.AMBIG, Rank.EXACT or Rank.WEAK, not ${String(rank)}`);
  return rank;
}

function checkMode(mode: unknown, who: string): RootMode {
  if (mode === undefined) return 0;
  if (!rootModeCheck(mode)) {
    paramError(`${who}: mode must be a combination of RootMode.CONST, PROT and PROT_INNER (PROT_INNER only with PROT), not ${String(mode)}`);
  }
  return mode;
}

function checkU32(x: unknown, what: string, who: string): number {
  if (typeof x !== "number" || x >>> 0 !== x) paramError(`${who}: ${what} must be a u32, not ${String(x)}`);
  return x;
}

function checkTag(mask: unknown, pattern: unknown, defaultMask: number, who: string): ScanTag {
  const m = mask === undefined ? defaultMask : checkU32(mask, "mask", who);
  const p = pattern === undefined ? 0 : checkU32(pattern, "pattern", who);
  if ((p & ~m) !== 0) paramError(`${who}: pattern 0x${p.toString(16)} has bits outside mask 0x${m.toString(16)}, so no word would match`);
  return Object.freeze({ mask: m, pattern: p });
}

function checkRange(base: unknown, limit: unknown, aligned: boolean, who: string): void {
  if (typeof base !== "number" || !Number.isInteger(base) || base <= 0 || base >= 2 ** 32) {
    paramError(`${who}: base must be a non-zero address below 2^32, not ${String(base)}`);
  }
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit > 2 ** 32) {
    paramError(`${who}: limit must be an address no greater than 2^32, not ${String(limit)}`);
  }
  if (!(base < limit)) paramError(`${who}: base ${addrHex(base)} must be below limit ${addrHex(limit)}`);
  if (aligned && (base % WORD_SIZE !== 0 || limit % WORD_SIZE !== 0)) {
    paramError(`${who}: base ${addrHex(base)} and limit ${addrHex(limit)} must be word aligned`);
  }
}

/**
 * Register a root and, for a protectable mode, compute its protectable
 * grains and check them against the other roots' (`rootCreateProtectable`).
 */
function register(arena: RootArena, list: RootList, rank: Rank, mode: RootMode, variant: RootVar, the: RootUnion, who: string): Root {
  const root = new Root(arena, list.nextSerial(), rank, mode, variant, the);
  if ((mode & RootMode.PROT) !== 0) {
    const grain = arena.grainSize;
    const base = the.base!;
    const limit = the.limit!;
    let protBase: number;
    let protLimit: number;
    // alignUp and alignDown work in u32 arithmetic, so the grains at the
    // very top of the address space (limit 2^32) are computed by hand.
    if ((mode & RootMode.PROT_INNER) !== 0) {
      protBase = base > 2 ** 32 - grain ? 2 ** 32 : alignUp(base, grain);
      protLimit = limit === 2 ** 32 ? limit : alignDown(limit, grain);
    } else {
      protBase = alignDown(base, grain);
      protLimit = limit > 2 ** 32 - grain ? 2 ** 32 : alignUp(limit, grain);
    }
    if (protBase < protLimit) {
      root.protectable = true;
      root.protBase = protBase;
      root.protLimit = protLimit;
    } else {
      // No whole grain inside the root: nothing to protect.
      root.mode &= ~(RootMode.PROT | RootMode.PROT_INNER);
    }
    const other = protectedOverlap(list, root);
    if (other !== undefined) {
      paramError(`${who}: the root's protectable grains ${addrHex(root.protBase)}..${addrHex(root.protLimit)} overlap root ${other.serial}'s`);
    }
  }
  list.add(root);
  return root;
}

/**
 * Register a root whose references a client function fixes
 * (`mps_root_create`). Throws `PARAM`, registering nothing, for a rank
 * other than AMBIG, EXACT or WEAK, a non-zero mode, a scan that is not a
 * function, an unknown option, or a destroyed arena. The arena's
 * `createRoot` calls this.
 * @public
 */
export function createRoot(arena: RootArena, opts: RootOpts): Root {
  const who = "createRoot";
  const list = checkArena(arena, who);
  checkOpts(opts, who);
  checkOptionKeys(opts, ["rank", "mode", "scan"], who);
  const rank = checkRank(opts.rank, who);
  if (checkMode(opts.mode, who) !== 0) paramError(`${who}: mode must be 0 for a root with a scanning function, not ${String(opts.mode)}`);
  if (typeof opts.scan !== "function") paramError(`${who}: scan must be a function`);
  return register(arena, list, rank, 0, RootVar.FUN, { rootScan: opts.scan }, who);
}

/**
 * Register a root that is an area of words in the heap
 * (`mps_root_create_area`, `mps_root_create_area_tagged`). Throws
 * `PARAM`, registering nothing, for a bad rank or mode, a base or limit
 * that is null, unaligned to a word or out of order, a scanner that is not
 * a function, a mask or pattern that is not a u32 or a pattern outside the
 * mask, a closure given with a tag, protectable grains that overlap
 * another protectable root's, an unknown option, or a destroyed arena. The
 * arena's `createRootArea` calls this.
 * @public
 */
export function createRootArea(arena: RootArena, opts: RootAreaOpts): Root {
  const who = "createRootArea";
  const list = checkArena(arena, who);
  checkOpts(opts, who);
  checkOptionKeys(opts, ["rank", "mode", "base", "limit", "scan", "closure", "mask", "pattern"], who);
  const rank = checkRank(opts.rank, who);
  const mode = checkMode(opts.mode, who);
  checkRange(opts.base, opts.limit, true, who);
  if (opts.scan !== undefined && typeof opts.scan !== "function") paramError(`${who}: scan must be a function`);
  const tagged = opts.mask !== undefined || opts.pattern !== undefined;
  if (tagged) {
    if ("closure" in opts) paramError(`${who}: a tagged root's scanner receives { mask, pattern }; it takes no closure`);
    const tag = checkTag(opts.mask, opts.pattern, 0, who);
    const areaScan = opts.scan ?? scanAreaTagged;
    return register(arena, list, rank, mode, RootVar.AREA_TAGGED, { areaScan, base: opts.base, limit: opts.limit, closure: tag }, who);
  }
  const areaScan = opts.scan ?? scanArea;
  return register(arena, list, rank, mode, RootVar.AREA, { areaScan, base: opts.base, limit: opts.limit, closure: opts.closure }, who);
}

/**
 * Register a root that is a block of formatted objects
 * (`mps_root_create_fmt`). Throws `PARAM`, registering nothing, for a bad
 * rank or mode, a null base, a limit not above the base, a scan that is
 * not a function, protectable grains that overlap another protectable
 * root's, an unknown option, or a destroyed arena. The arena's
 * `createRootFmt` calls this.
 * @public
 */
export function createRootFmt(arena: RootArena, opts: RootFmtOpts): Root {
  const who = "createRootFmt";
  const list = checkArena(arena, who);
  checkOpts(opts, who);
  checkOptionKeys(opts, ["rank", "mode", "scan", "base", "limit"], who);
  const rank = checkRank(opts.rank, who);
  const mode = checkMode(opts.mode, who);
  if (typeof opts.scan !== "function") paramError(`${who}: scan must be a function`);
  checkRange(opts.base, opts.limit, false, who);
  return register(arena, list, rank, mode, RootVar.FMT, { fmtScan: opts.scan, base: opts.base, limit: opts.limit }, who);
}

/**
 * Register a root that is the shadow stack of a registered thread
 * (`mps_root_create_thread` and its `_tagged` and `_scanned` forms). Throws
 * `PARAM`, registering nothing, for a rank other than AMBIG or EXACT, a
 * non-zero mode, a thread that is not registered with this arena, a stack
 * whose base is null or unaligned or whose limit is unaligned or not above
 * the base, a `top` that is not a function, a bad scanner, mask or
 * pattern, an unknown option, or a destroyed arena. The thread counts the
 * root until it is destroyed. The arena's `createRootThread` calls this.
 * @public
 */
export function createRootThread(arena: RootArena, thread: Thread, stack: ShadowStack, opts: RootThreadOpts = {}): Root {
  const who = "createRootThread";
  const list = checkArena(arena, who);
  if (!(thread instanceof Thread) || thread.sig !== SIG_THREAD) paramError(`${who}: thread must be a registered Thread`);
  if ((thread.arena as unknown) !== arena) paramError(`${who}: the thread is registered with another arena`);
  if (stack === null || typeof stack !== "object") paramError(`${who}: stack must be a ShadowStack { base, limit, top() }`);
  checkRange(stack.base, stack.limit, true, `${who}: stack`);
  if (typeof stack.top !== "function") paramError(`${who}: stack.top must be a function`);
  checkOpts(opts, who);
  checkOptionKeys(opts, ["rank", "mode", "scan", "closure", "mask", "pattern"], who);
  const rank = opts.rank === undefined ? RankValue.AMBIG : opts.rank;
  if (rank !== RankValue.AMBIG && rank !== RankValue.EXACT) paramError(`${who}: rank must be Rank.AMBIG or Rank.EXACT, not ${String(rank)}`);
  if (checkMode(opts.mode, who) !== 0) paramError(`${who}: mode must be 0 for a thread root, not ${String(opts.mode)}`);
  if (opts.scan !== undefined && typeof opts.scan !== "function") paramError(`${who}: scan must be a function`);
  const tagged = opts.scan === undefined || opts.mask !== undefined || opts.pattern !== undefined;
  let root: Root;
  if (tagged) {
    if ("closure" in opts) paramError(`${who}: a tagged root's scanner receives { mask, pattern }; it takes no closure`);
    const tag = checkTag(opts.mask, opts.pattern, WORD_SIZE - 1, who);
    root = register(arena, list, rank, 0, RootVar.THREAD_TAGGED, { areaScan: opts.scan ?? scanAreaTagged, closure: tag, thread, stack }, who);
  } else {
    root = register(arena, list, rank, 0, RootVar.THREAD, { areaScan: opts.scan!, closure: opts.closure, thread, stack }, who);
  }
  thread.addRoot();
  return root;
}
