// With the software barrier, docs/reference/threads.md lets a client
// initialise a new object with plain stores between reserve and commit: no
// barrier sees them, so a segment with a mutator buffer must keep a universal
// summary (GCSeg.setSummaryMethod; the MPS's amcBufferFill does the same)
// even after a collection has scanned it. This test builds the case where
// that matters: an AMS object on a chain that is never collected, initialised
// with plain stores to hold the only reference to an AMC object on a nursery
// chain that is collected again and again. If the AMS segment's summary were
// the one its last scan found (no references), the nursery collections would
// not scan it, and the AMC object would be lost.
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, MessageType, PoolClass, Rank, selectPlatform, type Addr } from "../src/index.js";
import { TF_OBJ, testFormat, testObjectId, testObjectSize, testObjectType } from "@mps/trace/test-util";

function object(arena: { mem: { u32: Uint32Array } }, p: Addr, id: number, slots: readonly Addr[]): void {
  // Plain stores: this is the initialisation the contract allows.
  const u32 = arena.mem.u32;
  const b = p >>> 2;
  const size = testObjectSize(slots.length);
  u32[b] = size | TF_OBJ;
  u32[b + 1] = id;
  for (let i = 0; i < slots.length; i++) u32[b + 2 + i] = slots[i]!;
  if (size > 8 + 4 * slots.length) u32[b + 2 + slots.length] = 0;
}

describe("initialising with plain stores under the software barrier (threads.md)", () => {
  it("an object in a buffered segment keeps the only reference to a nursery object alive through many nursery collections", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 64 << 20, platform: selectPlatform({ protection: "software" }) });
    arena.messageTypeEnable(MessageType.GC);
    const fmt = arena.createFormat(testFormat(arena.mem, 0));
    const young = arena.createChain([{ capacity: 64, mortality: 0.9 }]);
    const old = arena.createChain([{ capacity: 1 << 20, mortality: 0.5 }]);
    const amc = arena.createPool(PoolClass.AMC, { format: fmt, chain: young });
    const ams = arena.createPool(PoolClass.AMS, { format: fmt, chain: old });
    const amcAp = amc.createAp({ rank: Rank.EXACT });
    const amsAp = ams.createAp({ rank: Rank.EXACT });
    // cells[0]: the AMS holder; cells[1]: an AMC object while it is being linked.
    const cells = new Uint32Array(2);
    const root = arena.createRoot({ rank: Rank.EXACT, scan: (ss) => {
      for (let i = 0; i < cells.length; i++) {
        const r = cells[i]!;
        if (r !== 0 && ss.fix1(r)) cells[i] = ss.fix2(r);
      }
    } });
    const alloc = (ap: typeof amcAp, id: number, slots: () => Addr[]): Addr => {
      const size = testObjectSize(2);
      let p: Addr;
      do {
        p = ap.reserve(size);
        object(arena, p, id, slots()); // slots read after reserve: a collection in it may move them
      } while (!ap.commit(p, size));
      return p;
    };
    let collections = 0;
    const drain = (): void => {
      for (let m = arena.messageGet(MessageType.GC); m !== undefined; m = arena.messageGet(MessageType.GC)) collections++;
    };
    const churn = (n: number): void => {
      for (let i = 0; i < n; i++) alloc(amcAp, 1000 + (i & 0xfff), () => [0, 0]);
      drain();
    };

    // A first AMS object with no references, in the AMS buffer's segment;
    // nursery collections then scan that segment and find no references.
    cells[0] = alloc(amsAp, 1, () => [0, 0]);
    churn(40_000);
    expect(collections).toBeGreaterThan(2);

    // The AMC object, then an AMS object in the same buffered segment whose
    // only initialisation of its reference is a plain store.
    cells[1] = alloc(amcAp, 77, () => [0, 0]);
    const holder = alloc(amsAp, 2, () => [cells[1]!, 0]);
    cells[0] = holder; // AMS does not move it
    cells[1] = 0;
    const before = collections;
    churn(200_000);
    expect(collections).toBeGreaterThan(before + 5);

    const z = arena.loadRef(holder + 8);
    expect(z).not.toBe(0);
    expect(testObjectType(arena.mem, z, 0)).toBe(TF_OBJ);
    expect(testObjectId(arena.mem, z, 0)).toBe(77);
    // Full collection: still there, and still the holder's.
    arena.collect();
    const z2 = arena.loadRef(holder + 8);
    expect(testObjectId(arena.mem, z2, 0)).toBe(77);
    arena.release();

    root.destroy();
    amcAp.destroy();
    amsAp.destroy();
    amc.destroy();
    ams.destroy();
    young.destroy();
    old.destroy();
    fmt.destroy();
    arena.destroy();
  });
});
