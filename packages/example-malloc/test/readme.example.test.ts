import { expect, it } from "vitest";
import { Arena, ArenaClass } from "@mps/mps";
import { Malloc } from "../src/index.js";

it("README example", () => {
  const lines: unknown[][] = [];
  const log = (...a: unknown[]) => lines.push(a);

  const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });
  const m = new Malloc(arena);
  const s = m.malloc(6);
  arena.mem.u8.set([104, 101, 108, 108, 111, 0], s); // "hello\0"
  const t = m.realloc(s, 100); // the six bytes come along
  const z = m.calloc(10, 4); // forty zero bytes
  log(t % 8, arena.mem.u8[t + 4], arena.mem.u32[z >>> 2], m.malloc(0)); // 0 111 0 0
  m.free(t);
  m.free(z);
  m.free(0); // does nothing
  m.destroy();
  arena.destroy();

  expect(lines).toEqual([[0, 111, 0, 0]]);
});
