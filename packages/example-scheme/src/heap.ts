/**
 * The heap: the arena, the object format, the pools and allocation points,
 * the shadow stack and the other roots, the constructors of every object
 * type, the symbol table and the address-hashed tables with their location
 * dependencies. See docs/design/example-scheme.md `.impl.heap`.
 * .critical: reserveMain, cons, push/pop, ref/setRef, tableFind.
 */

import {
  Arena, ArenaClass, MessageType, MpsError, PoolClass, Rank, selectPlatform,
  type Addr, type AP, type Chain, type Format, type LD, type Pool, type Root, type Thread, type VMArena,
} from "@mps/mps";
import {
  DELETED, FALSE, NIL, T_BUCKETS, T_CLOSURE, T_FLOAT, T_FRAME, T_FWD, T_PAD, T_PAIR, T_PORT, T_PRIM,
  T_STRING, T_SYMBOL, T_TABLE, T_VECTOR, T_WBUCKETS, TABLE_EQ, TABLE_EQUAL, UNSPEC,
  bucketsSize, frameSize, isRef, stringSize, vectorSize, wbucketsSize,
} from "./values.js";
import { SchemeError } from "./errors.js";

/**
 * How to build the heap.
 * @public
 */
export interface HeapOptions {
  /** Bytes of address space for the arena (default 32 MiB). */
  arenaSize?: number;
  /** The pool class for ordinary objects: "amc" (default; leaves in AMCZ) or "ams" (leaves in LO). */
  pool?: "amc" | "ams";
  /** The protection backend: "none" (default) or "software". */
  protection?: "none" | "software";
  /** Words of shadow stack (default: a 16th of the arena, between 64 Ki and 1 Mi words). */
  stackWords?: number;
}

/**
 * What the collector did, as gathered from the GC and GC_START messages
 * and from timing the calls into the MPS.
 * @public
 */
export interface GcStats {
  /** Collections finished. */
  collections: number;
  /** Why each collection started, with a count per reason. */
  reasons: Map<string, number>;
  /** Bytes condemned, summed over collections. */
  condemned: number;
  /** Bytes of the condemned sets that survived. */
  live: number;
  /** Bytes of collected pools that were not condemned. */
  notCondemned: number;
  /** Pause times in milliseconds: the calls into the MPS that took the slow path. */
  pauses: number[];
  /** Bytes allocated by the interpreter. */
  allocated: number;
  /** Hash tables rehashed because their location dependency was stale. */
  rehashes: number;
  /** Symbols the weak symbol table lost. */
  symbolsDied: number;
  /** Objects whose finalization messages arrived. */
  finalized: number;
}

/** Registers: fixed slots at the bottom of the shadow stack, so the collector finds and updates them. */
export const R_EXP = 0;
/** The environment register. */
export const R_ENV = 1;
/** The value register. */
export const R_VAL = 2;
/** The function register. */
export const R_FUN = 3;
/** The sequence register (expressions still to evaluate). */
export const R_UNEV = 4;
/** Scratch registers. */
export const R_T1 = 5;
/** Scratch register. */
export const R_T2 = 6;
/** Scratch register. */
export const R_T3 = 7;
/** The number of registers. */
export const NREGS = 8;

/**
 * The heap of one interpreter: everything that touches the MPS.
 * @public
 */
export class Heap {
  /** The arena. */
  readonly arena: VMArena;
  /** The arena's memory. */
  readonly u32: Uint32Array;
  /** Views for strings and floats. */
  readonly u16: Uint16Array;
  /** Views for floats. */
  readonly f64: Float64Array;
  /** The object format. */
  readonly format: Format;
  /** The generation chain. */
  readonly chain: Chain;
  /** Ordinary objects. */
  readonly mainPool: Pool;
  /** Leaf objects: strings, floats. */
  readonly leafPool: Pool;
  /** Weak tables: AWL, with the keys half of each table weak and the values half exact. */
  readonly awlPool: Pool;
  /** Allocation point of weak rank on the AWL pool. */
  readonly weakAp: AP;
  /** Allocation point of exact rank on the AWL pool. */
  readonly exactAwlAp: AP;
  /** Manual memory for the shadow stack. */
  readonly mvff: Pool;
  /** Allocation point on the main pool. */
  readonly mainAp: AP;
  /** Allocation point on the leaf pool. */
  readonly leafAp: AP;
  /** The registered thread whose shadow stack is the evaluator's. */
  readonly thread: Thread;
  /** The shadow stack: base, limit, and the stack pointer. */
  readonly stackBase: Addr;
  /** One past the last word of the shadow stack. */
  readonly stackLimit: Addr;
  /** The top of the shadow stack: the live words are [stackBase, sp). */
  sp: Addr;
  private readonly stackRoot: Root;
  /** The symbol table: names to the index of the symbol in `symbols`. */
  readonly symbolIndex = new Map<string, number>();
  /** The symbols, by index (0 where one has died); a weak root updates them when they move. */
  readonly symbols: number[] = [];
  /** The names of the symbols, by index. */
  private readonly symbolNames: string[] = [];
  /** Indexes of dead symbols, for reuse. */
  private readonly freeSymbols: number[] = [];
  private readonly symbolRoot: Root;
  /** Other global references: the global environment and anything the interpreter keeps. */
  readonly globals: number[] = [];
  private readonly globalRoot: Root;
  /** The location dependencies of the hash tables, by number. */
  readonly lds: LD[] = [];
  /** Whether references are read and written through the software barrier. */
  readonly software: boolean;
  /** The collector's figures. */
  readonly stats: GcStats = { collections: 0, reasons: new Map(), condemned: 0, live: 0, notCondemned: 0, pauses: [], allocated: 0, rehashes: 0, symbolsDied: 0, finalized: 0 };
  /** The arena's size. */
  readonly arenaSize: number;
  /** Committed memory past which allocation collects, then fails: half the arena, so a collection can always copy. */
  readonly heapLimit: number;
  /** Set when the heap is destroyed. */
  private destroyed = false;

