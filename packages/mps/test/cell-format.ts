// The 16-byte cell the collection-policy tests allocate (dynamic-criterion,
// heap-growth): word 0 a tag (1 forwarded, 2 pad, anything else data), word 1
// one reference (0 is null), words 2-3 unused; and an exact root over a window
// of references.
import { Rank, type Arena, type FormatOpts, type Root } from "../src/index.js";

/** The cell size in bytes. */
export const CELL = 16;

/** The options of the cell format over `arena`'s memory. */
export function cellFormat(arena: Arena): FormatOpts {
  const mem = arena.mem;
  return {
    fmtAlign: 8,
    fmtScan(ss, b, l) {
      for (let p = b; p < l; p += CELL) {
        const r = mem.u32[(p >>> 2) + 1]!;
        if (r !== 0 && ss.fix1(r)) mem.u32[(p >>> 2) + 1] = ss.fix2(r);
      }
    },
    fmtSkip: (p) => p + CELL,
    fmtFwd(o, n) {
      mem.u32[o >>> 2] = 1;
      mem.u32[(o >>> 2) + 1] = n;
    },
    fmtIsfwd: (p) => (mem.u32[p >>> 2] === 1 ? mem.u32[(p >>> 2) + 1]! : 0),
    fmtPad(p, s) {
      for (let q = p; q < p + s; q += CELL) {
        mem.u32[q >>> 2] = 2;
        mem.u32[(q >>> 2) + 1] = 0;
      }
    },
  };
}

/** An exact root over every slot of `window`. */
export function windowRoot(arena: Arena, window: Uint32Array): Root {
  return arena.createRoot({
    rank: Rank.EXACT,
    scan(ss) {
      for (let i = 0; i < window.length; i++) {
        const r = window[i]!;
        if (r !== 0 && ss.fix1(r)) window[i] = ss.fix2(r);
      }
    },
  });
}
