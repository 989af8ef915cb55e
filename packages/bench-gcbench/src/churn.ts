/**
 * The cons-churn benchmark: lists of 8 two-word cells, each stored into a
 * random slot of a window of W slots so that the list it replaces becomes
 * garbage; at the end every live list is checked cell by cell. On the MPS
 * (cells in a pool of the cons format, the window an exact root over a
 * Uint32Array) and on plain JS objects under V8.
 * See docs/design/bench-gcbench.md `.impl.churn`.
 * .critical: mpsChurnLoop, jsChurnLoop (the allocation loops).
 */

import { Rank, type Addr, type Root } from "@mps/mps";
import { CONS_SIZE, fixnum } from "./formats.js";
import { Rnd } from "./rnd.js";
import type { BenchArena } from "./setup.js";

/** Cells per list. @public */
export const LIST_LENGTH = 8;

/**
 * The churn workload's parameters.
 * @public
 */
export interface ChurnParams {
  /** Slots in the window (live lists at most). */
  window: number;
  /** Cells to allocate (rounded down to whole lists). */
  cells: number;
  /**
   * Which compiled copy of the allocation loop runs: each label gets its own
   * copy, compiled from the loop's source the first time it is asked for
   * (see {@link loopCopy}); none runs the module's own function.
   */
  copy?: string;
}

const copies = new Map<string, unknown>();

// Module copies of imported bindings: the loops' source names only these, so a
// copy compiled from it works wherever the module was loaded from (a bundler may
// rename an import), and a module constant is folded where an import is not
// (docs/design/speed-facts.md `.fact.import-cell`).
const tagFixnum = fixnum;
const CELL_SIZE = CONS_SIZE;

/**
 * A copy of a loop function with fresh machine code and type feedback, made
 * from its source text and kept under `label`. V8 places a tight loop's code
 * so that it runs at one of two speeds, up to twice apart
 * (docs/design/speed-facts.md `.fact.placement`), and one function run in
 * several configurations has feedback for all of them; the report runs
 * several labelled copies per configuration and keeps the fastest.
 * `deps` are the free names the source uses. Without a label, `fn` itself.
 * @public
 */
export function loopCopy<F extends (...args: never[]) => unknown>(fn: F, label: string | undefined, deps: Readonly<Record<string, unknown>>): F {
  if (label === undefined) return fn;
  const key = `${fn.name}\0${label}`;
  let f = copies.get(key) as F | undefined;
  if (f === undefined) {
    const names = Object.keys(deps);
    // The label in the text makes it unique: V8 shares code between closures of one text.
    const make = new Function(...names, `// ${fn.name}, copy ${label}\nreturn ${fn.toString()}`) as (...d: unknown[]) => F;
    f = make(...names.map((n) => deps[n]));
    copies.set(key, f);
  }
  return f;
}

/**
 * What the MPS churn's loop uses of its arena: a {@link BenchArena}, or the
 * stand-in of {@link FloorChurn}.
 * @public
 */
export interface ChurnHost {
  /** The memory. */
  readonly arena: { readonly mem: { readonly u32: Uint32Array } };
  /** The allocation point. */
  readonly ap: { reserve(size: number): Addr; commit(p: Addr, size: number): boolean };
  /** Called every 8 lists. */
  sample(): void;
  /** Called every 4 096 lists. */
  drainMessages(): void;
}

/**
 * The MPS churn's allocation loop (`MpsChurn.run`, `FloorChurn.run`); free names only
 * `tagFixnum`, `LIST_LENGTH` and `CELL_SIZE`, so that {@link loopCopy} can copy it.
 */