  constructor(opts: HeapOptions = {}) {
    const arenaSize = opts.arenaSize ?? 32 << 20;
    this.software = opts.protection === "software";
    this.arena = Arena.create(ArenaClass.VM, {
      arenaSize,
      platform: selectPlatform({ protection: this.software ? "software" : "none" }),
    }) as VMArena;
    const arena = this.arena;
    this.arenaSize = arenaSize;
    this.heapLimit = Math.floor(arenaSize / 2);
    this.u32 = arena.mem.u32;
    this.u16 = new Uint16Array(this.u32.buffer, this.u32.byteOffset, this.u32.length * 2);
    this.f64 = new Float64Array(this.u32.buffer, this.u32.byteOffset, this.u32.length >>> 1);
    const u32 = this.u32;
    const skip = (p: Addr): Addr => p + objectSize(u32, p);
    this.format = arena.createFormat({
      fmtAlign: 8,
      fmtScan: (ss, base, limit) => scanObjects(ss, u32, base, limit),
      fmtSkip: skip,
      fmtFwd(old, nu) {
        const size = objectSize(u32, old);
        u32[old >>> 2] = T_FWD;
        u32[(old + 4) >>> 2] = nu;
        u32[(old + 8) >>> 2] = size;
      },
      fmtIsfwd: (p) => (u32[p >>> 2] === T_FWD ? u32[(p + 4) >>> 2]! : 0),
      fmtPad(p, size) {
        u32[p >>> 2] = T_PAD;
        u32[(p + 4) >>> 2] = size;
      },
    });
    // Capacities in KiB, scaled to the arena so that a small arena still collects in time.
    const kib = Math.max(64, Math.floor(arenaSize / 1024 / 16));
    this.chain = arena.createChain([
      { capacity: kib, mortality: 0.9 },
      { capacity: kib * 2, mortality: 0.5 },
    ]);
    if (opts.pool === "ams") {
      this.mainPool = arena.createPool(PoolClass.AMS, { format: this.format, chain: this.chain });
      this.leafPool = arena.createPool(PoolClass.LO, { format: this.format, chain: this.chain });
    } else {
      this.mainPool = arena.createPool(PoolClass.AMC, { format: this.format, chain: this.chain });
      this.leafPool = arena.createPool(PoolClass.AMCZ, { format: this.format, chain: this.chain });
    }
    this.mainAp = this.mainPool.createAp({ rank: Rank.EXACT });
    this.leafAp = this.leafPool.createAp({ rank: Rank.EXACT });
    this.awlPool = arena.createPool(PoolClass.AWL, {
      format: this.format,
      chain: this.chain,
      awlFindDependent: (p) => (u32[p >>> 2] === T_WBUCKETS ? u32[(p + 8) >>> 2]! : 0),
    });
    this.weakAp = this.awlPool.createAp({ rank: Rank.WEAK });
    this.exactAwlAp = this.awlPool.createAp({ rank: Rank.EXACT });
    this.mvff = arena.createPool(PoolClass.MVFF, {});
    const words = opts.stackWords ?? Math.min(1 << 20, Math.max(1 << 16, arenaSize >>> 6)); // a 16th of the arena, within limits
    this.stackBase = this.mvff.alloc(words * 4);
    this.stackLimit = this.stackBase + words * 4;
    u32.fill(0, this.stackBase >>> 2, this.stackLimit >>> 2); // valid before it is a root
    this.sp = this.stackBase + NREGS * 4;
    for (let i = 0; i < NREGS; i++) u32[(this.stackBase >>> 2) + i] = UNSPEC;
    this.thread = arena.registerThread();
    // Exact, with the default tag (mask 3, pattern 0): immediates have a low bit set and are left alone.
    this.stackRoot = arena.createRootThread(this.thread, { base: this.stackBase, limit: this.stackLimit, top: () => this.sp }, { rank: Rank.EXACT });
    // The symbol table is weak: a symbol that nothing else refers to goes (.impl.symbols).
    this.symbolRoot = arena.createRoot({ rank: Rank.WEAK, scan: (ss) => this.scanSymbols(ss) });
    this.globalRoot = arena.createRoot({ rank: Rank.EXACT, scan: (ss) => fixArray(ss, this.globals) });
    arena.messageTypeEnable(MessageType.GC);
    arena.messageTypeEnable(MessageType.GC_START);
    arena.messageTypeEnable(MessageType.FINALIZATION);
  }

  /** Called with each object whose finalization message arrives (at its current address). */
  onFinalize: ((ref: Addr) => void) | null = null;

