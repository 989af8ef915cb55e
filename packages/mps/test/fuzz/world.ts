// The real system and its model for the API fuzz (fuzz-api.test.ts): three
// arenas (VM with no barrier, VM with the software barrier, a client arena),
// each with its pools, allocation points, roots, objects and messages, and a
// JS model of what the program put there. Every command is a method here; the
// test file turns random sequences of them into fast-check commands.
// See docs/design/mps.md `.test.fuzz`.
import { expect } from "vitest";
import {
  Arena, ArenaClass, CHECK_LEVEL, MessageType, MpsAssertionError, MpsError, PoolClass, Rank, RootMode, selectPlatform,
  type AP, type Addr, type Chain, type Format, type Message, type Pool, type Root, type Thread,
} from "../../src/index.js";
import { TF_LEAF, TF_OBJ, testFormat, testObjectSize } from "@mps/trace/test-util";

/** The arenas of a world: the kind of each, in order. */
export const ARENA_KINDS = ["vm-none", "vm-software", "cl-software"] as const;
export type ArenaKind = (typeof ARENA_KINDS)[number];

/** The classes whose blocks are objects of the format (AWL when the umbrella has it). */
export const HAS_AWL = (PoolClass as unknown as Record<string, unknown>)["AWL"] !== undefined;
export const AUTO_KINDS = HAS_AWL ? (["AMC", "AMCZ", "AMS", "LO", "SNC", "AWL"] as const) : (["AMC", "AMCZ", "AMS", "LO", "SNC"] as const);
export const MANUAL_KINDS = ["MFS", "MVFF", "MVT"] as const;
export type AutoKind = "AMC" | "AMCZ" | "AMS" | "LO" | "SNC" | "AWL";

/** SNC's frames on one allocation point: the objects allocated since each push (the first entry: below every frame). */
interface SNCStack {
  ap: AP;
  frames: { frame: Addr; ids: number[] }[];
}
export type ManualKind = (typeof MANUAL_KINDS)[number];

const FUN_CELLS = 12;
const AREA_CELLS = 12;
const STACK_WORDS = 16;
const JUNK = -2;

/** Data word `i` of an object or manual block seeded by `seed`: cheap, and different for every (seed, i). */
export function dataWord(seed: number, i: number): number {
  let x = Math.imul(seed ^ 0x5bd1e995, 0x27d4eb2f) + Math.imul(i, 0x165667b1);
  x ^= x >>> 15;
  return Math.imul(x, 0x2c1b3c6d) >>> 0;
}

/** What the fuzz did, over every world of the run (printed with MPS_FUZZ_DEBUG=1). */
export const stats = new Map<string, number>();
export function tally(what: string): void {
  stats.set(what, (stats.get(what) ?? 0) + 1);
}

/** The MpsError code `fn` throws, "ASSERT" for a failed assertion, or "none". */
export function thrown(fn: () => unknown): string {
  try {
    fn();
    return "none";
  } catch (e) {
    if (e instanceof MpsAssertionError) return "ASSERT";
    if (e instanceof MpsError) return e.code;
    throw e;
  }
}

/** Expect `fn` to throw MpsError `code` (or a failed assertion, "ASSERT"). */
function expectThrow(what: string, code: string, fn: () => unknown): void {
  const got = thrown(fn);
  tally(`misuse ${what}`);
  if (got !== code) throw new Error(`misuse ${what}: expected ${code}, got ${got}`);
}

interface Obj {
  id: number;
  leaf: boolean;
  n: number;
  /** The ids the reference slots refer to (-1 null); empty for a leaf. */
  slots: Int32Array;
  pool: GPool;
  size: number;
  /** Allocated on a weak allocation point (AWL): every slot is a weak reference. */
  weak: boolean;
}

interface GPool {
  kind: AutoKind;
  pool: Pool;
  aps: AP[];
  refs: boolean;
  /** Whether any of its objects was ever registered for finalization (then it is never destroyed). */
  finalized: boolean;
  /** Whether it uses the arena's chain (else a chain of its own). */
  usesChain: boolean;
  /** SNC: each allocation point's frames. Its objects are scanned while they live, so they are roots of the model. */
  snc?: SNCStack[];
  /** AWL: the allocation points of rank WEAK. */
  weakAps?: Set<AP>;
}

interface Block {
  addr: Addr;
  size: number;
  seed: number;
}

interface MPool {
  kind: ManualKind;
  pool: Pool;
  aps: AP[];
  blocks: Block[];
  /** MFS: the size asked for at creation. */
  unit: number;
}

interface Held {
  m: Message;
  type: number;
}

type GCState = "released" | "parked" | "clamped";

/** One arena, what the program made in it, and the model. */
export class ArenaW {
  readonly arena: Arena;
  readonly kind: ArenaKind;
  readonly barrier: boolean;
  readonly fmt: Format;
  readonly chain: Chain;
  /** A manual pool for the area root and the shadow stack. */
  readonly infra: Pool;
  readonly infraBlock: Addr;
  readonly areaBase: Addr;
  readonly stackBase: Addr;
  stackTop: Addr;
  readonly gpools: GPool[] = [];
  readonly mpools: MPool[] = [];
  /** Destroyed things, for the use-after-destroy misuses. */
  readonly deadPools: Pool[] = [];
  readonly deadAps: AP[] = [];
  readonly deadRoots: Root[] = [];
  readonly fun = new Uint32Array(FUN_CELLS);
  /** The id each cell refers to (-1 null): the function root's cells, then the area root's. */
  readonly cellIds = new Int32Array(FUN_CELLS + AREA_CELLS).fill(-1);
  readonly stackIds = new Int32Array(STACK_WORDS).fill(-1);
  funRoot: Root | undefined;
  areaRoot: Root | undefined;
  areaProt = false;
  /** Whether the area root is tagged (mask 1, pattern 0); then its empty cells hold `areaJunk`. */
  areaTagged = false;
  readonly areaJunk = new Uint32Array(AREA_CELLS);
  thread: Thread | undefined;
  threadRoot: Root | undefined;
  readonly objs = new Map<number, Obj>();
  /** The addresses of the live SNC objects (which never move). */
  readonly sncAddr = new Map<number, Addr>();
  /**
   * Objects freed with their pool or SNC frame. An object held only by finalization may still
   * refer to them (the program cannot reach it to clear the reference); the model stops there.
   */
  readonly freed = new Set<number>();
  /**
   * The ids reachable from the roots by strong references at the last check. The model keeps
   * every object until its pool or frame goes (weak references and finalization may hand an
   * unreachable one back); only these must be intact.
   */
  strong = new Map<number, Addr>();
  /** Whether a weak object was ever made (then a finalized object may come back through a weak reference). */
  hasWeak = false;
  /** Finalization registrations per id. */
  readonly finalCount = new Map<number, number>();
  finalizeWorks: boolean | undefined;
  readonly enabled = new Set<MessageType>();
  readonly held: Held[] = [];
  state: GCState = "released";
  collectionsSeen = 0;
  nextId: number;

