// The land implementations under test, each built over a window of
// addresses, with the hooks the property suite needs.
import { log2 } from "@mps/mpm";
import { Failover, Freelist, type Land, type MemoryView } from "../src/index.js";
import { ArrayLand } from "../src/test-util.js";
import { type BitModel, type Pair, landRanges } from "./model.js";

/** Where the window lies and how the lands are configured. */
export interface Env {
  origin: number;
  units: number;
  alignment: number;
  zoneShift: number;
}

export interface Subject {
  land: Land;
  /** The land's own budget of ranges, which the model must respect (Infinity if none). */
  modelBudget(): number;
  /** Change the memory available to the land (or to its primary). */
  setBudget?(n: number): void;
  /** Checks beyond comparing the ranges with the model. */
  extraCheck?(m: BitModel): void;
  /** Called before each operation (to start recording memory writes). */
  beforeOp?(): void;
  /** How often the secondary of a Failover held ranges after an operation. */
  failedOver?: { count: number };
}

export interface Factory {
  name: string;
  /** Which windows it can work in. */
  origins: ("zero" | "top")[];
  make(env: Env): Subject;
}

/**
 * Memory for a Freelist that can cover the whole 32-bit address space: a
 * sparse map of words behind a Uint32Array-like proxy, which records the
 * words written while `recording` is set.
 */
export class SparseMemory implements MemoryView {
  readonly words = new Map<number, number>();
  readonly written: number[] = [];
  recording = false;
  readonly u32: Uint32Array;
  constructor(lengthWords = 2 ** 30) {
    const words = this.words;
    this.u32 = new Proxy(new Uint32Array(0), {
      get: (_t, k) => {
        if (k === "length") return lengthWords;
        if (typeof k === "string") {
          const i = Number(k);
          if (Number.isInteger(i)) return words.get(i) ?? 0xa5a5a5a5;
        }
        return undefined;
      },
      set: (_t, k, v) => {
        const i = Number(k);
        if (i >= 0 && i < lengthWords) {
          words.set(i, Number(v) >>> 0);
          if (this.recording) this.written.push(i);
        }
        return true;
      },
    });
  }
}

/** Memory covering [0, bytes) as a real Uint32Array. */
export function realMemory(bytes: number): MemoryView {
  return { u32: new Uint32Array(Math.ceil(bytes / 4)) };
}

/** The Freelist writes only inside ranges that are in the land after the operation (.freelist.zero-overhead). */
function checkWrites(mem: SparseMemory, m: BitModel): void {
  for (const w of mem.written) {
    const a = w * 4;
    const i = Math.floor(m.index(a));
    if (!(i >= 0 && i < m.units && m.bits[i])) {
      throw new Error(`Freelist wrote word at ${a.toString(16)}, which is not free`);
    }
  }
  mem.written.length = 0;
}

/** The two lands of a Failover hold the model's ranges between them, apart (.failover.apart). */
function checkFailover(fo: Failover, m: BitModel, stat: { count: number }): void {
  const p = landRanges(fo.primary);
  const s = landRanges(fo.secondary);
  if (s.length > 0) stat.count++;
  const merged: Pair[] = [...p, ...s].sort((a, b) => a[0] - b[0]);
  const want = m.runs();
  if (JSON.stringify(merged) !== JSON.stringify(want)) {
    throw new Error(`Failover lands ${JSON.stringify({ p, s })} are not the model's runs ${JSON.stringify(want)}`);
  }
}

function opts(env: Env) {
  return { alignment: env.alignment, zoneShift: env.zoneShift };
}

export const factories: Factory[] = [
  {
    name: "ArrayLand",
    origins: ["zero", "top"],
    make: (env) => ({ land: new ArrayLand(opts(env)), modelBudget: () => Infinity }),
  },
  {
    name: "ArrayLand with a budget of ranges",
    origins: ["zero", "top"],
    make: (env) => {
      const land = new ArrayLand({ ...opts(env), maxRanges: 3 });
      return {
        land,
        modelBudget: () => land.maxRanges,
        setBudget: (n) => {
          land.maxRanges = n;
        },
      };
    },
  },
  {
    name: "Freelist",
    origins: ["zero"],
    make: (env) => ({ land: new Freelist(realMemory(env.origin + env.units * env.alignment), opts(env)), modelBudget: () => Infinity }),
  },
  {
    name: "Freelist in sparse memory",
    origins: ["zero", "top"],
    make: (env) => {
      const mem = new SparseMemory();
      return {
        land: new Freelist(mem, opts(env)),
        modelBudget: () => Infinity,
        beforeOp: () => {
          mem.written.length = 0;
          mem.recording = true;
        },
        extraCheck: (m) => {
          mem.recording = false;
          checkWrites(mem, m);
        },
      };
    },
  },
  {
    name: "Failover(ArrayLand with a small budget, Freelist)",
    origins: ["zero", "top"],
    make: (env) => {
      const primary = new ArrayLand({ ...opts(env), maxRanges: 3 });
      const secondary = new Freelist(new SparseMemory(), opts(env));
      const fo = new Failover(primary, secondary);
      const stat = { count: 0 };
      return {
        land: fo,
        modelBudget: () => Infinity,
        setBudget: (n) => {
          primary.maxRanges = n;
          // Any allocation failure makes the Failover fall back (ResIsAllocFailure).
          primary.failWith = (["RESOURCE", "MEMORY", "COMMIT_LIMIT"] as const)[n % 3]!;
        },
        extraCheck: (m) => checkFailover(fo, m, stat),
        failedOver: stat,
      };
    },
  },
  {
    name: "Failover(ArrayLand with no budget at all, Freelist)",
    origins: ["zero"],
    make: (env) => {
      const primary = new ArrayLand({ ...opts(env), maxRanges: 0 });
      const secondary = new Freelist(realMemory(env.origin + env.units * env.alignment), opts(env));
      const fo = new Failover(primary, secondary);
      const stat = { count: 0 };
      return { land: fo, modelBudget: () => Infinity, extraCheck: (m) => checkFailover(fo, m, stat), failedOver: stat };
    },
  },
];

/** A zone shift that makes stripes from half an alignment unit to four units. */
export function zoneShiftFor(alignment: number, k: number): number {
  return Math.max(0, log2(alignment) - 1 + k);
}
