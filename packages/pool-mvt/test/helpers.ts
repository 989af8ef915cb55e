import { type AP, Arena, ArenaClass } from "@mps/arena";
import { selectPlatform } from "@mps/platform";

/** A VM arena of `size` bytes on the platform's default backend. */
export function makeArena(size: number): Arena {
  return Arena.create(ArenaClass.VM, { arenaSize: size, platform: selectPlatform() });
}

/** A client arena of `size` bytes (the fixed-size case). */
export function makeClArena(size: number): Arena {
  return Arena.create(ArenaClass.CL, { buffer: new ArrayBuffer(size + 65536), arenaClBase: 65536, arenaSize: size });
}

/** Allocate `size` bytes through `ap` in the reserve/commit loop, writing `tag` into every word. */
export function apAlloc(arena: Arena, ap: AP, size: number, tag: number): number {
  let p: number;
  do {
    p = ap.reserve(size);
    arena.mem.u32.fill(tag, p >>> 2, (p + size) >>> 2);
  } while (!ap.commit(p, size));
  return p;
}

/** True if every word of the block holds `tag`. */
export function holds(arena: Arena, p: number, size: number, tag: number): boolean {
  const u32 = arena.mem.u32;
  for (let i = p >>> 2; i < (p + size) >>> 2; i++) if (u32[i] !== tag) return false;
  return true;
}

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
