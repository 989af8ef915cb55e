import { type AP, Arena, ArenaClass, type ArenaOpts, type Format } from "@mps/arena";
import { selectPlatform } from "@mps/platform";
import { type Addr, RANK_SET_EMPTY } from "@mps/mpm";
import { initTestObject, testFormat, testObjectSize } from "@mps/trace/test-util";

/** The seed of the random tests (MPS_SEED replays one). */
export const SEED = Number(process.env["MPS_SEED"] ?? 0x5eed);

/** A small deterministic generator (xorshift32). */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

/** A VM arena on the resizable backend. */
export function vmArena(size = 16 << 20, opts: ArenaOpts = {}): Arena {
  return Arena.create(ArenaClass.VM, { ...opts, arenaSize: size, platform: selectPlatform({ vm: "resizable", fallback: false }) });
}

/** The test format of `@mps/trace/test-util` in `arena`. */
export function makeFormat(arena: Arena, h: 0 | 8 = 0): Format {
  return arena.createFormat(testFormat(arena.mem, h));
}

/** Allocate a test object of `nslots` slots through `ap`; returns its client pointer. */
export function alloc(arena: Arena, ap: AP, h: 0 | 8, id: number, nslots: number, leaf = false): Addr {
  const size = testObjectSize(nslots);
  let p: Addr;
  let ref: Addr;
  do {
    p = ap.reserve(size);
    ref = initTestObject(arena.mem, p, h, id, nslots, leaf || ap.buffer.rankSet() === RANK_SET_EMPTY);
  } while (!ap.commit(p, size));
  return ref;
}
