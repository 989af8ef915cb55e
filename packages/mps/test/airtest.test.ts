// airtest: ambiguous interior references (the MPS's airtest.c), with
// finalization as the witness. Ten vectors of sixteen slots are each
// registered for finalization; an ambiguous root (a thread's shadow stack,
// or an area root over a block of a manual pool) holds, for each vector, a
// pointer to one of its element slots: inside the object, never its client
// pointer. The pointers walk along the vectors, one slot per round, storing
// a fresh integer object there, and a full collection runs each round.
//
// With `interior: true` (AMC's default) an interior pointer pins its vector:
// none may ever be finalized. With `interior: false` only a pointer to the
// client pointer pins, so every vector is found unreachable and finalized
// (a finalization message keeps its object alive until discarded, and the
// test never discards them, so the stores through the stale pointers still
// land in live objects, as in the C test).
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, MessageType, PoolClass, Rank, selectPlatform, type Addr, type ShadowStack } from "../src/index.js";

const OBJ_LEN = 16;
const OBJ_COUNT = 10;
const INT = 1, VEC = 2, FWD = 3, PAD = 4;

function run(interior: boolean, stack: boolean, protection: "none" | "software"): { finalized: number; wrong: number[] } {
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 32 << 20, platform: selectPlatform({ protection }) });
  const m = arena.mem;
  // INT: [type, value, 0, 0]; VEC: [type, length, slot…]; FWD: [type, size, new]; PAD: [type, size].
  const size = (p: Addr): number => {
    switch (m.u32[p >>> 2]) {
      case INT: return 16;
      case VEC: return (8 + 4 * m.u32[(p + 4) >>> 2]! + 7) & ~7;
      default: return m.u32[(p + 4) >>> 2]!;
    }
  };
  const format = arena.createFormat({
    fmtAlign: 8,
    fmtScan(ss, base, limit) {
      for (let p = base; p < limit; p += size(p)) {
        if (m.u32[p >>> 2] !== VEC) continue;
        for (let i = 0, n = m.u32[(p + 4) >>> 2]!; i < n; i++) {
          const a = (p + 8 + 4 * i) >>> 2;
          const r = m.u32[a]!;
          if (r !== 0 && ss.fix1(r)) m.u32[a] = ss.fix2(r);
        }
      }
    },
    fmtSkip: (p) => p + size(p),
    fmtFwd(old, nu) {
      const s = size(old);
      m.u32[old >>> 2] = FWD;
      m.u32[(old + 4) >>> 2] = s;
      m.u32[(old + 8) >>> 2] = nu;
    },
    fmtIsfwd: (p) => (m.u32[p >>> 2] === FWD ? m.u32[(p + 8) >>> 2]! : 0),
    fmtPad(p, s) {
      m.u32[p >>> 2] = PAD;
      m.u32[(p + 4) >>> 2] = s;
    },
  });
  const chain = arena.createChain([{ capacity: 150, mortality: 0.85 }, { capacity: 170, mortality: 0.45 }]);
  const pool = arena.createPool(PoolClass.AMC, { format, chain, interior });
  const ap = pool.createAp({ rank: Rank.EXACT });
  const make = (words: number[], bytes: number): Addr => {
    let p: Addr;
    do {
      p = ap.reserve(bytes);
      m.u32.fill(0, p >>> 2, (p + bytes) >>> 2);
      m.u32.set(words, p >>> 2);
    } while (!ap.commit(p, bytes));
    return p;
  };

  // The ambiguous root: ten words, on a shadow stack or in a manual block.
  const manual = arena.createPool(PoolClass.MVFF, {});
  const block = manual.alloc(4 * OBJ_COUNT);
  m.u32.fill(0, block >>> 2, (block >>> 2) + OBJ_COUNT);
  const thread = arena.registerThread();
  const shadow: ShadowStack = { base: block, limit: block + 4 * OBJ_COUNT, top: () => block + 4 * OBJ_COUNT };
  const root = stack
    ? arena.createRootThread(thread, shadow)
    : arena.createRootArea({ rank: Rank.AMBIG, base: block, limit: block + 4 * OBJ_COUNT });
  const s = (j: number): number => (block >>> 2) + j;

  arena.messageTypeEnable(MessageType.FINALIZATION);
  for (let j = 0; j < OBJ_COUNT; j++) {
    // The integer is held by the vector's slots; keep it in the root meanwhile (ambiguous
    // references pin, so it stays put while the vector is made).
    m.u32[s(j)] = make([INT, j], 16);
    const n = m.u32[s(j)]!;
    const vec = make([VEC, OBJ_LEN, ...new Array<number>(OBJ_LEN).fill(n)], 8 + 4 * OBJ_LEN);
    arena.finalize(vec);
    m.u32[s(j)] = vec + 8; // the first element's slot: interior
  }
  let finalized = 0;
  const wrong: number[] = [];
  for (let i = 1; i < OBJ_LEN; i++) {
    const n = make([INT, i], 16);
    for (let j = 0; j + 1 < OBJ_COUNT; j++) {
      m.u32[s(j)] = m.u32[s(j)]! + 4;
      if (protection === "software") arena.storeRef(m.u32[s(j)]!, n);
      else m.u32[m.u32[s(j)]! >>> 2] = n;
    }
    arena.collect();
    arena.release();
    const msg = arena.messageGet(MessageType.FINALIZATION);
    if (msg !== undefined) {
      finalized++;
      const ref = msg.finalizationRef();
      // Slot 0 still holds the vector's own integer (the walk stores from slot 1 on).
      if (interior) wrong.push(m.u32[(m.u32[(ref + 8) >>> 2]! + 4) >>> 2]!);
      // Not discarded: the message keeps the vector alive, as in the C test.
    }
  }
  // Drain the rest (the C test gets one per round; later ones are still queued).
  for (let msg = arena.messageGet(MessageType.FINALIZATION); msg !== undefined; msg = arena.messageGet(MessageType.FINALIZATION)) {
    finalized++;
    arena.messageDiscard(msg);
  }
  arena.park();
  root.destroy();
  thread.deregister();
  ap.destroy();
  pool.destroy();
  manual.free(block, 4 * OBJ_COUNT);
  manual.destroy();
  chain.destroy();
  format.destroy();
  arena.destroy();
  return { finalized, wrong };
}

describe("airtest: ambiguous interior references, witnessed by finalization", () => {
  for (const protection of ["none", "software"] as const) {
    for (const stack of [true, false]) {
      const where = stack ? "a thread's shadow stack" : "an area root";
      it(`.test.airtest: with interior pointers allowed, pointers into the vectors from ${where} keep every vector (none finalized) (${protection})`, () => {
        const r = run(true, stack, protection);
        expect(r.wrong).toEqual([]);
        expect(r.finalized).toBe(0);
      });
      it(`.test.airtest: with interior pointers not allowed, the same pointers from ${where} keep none: every vector is finalized (${protection})`, () => {
        const r = run(false, stack, protection);
        expect(r.finalized).toBe(OBJ_COUNT);
      });
    }
  }
});