function mpsChurnLoop(bench: ChurnHost, win: Uint32Array, serials: Int32Array, rnd: Rnd, w: number, lists: number): number {
  const ap = bench.ap;
  const mem = bench.arena.mem;
  const building = w;
  let cells = 0;
  for (let n = 0; n < lists; n++) {
    win[building] = 0;
    for (let k = 0; k < LIST_LENGTH; k++) {
      const car = tagFixnum(n * LIST_LENGTH + k);
      let p: Addr;
      do {
        p = ap.reserve(CELL_SIZE);
        const u32 = mem.u32;
        u32[p >>> 2] = car;
        // Read the tail after reserve: a collection in reserve may have moved it.
        // Initialising between reserve and commit is plain stores with either
        // backend: the buffer's segment keeps a universal summary, so no barrier
        // need see them (docs/reference/threads.md, `arena.storeRef`).
        u32[(p >>> 2) + 1] = win[building]!;
      } while (!ap.commit(p, CELL_SIZE));
      win[building] = p;
    }
    const slot = rnd.next() % w;
    win[slot] = win[building]!;
    serials[slot] = n;
    cells += LIST_LENGTH;
    if ((n & 7) === 0) bench.sample();
    if ((n & 4095) === 0) bench.drainMessages();
  }
  win[building] = 0;
  return cells;
}

/**
 * The JS churn's allocation loop (`JsChurn.run`); free names only `Cons`
 * and `LIST_LENGTH`.
 */
function jsChurnLoop(win: (Cons | null)[], serials: Int32Array, rnd: Rnd, w: number, lists: number): number {
  let cells = 0;
  for (let n = 0; n < lists; n++) {
    let list: Cons | null = null;
    for (let k = 0; k < LIST_LENGTH; k++) list = new Cons(n * LIST_LENGTH + k, list);
    const slot = rnd.next() % w;
    win[slot] = list;
    serials[slot] = n;
    cells += LIST_LENGTH;
  }
  return cells;
}

function checkParams(p: ChurnParams): number {
  if (!(Number.isInteger(p.window) && p.window >= 1)) throw new RangeError(`churn: window must be a positive integer, not ${p.window}`);
  if (!(Number.isInteger(p.cells) && p.cells >= LIST_LENGTH)) throw new RangeError(`churn: cells must be an integer of at least ${LIST_LENGTH}, not ${p.cells}`);
  return Math.floor(p.cells / LIST_LENGTH);
}

/**
 * Check every live list of a window: the list in slot s (serial n) is 8
 * cells whose cars are n * 8 + 7 down to n * 8, ending in null; an empty slot
 * (serial -1) holds null. `car` and `cdr` read a cell's words. Returns the
 * cells checked; throws an Error, prefixed `who`, naming the first bad cell.
 */
function verifyLists(who: string, win: Uint32Array, serials: Int32Array, w: number, car: (p: Addr) => number, cdr: (p: Addr) => Addr): number {
  let checked = 0;
  for (let s = 0; s < w; s++) {
    const n = serials[s]!;
    let p = win[s]!;
    if (n < 0) {
      if (p !== 0) throw new Error(`${who}: empty slot ${s} holds ${p}`);
      continue;
    }
    for (let k = LIST_LENGTH - 1; k >= 0; k--) {
      if (p === 0 || (p & 7) !== 0) throw new Error(`${who}: slot ${s} cell ${k} is ${p}`);
      const a = car(p);
      if (a !== fixnum(n * LIST_LENGTH + k)) throw new Error(`${who}: slot ${s} (list ${n}) cell ${k} has car ${a}`);
      p = cdr(p);
      checked++;
    }
    if (p !== 0) throw new Error(`${who}: slot ${s} (list ${n}) is longer than ${LIST_LENGTH}`);
  }
  return checked;
}

/**
 * Cons churn on an MPS pool (format {@link consFormat}).
 * @public
 */
export class MpsChurn {
  /** Cells made so far. */
  cells = 0;
  private readonly bench: BenchArena;
  private readonly w: number;
  private readonly lists: number;
  /** The window, and in its last slot the list being built: an exact root. */
  private readonly win: Uint32Array;
  /** The serial number of the list in each slot, or -1. */
  private readonly serials: Int32Array;
  private readonly rnd: Rnd;
  private readonly root: Root;
  private readonly copy: string | undefined;

