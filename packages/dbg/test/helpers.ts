import { Arena, ArenaClass, type ArenaOpts } from "@mps/arena";
import { selectPlatform } from "@mps/platform";
import type { FreeRecord } from "../src/index.js";

/** The arenas the debug pool tests run on: a VM arena and a client arena. */
export const ARENA_KINDS: Array<[string, (size: number, opts?: ArenaOpts) => Arena]> = [
  ["VM (resizable ArrayBuffer)", (size, opts) => Arena.create(ArenaClass.VM, { ...opts, arenaSize: size, platform: selectPlatform({ vm: "resizable", fallback: false }) })],
  ["CL (client buffer)", (size, opts) => Arena.create(ArenaClass.CL, { ...opts, buffer: new ArrayBuffer(size + 65536), arenaClBase: 65536, arenaSize: size })],
];

/** A VM arena. */
export function vmArena(size = 16 << 20, opts: ArenaOpts = {}): Arena {
  return ARENA_KINDS[0]![1](size, opts);
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

/** The seed of the random tests (MPS_SEED replays one). */
export const SEED = Number(process.env["MPS_SEED"] ?? 0x5eed);

/** Write bytes derived from `p` and `tag` over [p, p + size). */
export function stamp(arena: Arena, p: number, size: number, tag: number): void {
  const u8 = arena.mem.u8;
  for (let i = 0; i < size; i++) u8[p + i] = (p + i * 7 + tag * 13) & 0xff;
}

/** Whether [p, p + size) still holds what {@link stamp} wrote. */
export function stamped(arena: Arena, p: number, size: number, tag: number): boolean {
  const u8 = arena.mem.u8;
  for (let i = 0; i < size; i++) if (u8[p + i] !== ((p + i * 7 + tag * 13) & 0xff)) return false;
  return true;
}

/** The bytes of an ASCII string. */
export function ascii(s: string): Uint8Array {
  return new Uint8Array([...s].map((c) => c.charCodeAt(0)));
}

/** Flip the bits `mask` of the byte at `at` (damage it, or mend it again). */
export function flip(arena: Arena, at: number, mask = 0xff): void {
  const u8 = arena.mem.u8;
  u8[at] = u8[at]! ^ mask;
}

/** The ranges of a free record, as [base, limit, addr, size, tag] in order. */
export function recordList(rec: FreeRecord): number[][] {
  const out: number[][] = [];
  for (let ok = rec.seek(0); ok; ok = rec.next()) out.push([rec.curBase, rec.curLimit, rec.curAddr, rec.curSize, rec.curTag]);
  return out;
}