  constructor(kind: ArenaKind, idBase: number) {
    this.kind = kind;
    this.nextId = idBase;
    this.barrier = kind !== "vm-none";
    const platform = selectPlatform({ protection: kind === "vm-none" ? "none" : "software" });
    this.arena = kind === "cl-software"
      ? Arena.create(ArenaClass.CL, { buffer: new ArrayBuffer(12 << 20), arenaClBase: 4096, arenaSize: (12 << 20) - 4096 * 2, platform })
      : Arena.create(ArenaClass.VM, { arenaSize: 32 << 20, platform });
    const arena = this.arena;
    this.fmt = arena.createFormat(testFormat(arena.mem));
    // Small generations, so that the chain starts collections on its own.
    this.chain = arena.createChain([{ capacity: 32, mortality: 0.8 }, { capacity: 64, mortality: 0.5 }]);
    this.infra = arena.createPool(PoolClass.MVFF, {});
    const g = arena.grainSize;
    // The area root gets a grain of its own (so that its barrier covers nothing else), and the stack another.
    this.infraBlock = this.infra.alloc(4 * g);
    this.areaBase = Math.ceil(this.infraBlock / g) * g;
    this.stackBase = this.areaBase + g;
    this.stackTop = this.stackBase;
    const u32 = arena.mem.u32;
    for (let a = this.areaBase; a < this.areaBase + 2 * g; a += 4) u32[a >>> 2] = 0;
  }

  // ----- the mutator's access to the collected heap ----------------------------

  ld(a: Addr): number {
    return this.barrier ? this.arena.loadRef(a) : this.arena.mem.u32[a >>> 2]!;
  }

  st(a: Addr, v: number): void {
    if (this.barrier) this.arena.storeRef(a, v);
    else this.arena.mem.u32[a >>> 2] = v;
  }

  cellLive(c: number): boolean {
    return c < FUN_CELLS ? this.funRoot !== undefined : this.areaRoot !== undefined;
  }

  getCell(c: number): Addr {
    return c < FUN_CELLS ? this.fun[c]! : this.ld(this.areaBase + 4 * (c - FUN_CELLS));
  }

  setCell(c: number, v: Addr, id: number): void {
    if (c < FUN_CELLS) this.fun[c] = v;
    else {
      // An empty cell of a tagged root holds a small integer (low bit 1), which the scanner must leave alone.
      if (id < 0 && this.areaTagged) v = (dataWord(c, this.nextId++) | 1) >>> 0;
      this.areaJunk[c - FUN_CELLS] = id < 0 ? v : 0;
      this.st(this.areaBase + 4 * (c - FUN_CELLS), v);
    }
    this.cellIds[c] = id;
  }

  /** A live cell holding an object, chosen by `r`, or -1. */
  someCell(r: number): number {
    const n = this.cellIds.length;
    for (let k = 0; k < n; k++) {
      const c = (r + k) % n;
      if (this.cellIds[c]! >= 0 && this.cellLive(c)) return c;
    }
    return -1;
  }

  /** A live cell chosen by `r` (empty or not), or -1 if there is no root with cells. */
  anyCell(r: number): number {
    const n = this.cellIds.length;
    for (let k = 0; k < n; k++) {
      const c = (r + k) % n;
      if (this.cellLive(c)) return c;
    }
    return -1;
  }

  // ----- pools ---------------------------------------------------------------

  createPool(kind: AutoKind | ManualKind, variant: number): void {
    const arena = this.arena;
    const chain = variant % 2 === 0 ? { chain: this.chain } : {}; // else the pool makes its own
    switch (kind) {
      case "MFS": {
        const unit = 4 + 4 * (variant % 16);
        const pool = arena.createPool(PoolClass.MFS, { mfsUnitSize: unit, extendBy: variant % 3 === 0 ? 4096 : 65536 });
        this.mpools.push({ kind, pool, aps: [], blocks: [], unit });
        return;
      }
      case "MVFF": {
        const pool = arena.createPool(PoolClass.MVFF, variant % 3 === 0 ? { extendBy: 4096, mvffFirstFit: variant % 2 === 0 } : {});
        this.mpools.push({ kind, pool, aps: [], blocks: [], unit: 0 });
        return;
      }
      case "MVT": {
        const pool = arena.createPool(PoolClass.MVT, variant % 3 === 0 ? { minSize: 8, meanSize: 64, maxSize: 1024 } : {});
        this.mpools.push({ kind, pool, aps: [], blocks: [], unit: 0 });
        return;
      }
      case "AMC":
      case "AMCZ": {
        const opts = variant % 3 === 0 ? { format: this.fmt, ...chain, extendBy: 8192, largeSize: 8192 } : { format: this.fmt, ...chain };
        const pool = arena.createPool(kind === "AMC" ? PoolClass.AMC : PoolClass.AMCZ, opts);
        this.gpools.push({ kind, pool, aps: [], refs: kind === "AMC", finalized: false, usesChain: "chain" in chain });
        return;
      }
      case "AMS": {
        const pool = arena.createPool(PoolClass.AMS, { format: this.fmt, ...chain });
        this.gpools.push({ kind, pool, aps: [], refs: true, finalized: false, usesChain: "chain" in chain });
        return;
      }
      case "LO": {
        const pool = arena.createPool(PoolClass.LO, { format: this.fmt, ...chain });
        this.gpools.push({ kind, pool, aps: [], refs: false, finalized: false, usesChain: "chain" in chain });
        return;
      }
      case "AWL": {
        const pool = arena.createPool((PoolClass as unknown as Record<string, typeof PoolClass.AMS>)["AWL"]!, { format: this.fmt, ...chain });
        this.gpools.push({ kind, pool, aps: [], refs: true, finalized: false, usesChain: "chain" in chain, weakAps: new Set() });
        return;
      }
      case "SNC": {
        const pool = arena.createPool(PoolClass.SNC, { format: this.fmt });
        this.gpools.push({ kind, pool, aps: [], refs: true, finalized: false, usesChain: false, snc: [] });
        return;
      }
    }
  }

  destroyPool(r: number): void {
    const all = this.gpools.length + this.mpools.length;
    if (all === 0) return;
    const i = r % all;
    if (i < this.mpools.length) {
      const mp = this.mpools[i]!;
      if (mp.aps.length > 0) {
        const total = mp.pool.totalSize();
        expectThrow("destroy a pool with allocation points", "PARAM", () => mp.pool.destroy());
        expect(mp.pool.totalSize()).toBe(total);
        for (const ap of mp.aps.splice(0)) this.apDestroyed(ap);
      }
      mp.pool.destroy();
      this.mpools.splice(i, 1);
      this.deadPools.push(mp.pool);
      return;
    }
    const gp = this.gpools[i - this.mpools.length]!;
    if (gp.finalized) return; // unsafe while objects of it may be registered for finalization
    if (gp.aps.length > 0) {
      expectThrow("destroy a pool with allocation points", "PARAM", () => gp.pool.destroy());
    }
    // The safe order: nothing ambiguous left, the dead reclaimed, then no live reference into the pool.
    this.arena.park();
    this.clearStack();
    this.arena.collect();
    this.dropRefs((o) => o.pool === gp);
    for (const ap of gp.aps.splice(0)) this.apDestroyed(ap);
    gp.pool.destroy();
    this.gpools.splice(i - this.mpools.length, 1);
    this.deadPools.push(gp.pool);
    for (const [id, o] of this.objs) {
      if (o.pool !== gp) continue;
      this.objs.delete(id);
      this.freed.add(id);
      this.sncAddr.delete(id);
    }
    this.restoreState();
  }