  /** Tear everything down, in the order the MPS requires. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    const arena = this.arena;
    arena.park();
    this.drainMessages();
    this.sp = this.stackBase;
    this.stackRoot.destroy();
    this.symbolRoot.destroy();
    this.globalRoot.destroy();
    this.thread.deregister();
    this.mainAp.destroy();
    this.leafAp.destroy();
    this.weakAp.destroy();
    this.exactAwlAp.destroy();
    this.awlPool.destroy();
    this.mainPool.destroy();
    this.leafPool.destroy();
    this.mvff.destroy();
    this.chain.destroy();
    this.format.destroy();
    arena.destroy();
  }

  // --- the shadow stack -------------------------------------------------

  /** The address of register `r`. */
  reg(r: number): Addr {
    return this.stackBase + r * 4;
  }
  /** Read register `r`. */
  get(r: number): number {
    return this.u32[(this.stackBase >>> 2) + r]!;
  }
  /** Write register `r`. */
  set(r: number, v: number): void {
    this.u32[(this.stackBase >>> 2) + r] = v;
  }
  /** Push a value; returns the slot's address. */
  push(v: number): Addr {
    const sp = this.sp;
    if (sp >= this.stackLimit) throw new SchemeError("stack overflow: recursion too deep");
    this.u32[sp >>> 2] = v;
    this.sp = sp + 4;
    return sp;
  }
  /** Pop a value. */
  pop(): number {
    this.sp -= 4;
    return this.u32[this.sp >>> 2]!;
  }
  /** The value in the slot at `slot`. */
  at(slot: Addr): number {
    return this.u32[slot >>> 2]!;
  }
  /** The top of the stack. */
  top(): number {
    return this.u32[(this.sp - 4) >>> 2]!;
  }

  // --- field access -----------------------------------------------------

  /** Read a reference field (through the barrier with the software backend). */
  ref(p: Addr): number {
    return this.software ? this.arena.loadRef(p) : this.u32[p >>> 2]!;
  }
  /** Write a reference field. */
  setRef(p: Addr, v: number): void {
    if (this.software) this.arena.storeRef(p, v);
    else this.u32[p >>> 2] = v;
  }
  /** The type of the object at `w`, or 0 if `w` is an immediate. */
  typeOf(w: number): number {
    return isRef(w) ? this.u32[w >>> 2]! : 0;
  }
  /** The car of a pair. */
  car(p: number): number {
    return this.ref(p + 4);
  }
  /** The cdr of a pair. */
  cdr(p: number): number {
    return this.ref(p + 8);
  }
  /** Whether `w` is a pair. */
  isPair(w: number): boolean {
    return isRef(w) && this.u32[w >>> 2] === T_PAIR;
  }
  /** Whether `w` is a symbol. */
  isSymbol(w: number): boolean {
    return isRef(w) && this.u32[w >>> 2] === T_SYMBOL;
  }
  /** The float value of a float object. */
  floatValue(p: number): number {
    return this.f64[(p + 8) >>> 3]!;
  }
  /** The JavaScript string of a string object. */
  stringValue(p: number): string {
    const n = this.u32[(p + 4) >>> 2]!;
    const i = (p + 8) >>> 1;
    let s = "";
    for (let k = 0; k < n; k += 4096) s += String.fromCharCode(...this.u16.subarray(i + k, i + Math.min(n, k + 4096)));
    return s;
  }
  /** The name of a symbol. */
  symbolName(p: number): string {
    return this.stringValue(this.ref(p + 4));
  }

  // --- allocation -------------------------------------------------------

  /** Reserve on `ap`, timing the slow path (which is where collections run) and turning exhaustion into a Scheme error. */
  private reserve(ap: AP, size: number): Addr {
    const next = ap.alloc + size;
    if (next <= ap.limit) {
      ap.alloc = next;
      return ap.init;
    }
    const t0 = performance.now();
    if (this.arena.committed() - this.arena.spareCommitted() > this.heapLimit) {
      // Over the interpreter's own limit: collect everything, and if that is not enough,
      // fail now, while the collector still has room to copy into (see .impl.oom).
      this.arena.collect();
      this.arena.release();
      if (this.arena.committed() - this.arena.spareCommitted() > this.heapLimit) {
        throw new SchemeError(`out of memory: more than ${this.heapLimit} bytes of the ${this.arenaSize}-byte arena are in use`);
      }
    }
    let p: Addr;
    try {
      p = ap.reserve(size);
    } catch (e) {
      if (!isExhaustion(e)) throw e;
      // The arena is full. Every reference the evaluator holds is in a root, so a full
      // collection here is safe; it reclaims what the generational ones left, and we try once more.
      // Twice: a collection that ran out of room to copy into keeps its condemned objects
      // where they are (emergency mode), and only the next one reclaims them.
      p = 0;
      for (let attempt = 0; p === 0; attempt++) {
        try {
          this.arena.collect();
          this.arena.release();
          p = ap.reserve(size);
        } catch (e2) {
          if (!isExhaustion(e2)) throw e2;
          if (attempt === 1) throw new SchemeError(`out of memory: the arena cannot provide ${size} more bytes (${(e2 as MpsError).code})`);
        }
      }
    }
    const dt = performance.now() - t0;
    if (dt > 0.05) this.stats.pauses.push(dt);
    return p;
  }
  /** Reserve in the main pool. */
  reserveMain(size: number): Addr {
    return this.reserve(this.mainAp, size);
  }
  /** Reserve in the leaf pool. */
  reserveLeaf(size: number): Addr {
    return this.reserve(this.leafAp, size);
  }
  /** Commit on `ap`. */
  private commitAp(ap: AP, p: Addr, size: number): boolean {
    this.stats.allocated += size;
    return ap.commit(p, size);
  }
  /** Commit in the main pool; false if the object must be made again. */
  commitMain(p: Addr, size: number): boolean {
    this.stats.allocated += size;
    return this.mainAp.commit(p, size);
  }
  /** Commit in the leaf pool. */
  commitLeaf(p: Addr, size: number): boolean {
    this.stats.allocated += size;
    return this.leafAp.commit(p, size);
  }

