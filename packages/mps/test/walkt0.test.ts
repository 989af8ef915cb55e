// A port of the MPS's walkt0: for each pool class with formatted objects
// (AMC, AMCZ, AMS, LO, SNC, and AWL once the umbrella has it), allocate
// objects held by an exact table root, write references between them as
// the program goes, collect, and check that `pool.walk` visits exactly the
// live objects, each in the walked pool and with its format, that the sizes
// of what it visits (objects, pads, the allocation point's unused region)
// add up to the pool's used size, and that `arena.rootsWalk` reports each
// reference in the root. The MPS counts the objects; here a model of the
// graph says which objects are reachable, and the walk must find exactly
// those (SNC, a manual pool, keeps every object it was given).
// Both protection backends; with `software` the mutator stores references
// through arena.storeRef.
import { describe, expect, it } from "vitest";
import { type AP, type Addr, Arena, ArenaClass, PoolClass, Rank, type Pool, selectPlatform } from "../src/index.js";
import { TF_PAD, initTestObject, testFormat, testObjectId, testObjectSize, testObjectSlotAddr, testObjectSlots, testObjectType } from "@mps/trace/test-util";

const SEED = Number(process.env["MPS_SEED"] ?? 0x3a1c0);
const ROOTS = 200;
const OBJS = 20_000;
const AV_LEN = 3;

function rng(seed: number): () => number {
  let s = seed % 2147483647;
  if (s <= 0) s += 2147483646;
  return () => (s = (s * 48271) % 2147483647);
}

type Kind = "AMC" | "AMCZ" | "AMS" | "AWL" | "LO" | "SNC";
/** Classes whose objects hold no references. */
const LEAF: ReadonlySet<Kind> = new Set<Kind>(["AMCZ", "LO"]);
/** Classes that are collected (SNC is manual: every object stays). */
const COLLECTED: ReadonlySet<Kind> = new Set<Kind>(["AMC", "AMCZ", "AMS", "AWL", "LO"]);

const classes = PoolClass as unknown as Record<string, (typeof PoolClass)[keyof typeof PoolClass] | undefined>;
const KINDS: Kind[] = (["AMC", "AMCZ", "AMS", "AWL", "LO", "SNC"] as Kind[]).filter((k) => classes[k] !== undefined);