  /** Clear every reference the model knows of to the objects `doomed` picks (before they go). */
  private dropRefs(doomed: (o: Obj) => boolean): void {
    for (let c = 0; c < this.cellIds.length; c++) {
      const id = this.cellIds[c]!;
      if (id >= 0 && this.cellLive(c) && doomed(this.objs.get(id)!)) this.setCell(c, 0, -1);
    }
    for (let i = 0; i < (this.stackTop - this.stackBase) >>> 2; i++) {
      const id = this.stackIds[i]!;
      if (id >= 0 && doomed(this.objs.get(id)!)) {
        this.st(this.stackBase + 4 * i, 0);
        this.stackIds[i] = -1;
      }
    }
    const seen = this.verify();
    for (const [id, p] of seen) {
      const o = this.objs.get(id)!;
      if (o.leaf || doomed(o)) continue;
      for (let s = 0; s < o.n; s++) {
        const t = o.slots[s]!;
        if (t >= 0 && doomed(this.objs.get(t)!)) {
          this.st(p + 8 + 4 * s, 0);
          o.slots[s] = -1;
        }
      }
    }
  }

  /** SNC: push a frame on an allocation point, or pop one (and everything above it). */
  frame(r: number, pop: boolean): void {
    const stacks = this.gpools.flatMap((gp) => gp.snc ?? []);
    if (stacks.length === 0) return;
    const st = stacks[r % stacks.length]!;
    if (!pop) {
      // A push may need a new segment, so it may meet the commit limit (and then pushes nothing).
      let frame = 0;
      if (this.outOfMemory(() => (frame = st.ap.framePush()))) return;
      st.frames.push({ frame, ids: [] });
      return;
    }
    if (st.frames.length < 2) {
      // An address in no segment of the pool is no frame of it.
      expectThrow("pop a frame not on the stack", "PARAM", () => st.ap.framePop(this.infraBlock));
      return;
    }
    const k = 1 + ((r >>> 8) % (st.frames.length - 1));
    const gone = new Set<number>();
    for (const f of st.frames.slice(k)) for (const id of f.ids) gone.add(id);
    this.dropRefs((o) => gone.has(o.id));
    const frame = st.frames[k]!.frame;
    st.ap.framePop(frame);
    st.frames.length = k;
    for (const id of gone) {
      this.objs.delete(id);
      this.freed.add(id);
      this.sncAddr.delete(id);
    }
  }

  private apDestroyed(ap: AP): void {
    ap.destroy();
    this.deadAps.push(ap);
  }

  private restoreState(): void {
    if (this.state === "released") this.arena.release();
    else if (this.state === "clamped") this.arena.clamp();
  }

  createAp(r: number): void {
    const all = this.gpools.length + this.mpools.length;
    if (all === 0) return;
    const i = r % all;
    if (i < this.mpools.length) {
      const mp = this.mpools[i]!;
      if (mp.kind === "MFS") {
        expectThrow("an allocation point on MFS", "UNIMPL", () => mp.pool.createAp());
        return;
      }
      mp.aps.push(mp.pool.createAp());
      return;
    }
    const gp = this.gpools[i - this.mpools.length]!;
    const weak = gp.weakAps !== undefined && (r >>> 12) % 2 === 0;
    const ap = gp.pool.createAp({ rank: weak ? Rank.WEAK : Rank.EXACT });
    gp.aps.push(ap);
    if (weak) gp.weakAps!.add(ap);
    gp.snc?.push({ ap, frames: [{ frame: 0, ids: [] }] });
  }

  destroyAp(r: number): void {
    const aps: { list: AP[]; k: number }[] = [];
    for (const p of [...this.mpools, ...this.gpools]) for (let k = 0; k < p.aps.length; k++) aps.push({ list: p.aps, k });
    if (aps.length === 0) return;
    const { list, k } = aps[r % aps.length]!;
    const ap = list[k]!;
    const snc = this.gpools.find((gp) => gp.aps === list)?.snc;
    if (snc !== undefined) {
      // Destroying an SNC allocation point frees what it allocated.
      const st = snc.find((x) => x.ap === ap)!;
      const gone = new Set(st.frames.flatMap((f) => f.ids));
      this.dropRefs((o) => gone.has(o.id));
      for (const id of gone) {
        this.objs.delete(id);
        this.freed.add(id);
        this.sncAddr.delete(id);
      }
      snc.splice(snc.indexOf(st), 1);
    }
    list.splice(k, 1);
    this.apDestroyed(ap);
  }

  // ----- allocation ----------------------------------------------------------

  /** Whether `fn` ran out of memory under a finite commit limit (the model then changes nothing). */
  outOfMemory(fn: () => void): boolean {
    try {
      fn();
      return false;
    } catch (e) {
      if (e instanceof MpsError && e.code === "COMMIT_LIMIT" && this.arena.commitLimit() !== Infinity) {
        tally("allocation over the commit limit");
        return true;
      }
      throw e;
    }
  }

  /**
   * Allocate an object in an automatic pool through one of its allocation
   * points: `n` slots, a leaf or not, its first slots referring to cells'
   * objects; held in a cell, on the stack, or dropped (`where`).
   */
  allocObj(r: number, nslots: number, leafBit: boolean, links: number, where: number): void {
    const withAp = this.gpools.filter((gp) => gp.aps.length > 0);
    if (withAp.length === 0) return;
    const gp = withAp[r % withAp.length]!;
    const ap = gp.aps[(r >>> 8) % gp.aps.length]!;
    const leaf = leafBit || !gp.refs;
    const n = nslots;
    const size = testObjectSize(n);
    const id = this.nextId++;
    const slots = new Int32Array(leaf ? 0 : n).fill(-1);
    const linkCells: number[] = [];
    if (!leaf) for (let s = 0; s < Math.min(n, 3); s++) linkCells.push(((links >>> (4 * s)) & 15) < 6 ? this.someCell(links >>> (4 * s + 2)) : -1);
    let b = 0;
    let stepped = false;
    if (this.outOfMemory(() => {
      do {
        b = ap.reserve(size);
        this.st(b, size | (leaf ? TF_LEAF : TF_OBJ));
        this.st(b + 4, id);
        for (let s = 0; s < n; s++) {
          let v = 0;
          if (leaf) v = dataWord(id, s);
          else if (s < linkCells.length && linkCells[s]! >= 0) {
            // Read after reserve: a flip in reserve may have moved the object.
            v = this.getCell(linkCells[s]!);
            slots[s] = this.cellIds[linkCells[s]!]!;
          }
          this.st(b + 8 + 4 * s, v);
        }
        if (size > 8 + 4 * n) this.st(b + 8 + 4 * n, 0);
        // Now and then the collector works between reserve and commit: if it flips, the commit fails and the loop makes the object again.
        // (Only on the first try: a step may flip every time, and the loop would never end.)
        if ((where >>> 12) % 8 === 0 && !stepped) {
          stepped = true;
          this.arena.step(0, 0);
        }
        if (ap.commit(b, size)) break;
        tally("commit failed");
      } while (true);
    })) return;
    const weak = !leaf && gp.weakAps !== undefined && gp.weakAps.has(ap);
    if (weak) this.hasWeak = true;
    this.objs.set(id, { id, leaf, n, slots, pool: gp, size, weak });
    if (gp.snc !== undefined) {
      this.sncAddr.set(id, b);
      const st = gp.snc.find((x) => x.ap === ap)!;
      st.frames[st.frames.length - 1]!.ids.push(id);
    }
    tally(`object in ${gp.kind}`);
    const w = where % 4;
    if (w === 3 && this.threadRoot !== undefined && this.stackTop < this.stackBase + 4 * STACK_WORDS) this.push(b, id);
    else if (w !== 2) {
      const c = this.anyCell(where >>> 2);
      if (c >= 0) this.setCell(c, b, id);
    }
  }

