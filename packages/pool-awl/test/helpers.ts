// Helpers of the AWL tests: the shared mini-trace helpers (rng, SEED,
// allocObj, setSlot, getSlot), arenas on the real tracer, and a table format
// for the weak-table tests: the test format of @mps/trace/test-util plus a
// table object whose word 1 links it to its partner table (its dependent
// object), whose scan deletes the partner's entry when a weak key is splatted.
import { Arena, ArenaClass, type AP, type ArenaOpts } from "@mps/arena";
import { type Addr, type ArenaMemory, type ScanState, Rank } from "@mps/mpm";
import { selectPlatform } from "@mps/platform";
import { traceCollector } from "@mps/trace";
import { type TestFormatOpts, testFormat, testObjectSize } from "@mps/trace/test-util";

export { SEED, allocObj, getSlot, rng, setSlot } from "@mps/trace/mini-trace";

/** The two protection backends every collector test runs on. */
export const BACKENDS = ["none", "software"] as const;
/** A protection backend. */
export type Backend = (typeof BACKENDS)[number];

/** A VM arena with the tracer and the `protection` backend. */
export function gcArena(protection: Backend = "none", opts: ArenaOpts = {}): Arena {
  return Arena.create(ArenaClass.VM, { arenaSize: 64 << 20, ...opts, collector: traceCollector, platform: selectPlatform({ protection }) });
}

/** The type of a table object (after the test format's 0-3). */
export const TF_TABLE = 4;

/**
 * The table format over `mem`: the test format, and tables. A table's block
 * is word 0 (size | TF_TABLE), word 1 (the partner table's client pointer,
 * or 0; a reference), then the slots (references). Scanning a table fixes
 * its partner link and its slots at the scan state's rank; a slot that
 * comes back 0 (splatted) deletes the same slot of the partner, which is the
 * dependent object. `onDelete` is called with the partner before each
 * deletion, so that a test can see the partner is exposed for the scan.
 */
export function tableFormat(mem: ArenaMemory, h: 0 | 8 = 0, onDelete?: (partner: Addr) => void): TestFormatOpts {
  const base = testFormat(mem, h);
  return {
    ...base,
    fmtScan(ss: ScanState, lo: Addr, hi: Addr): void {
      let p = lo;
      while (p < hi) {
        const b = p - h;
        const w0 = mem.u32[b >>> 2]!;
        const size = w0 & ~7;
        if ((w0 & 7) === TF_TABLE) {
          const end = b + size;
          for (let q = b + 4; q < end; q += 4) {
            const ref = mem.u32[q >>> 2]!;
            if (ref === 0 || !ss.fix1(ref)) continue;
            const nu = ss.fix2(ref);
            mem.u32[q >>> 2] = nu;
            if (nu === 0 && q >= b + 8) {
              // a splatted key: delete its value from the dependent table
              const partner = mem.u32[(b + 4) >>> 2]!;
              if (partner !== 0) {
                if (onDelete !== undefined) onDelete(partner);
                mem.u32[(partner - h + (q - b)) >>> 2] = 0;
              }
            }
          }
        } else {
          base.fmtScan(ss, p, p + size);
        }
        p += size;
      }
    },
  };
}

/** The dependent object of a table: its partner (word 1); 0 for anything else. */
export function tableDependent(mem: ArenaMemory, h: 0 | 8 = 0): (p: Addr) => Addr {
  return (p: Addr): Addr => ((mem.u32[(p - h) >>> 2]! & 7) === TF_TABLE ? mem.u32[((p - h) >>> 2) + 1]! : 0);
}

/** Allocate a table of `n` null slots on `ap`. Returns its client pointer. */
export function allocTable(arena: Arena, ap: AP, h: 0 | 8, n: number): Addr {
  const size = testObjectSize(n);
  let p: Addr;
  do {
    p = ap.reserve(size);
    const u32 = arena.mem.u32;
    u32[p >>> 2] = size | TF_TABLE;
    for (let i = 1; i < size / 4; i++) u32[(p >>> 2) + i] = 0;
  } while (!ap.commit(p, size));
  return p + h;
}

/** The address of slot `i` of a table (or test object) at client pointer `t`. */
export function slotAddr(t: Addr, h: 0 | 8, i: number): Addr {
  return t - h + 8 + 4 * i;
}

/** Link two tables to each other (each is the other's dependent object). */
export function linkTables(arena: Arena, a: Addr, b: Addr, h: 0 | 8): void {
  arena.storeRef(a - h + 4, b);
  arena.storeRef(b - h + 4, a);
}

/** An exact root over a Uint32Array of references. */
export function arrayRoot(arena: Arena, refs: Uint32Array, rank: Rank = Rank.EXACT) {
  return arena.createRoot({
    rank,
    scan: (ss: ScanState) => {
      for (let i = 0; i < refs.length; i++) if (refs[i] !== 0 && ss.fix1(refs[i]!)) refs[i] = ss.fix2(refs[i]!);
    },
  });
}