function run(kind: Kind, protection: "none" | "software", seed: number): void {
  const r = rng(seed);
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 64 << 20, platform: selectPlatform({ protection }) });
  const mem = arena.mem;
  const format = arena.createFormat(testFormat(mem, 0));
  const chain = arena.createChain([
    { capacity: 750, mortality: 0.85 },
    { capacity: 2000, mortality: 0.6 },
    { capacity: 5000, mortality: 0.4 },
  ]);
  const klass = classes[kind] as unknown as new (...a: never[]) => Pool;
  const pool: Pool = kind === "SNC" ? arena.createPool(klass as never, { format }) : arena.createPool(klass as never, { format, chain });
  const ap: AP = pool.createAp({ rank: Rank.EXACT });
  const leaf = LEAF.has(kind);

  const roots = new Uint32Array(ROOTS);
  const root = arena.createRoot({
    rank: Rank.EXACT,
    scan: (ss) => {
      for (let i = 0; i < ROOTS; i++) if (roots[i] !== 0 && ss.fix1(roots[i]!)) roots[i] = ss.fix2(roots[i]!);
    },
  });
  // The model: for each object id, the ids its slots refer to (0: null), and its size.
  const slots = new Map<number, number[]>();
  const sizes = new Map<number, number>();
  const rootIds = new Array<number>(ROOTS).fill(0);
  let nextId = 1;

  function make(): Addr {
    const n = r() % (AV_LEN * 2);
    const size = testObjectSize(n);
    const id = nextId++;
    let p: Addr;
    do {
      p = ap.reserve(size);
      initTestObject(mem, p, 0, id, n, leaf);
    } while (!ap.commit(p, size));
    slots.set(id, new Array<number>(n).fill(0));
    sizes.set(id, size);
    return p;
  }

  for (let objs = 0; objs < OBJS; objs++) {
    const i = objs % ROOTS;
    if (roots[i] !== 0) expect(testObjectId(mem, roots[i]!, 0)).toBe(rootIds[i]);
    const p = make();
    roots[i] = p;
    rootIds[i] = testObjectId(mem, p, 0);
    // As dylan_write: the object of the mirror root refers to random roots.
    const j = ROOTS - 1 - i;
    const q = roots[j]!;
    if (!leaf && q !== 0) {
      const qs = slots.get(rootIds[j]!)!;
      for (let s = 0; s < qs.length; s++) {
        const k = r() % ROOTS;
        arena.storeRef(testObjectSlotAddr(q, 0, s), roots[k]!);
        qs[s] = rootIds[k]!;
      }
    }
  }

  arena.park();

  // The roots walk: every reference in the root, with the root.
  const reported: Addr[] = [];
  arena.rootsWalk((ref, rt) => {
    expect(rt).toBe(root);
    reported.push(ref);
  });
  expect(reported.sort((a, b) => a - b)).toEqual([...roots].filter((x) => x !== 0).sort((a, b) => a - b));

  // After a full collection a collected pool holds exactly the reachable objects.
  arena.collect();
  const expected = new Set<number>();
  if (COLLECTED.has(kind)) {
    const stack = rootIds.filter((x) => x !== 0);
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (expected.has(id)) continue;
      expected.add(id);
      for (const t of slots.get(id)!) if (t !== 0 && !expected.has(t)) stack.push(t);
    }
  } else {
    for (const id of slots.keys()) expected.add(id);
  }
  expect(expected.size).toBeGreaterThan(0);

  const seen = new Map<number, Addr>();
  let objSize = 0;
  let padSize = 0;
  pool.walk((obj, fmt, pl) => {
    expect(pl).toBe(pool);
    expect(fmt).toBe(format);
    expect(arena.hasAddr(obj)).toBe(true);
    expect(arena.addrPool(obj)).toBe(pool);
    expect(arena.addrFmt(obj)).toBe(format);
    const size = format.skip(obj) - obj;
    if (testObjectType(mem, obj, 0) === TF_PAD) {
      padSize += size;
      return;
    }
    const id = testObjectId(mem, obj, 0);
    expect(seen.has(id)).toBe(false);
    seen.set(id, obj);
    expect(size).toBe(sizes.get(id));
    objSize += size;
  });
  expect(new Set(seen.keys())).toEqual(expected);
  // The objects' references are to the right objects (updated if they moved).
  for (const [id, obj] of seen) {
    const want = slots.get(id)!;
    expect(testObjectSlots(mem, obj, 0)).toBe((testObjectSize(want.length) - 8) / 4);
    if (leaf) continue;
    want.forEach((t, s) => {
      const ref = mem.u32[testObjectSlotAddr(obj, 0, s) >>> 2]!;
      if (t === 0) expect(ref).toBe(0);
      else expect(seen.get(t)).toBe(ref);
    });
  }
  for (let i = 0; i < ROOTS; i++) if (roots[i] !== 0) expect(seen.get(rootIds[i]!)).toBe(roots[i]);
  // What the walk visits, with the unused regions of the pool's buffers (the allocation
  // point's, and AMC's forwarding buffers), is what the pool uses.
  let bufferSize = 0;
  for (const b of pool.buffers()) if (!b.isReset()) bufferSize += b.poolLimit - b.ap.init;
  expect(objSize + padSize + bufferSize).toBe(pool.totalSize() - pool.freeSize());

  ap.destroy();
  root.destroy();
  pool.destroy();
  chain.destroy();
  format.destroy();
  arena.destroy();
}

describe("walkt0", () => {
  it(".test.walkt0: the umbrella has the classes the port walks", () => {
    expect(KINDS).toEqual(expect.arrayContaining(["AMC", "AMCZ", "AMS", "LO", "SNC"]));
  });
  for (const kind of KINDS) {
    for (const protection of ["none", "software"] as const) {
      it(`.test.walkt0: ${kind} walks exactly its live objects, with their format and sizes (protection ${protection})`, () => {
        run(kind, protection, SEED + kind.length * 7 + (protection === "none" ? 0 : 1));
      });
    }
  }
});