  /** Allocate a manual block: `alloc` (MFS, MVFF) or an allocation point (MVFF, MVT). */
  allocBlock(r: number, sizeSeed: number, viaAp: boolean): void {
    if (this.mpools.length === 0) return;
    const mp = this.mpools[r % this.mpools.length]!;
    let size = mp.kind === "MFS" ? mp.unit : 8 * (1 + (sizeSeed % 96));
    if (sizeSeed % 53 === 0 && mp.kind !== "MFS") size = 8 * (1 + (sizeSeed % 2000)); // now and then a larger one
    let addr = 0;
    const useAp = mp.kind === "MVT" || (viaAp && mp.kind === "MVFF");
    if (useAp) {
      if (mp.aps.length === 0) mp.aps.push(mp.pool.createAp()); // (an allocation point when it has none)
      const ap = mp.aps[(r >>> 8) % mp.aps.length]!;
      if (this.outOfMemory(() => {
        do addr = ap.reserve(size);
        while (!ap.commit(addr, size));
      })) return;
    } else if (this.outOfMemory(() => (addr = mp.pool.alloc(size)))) return;
    expect(addr % mp.pool.alignment, `${mp.kind} block alignment`).toBe(0);
    for (const b of this.allBlocks()) {
      if (addr < b.addr + b.size && b.addr < addr + size) throw new Error(`${mp.kind} gave [${addr}, +${size}) overlapping a live block [${b.addr}, +${b.size})`);
    }
    const seed = this.nextId++;
    const u32 = this.arena.mem.u32;
    for (let i = 0; i < size >>> 2; i++) u32[(addr >>> 2) + i] = dataWord(seed, i);
    mp.blocks.push({ addr, size, seed });
    tally(`block in ${mp.kind}${useAp ? " (AP)" : ""}`);
  }

  *allBlocks(): Iterable<Block> {
    for (const mp of this.mpools) yield* mp.blocks;
  }

  freeBlock(r: number): void {
    const withBlocks = this.mpools.filter((mp) => mp.blocks.length > 0);
    if (withBlocks.length === 0) return;
    const mp = withBlocks[r % withBlocks.length]!;
    const [b] = mp.blocks.splice((r >>> 8) % mp.blocks.length, 1);
    mp.pool.free(b!.addr, b!.size);
  }

  // ----- the mutator's graph operations -----------------------------------------

  /** A slot of a cell's object := another cell's object, or null. */
  link(r: number, s0: number, r2: number): void {
    const i = this.someCell(r);
    if (i < 0) return;
    const o = this.objs.get(this.cellIds[i]!)!;
    if (o.leaf) return;
    const s = s0 % o.n;
    const j = r2 % 8 === 0 ? -1 : this.someCell(r2 >>> 3);
    const p = this.getCell(i);
    this.st(p + 8 + 4 * s, j < 0 ? 0 : this.getCell(j));
    o.slots[s] = j < 0 ? -1 : this.cellIds[j]!;
  }

  /** A cell := what a slot of a cell's object refers to, checked against the model. */
  load(r: number, s0: number, r2: number): void {
    const i = this.someCell(r);
    if (i < 0) return;
    const o = this.objs.get(this.cellIds[i]!)!;
    if (o.leaf) return;
    const s = s0 % o.n;
    const q = this.ld(this.getCell(i) + 8 + 4 * s);
    const want = o.slots[s]!;
    if (o.weak && q === 0 && want >= 0) {
      // Splatted: only if nothing strong held it at the last check.
      if (this.strong.has(want)) throw new Error(`${this.kind}: weak slot ${s} of ${o.id} was splatted, though ${want} is strongly reachable`);
      o.slots[s] = -1;
      return;
    }
    if (want < 0) {
      expect(q, `object ${o.id} slot ${s}`).toBe(0);
      return;
    }
    expect(this.ld(q + 4), `the object slot ${s} of ${o.id} refers to`).toBe(want);
    const c = this.anyCell(r2);
    this.setCell(c, q, want);
  }

  /** A cell := null, or := another cell's value. */
  setCellCmd(r: number, r2: number, clear: boolean): void {
    const c = this.anyCell(r);
    if (c < 0) return;
    if (clear) {
      this.setCell(c, 0, -1);
      return;
    }
    const j = this.someCell(r2);
    if (j >= 0) this.setCell(c, this.getCell(j), this.cellIds[j]!);
  }

  push(p: Addr, id: number): void {
    this.st(this.stackTop, p);
    this.stackIds[(this.stackTop - this.stackBase) >>> 2] = id;
    this.stackTop += 4;
  }

  /** Push a cell's object, a junk word or an interior pointer; or pop some words. */
  stackCmd(op: number, r: number): void {
    if (this.threadRoot === undefined) return;
    if (op % 4 === 3) {
      this.pop(1 + (r % 3));
      return;
    }
    if (this.stackTop >= this.stackBase + 4 * STACK_WORDS) return;
    const c = this.someCell(r);
    if (op % 4 === 0 && c >= 0) this.push(this.getCell(c), this.cellIds[c]!);
    else {
      let v = op % 4 === 1 && c >= 0 ? this.getCell(c) + 4 * (1 + (r % 3)) : (r * 8) >>> 0;
      // AWL takes ambiguous references at an object's client pointer only (its README): no junk into it.
      if (this.gpools.some((gp) => gp.kind === "AWL" && this.arena.addrPool(v) === gp.pool)) v = 0;
      this.st(this.stackTop, v);
      this.stackIds[(this.stackTop - this.stackBase) >>> 2] = JUNK;
      this.stackTop += 4;
    }
  }

  pop(n: number): void {
    while (n-- > 0 && this.stackTop > this.stackBase) {
      this.stackTop -= 4;
      this.stackIds[(this.stackTop - this.stackBase) >>> 2] = -1;
      this.st(this.stackTop, 0);
    }
  }

  clearStack(): void {
    this.pop(STACK_WORDS);
  }