  /** A pair of the values in slots `carSlot` and `cdrSlot` (read after reserving). */
  cons(carSlot: Addr, cdrSlot: Addr): number {
    const u32 = this.u32;
    let p: Addr;
    do {
      p = this.reserveMain(16);
      const i = p >>> 2;
      u32[i] = T_PAIR;
      u32[i + 1] = u32[carSlot >>> 2]!;
      u32[i + 2] = u32[cdrSlot >>> 2]!;
      u32[i + 3] = 0;
    } while (!this.commitMain(p, 16));
    return p;
  }
  /** Pop cdr then car, push their pair. */
  consTop(): void {
    const p = this.cons(this.sp - 8, this.sp - 4);
    this.sp -= 4;
    this.u32[(this.sp - 4) >>> 2] = p;
  }
  /** Replace the top `n` values with the list of them, ending in `tail`... (`tail` is the top when `star`). */
  listTop(n: number, star = false): void {
    if (!star) this.push(NIL);
    else n--;
    for (let k = 0; k < n; k++) this.consTop();
  }
  /** A float. */
  makeFloat(x: number): number {
    let p: Addr;
    do {
      p = this.reserveLeaf(16);
      this.u32[p >>> 2] = T_FLOAT;
      this.u32[(p + 4) >>> 2] = 0;
      this.f64[(p + 8) >>> 3] = x;
    } while (!this.commitLeaf(p, 16));
    return p;
  }
  /** A string of `n` code units, each `fill` (or the JavaScript string `s`). */
  makeString(s: string | null, n: number, fill = 32): number {
    if (!(n >= 0 && n < 1 << 26)) throw new SchemeError(`make-string: bad length ${n}`);
    const size = stringSize(n);
    let p: Addr;
    do {
      p = this.reserveLeaf(size);
      this.u32[p >>> 2] = T_STRING;
      this.u32[(p + 4) >>> 2] = n;
      const i = (p + 8) >>> 1;
      if (s === null) this.u16.fill(fill, i, i + n);
      else for (let k = 0; k < n; k++) this.u16[i + k] = s.charCodeAt(k);
      this.u16.fill(0, i + n, (p + size) >>> 1);
    } while (!this.commitLeaf(p, size));
    return p;
  }
  /** A vector of `n` elements, each the value in `fillSlot`. */
  makeVector(n: number, fillSlot: Addr): number {
    if (!(n >= 0 && n < 1 << 26)) throw new SchemeError(`make-vector: bad length ${n}`);
    const size = vectorSize(n);
    let p: Addr;
    do {
      p = this.reserveMain(size);
      const i = p >>> 2;
      this.u32[i] = T_VECTOR;
      this.u32[i + 1] = n;
      this.u32.fill(this.u32[fillSlot >>> 2]!, i + 2, i + 2 + n);
      this.u32.fill(0, i + 2 + n, (p + size) >>> 2);
    } while (!this.commitMain(p, size));
    return p;
  }
  /** A vector of the top `n` values of the stack, which are popped. */
  vectorTop(n: number): number {
    const size = vectorSize(n);
    let p: Addr;
    do {
      p = this.reserveMain(size);
      const i = p >>> 2;
      this.u32[i] = T_VECTOR;
      this.u32[i + 1] = n;
      this.u32.copyWithin(i + 2, (this.sp >>> 2) - n, this.sp >>> 2);
      this.u32.fill(0, i + 2 + n, (p + size) >>> 2);
    } while (!this.commitMain(p, size));
    this.sp -= 4 * n;
    return p;
  }
  /** A four-word object of type `t`: the reference in `slot1`, then two plain words. */
  make4(t: number, slot1: Addr, w2: number, w3: number): number {
    let p: Addr;
    do {
      p = this.reserveMain(16);
      const i = p >>> 2;
      this.u32[i] = t;
      this.u32[i + 1] = this.u32[slot1 >>> 2]!;
      this.u32[i + 2] = w2;
      this.u32[i + 3] = w3;
    } while (!this.commitMain(p, 16));
    return p;
  }
  /** A closure of the values in the four slots. */
  makeClosure(paramsSlot: Addr, bodySlot: Addr, envSlot: Addr, nameSlot: Addr): number {
    let p: Addr;
    do {
      p = this.reserveMain(24);
      const i = p >>> 2;
      this.u32[i] = T_CLOSURE;
      this.u32[i + 1] = this.u32[paramsSlot >>> 2]!;
      this.u32[i + 2] = this.u32[bodySlot >>> 2]!;
      this.u32[i + 3] = this.u32[envSlot >>> 2]!;
      this.u32[i + 4] = this.u32[nameSlot >>> 2]!;
      this.u32[i + 5] = 0;
    } while (!this.commitMain(p, 24));
    return p;
  }
  /** A frame whose values are the `n` slots from `valsSlot`, with parent and names from their slots, and `extra` more values UNSPEC. */
  makeFrame(n: number, valsSlot: Addr, parentSlot: Addr, namesSlot: Addr): number {
    const size = frameSize(n);
    let p: Addr;
    do {
      p = this.reserveMain(size);
      const i = p >>> 2;
      this.u32[i] = T_FRAME;
      this.u32[i + 1] = n;
      this.u32[i + 2] = this.u32[parentSlot >>> 2]!;
      this.u32[i + 3] = this.u32[namesSlot >>> 2]!;
      this.u32.copyWithin(i + 4, valsSlot >>> 2, (valsSlot >>> 2) + n);
      this.u32.fill(0, i + 4 + n, (p + size) >>> 2);
    } while (!this.commitMain(p, size));
    return p;
  }

