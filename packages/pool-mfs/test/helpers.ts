import { Arena, ArenaClass, type ArenaOpts } from "@mps/arena";
import { selectPlatform } from "@mps/platform";

/** Every way of making an arena the MFS tests run on: each VM backend and a client arena. */
export const ARENA_KINDS: Array<[string, (size: number, opts?: ArenaOpts) => Arena]> = [
  ["VM (resizable ArrayBuffer)", (size, opts) => Arena.create(ArenaClass.VM, { ...opts, arenaSize: size, platform: selectPlatform({ vm: "resizable", fallback: false }) })],
  ["VM (WebAssembly.Memory)", (size, opts) => Arena.create(ArenaClass.VM, { ...opts, arenaSize: size, platform: selectPlatform({ vm: "wasm", fallback: false }) })],
  ["VM (growable SharedArrayBuffer)", (size, opts) => Arena.create(ArenaClass.VM, { ...opts, arenaSize: size, platform: selectPlatform({ vm: "shared", fallback: false }) })],
  ["CL (client buffer)", (size, opts) => Arena.create(ArenaClass.CL, { ...opts, buffer: new ArrayBuffer(size + 65536), arenaClBase: 65536, arenaSize: size })],
];

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
