// A port of the MPS's sncss: several allocation points on one SNC pool, a
// random sequence of frame pushes, pops and allocations, then the bytes the
// walk finds compared with what the model says is allocated; here every
// surviving object's id and position are checked too, and the heap is
// scanned by real collections along the way.
import { describe, expect, it } from "vitest";
import type { AP } from "@mps/arena";
import type { Addr } from "@mps/mpm";
import { testObjectId, testObjectSize } from "@mps/trace/test-util";
import { finish, make, popIndex, rng, SEED, sncWorld, walkObjects } from "./helpers.js";

const AP_MAX = 3;
const DEPTH_MAX = 20;

interface APModel {
  ap: AP;
  /** The frames pushed, oldest first. */
  frames: Addr[];
  /** The objects allocated in each open frame (index 0: below every frame). */
  objs: Array<Array<{ addr: Addr; id: number; size: number }>>;
}

function run(protection: "none" | "software", seed: number, steps: number): void {
  const r = rng(seed);
  const { arena, pool } = sncWorld(protection);
  const aps: APModel[] = [];
  for (let i = 0; i < AP_MAX; i++) aps.push({ ap: pool.createAp(), frames: [], objs: [[]] });
  let nextId = 1;
  const check = (): void => {
    const live = new Map<Addr, number>();
    let bytes = 0;
    for (const a of aps) for (const level of a.objs) for (const o of level) {
      live.set(o.addr, o.id);
      bytes += o.size;
    }
    const w = walkObjects(arena, pool);
    expect(w.objBytes).toBe(bytes);
    expect(w.objs).toEqual(live);
    for (const [addr, id] of live) expect(testObjectId(arena.mem, addr, 0)).toBe(id);
    pool.check();
  };
  for (let i = 0; i < steps; i++) {
    const a = aps[Math.floor(r() * aps.length)]!;
    if (r() < 0.1) {
      const d = Math.floor(r() * DEPTH_MAX);
      if (d < a.frames.length) {
        const j = popIndex(a.frames, d);
        a.ap.framePop(a.frames[j]!);
        a.frames.length = j;
        a.objs.length = j + 1;
      } else {
        a.frames.push(a.ap.framePush());
        a.objs.push([]);
      }
    } else {
      // Sizes as in sncss: up to 128 bytes, now and then a big one spanning segments.
      const nslots = r() < 0.01 ? Math.floor(r() * 3000) : Math.floor(r() * 30);
      const id = nextId++;
      const addr = make(arena, a.ap, id, nslots, true);
      a.objs[a.objs.length - 1]!.push({ addr, id, size: testObjectSize(nslots) });
    }
    if (i % 997 === 0) check();
    if (i % 4001 === 0) arena.collect();
  }
  arena.park();
  check();
  finish(arena);
}

describe("sncss", () => {
  // .req.scan
  it(".test.sncss: random pushes, pops and allocations on three allocation points (protection none)", () => {
    run("none", SEED, 20_000);
  });
  it(".test.sncss: the same with the software barrier", () => {
    run("software", SEED + 1, 20_000);
  });
});