  /** @param bench - the arena and pool. @param params - window and cells. @param seed - the random seed. */
  constructor(bench: BenchArena, params: ChurnParams, seed: number) {
    this.lists = checkParams(params);
    this.bench = bench;
    this.w = params.window;
    const win = new Uint32Array(params.window + 1);
    this.win = win;
    this.serials = new Int32Array(params.window).fill(-1);
    this.rnd = new Rnd(seed);
    this.copy = params.copy;
    this.root = bench.arena.createRoot({
      rank: Rank.EXACT,
      scan: (ss) => {
        for (let i = 0; i < win.length; i++) {
          const r = win[i]!;
          if (r !== 0 && ss.fix1(r)) win[i] = ss.fix2(r);
        }
      },
    });
  }

  /** Allocate the cells: one list at a time into a random slot. */
  run(): void {
    const loop = loopCopy(mpsChurnLoop, this.copy, { tagFixnum, LIST_LENGTH, CELL_SIZE });
    this.cells += loop(this.bench, this.win, this.serials, this.rnd, this.w, this.lists);
  }

  /**
   * Check every live list: 8 cells whose cars are the list's serial number
   * times 8 plus 7 down to 0, ending in null. Returns the cells checked;
   * throws an Error naming the first bad cell.
   */
  verify(): number {
    const arena = this.bench.arena;
    const cdr = this.bench.barrier ? (p: Addr): Addr => arena.loadRef(p + 4) : (p: Addr): Addr => arena.mem.u32[(p + 4) >>> 2]!;
    return verifyLists("churn verify", this.win, this.serials, this.w, (p) => arena.mem.u32[p >>> 2]!, cdr);
  }


  /** Drop the root. */
  destroy(): void {
    this.win.fill(0);
    this.root.destroy();
  }
}

/**
 * A stand-in for an allocation point with nothing behind it: the fields and
 * the fast path of `AP` (`@mps/arena`) as they are, and a `fill` that hands
 * out the next `piece` bytes of a region, going round it again and again as
 * a nursery's memory is reused, as AMC's buffer fills hand out segments. No
 * pool, no segment, no collection.
 */
class BumpAP {
  init: Addr = 0;
  alloc: Addr = 0;
  limit: Addr = 0;
  /** How many times the fills have gone round the region. */
  wraps = 0;
  private next: Addr;
  private readonly base: Addr;
  private readonly end: Addr;
  private readonly piece: number;

  constructor(base: Addr, end: Addr, piece: number) {
    this.base = base;
    this.next = base;
    this.end = end;
    this.piece = piece;
  }

  reserve(size: number): Addr {
    const alloc = this.alloc;
    const next = alloc + size;
    if (next > alloc && next <= this.limit) {
      this.alloc = next;
      return alloc;
    }
    return this.fill(size);
  }

  commit(_p: Addr, _size: number): boolean {
    this.init = this.alloc;
    return this.limit !== 0 || false;
  }

  private fill(size: number): Addr {
    let base = this.next;
    if (base + this.piece > this.end) {
      base = this.base;
      this.wraps++;
    }
    const limit = base + this.piece;
    this.next = limit;
    this.init = base;
    this.alloc = base + size;
    this.limit = limit;
    return base;
  }
}

/**
 * The MPS churn's loop, the same compiled copies, over a stand-in allocation
 * point (fields and fast path as `AP`'s) that goes round a region of memory
 * touched in advance, with no pool and no collector: what it costs is the
 * floor under any pool and collector for this client loop
 * (bench-gcbench.md `.bench.floor`). Going round overwrites live lists, so
 * they can be verified only if the run never went round.
 * @public
 */
export class FloorChurn {
  /** Cells made so far. */
  cells = 0;
  private readonly host: ChurnHost;
  private readonly ap: BumpAP;
  private readonly u32: Uint32Array;
  private readonly w: number;
  private readonly lists: number;
  private readonly win: Uint32Array;
  private readonly serials: Int32Array;
  private readonly rnd: Rnd;
  private readonly copy: string | undefined;