  // --- symbols ----------------------------------------------------------

  /** The symbol named `name`, made if it is new. `form` numbers the special forms. */
  intern(name: string, form = 0): number {
    const i = this.symbolIndex.get(name);
    if (i !== undefined) return this.symbols[i]!;
    const sym = this.makeSymbol(name, form);
    const j = this.freeSymbols.pop() ?? this.symbols.length;
    this.symbolIndex.set(name, j);
    this.symbols[j] = sym;
    this.symbolNames[j] = name;
    return sym;
  }
  /** The number of symbols in the table. */
  symbolCount(): number {
    return this.symbolIndex.size;
  }
  /** The weak root's scan: fix each symbol; forget those the collector splats. */
  private scanSymbols(ss: ScanState): void {
    const a = this.symbols;
    for (let i = 0; i < a.length; i++) {
      const w = a[i]!;
      if (w === 0 || !ss.fix1(w)) continue;
      const nw = ss.fix2(w);
      a[i] = nw;
      if (nw === 0) {
        this.symbolIndex.delete(this.symbolNames[i]!);
        this.freeSymbols.push(i);
        this.stats.symbolsDied++;
      }
    }
  }
  /** A symbol that is not in the table (for names the expander makes up). */
  makeSymbol(name: string, form = 0): number {
    const s = this.push(this.makeString(name, name.length));
    const sym = this.make4(T_SYMBOL, s, 0, form);
    this.sp -= 4;
    return sym;
  }
  /** The special form number of a symbol. */
  formOf(sym: number): number {
    return this.u32[(sym + 12) >>> 2]!;
  }

  // --- hash tables ------------------------------------------------------

  /**
   * A hash table of `kind` with room for about `n` entries. A weak table
   * keeps its keys in an AWL object of weak rank and its values in an AWL
   * object of exact rank, each the other's dependent: when the collector
   * splats a key, the scan deletes the entry (see .impl.weak).
   */
  makeTable(kind: number, n = 8, weak = false): number {
    let cap = 8;
    while (cap < n * 2) cap *= 2;
    const keys = this.push(weak ? this.makeWBuckets(cap, this.weakAp) : this.makeBuckets(cap));
    const vals = this.push(weak ? this.makeWBuckets(cap, this.exactAwlAp) : 0);
    if (weak) this.linkWBuckets(keys, vals);
    const ldIndex = this.lds.length;
    this.lds.push(this.arena.createLd());
    let p: Addr;
    do {
      p = this.reserveMain(32);
      const i = p >>> 2;
      this.u32[i] = T_TABLE;
      this.u32[i + 1] = kind;
      this.u32[i + 2] = 0;
      this.u32[i + 3] = this.u32[keys >>> 2]!;
      this.u32[i + 4] = ldIndex;
      this.u32[i + 5] = weak ? 1 : 0;
      this.u32[i + 6] = this.u32[vals >>> 2]!;
      this.u32[i + 7] = 0;
    } while (!this.commitMain(p, 32));
    this.sp -= 8;
    return p;
  }
  private makeBuckets(n: number): number {
    const size = bucketsSize(n);
    let p: Addr;
    do {
      p = this.reserveMain(size);
      this.u32[p >>> 2] = T_BUCKETS;
      this.u32[(p + 4) >>> 2] = n;
      this.u32.fill(0, (p + 8) >>> 2, (p + size) >>> 2);
    } while (!this.commitMain(p, size));
    return p;
  }
  /** Half of a weak table: n keys or n values, in AWL through `ap`. */
  private makeWBuckets(n: number, ap: AP): number {
    const size = wbucketsSize(n);
    let p: Addr;
    do {
      p = this.reserve(ap, size);
      this.u32.fill(0, p >>> 2, (p + size) >>> 2);
      this.u32[p >>> 2] = T_WBUCKETS;
      this.u32[(p + 4) >>> 2] = n;
    } while (!this.commitAp(ap, p, size));
    return p;
  }
  /** Make the keys and values objects in the two slots each other's dependent. */
  private linkWBuckets(keysSlot: Addr, valsSlot: Addr): void {
    this.setRef(this.at(keysSlot) + 8, this.at(valsSlot));
    this.setRef(this.at(valsSlot) + 8, this.at(keysSlot));
  }