  // ----- roots ---------------------------------------------------------------

  createRoot(kind: number, variant: number): void {
    const arena = this.arena;
    switch (kind % 3) {
      case 0: {
        if (this.funRoot !== undefined) return;
        const fun = this.fun;
        fun.fill(0);
        this.funRoot = arena.createRoot({ rank: Rank.EXACT, scan: (ss) => {
          for (let i = 0; i < fun.length; i++) {
            const v = fun[i]!;
            if (v !== 0 && ss.fix1(v)) fun[i] = ss.fix2(v);
          }
        } });
        return;
      }
      case 1: {
        const base = this.areaBase;
        const limit = base + 4 * AREA_CELLS;
        if (this.areaRoot !== undefined) {
          // A second protectable root over the same grain is refused.
          if (this.areaProt) expectThrow("two protectable roots in one grain", "PARAM", () => arena.createRootArea({ rank: Rank.EXACT, mode: RootMode.PROT, base, limit }));
          return;
        }
        for (let c = 0; c < AREA_CELLS; c++) this.st(base + 4 * c, 0);
        this.areaProt = variant % 2 === 0;
        this.areaTagged = (variant >>> 1) % 2 === 1;
        this.areaJunk.fill(0);
        this.areaRoot = arena.createRootArea({ rank: Rank.EXACT, mode: this.areaProt ? RootMode.PROT : 0, base, limit, ...(this.areaTagged ? { mask: 1, pattern: 0 } : {}) });
        return;
      }
      default: {
        if (this.threadRoot !== undefined) return;
        this.thread = arena.registerThread();
        const stack = { base: this.stackBase, limit: this.stackBase + 4 * STACK_WORDS, top: () => this.stackTop };
        this.threadRoot = arena.createRootThread(this.thread, stack);
      }
    }
  }

  destroyRoot(kind: number, final = false): void {
    switch (kind % 3) {
      case 0:
        if (this.funRoot === undefined) return;
        this.funRoot.destroy();
        this.deadRoots.push(this.funRoot);
        this.funRoot = undefined;
        this.fun.fill(0);
        this.cellIds.fill(-1, 0, FUN_CELLS);
        return;
      case 1:
        if (this.areaRoot === undefined) return;
        // A protectable root's barrier comes down when it is destroyed (the fuzz found it did
        // not: .test.fuzz.found), so its memory is written like any other afterwards.
        this.areaRoot.destroy();
        this.deadRoots.push(this.areaRoot);
        this.areaRoot = undefined;
        for (let c = 0; c < AREA_CELLS; c++) this.st(this.areaBase + 4 * c, 0);
        this.cellIds.fill(-1, FUN_CELLS);
        return;
      default: {
        if (this.threadRoot === undefined) return;
        const thread = this.thread!;
        expectThrow("deregister a thread that has a root", "PARAM", () => thread.deregister());
        this.clearStack();
        this.threadRoot.destroy();
        this.deadRoots.push(this.threadRoot);
        this.threadRoot = undefined;
        thread.deregister();
        this.thread = undefined;
      }
    }
  }

  // ----- collection ------------------------------------------------------------

  gc(op: number, k: number): void {
    const arena = this.arena;
    switch (op % 7) {
      case 0:
        arena.collect();
        this.state = "parked";
        return;
      case 1:
        arena.startCollect();
        return;
      case 2:
        arena.step([0, 0.0005, 0.01][k % 3]!, k % 4);
        return;
      case 3:
        arena.park();
        this.state = "parked";
        return;
      case 4:
        arena.release();
        this.state = "released";
        return;
      case 5:
        arena.clamp();
        this.state = "clamped";
        return;
      default: {
        // Run an incremental collection to its end with steps.
        const before = arena.collections();
        arena.startCollect();
        for (let guard = 0; arena.collections() === before; guard++) {
          arena.step(0, 0);
          if (guard > 100_000) throw new Error("an incremental collection never finished");
        }
      }
    }
  }

  /** Set the commit limit a few grains above what is committed now, or remove it. */
  commitLimit(k: number): void {
    const arena = this.arena;
    if (k % 3 === 0) {
      arena.setCommitLimit(Infinity);
      return;
    }
    arena.setCommitLimit(arena.committed() + arena.grainSize * (4 + (k % 64)));
  }

  // ----- finalization --------------------------------------------------------------

  finalize(r: number, de: boolean): void {
    const c = this.someCell(r);
    if (c < 0 || this.finalizeWorks === false) return;
    const p = this.getCell(c);
    const id = this.cellIds[c]!;
    if (this.sncAddr.has(id)) return; // SNC objects are freed by popping, never finalized
    const count = this.finalCount.get(id) ?? 0;
    let code: string;
    if (de) code = thrown(() => this.arena.definalize(p));
    else code = thrown(() => this.arena.finalize(p));
    if (code === "UNIMPL") {
      // The finalization pool is not in this build: the command only checks that nothing changed.
      this.finalizeWorks = false;
      tally("finalize: UNIMPL");
      return;
    }
    this.finalizeWorks = true;
    if (code === "COMMIT_LIMIT" && !de && this.arena.commitLimit() !== Infinity) {
      // Registering needs memory in the finalization pool: under a commit limit it may fail, registering nothing.
      tally("finalize over the commit limit");
      return;
    }
    if (de) {
      if (count === 0) expect(code, "definalize of an object not registered").toBe("FAIL");
      else {
        expect(code, "definalize").toBe("none");
        tally("definalize");
        this.finalCount.set(id, count - 1);
      }
      return;
    }
    expect(code, "finalize").toBe("none");
    tally("finalize");
    this.finalCount.set(id, count + 1);
    this.objs.get(id)!.pool.finalized = true;
    // Half the time drop the cell's reference at once, so that finalization messages come.
    if ((r >>> 16) % 2 === 0) this.setCell(c, 0, -1);
  }

  // ----- messages ------------------------------------------------------------

  message(op: number, k: number): void {
    const arena = this.arena;
    const types = [MessageType.GC_START, MessageType.GC, MessageType.FINALIZATION];
    const t = types[k % 3]!;
    switch (op % 5) {
      case 0:
        arena.messageTypeEnable(t);
        this.enabled.add(t);
        return;
      case 1:
        arena.messageTypeDisable(t);
        this.enabled.delete(t);
        return;
      case 2: {
        const qt = arena.messageQueueType();
        expect(arena.messagePoll()).toBe(qt !== undefined);
        if (qt !== undefined) expect(this.enabled.has(qt), `a message of type ${qt} is queued, a type not enabled`).toBe(true);
        return;
      }
      case 3: {
        // Mostly a type that is enabled: those are the ones with messages.
        const en = [...this.enabled];
        const tg = en.length > 0 && k % 4 !== 0 ? en[k % en.length]! : t;
        const m = arena.messageGet(tg);
        if (m === undefined) return;
        expect(this.enabled.has(tg), `got a message of type ${tg}, not enabled`).toBe(true);
        expect(m.type).toBe(tg);
        this.checkMessage(m, true);
        this.held.push({ m, type: tg });
        tally(`message ${["GC_START", "GC", "FINALIZATION"][types.indexOf(tg)] ?? tg}`);
        return;
      }
      default: {
        if (this.held.length === 0) return;
        const [h] = this.held.splice(k % this.held.length, 1);
        if (h!.type === MessageType.FINALIZATION) this.checkFinal(h!.m.finalizationRef(), false);
        arena.messageDiscard(h!.m);
        if (CHECK_LEVEL !== "rash") {
          expectThrow("discard a message twice", "PARAM", () => arena.messageDiscard(h!.m));
          expectThrow("read a discarded message", "PARAM", () => h!.m.clock);
        }
      }
    }
  }

