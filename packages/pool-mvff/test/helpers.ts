import { Arena, ArenaClass, type ArenaOpts } from "@mps/arena";
import { selectPlatform } from "@mps/platform";

/** Every way of making an arena the MVFF tests run on: each VM backend and a client arena. */
export const ARENA_KINDS: Array<[string, (size: number, opts?: ArenaOpts) => Arena]> = [
  ["VM (resizable ArrayBuffer)", (size, opts) => Arena.create(ArenaClass.VM, { ...opts, arenaSize: size, platform: selectPlatform({ vm: "resizable", fallback: false }) })],
  ["VM (WebAssembly.Memory)", (size, opts) => Arena.create(ArenaClass.VM, { ...opts, arenaSize: size, platform: selectPlatform({ vm: "wasm", fallback: false }) })],
  ["CL (client buffer)", (size, opts) => Arena.create(ArenaClass.CL, { ...opts, buffer: new ArrayBuffer(size + 65536), arenaClBase: 65536, arenaSize: size })],
];

/** A VM arena on the resizable backend. */
export function vmArena(size = 16 << 20, opts: ArenaOpts = {}): Arena {
  return ARENA_KINDS[0]![1](size, opts);
}

/** A small deterministic generator (xorshift32), so that a failing run can be repeated. */
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

/** The seed of the random tests (MPS_SEED replays one). */
export const SEED = Number(process.env["MPS_SEED"] ?? 0x5eed);

/** Write a pattern derived from `p` and `tag` over [p, p + size). */
export function stamp(arena: Arena, p: number, size: number, tag: number): void {
  const u32 = arena.mem.u32;
  for (let w = 0; w < size >>> 2; w++) u32[(p >>> 2) + w] = (p ^ Math.imul(tag, 0x9e3779b1) ^ w) >>> 0;
}

/** Whether [p, p + size) still holds the pattern of {@link stamp}. */
export function stamped(arena: Arena, p: number, size: number, tag: number): boolean {
  const u32 = arena.mem.u32;
  for (let w = 0; w < size >>> 2; w++) if (u32[(p >>> 2) + w] !== ((p ^ Math.imul(tag, 0x9e3779b1) ^ w) >>> 0)) return false;
  return true;
}