  /**
   * @param params - window, cells and copy. @param seed - the random seed.
   * @param region - the bytes gone round, as a nursery's. @defaultValue 8 MiB, AMC's default nursery
   * @param piece - the bytes each fill hands out, as AMC's segments. @defaultValue 8192
   */
  constructor(params: ChurnParams, seed: number, region = 8 << 20, piece = 8192) {
    this.lists = checkParams(params);
    if (!(Number.isInteger(piece) && piece >= 64 && piece % CELL_SIZE === 0)) throw new RangeError(`FloorChurn: piece must be a multiple of ${CELL_SIZE} of at least 64, not ${piece}`);
    if (!(Number.isInteger(region) && region >= piece && region % piece === 0)) throw new RangeError(`FloorChurn: region must be a multiple of piece (${piece}), not ${region}`);
    this.w = params.window;
    this.copy = params.copy;
    // Address 0 is null, so the region starts one piece in.
    const u32 = new Uint32Array(new ArrayBuffer(region + piece));
    u32.fill(1); // touch every page before the timed run
    const mem = { u32 };
    this.u32 = u32;
    this.ap = new BumpAP(piece, region + piece, piece);
    this.host = {
      arena: { mem },
      ap: this.ap,
      sample(): void {},
      drainMessages(): void {},
    };
    this.win = new Uint32Array(params.window + 1);
    this.serials = new Int32Array(params.window).fill(-1);
    this.rnd = new Rnd(seed);
  }

  /** Allocate the cells, with the loop copy named by `params.copy`. */
  run(): void {
    const loop = loopCopy(mpsChurnLoop, this.copy, { tagFixnum, LIST_LENGTH, CELL_SIZE });
    this.cells += loop(this.host, this.win, this.serials, this.rnd, this.w, this.lists);
  }

  /** How many times the fills went round the region. */
  get wraps(): number {
    return this.ap.wraps;
  }

  /**
   * Check every live list as {@link MpsChurn.verify} does, if the run never
   * went round its region (else throws: lists were overwritten). Returns the cells checked.
   */
  verify(): number {
    if (this.ap.wraps > 0) throw new Error(`floor churn verify: the run went round its region ${this.ap.wraps} time(s), overwriting lists`);
    const u32 = this.u32;
    return verifyLists("floor churn verify", this.win, this.serials, this.w, (p) => u32[p >>> 2]!, (p) => u32[(p + 4) >>> 2]!);
  }

}

/** A JS cons cell. */
class Cons {
  car: number;
  cdr: Cons | null;
  constructor(car: number, cdr: Cons | null) {
    this.car = car;
    this.cdr = cdr;
  }
}

/**
 * The same churn on JS objects under V8.
 * @public
 */
export class JsChurn {
  /** Cells made so far. */
  cells = 0;
  private readonly w: number;
  private readonly lists: number;
  private readonly win: (Cons | null)[];
  private readonly serials: Int32Array;
  private readonly rnd: Rnd;
  private readonly copy: string | undefined;

  /** @param params - window and cells. @param seed - the random seed. */
  constructor(params: ChurnParams, seed: number) {
    this.lists = checkParams(params);
    this.copy = params.copy;
    this.w = params.window;
    this.win = new Array<Cons | null>(params.window).fill(null);
    this.serials = new Int32Array(params.window).fill(-1);
    this.rnd = new Rnd(seed);
  }

  /** Allocate the cells. */
  run(): void {
    const loop = loopCopy(jsChurnLoop, this.copy, { Cons, LIST_LENGTH });
    this.cells += loop(this.win, this.serials, this.rnd, this.w, this.lists);
  }

  /** Check every live list; returns the cells checked. */
  verify(): number {
    let checked = 0;
    for (let s = 0; s < this.w; s++) {
      const n = this.serials[s]!;
      let c: Cons | null = this.win[s]!;
      if (n < 0) continue;
      for (let k = LIST_LENGTH - 1; k >= 0; k--) {
        if (c === null || c.car !== n * LIST_LENGTH + k) throw new Error(`js churn verify: slot ${s} cell ${k}`);
        c = c.cdr;
        checked++;
      }
      if (c !== null) throw new Error(`js churn verify: slot ${s} too long`);
    }
    return checked;
  }
}