  // The layout of the table last looked at: where its keys are, the distance
  // between them, and the offset from a key's slot to its value's.
  private kb = 0;
  private ks = 0;
  private vo = 0;
  private kn = 0;
  private layout(t: number): void {
    const b = this.ref(t + 12);
    this.kn = this.u32[(b + 4) >>> 2]!;
    if (this.u32[(t + 20) >>> 2] === 0) {
      this.kb = b + 8;
      this.ks = 8;
      this.vo = 4;
    } else {
      this.kb = b + 24;
      this.ks = 4;
      this.vo = this.ref(t + 24) - b;
    }
  }
  /** Where a table keeps its count (in the keys object for a weak table, which the scan updates). */
  private countAddr(t: number): Addr {
    return this.u32[(t + 20) >>> 2] === 0 ? t + 8 : this.ref(t + 12) + 12;
  }
  /** Where a table keeps its count of deleted entries. */
  private deletedAddr(t: number): Addr {
    return this.u32[(t + 20) >>> 2] === 0 ? t + 28 : this.ref(t + 12) + 16;
  }
  /** The number of entries of a table. */
  tableCount(t: number): number {
    return this.u32[this.countAddr(t) >>> 2]!;
  }
  /** The kind of a table. */
  tableKind(t: number): number {
    return this.u32[(t + 4) >>> 2]!;
  }
  /** Whether a table is weak. */
  tableWeak(t: number): boolean {
    return this.u32[(t + 20) >>> 2] !== 0;
  }
  /** The value of the entry whose key slot `tableFind` just returned. */
  tableValue(slot: Addr): number {
    return this.ref(slot + this.vo);
  }
  /** Set the value of the entry whose key slot `tableFind` just returned. */
  tableSetValue(slot: Addr, v: number): void {
    this.setRef(slot + this.vo, v);
  }

  /**
   * The hash of `key` for a table of `kind`. Whenever it depends on an
   * address, the address is first added to the table's location dependency
   * (when `ld` is given: on insertion), so a move of the key is noticed.
   */
  private hash(kind: number, key: number, ld: LD | null, depth = 0): number {
    if (!isRef(key)) return mix(key);
    const t = this.u32[key >>> 2]!;
    if (kind !== TABLE_EQ) {
      if (t === T_FLOAT) {
        const x = this.floatValue(key);
        return mix((x * 1000003) | 0);
      }
      if (kind === TABLE_EQUAL) {
        if (t === T_STRING) return mix(stringHash(this.u16, key, this.u32[(key + 4) >>> 2]!));
        if (depth < 4 && t === T_PAIR) return mix(this.hash(kind, this.car(key), ld, depth + 1) * 31 + this.hash(kind, this.cdr(key), ld, depth + 1));
        if (depth < 4 && t === T_VECTOR) {
          const n = this.u32[(key + 4) >>> 2]!;
          let h = n;
          for (let k = 0; k < n && k < 8; k++) h = (h * 31 + this.hash(kind, this.ref(key + 8 + 4 * k), ld, depth + 1)) | 0;
          return mix(h);
        }
        if (t === T_PAIR || t === T_VECTOR) return 7; // too deep: a constant, so equal structures agree
      }
    }
    if (ld !== null) ld.add(key);
    return mix(key >>> 3);
  }
  /** Whether `a` and `b` are the same key for a table of `kind`. */
  keyEqual(kind: number, a: number, b: number): boolean {
    if (a === b) return true;
    if (kind === TABLE_EQ) return false;
    if (kind !== TABLE_EQUAL) return this.eqv(a, b);
    return this.equal(a, b);
  }
  /** `eqv?`. */
  eqv(a: number, b: number): boolean {
    if (a === b) return true;
    return this.typeOf(a) === T_FLOAT && this.typeOf(b) === T_FLOAT && this.floatValue(a) === this.floatValue(b);
  }
  /** `equal?`. */
  equal(a: number, b: number): boolean {
    for (;;) {
      if (this.eqv(a, b)) return true;
      const t = this.typeOf(a);
      if (t === 0 || t !== this.typeOf(b)) return false;
      if (t === T_STRING) return this.stringValue(a) === this.stringValue(b);
      if (t === T_VECTOR) {
        const n = this.u32[(a + 4) >>> 2]!;
        if (n !== this.u32[(b + 4) >>> 2]) return false;
        for (let k = 0; k < n; k++) if (!this.equal(this.ref(a + 8 + 4 * k), this.ref(b + 8 + 4 * k))) return false;
        return true;
      }
      if (t !== T_PAIR) return false;
      if (!this.equal(this.car(a), this.car(b))) return false;
      a = this.cdr(a);
      b = this.cdr(b);
    }
  }