  private checkMessage(m: Message, fresh: boolean): void {
    expect(typeof m.clock).toBe("number");
    if (m.type === MessageType.GC) {
      for (const v of [m.gcLiveSize, m.gcCondemnedSize, m.gcNotCondemnedSize]) expect(Number.isInteger(v) && v >= 0, `GC message size ${v}`).toBe(true);
      expect(m.gcLiveSize).toBeLessThanOrEqual(m.gcCondemnedSize);
      if (CHECK_LEVEL !== "rash") expectThrow("gcStartWhy of a GC message", "PARAM", () => m.gcStartWhy);
    } else if (m.type === MessageType.GC_START) {
      expect(typeof m.gcStartWhy === "string" && m.gcStartWhy.length > 0).toBe(true);
    } else {
      this.checkFinal(m.finalizationRef(), fresh);
    }
  }

  /** A finalization message's object: registered, no longer reachable, and intact. */
  private checkFinal(p: Addr, fresh: boolean): void {
    const id = this.ld(p + 4);
    if (fresh) {
      const n = this.finalCount.get(id) ?? 0;
      if (n <= 0) throw new Error(`a finalization message for object ${id}, which has no registration left`);
      this.finalCount.set(id, n - 1);
      if (this.strong.has(id) && !this.hasWeak) throw new Error(`a finalization message for object ${id}, which is still reachable`);
    }
    this.checkTree(p, id, new Set());
  }

  /** Check an object and everything it refers to, from the model (live or in the grave). */
  private checkTree(p0: Addr, id0: number, seen: Set<number>): void {
    const stack = [p0, id0];
    while (stack.length > 0) {
      const id = stack.pop()!;
      const p = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      const o = this.objs.get(id);
      if (o === undefined && this.freed.has(id)) continue;
      if (o === undefined) throw new Error(`object ${id} (finalization) is in no model`);
      this.checkObj(o, p, stack);
    }
  }

  // ----- misuse ----------------------------------------------------------------

