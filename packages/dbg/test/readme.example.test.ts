// The example of README.md (and of docs/reference/debugging.md), run.
import { expect, it } from "vitest";
import { Arena, ArenaClass } from "@mps/arena";
import { DebugDamageError, MVFFDebugPool } from "../src/index.js";

it(".test.readme: the README example runs", () => {
  const log: unknown[] = [];
  const console = { log: (...a: unknown[]) => log.push(a) };
  // --- README example starts ---
  const arena = Arena.create(ArenaClass.CL, { buffer: new ArrayBuffer(1 << 20), arenaClBase: 4096, arenaSize: 1 << 19 });
  const pool = arena.createPool(MVFFDebugPool, {
    poolDebugOptions: { fenceTemplate: new TextEncoder().encode("FENCE"), freeTemplate: new TextEncoder().encode("free") },
  });
  const a = pool.alloc(10); // tag 1: 10 bytes between two fenceposts
  const b = pool.alloc(24); // tag 2
  arena.mem.u8[b + 24] = 0; // overrun b by one byte
  try {
    pool.checkFenceposts();
  } catch (e) {
    if (!(e instanceof DebugDamageError)) throw e;
    const r = e.report; // which block, which byte, what belonged there
    console.log(r.kind, r.address === b, r.tag, r.offset, String.fromCharCode(r.expected));
    // trailing-fence true 2 24 E
  }
  pool.free(a, 10); // a's fenceposts are intact: a is splatted with "free"
  arena.mem.u8[a] = 42; // a write through a dangling pointer
  try {
    pool.checkFreeSpace();
  } catch (e) {
    if (!(e instanceof DebugDamageError)) throw e;
    console.log(e.report.kind, e.report.tag, e.report.offset); // free-space 1 0
  }
  // --- README example ends ---
  expect(log).toEqual([["trailing-fence", true, 2, 24, "E"], ["free-space", 1, 0]]);
  expect(pool.tagOf(b)).toBe(2);
});
