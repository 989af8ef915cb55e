import { expect, it } from "vitest";

it("the README example runs", async () => {
  const logs: unknown[][] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => logs.push(a);
  try {
    // ---- the README example, verbatim ----
    const { Arena, ArenaClass } = await import("@mps/arena");
    const { Rank } = await import("@mps/mpm");
    const { selectPlatform } = await import("@mps/platform");
    const { traceCollector } = await import("@mps/trace");
    const { testFormat, initTestObject, testObjectSize, testObjectId } = await import("@mps/trace/test-util");
    const { AMCPool } = await import("../src/index.js");

    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20, collector: traceCollector, platform: selectPlatform() });
    const format = arena.createFormat(testFormat(arena.mem)); // objects: [size|type, id, slots...]
    const chain = arena.createChain([{ capacity: 64, mortality: 0.8 }]);
    const pool = arena.createPool(AMCPool, { format, chain });
    const ap = pool.createAp();

    // One root, a table of references that the collector updates when objects move.
    const roots = new Uint32Array(1);
    const root = arena.createRoot({ rank: Rank.EXACT, scan: (ss) => { if (roots[0] !== 0) roots[0] = ss.fix(roots[0]!); } });

    const size = testObjectSize(2);
    let p;
    do {
      p = ap.reserve(size);
      initTestObject(arena.mem, p, 0, 42, 2); // id 42, two null slots
    } while (!ap.commit(p, size));
    roots[0] = p;

    arena.collect(); // a full collection: the object is copied to the next generation
    console.log(roots[0] !== p, testObjectId(arena.mem, roots[0]!, 0)); // true 42

    ap.destroy();
    root.destroy();
    pool.destroy();
    chain.destroy();
    format.destroy();
    arena.destroy();
    // ---- end ----
  } finally {
    console.log = log;
  }
  expect(logs).toEqual([[true, 42]]);
});
