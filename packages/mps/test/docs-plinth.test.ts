// The example of docs/reference/plinth.md.
import { expect, it } from "vitest";
import { MemoryStream, defaultPlinth } from "@mps/plinth";
import { codeOf } from "@mps/mpm/test-util";
import { Arena, ArenaClass, CHECK_LEVEL, MpsAssertionError, PoolClass, clock, clocksPerSec, installAssertFail } from "../src/index.js";

it("docs/reference/plinth.md: the example runs", () => {
  const t0 = clock();
  expect([Number.isInteger(t0), clock() >= t0, clocksPerSec()]).toEqual([true, true, 1000000]);

  const plinth = defaultPlinth();
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 1 << 20 });
  const pool = arena.createPool(PoolClass.MFS, { mfsUnitSize: 32 });
  const a = pool.alloc(32);
  const b = pool.alloc(32);
  plinth.memset(arena.mem.u8, a, 0xab, 32);
  plinth.memcpy(arena.mem.u8, b, arena.mem.u8, a, 32);
  expect([plinth.memcmp(arena.mem.u8, a, arena.mem.u8, b, 32), arena.mem.u8[b + 31]]).toEqual([0, 171]);

  const seen: string[] = [];
  const previous = installAssertFail((condition, location) => {
    seen.push(`${location}: ${condition}`);
    throw new MpsAssertionError(condition, location);
  });
  let thrown = false;
  try {
    plinth.assertFail("base < limit", "example.check");
  } catch (e) {
    thrown = e instanceof MpsAssertionError;
  }
  installAssertFail(previous);
  expect(thrown).toBe(true);
  expect(seen).toEqual(["example.check: base < limit"]);

  let now = 5000;
  const simulated = Arena.create(ArenaClass.VM, {
    arenaSize: 1 << 20,
    plinth: { clock: () => now, clocksPerSec: () => 1000 },
  });
  now += 250;
  expect(simulated.clock()).toBe(5250);

  const stream = new MemoryStream();
  stream.open();
  stream.write(new Uint8Array([1, 2, 3]));
  stream.close();
  expect(stream.bytes()).toEqual(new Uint8Array([1, 2, 3]));

  simulated.destroy();
  pool.destroy();
  arena.destroy();
});

it("docs/reference/plinth.md: the errors the entries state", () => {
  const plinth = defaultPlinth();
  const mem = new Uint8Array(16);
  expect(codeOf(() => installAssertFail(42 as never))).toBe("PARAM");
  if (CHECK_LEVEL !== "rash") {
    // The page: the memory functions check their arguments unless the level is rash.
    expect(codeOf(() => plinth.memcpy(mem, 0, mem, 4, 8))).toBe("PARAM"); // overlapping
    expect(codeOf(() => plinth.memset(mem, 0, 256, 4))).toBe("PARAM");
    expect(codeOf(() => plinth.memcmp(mem, 12, mem, 0, 8))).toBe("PARAM"); // outside its memory
  }
  const stream = new MemoryStream();
  expect(codeOf(() => stream.write(new Uint8Array(1)))).toBe("PARAM"); // not open
  stream.open();
  expect(codeOf(() => stream.open())).toBe("PARAM");
  stream.close();
});