  /** One misuse, which must throw its documented error and change nothing. */
  misuse(which: number, r: number): void {
    const arena = this.arena;
    const cool = CHECK_LEVEL === "cool";
    const level = CHECK_LEVEL;
    switch (which % 19) {
      case 0: { // double free
        const mp = this.mpools.filter((m) => m.blocks.length > 0 && (m.kind !== "MFS" || cool))[0];
        if (mp === undefined) return;
        const [b] = mp.blocks.splice(r % mp.blocks.length, 1);
        mp.pool.free(b!.addr, b!.size);
        expectThrow(`${mp.kind} double free`, "PARAM", () => mp.pool.free(b!.addr, b!.size));
        return;
      }
      case 1: { // free of a block of another pool
        const from = this.mpools.filter((m) => m.blocks.length > 0);
        if (from.length === 0 || this.mpools.length < 2 || level === "rash") return;
        const src = from[r % from.length]!;
        const dst = this.mpools.find((m) => m !== src)!;
        const b = src.blocks[(r >>> 8) % src.blocks.length]!;
        expectThrow(`free into ${dst.kind} a block of ${src.kind}`, "PARAM", () => dst.pool.free(b.addr, b.size));
        return;
      }
      case 2: { // MFS: free with the wrong size
        const mp = this.mpools.find((m) => m.kind === "MFS" && m.blocks.length > 0);
        if (mp === undefined || level === "rash") return;
        const b = mp.blocks[r % mp.blocks.length]!;
        expectThrow("MFS free with the wrong size", "PARAM", () => mp.pool.free(b.addr, b.size + 8));
        return;
      }
      case 3: { // alloc of 0, and of a negative size
        const mp = this.mpools.find((m) => m.kind !== "MVT");
        if (mp === undefined || level === "rash") return; // the alloc path checks nothing at rash
        expectThrow("alloc(0)", "PARAM", () => mp.pool.alloc(0));
        expectThrow("alloc(-8)", "PARAM", () => mp.pool.alloc(-8));
        return;
      }
      case 4: { // reserve of 0
        const ap = [...this.mpools, ...this.gpools].flatMap((p) => p.aps)[r % 64];
        if (ap === undefined || level === "rash") return; // nor does reserve
        expectThrow("reserve(0)", "PARAM", () => ap.reserve(0));
        return;
      }
      case 5: { // commit without a reserve: a failed assertion at cool
        const ap = [...this.mpools, ...this.gpools].flatMap((p) => p.aps)[r % 64];
        if (ap === undefined || !cool) return;
        expectThrow("commit without reserve", "ASSERT", () => ap.commit(ap.init, 64));
        return;
      }
      case 6: { // destroy the format while pools use it
        if (this.gpools.length === 0) return;
        expectThrow("destroy a format in use", "PARAM", () => this.fmt.destroy());
        return;
      }
      case 7: { // destroy the chain while pools use it
        if (!this.gpools.some((gp) => gp.usesChain)) {
          const c = arena.createChain([{ capacity: 16, mortality: 0.5 }]);
          c.destroy();
          expectThrow("destroy a destroyed chain", "PARAM", () => c.destroy());
          expectThrow("a pool with a destroyed chain", "PARAM", () => arena.createPool(PoolClass.AMS, { format: this.fmt, chain: c }));
          return;
        }
        expectThrow("destroy a chain in use", "PARAM", () => this.chain.destroy());
        return;
      }
      case 8: { // a destroyed format
        const f = arena.createFormat(testFormat(arena.mem));
        f.destroy();
        expectThrow("destroy a format twice", "PARAM", () => f.destroy());
        expectThrow("a pool with a destroyed format", "PARAM", () => arena.createPool(PoolClass.AMC, { format: f }));
        return;
      }
      case 9: { // use of a destroyed pool
        const p = this.deadPools[r % Math.max(1, this.deadPools.length)];
        if (p === undefined) return;
        // alloc is a critical path: rash checks nothing there.
        if (level !== "rash") expectThrow("alloc from a destroyed pool", "PARAM", () => p.alloc(8));
        expectThrow("destroy a destroyed pool", "PARAM", () => p.destroy());
        expectThrow("an allocation point on a destroyed pool", "PARAM", () => p.createAp());
        return;
      }
      case 10: { // use of a destroyed allocation point
        const ap = this.deadAps[r % Math.max(1, this.deadAps.length)];
        if (ap === undefined) return;
        if (level !== "rash") expectThrow("reserve on a destroyed allocation point", "PARAM", () => ap.reserve(8));
        expectThrow("destroy an allocation point twice", "PARAM", () => ap.destroy());
        return;
      }
      case 11: { // a destroyed root
        const root = this.deadRoots[r % Math.max(1, this.deadRoots.length)];
        if (root === undefined) return;
        expectThrow("destroy a root twice", "PARAM", () => root.destroy());
        return;
      }
      case 12: { // bad ranks
        expectThrow("a root of rank 9", "PARAM", () => arena.createRoot({ rank: 9 as Rank, scan: () => {} }));
        expectThrow("a root of rank FINAL", "PARAM", () => arena.createRoot({ rank: Rank.FINAL as Rank, scan: () => {} }));
        const gp = this.gpools[r % Math.max(1, this.gpools.length)];
        if (gp !== undefined) {
          expectThrow("an allocation point of rank 7", "PARAM", () => gp.pool.createAp({ rank: 7 as Rank }));
          // LO and AMCZ ignore the rank (docs/pool/lo.md, amcz.md), AWL takes WEAK; AMC, AMS and SNC take EXACT only.
          if (gp.refs && gp.kind !== "AWL") expectThrow(`an allocation point of rank WEAK on ${gp.kind}`, "PARAM", () => gp.pool.createAp({ rank: Rank.WEAK }));
        }
        return;
      }
      case 13: { // pool options out of range
        expectThrow("MFS unit size 2", "PARAM", () => arena.createPool(PoolClass.MFS, { mfsUnitSize: 2 }));
        expectThrow("MFS with no unit size", "PARAM", () => arena.createPool(PoolClass.MFS, {} as { mfsUnitSize: number }));
        expectThrow("MVFF align 3", "PARAM", () => arena.createPool(PoolClass.MVFF, { align: 3 }));
        expectThrow("AMC with no format", "PARAM", () => arena.createPool(PoolClass.AMC, {} as { format: Format }));
        expectThrow("AMC largeSize below extendBy", "PARAM", () => arena.createPool(PoolClass.AMC, { format: this.fmt, extendBy: 65536, largeSize: 4096 }));
        expectThrow("MFS with a format", "PARAM", () => arena.createPool(PoolClass.MFS, { mfsUnitSize: 8, format: this.fmt } as { mfsUnitSize: number }));
        return;
      }
      case 14: { // arena options out of range
        expectThrow("step(-1)", "PARAM", () => arena.step(-1, 0));
        expectThrow("setSpare(2)", "PARAM", () => arena.setSpare(2));
        expectThrow("setCommitLimit(-1)", "PARAM", () => arena.setCommitLimit(-1));
        expectThrow("setPauseTime(-1)", "PARAM", () => arena.setPauseTime(-1));
        expectThrow("an empty chain", "PARAM", () => arena.createChain([]));
        expectThrow("mortality 2", "PARAM", () => arena.createChain([{ capacity: 8, mortality: 2 }]));
        expectThrow("format align 3", "PARAM", () => arena.createFormat({ fmtAlign: 3 }));
        return;
      }
      case 15: { // a commit limit below what is in use
        const inUse = arena.committed() - arena.spareCommitted();
        const limit = arena.commitLimit();
        if (inUse < arena.grainSize) return;
        expectThrow("a commit limit below the memory in use", "FAIL", () => arena.setCommitLimit(inUse - arena.grainSize));
        expect(arena.commitLimit()).toBe(limit);
        return;
      }
      case 16: { // roots over bad areas
        expectThrow("an area root at 0", "PARAM", () => arena.createRootArea({ rank: Rank.EXACT, base: 0, limit: 64 }));
        expectThrow("an area root out of order", "PARAM", () => arena.createRootArea({ rank: Rank.EXACT, base: this.areaBase + 64, limit: this.areaBase }));
        expectThrow("a function root with mode PROT", "PARAM", () => arena.createRoot({ rank: Rank.EXACT, mode: RootMode.PROT, scan: () => {} }));
        return;
      }
      case 17: { // a destroyed arena
        const x = Arena.create(ArenaClass.VM, { arenaSize: 1 << 20 });
        x.destroy();
        expectThrow("destroy an arena twice", "PARAM", () => x.destroy());
        expectThrow("a pool in a destroyed arena", "PARAM", () => x.createPool(PoolClass.MVFF, {}));
        expectThrow("collect a destroyed arena", "PARAM", () => x.collect());
        expectThrow("a chain in a destroyed arena", "PARAM", () => x.createChain([{ capacity: 8, mortality: 0.5 }]));
        return;
      }
      default: { // messages of no type
        if (level === "rash") return;
        expectThrow("enable type 99", "PARAM", () => arena.messageTypeEnable(99 as MessageType));
        expectThrow("get type 99", "PARAM", () => arena.messageGet(99 as MessageType));
      }
    }
  }

  // ----- checking --------------------------------------------------------------

  /**
   * Check object `o` at `p`: header, id, pool and every slot. The targets of its strong slots
   * go on `stack`, those of its weak slots on `weak` (or `stack` if null); a weak slot found
   * splatted goes on `splats` (or is accepted if null).
   */
  private checkObj(o: Obj, p: Addr, stack: number[], weak: number[] | null = null, splats: [Obj, number][] | null = null): void {
    const w0 = this.ld(p);
    const id = this.ld(p + 4);
    if (id !== o.id) throw new Error(`${this.kind}: expected object ${o.id} at ${p}, found id ${id} (word 0 ${w0})`);
    if ((w0 & 7) !== (o.leaf ? TF_LEAF : TF_OBJ) || (w0 & ~7) !== o.size) throw new Error(`${this.kind}: object ${o.id} at ${p} has header ${w0}`);
    const pool = this.arena.addrPool(p);
    if (pool !== o.pool.pool) throw new Error(`${this.kind}: object ${o.id} (${o.pool.kind}) at ${p} is not in its pool`);
    for (let s = 0; s < o.n; s++) {
      const v = this.ld(p + 8 + 4 * s);
      if (o.leaf) {
        if (v !== dataWord(o.id, s)) throw new Error(`${this.kind}: leaf ${o.id} word ${s} is damaged`);
        continue;
      }
      const want = o.slots[s]!;
      if (want < 0) {
        if (v !== 0) throw new Error(`${this.kind}: object ${o.id} slot ${s} should be null, is ${v}`);
      } else if (v === 0) {
        if (!o.weak) throw new Error(`${this.kind}: object ${o.id} slot ${s} should refer to ${want}, is null`);
        splats?.push([o, s]);
      } else if (o.weak) (weak ?? stack).push(v, want);
      else stack.push(v, want);
    }
  }