  /**
   * The address of the key word of the bucket holding `key` in table `t`,
   * or 0 (read the value with `tableValue`). A miss when the table's
   * location dependency is stale rehashes and looks again: the key may have
   * moved since it was filed.
   */
  tableFind(t: number, key: number): Addr {
    const found = this.probe(t, key);
    if (found !== 0) return found;
    const ld = this.lds[this.u32[(t + 16) >>> 2]!]!;
    if (!ld.isStale(key)) return 0;
    this.rehash(t);
    return this.probe(t, key);
  }
  private probe(t: number, key: number): Addr {
    const kind = this.u32[(t + 4) >>> 2]!;
    this.layout(t);
    const n = this.kn;
    let i = this.hash(kind, key, null) & (n - 1);
    for (let k = 0; k < n; k++) {
      const slot = this.kb + this.ks * i;
      const w = this.ref(slot);
      if (w === 0) return 0;
      if (w !== DELETED && this.keyEqual(kind, w, key)) return slot;
      i = (i + 1) & (n - 1);
    }
    return 0;
  }
  /** Take every entry out of the table whose layout is current, into JavaScript arrays; allocates nothing in the heap. */
  private takeEntries(keys: number[], vals: number[]): void {
    for (let k = 0; k < this.kn; k++) {
      const slot = this.kb + this.ks * k;
      const w = this.ref(slot);
      if (w !== 0 && w !== DELETED) {
        keys.push(w);
        vals.push(this.ref(slot + this.vo));
      }
      this.setRef(slot, 0);
      this.setRef(slot + this.vo, 0);
    }
  }
  /** Refile the entries under their keys' current addresses, with a fresh location dependency. */
  private refile(t: number, keys: number[], vals: number[]): void {
    const ld = this.lds[this.u32[(t + 16) >>> 2]!]!;
    ld.reset();
    for (let k = 0; k < keys.length; k++) this.insertFresh(t, keys[k]!, vals[k]!, ld);
    const c = this.countAddr(t);
    this.u32[c >>> 2] = keys.length;
    this.u32[this.deletedAddr(t) >>> 2] = 0; // the deleted count
  }
  /** Refile every entry under its key's current address; allocates nothing, so nothing moves meanwhile. */
  rehash(t: number): void {
    this.stats.rehashes++;
    this.layout(t);
    const keys: number[] = [];
    const vals: number[] = [];
    this.takeEntries(keys, vals);
    this.refile(t, keys, vals);
  }
  /** File a key known not to be in the table (whose layout is current), adding it to the location dependency. */
  private insertFresh(t: number, key: number, val: number, ld: LD): void {
    const kind = this.u32[(t + 4) >>> 2]!;
    const n = this.kn;
    let i = this.hash(kind, key, ld) & (n - 1);
    for (;;) {
      const slot = this.kb + this.ks * i;
      const w = this.ref(slot);
      if (w === 0 || w === DELETED) {
        this.setRef(slot, key);
        this.setRef(slot + this.vo, val);
        return;
      }
      i = (i + 1) & (n - 1);
    }
  }
  /** Set the value of the key in `keySlot` to the value in `valSlot` in the table in `tSlot`. */
  tableSet(tSlot: Addr, keySlot: Addr, valSlot: Addr): void {
    const found = this.tableFind(this.at(tSlot), this.at(keySlot));
    if (found !== 0) {
      this.tableSetValue(found, this.at(valSlot));
      return;
    }
    let t = this.at(tSlot);
    let c = this.countAddr(t);
    const count = this.u32[c >>> 2]!;
    const used = count + this.u32[this.deletedAddr(t) >>> 2]!;
    this.layout(t);
    const n = this.kn;
    if ((used + 1) * 3 > n * 2) {
      // Grow (or just clean out deleted entries): new buckets, which may collect and move
      // everything, then refile into them.
      const nn = count * 3 > n ? n * 2 : n;
      const weak = this.tableWeak(t);
      const nk = this.push(weak ? this.makeWBuckets(nn, this.weakAp) : this.makeBuckets(nn));
      const nv = this.push(weak ? this.makeWBuckets(nn, this.exactAwlAp) : 0);
      if (weak) this.linkWBuckets(nk, nv);
      t = this.at(tSlot);
      this.layout(t);
      const keys: number[] = [];
      const vals: number[] = [];
      this.takeEntries(keys, vals);
      this.setRef(t + 12, this.at(nk));
      this.setRef(t + 24, this.at(nv));
      this.sp -= 8;
      this.layout(t);
      this.refile(t, keys, vals);
    }
    t = this.at(tSlot);
    this.layout(t);
    this.insertFresh(t, this.at(keySlot), this.at(valSlot), this.lds[this.u32[(t + 16) >>> 2]!]!);
    c = this.countAddr(t);
    this.u32[c >>> 2]!++;
  }
  /** Remove a key; returns whether it was there. */
  tableDelete(t: number, key: number): boolean {
    const found = this.tableFind(t, key);
    if (found === 0) return false;
    this.setRef(found, DELETED);
    this.setRef(found + this.vo, FALSE);
    const c = this.countAddr(t);
    this.u32[c >>> 2]!--;
    this.u32[this.deletedAddr(t) >>> 2]!++;
    return true;
  }
  /** Push every key (or value, or both) of a table on the stack; returns how many. */
  tablePush(t: number, what: "keys" | "values" | "entries"): number {
    this.layout(t);
    let count = 0;
    for (let k = 0; k < this.kn; k++) {
      const slot = this.kb + this.ks * k;
      const w = this.ref(slot);
      if (w === 0 || w === DELETED) continue;
      if (what !== "values") this.push(w);
      if (what !== "keys") this.push(this.ref(slot + this.vo));
      count++;
    }
    return count;
  }
  /** Empty a table. */
  tableClear(t: number): void {
    this.layout(t);
    this.takeEntries([], []);
    const c = this.countAddr(t);
    this.u32[c >>> 2] = 0;
    this.u32[this.deletedAddr(t) >>> 2] = 0;
  }

  // --- the collector ----------------------------------------------------

  /** Run a full collection, timed. */
  collect(): void {
    const t0 = performance.now();
    this.arena.collect();
    this.stats.pauses.push(performance.now() - t0);
    this.arena.release();
    this.drainMessages();
  }
  /** Read the GC and GC_START messages into the figures. */
  drainMessages(): void {
    const arena = this.arena;
    for (let m = arena.messageGet(MessageType.GC_START); m !== undefined; m = arena.messageGet(MessageType.GC_START)) {
      const why = m.gcStartWhy;
      this.stats.reasons.set(why, (this.stats.reasons.get(why) ?? 0) + 1);
      arena.messageDiscard(m);
    }
    for (let m = arena.messageGet(MessageType.FINALIZATION); m !== undefined; m = arena.messageGet(MessageType.FINALIZATION)) {
      this.stats.finalized++;
      const ref = m.finalizationRef();
      try {
        this.onFinalize?.(ref);
      } finally {
        arena.messageDiscard(m);
      }
    }
    for (let m = arena.messageGet(MessageType.GC); m !== undefined; m = arena.messageGet(MessageType.GC)) {
      this.stats.collections++;
      this.stats.condemned += m.gcCondemnedSize;
      this.stats.live += m.gcLiveSize;
      this.stats.notCondemned += m.gcNotCondemnedSize;
      arena.messageDiscard(m);
    }
  }
}

