// finaltest: a port of the MPS's code/finaltest.c through @mps/mps, for AMC,
// AMCZ, AMS, AWL and LO on both protection backends. Twenty binary trees of
// depth DEPTH are made, every node registered for finalization ("numbered"
// trees), or every node's indirect object registered ("indirect" trees: a
// cons refers to a small object that is registered instead), and the roots are
// dropped at once. In PARK mode the client collects; in POLL mode collections
// run incrementally, in steps between which the client allocates. Expected:
// every registered object is finalized within COLLECTION_COUNT collections
// (nodes in trees of finalizable objects are finalized in no promised order,
// as their parents are), no object is finalized twice, and the pool's free
// size stays within its total size.
import { describe, expect, it } from "vitest";
import { initTestObject, testFormat, testObjectSize } from "@mps/trace/test-util";
import { type AP, Arena, ArenaClass, MessageType, type Pool, PoolClass, Rank, selectPlatform } from "../src/index.js";

const ROOT_COUNT = 20;
const DEPTH = 7;
const COLLECTION_COUNT = 10;
const CLASSES = ["AMC", "AMCZ", "AMS", "AWL", "LO"] as const;

type Mode = "PARK" | "POLL";

class Trees {
  count = 0;
  constructor(
    readonly arena: Arena,
    readonly ap: AP,
  ) {}

  obj(id: number, slots: number): number {
    const size = testObjectSize(slots);
    let p: number;
    do {
      p = this.ap.reserve(size);
      initTestObject(this.arena.mem, p, 0, id, slots);
    } while (!this.ap.commit(p, size));
    return p;
  }

  /** A cons numbered by its id word: slot 0 left, slot 1 right (0 at the leaves). */
  numbered(depth: number): number {
    const l = depth < 2 ? 0 : this.numbered(depth - 1);
    const r = depth < 2 ? 0 : this.numbered(depth - 1);
    const c = this.obj(this.count++, 3);
    this.arena.storeRef(c + 8, l);
    this.arena.storeRef(c + 12, r);
    return c;
  }

  /** As numbered, and slot 2 refers to an indirect object carrying the number. */
  indirect(depth: number): number {
    const l = depth < 2 ? 0 : this.indirect(depth - 1);
    const r = depth < 2 ? 0 : this.indirect(depth - 1);
    const ind = this.obj(this.count, 1);
    const c = this.obj(0x80000000 + this.count++, 3);
    this.arena.storeRef(c + 8, l);
    this.arena.storeRef(c + 12, r);
    this.arena.storeRef(c + 16, ind);
    return c;
  }

  registerNumbered(t: number): void {
    if (t === 0) return;
    this.arena.finalize(t);
    this.registerNumbered(this.arena.loadRef(t + 8));
    this.registerNumbered(this.arena.loadRef(t + 12));
  }

  registerIndirect(t: number): void {
    if (t === 0) return;
    this.arena.finalize(this.arena.loadRef(t + 16));
    this.registerIndirect(this.arena.loadRef(t + 8));
    this.registerIndirect(this.arena.loadRef(t + 12));
  }
}

function testTrees(mode: Mode, kind: "numbered" | "indirect", arena: Arena, pool: Pool, ap: AP, roots: Uint32Array): void {
  const t = new Trees(arena, ap);
  arena.park();
  for (let i = 0; i < ROOT_COUNT; i++) {
    roots[i] = kind === "numbered" ? t.numbered(DEPTH) : t.indirect(DEPTH);
    if (kind === "numbered") t.registerNumbered(roots[i]!);
    else t.registerIndirect(roots[i]!);
  }
  roots.fill(0);
  const seen = new Set<number>();
  let collections = 0;
  let garbage = 0;
  while (seen.size < t.count && collections < COLLECTION_COUNT) {
    if (mode === "PARK") arena.collect();
    else {
      arena.release();
      arena.startCollect();
      // The mutator allocates between increments until the collection posts its messages.
      for (let k = 0; k < 100000 && !arena.messagePoll(); k++) {
        t.obj(0x40000000 + garbage++, 2);
        arena.step(0, 1);
      }
    }
    const total = pool.totalSize();
    const free = pool.freeSize();
    expect(free).toBeLessThanOrEqual(total);
    for (let type = arena.messageQueueType(); type !== undefined; type = arena.messageQueueType()) {
      const m = arena.messageGet(type)!;
      if (type === MessageType.FINALIZATION) {
        const id = arena.mem.u32[(m.finalizationRef() + 4) >>> 2]!;
        expect(id).toBeLessThan(t.count);
        expect(seen.has(id), `object ${id} finalized twice`).toBe(false);
        seen.add(id);
      } else if (type === MessageType.GC) collections++;
      arena.messageDiscard(m);
    }
  }
  expect(seen.size, `${pool.className} ${mode} ${kind}: every object finalized`).toBe(t.count);
  expect(collections).toBeLessThanOrEqual(COLLECTION_COUNT);
  arena.park();
}

describe.each(["none", "software"] as const)("finaltest (protection %s)", (protection) => {
  for (const mode of ["PARK", "POLL"] as const) {
    for (const cls of CLASSES) {
      it(`design/pool-mrg.req.final: mode ${mode}, trees in ${cls}, all finalized`, () => {
        const arena = Arena.create(ArenaClass.VM, { arenaSize: 64 << 20, platform: selectPlatform({ protection }) });
        arena.messageTypeEnable(MessageType.GC);
        arena.messageTypeEnable(MessageType.FINALIZATION);
        const fmt = arena.createFormat(testFormat(arena.mem));
        const chain = arena.createChain([{ capacity: 256, mortality: 0.5 }, { capacity: 1024, mortality: 0.5 }]);
        const pool: Pool = arena.createPool(PoolClass[cls] as typeof PoolClass.AMC, mode === "POLL" ? { format: fmt, chain, gen: 1 } : { format: fmt });
        const roots = new Uint32Array(ROOT_COUNT);
        const root = arena.createRoot({ rank: Rank.EXACT, scan: (ss) => {
          for (let i = 0; i < roots.length; i++) if (roots[i] !== 0 && ss.fix1(roots[i]!)) roots[i] = ss.fix2(roots[i]!);
        } });
        const ap = pool.createAp({ rank: Rank.EXACT });
        testTrees(mode, "numbered", arena, pool, ap, roots);
        testTrees(mode, "indirect", arena, pool, ap, roots);
        ap.destroy();
        root.destroy();
        pool.destroy();
        chain.destroy();
        fmt.destroy();
        arena.destroy();
      });
    }
  }
});