  /**
   * Check every object reachable from the roots (contents and references,
   * wherever it moved), then every object reachable only through weak
   * references, which must be intact too until a collection splats the
   * references. Records the strongly reachable ids (`strong`); returns every
   * object reached, with its address.
   */
  verify(): Map<number, Addr> {
    const seen = new Map<number, Addr>();
    const stack: number[] = [];
    const weak: number[] = [];
    const splats: [Obj, number][] = [];
    for (let c = 0; c < this.cellIds.length; c++) {
      const id = this.cellIds[c]!;
      if (id >= 0 && this.cellLive(c)) stack.push(this.getCell(c), id);
    }
    for (let i = 0; i < (this.stackTop - this.stackBase) >>> 2; i++) {
      const id = this.stackIds[i]!;
      if (id >= 0) stack.push(this.ld(this.stackBase + 4 * i), id);
    }
    for (const [id, p] of this.sncAddr) stack.push(p, id);
    if (this.areaRoot !== undefined) {
      for (let c = 0; c < AREA_CELLS; c++) {
        if (this.cellIds[FUN_CELLS + c]! < 0 && this.ld(this.areaBase + 4 * c) !== this.areaJunk[c]) throw new Error(`${this.kind}: empty area root cell ${c} changed`);
      }
    }
    for (let phase = 0; phase < 2; phase++) {
      const work = phase === 0 ? stack : weak;
      while (work.length > 0) {
        const id = work.pop()!;
        const p = work.pop()!;
        const prev = seen.get(id);
        if (prev !== undefined) {
          if (prev !== p) throw new Error(`${this.kind}: object ${id} reached at ${p} and at ${prev}`);
          continue;
        }
        const o = this.objs.get(id);
        if (o === undefined) throw new Error(`${this.kind}: object ${id} is reachable but the model forgot it`);
        seen.set(id, p);
        this.checkObj(o, p, work, phase === 0 ? weak : work, splats);
      }
      if (phase === 0) this.strong = new Map(seen);
    }
    for (const [o, s] of splats) {
      const want = o.slots[s]!;
      if (this.strong.has(want)) throw new Error(`${this.kind}: weak slot ${s} of ${o.id} was splatted, though ${want} is strongly reachable`);
      o.slots[s] = -1;
      tally("weak reference splatted");
    }
    return seen;
  }

  /** Everything the model says, checked after each command. */
  check(): void {
    const arena = this.arena;
    const c = arena.collections();
    if (c > this.collectionsSeen) tally(`collections (${this.kind})`);
    expect(c, "collections() never decreases").toBeGreaterThanOrEqual(this.collectionsSeen);
    this.collectionsSeen = c;
    this.verify();
    if (this.strong.size > 0) tally("checks with reachable objects");
    const live = new Map<GPool, number>();
    for (const id of this.strong.keys()) {
      const o = this.objs.get(id)!;
      live.set(o.pool, (live.get(o.pool) ?? 0) + o.size);
    }
    for (const gp of this.gpools) {
      expect(gp.pool.totalSize(), `${gp.kind} totalSize vs live objects`).toBeGreaterThanOrEqual(live.get(gp) ?? 0);
    }
    const u32 = arena.mem.u32;
    for (const mp of this.mpools) {
      let sum = 0;
      for (const b of mp.blocks) {
        sum += b.size;
        for (let i = 0; i < b.size >>> 2; i++) {
          if (u32[(b.addr >>> 2) + i] !== dataWord(b.seed, i)) throw new Error(`${this.kind}: ${mp.kind} block [${b.addr}, +${b.size}) word ${i} is damaged`);
        }
      }
      const total = mp.pool.totalSize();
      expect(total, `${mp.kind} totalSize vs live blocks`).toBeGreaterThanOrEqual(sum);
      expect(total - mp.pool.freeSize(), `${mp.kind} used size vs live blocks`).toBeGreaterThanOrEqual(sum);
    }
    for (const h of this.held) if (h.type === MessageType.FINALIZATION) this.checkFinal(h.m.finalizationRef(), false);
    expect(arena.committed(), "committed() <= commitLimit()").toBeLessThanOrEqual(arena.commitLimit());
  }

  /** After a misuse: the arena still allocates and frees, and the heap is intact. */
  smoke(): void {
    let p = 0;
    if (!this.outOfMemory(() => (p = this.infra.alloc(64)))) this.infra.free(p, 64);
    this.check();
  }

  /** Take everything down in the safe order, checking that each step is allowed. */
  teardown(): void {
    const arena = this.arena;
    // Drain the queue: every message still on it is checked as messageGet would.
    for (let t = arena.messageQueueType(); t !== undefined; t = arena.messageQueueType()) {
      const m = arena.messageGet(t)!;
      expect(this.enabled.has(t), `a message of type ${t} is queued, a type not enabled`).toBe(true);
      this.checkMessage(m, true);
      tally(`message at teardown ${t}`);
      arena.messageDiscard(m);
    }
    arena.park();
    for (const h of this.held.splice(0)) arena.messageDiscard(h.m);
    for (const k of [0, 1, 2]) this.destroyRoot(k, true);
    for (const p of [...this.gpools, ...this.mpools]) for (const ap of p.aps.splice(0)) ap.destroy();
    for (const p of [...this.gpools.splice(0), ...this.mpools.splice(0)]) p.pool.destroy();
    this.infra.free(this.infraBlock, 4 * arena.grainSize);
    this.infra.destroy();
    this.chain.destroy();
    this.fmt.destroy();
    arena.destroy();
  }
}

/** A world: one arena of each kind. */
export class World {
  readonly arenas: ArenaW[];
  constructor() {
    this.arenas = ARENA_KINDS.map((k, i) => new ArenaW(k, (i + 1) * 1_000_000));
    // A start that gives the first commands something to work on: roots of each kind, a pool of
    // each automatic class with an allocation point, and two manual pools. Commands destroy them too.
    for (const aw of this.arenas) {
      for (const k of [0, 1, 2]) aw.createRoot(k, k);
      for (const kind of AUTO_KINDS) aw.createPool(kind, 0);
      for (let i = 0; i < AUTO_KINDS.length; i++) aw.createAp(i);
      aw.createPool("MVFF", 1);
      aw.createPool("MFS", 1);
      for (const k of [0, 1, 2]) aw.message(0, k);
    }
  }

  /** Free into pool `to` of arena `a` a block of pool `from` of arena `b` (another arena): PARAM. */
  foreignFree(a: number, b: number, r: number): void {
    const A = this.arenas[a]!;
    const B = this.arenas[b]!;
    if (A === B || A.mpools.length === 0 || CHECK_LEVEL === "rash") return;
    const src = B.mpools.find((m) => m.blocks.length > 0);
    if (src === undefined) return;
    const blk = src.blocks[r % src.blocks.length]!;
    const dst = A.mpools[r % A.mpools.length]!;
    // The same number may be an address in both arenas: only a number outside every block of `dst` is foreign.
    if (dst.blocks.some((x) => blk.addr >= x.addr && blk.addr < x.addr + x.size)) return;
    // A number that is free memory of `dst` is not foreign to it (and MFS at hot cannot tell it from an allocated unit).
    if (A.arena.addrPool(blk.addr) === dst.pool) return;
    const code = thrown(() => dst.pool.free(blk.addr, blk.size));
    if (code !== "PARAM") throw new Error(`misuse free of a foreign address into ${dst.kind}: expected PARAM, got ${code}`);
  }

  dispose(): void {
    for (const a of this.arenas) {
      try {
        a.teardown();
      } catch {
        // After a failure the world may be inconsistent: the failure is what matters.
      }
    }
  }
}