/** Whether `e` is the MPS saying that memory ran out. */
function isExhaustion(e: unknown): boolean {
  return e instanceof MpsError && (e.code === "RESOURCE" || e.code === "MEMORY" || e.code === "COMMIT_LIMIT");
}

/** What the scanners here use of a scan state (roots and formats get the same two methods). */
interface ScanState {
  fix1(ref: Addr): boolean;
  fix2(ref: Addr): Addr;
}

/** Fix every reference in a JavaScript array of words. */
function fixArray(ss: ScanState, a: number[]): void {
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    if ((w & 7) === 0 && w !== 0 && ss.fix1(w)) a[i] = ss.fix2(w);
  }
}

/** Fix the reference at word index `i` if it is one. */
function fixWord(ss: ScanState, u32: Uint32Array, i: number): void {
  const w = u32[i]!;
  if ((w & 7) === 0 && w !== 0 && ss.fix1(w)) u32[i] = ss.fix2(w);
}

/** The size in bytes of the object at `p`, whatever its type. */
export function objectSize(u32: Uint32Array, p: Addr): number {
  const i = p >>> 2;
  switch (u32[i]) {
    case T_PAIR: case T_SYMBOL: case T_FLOAT: case T_PRIM: case T_PORT: return 16;
    case T_CLOSURE: return 24;
    case T_TABLE: return 32;
    case T_WBUCKETS: return wbucketsSize(u32[i + 1]!);
    case T_STRING: return stringSize(u32[i + 1]!);
    case T_VECTOR: return vectorSize(u32[i + 1]!);
    case T_BUCKETS: return bucketsSize(u32[i + 1]!);
    case T_FRAME: return frameSize(u32[i + 1]!);
    case T_FWD: return u32[i + 2]!;
    case T_PAD: return u32[i + 1]!;
    default: throw new Error(`example-scheme: no object at ${p.toString(16)} (type word ${String(u32[i])})`);
  }
}

/** The format's scan method: fix every reference field of every object in [base, limit). */
function scanObjects(ss: ScanState, u32: Uint32Array, base: Addr, limit: Addr): void {
  let p = base;
  while (p < limit) {
    const i = p >>> 2;
    switch (u32[i]) {
      case T_PAIR:
        fixWord(ss, u32, i + 1);
        fixWord(ss, u32, i + 2);
        p += 16;
        break;
      case T_SYMBOL: case T_PORT: case T_PRIM:
        fixWord(ss, u32, i + 1); // the name; the other words are plain numbers
        p += 16;
        break;
      case T_CLOSURE:
        fixWord(ss, u32, i + 1);
        fixWord(ss, u32, i + 2);
        fixWord(ss, u32, i + 3);
        fixWord(ss, u32, i + 4);
        p += 24;
        break;
      case T_TABLE:
        fixWord(ss, u32, i + 3);
        fixWord(ss, u32, i + 6);
        p += 32;
        break;
      case T_WBUCKETS: {
        // Half of a weak table. In the keys half (a weak segment) fix2 returns 0 for a key
        // nothing else keeps: the entry is deleted here, value and all, through the
        // dependent object (the values half), which AWL lets this scan write.
        const n = u32[i + 1]!;
        fixWord(ss, u32, i + 2);
        const dep = u32[i + 2]!;
        for (let k = 0; k < n; k++) {
          const w = u32[i + 6 + k]!;
          if ((w & 7) !== 0 || w === 0 || !ss.fix1(w)) continue;
          const nw = ss.fix2(w);
          if (nw === 0) {
            u32[i + 6 + k] = DELETED;
            if (dep !== 0) u32[(dep >>> 2) + 6 + k] = 0;
            u32[i + 3]!--;
            u32[i + 4]!++;
          } else u32[i + 6 + k] = nw;
        }
        p += wbucketsSize(n);
        break;
      }
      case T_VECTOR: {
        const n = u32[i + 1]!;
        for (let k = 0; k < n; k++) fixWord(ss, u32, i + 2 + k);
        p += vectorSize(n);
        break;
      }
      case T_BUCKETS: {
        const n = u32[i + 1]!;
        for (let k = 0; k < 2 * n; k++) fixWord(ss, u32, i + 2 + k);
        p += bucketsSize(n);
        break;
      }
      case T_FRAME: {
        const n = u32[i + 1]!;
        for (let k = 0; k < n + 2; k++) fixWord(ss, u32, i + 2 + k);
        p += frameSize(n);
        break;
      }
      default:
        p += objectSize(u32, p); // leaves, forwarding and padding: nothing to fix
    }
  }
}

function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}

function stringHash(u16: Uint16Array, p: number, n: number): number {
  let h = 5381;
  const i = (p + 8) >>> 1;
  for (let k = 0; k < n; k++) h = (Math.imul(h, 33) + u16[i + k]!) | 0;
  return h;
}
