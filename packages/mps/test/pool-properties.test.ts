// The pool class properties table of docs/pool/index.md, checked against the
// code: every cell of a checked row is compared with the class's declared
// capabilities (`attrs`) or, where there is no declaration, with what the
// class does (an operation is refused with UNIMPL or PARAM, or works).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Arena, ArenaClass, CHECK_LEVEL, PoolClass, Rank, SAC, isMpsError, type AP, type Pool } from "../src/index.js";
import { initTestObject, testFormat, testObjectSize } from "@mps/trace/test-util";

const INDEX = fileURLToPath(new URL("../../../docs/pool/index.md", import.meta.url));

/** The properties table: its header's class names and each row's cells by class. */
function parseTable(): { classes: string[]; rows: Map<string, Map<string, string>> } {
  const lines = readFileSync(INDEX, "utf8").split("\n");
  const start = lines.findIndex((l) => l.startsWith("| property |"));
  if (start < 0) throw new Error("docs/pool/index.md has no properties table");
  const cells = (l: string): string[] => l.split("|").slice(1, -1).map((c) => c.trim());
  const classes = cells(lines[start]!).slice(1).map((c) => c.replace(/^\[([^\]]+)\]\([^)]*\)$/, "$1"));
  const rows = new Map<string, Map<string, string>>();
  for (let i = start + 2; i < lines.length && lines[i]!.startsWith("|"); i++) {
    const cs = cells(lines[i]!);
    const row = new Map<string, string>();
    classes.forEach((k, j) => row.set(k, cs[j + 1] ?? ""));
    rows.set(cs[0]!.replace(/`/g, ""), row);
  }
  return { classes, rows };
}

type ClassName = keyof typeof PoolClass;

/** What a class does, found by trying it. */
interface Facts {
  alloc: boolean;
  free: boolean;
  ap: boolean;
  frames: boolean;
  sac: boolean;
  gc: boolean;
  ranks: { ambig: boolean; exact: boolean; weak: boolean };
  refs: boolean;
  fixed: boolean;
  alignConfigurable: boolean;
  formatted: boolean;
  headers: boolean;
  moving: boolean;
  finalizable: boolean;
}

const FORMATTED = new Set<ClassName>(["AMC", "AMCZ", "AMS", "AMSDebug", "AWL", "LO", "SNC"]);

function code(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (isMpsError(e)) return e.code;
    throw e;
  }
}

/** Fill an object of `nslots` slots through `ap` (a formatted pool) or just reserve the bytes. */
function apAlloc(arena: Arena, ap: AP, formatted: boolean, nslots: number): number {
  const size = testObjectSize(nslots);
  let p: number;
  let obj: number;
  do {
    p = ap.reserve(size);
    obj = formatted ? initTestObject(arena.mem, p, 0, 1, nslots, true) : p;
  } while (!ap.commit(p, size));
  return obj;
}

function factsOf(name: ClassName): Facts {
  const klass = PoolClass[name] as unknown as Parameters<Arena["createPool"]>[0];
  const arena = Arena.create(ArenaClass.VM, { arenaSize: 32 << 20 });
  const formatted = FORMATTED.has(name);
  const format = arena.createFormat(testFormat(arena.mem, 0));
  const base = (extra: object = {}): object => (formatted ? { format, ...extra } : name === "MFS" ? { mfsUnitSize: 16, ...extra } : { ...extra });
  const pools: Pool[] = [];
  const aps: AP[] = [];
  const make = (opts: object): Pool => {
    const pool = arena.createPool(klass, opts as never) as Pool;
    pools.push(pool);
    return pool;
  };
  try {
    const pool = make(base());
    const attrs = pool.attrs;
    let p = 0;
    const alloc = code(() => (p = pool.alloc(16))) !== "UNIMPL";
    let ap: AP | undefined;
    const apOk = code(() => aps.push((ap = pool.createAp()))) !== "UNIMPL";
    if (!alloc) p = apAlloc(arena, ap!, formatted, 2);
    // Frames: the declaration says whether the class manages memory with them
    // (SNC); a class may also accept them and do nothing (AMC, PoolTrivFramePush).
    let framesAccepted = false;
    if (apOk) {
      let frame = 0;
      framesAccepted = code(() => (frame = ap!.framePush())) !== "UNIMPL";
      if (framesAccepted) ap!.framePop(frame);
    }
    const frames = attrs.frames;
    // finalize before free: a freed block cannot be asked about.
    const finalizable = code(() => arena.finalize(p)) === undefined;
    if (finalizable) arena.definalize(p);
    const free = code(() => pool.free(p, 16)) !== "UNIMPL";
    let sac = false;
    const c = code(() => SAC.create(pool, [{ blockSize: 16, cachedCount: 4, frequency: 1 }]).destroy());
    if (c !== "UNIMPL") {
      expect(c).toBeUndefined();
      sac = true;
    }
    // Which ranks an allocation point takes and keeps (a class with no references ignores the option).
    const rankOk = (rank: Rank): boolean => {
      if (!apOk) return false;
      let a: AP | undefined;
      const rc = code(() => (a = pool.createAp({ rank })));
      if (rc !== undefined) return false;
      aps.push(a!);
      return (a!.buffer.rankSet() & (1 << rank)) !== 0;
    };
    const ranks = { ambig: rankOk(Rank.AMBIG), exact: rankOk(Rank.EXACT), weak: rankOk(Rank.WEAK) };
    const refs = ranks.ambig || ranks.exact || ranks.weak;
    // Fixed size: a manual pool refuses another size; an allocation point takes two sizes.
    let fixed: boolean;
    if (alloc) fixed = code(() => pool.alloc(48)) === "PARAM";
    else {
      apAlloc(arena, ap!, formatted, 2);
      apAlloc(arena, ap!, formatted, 30);
      fixed = false;
    }
    // The alignment: configurable if `align` is taken as given (without a format, or other than the format's).
    let alignConfigurable = false;
    const ac = code(() => {
      const q = make(base({ align: 16 }));
      alignConfigurable = q.alignment === 16;
    });
    if (ac !== undefined) expect(ac).toBe("PARAM");
    // Formatted: a pool without a format is refused, and the class declares it.
    const formattedFact = code(() => make(name === "MFS" ? { mfsUnitSize: 16 } : {})) === "PARAM" && attrs.format;
    let headers = false;
    if (formattedFact) {
      const hf = arena.createFormat(testFormat(arena.mem, 8));
      headers = code(() => make({ format: hf })) === undefined;
      for (const q of pools.splice(0)) if (q.format === hf) q.destroy();
      else pools.push(q);
      hf.destroy();
    }
    expect(attrs.alloc).toBe(alloc);
    expect(attrs.free).toBe(free);
    expect(attrs.buffer).toBe(apOk);
    if (frames) expect(framesAccepted).toBe(true);
    expect(attrs.scannable).toBe(refs);
    return {
      alloc, free, ap: apOk, frames, sac, gc: attrs.gc, ranks, refs, fixed, alignConfigurable, formatted: formattedFact, headers, moving: attrs.moving, finalizable,
    };
  } finally {
    arena.park();
    for (const a of aps) a.destroy();
    for (const q of pools) q.destroy();
    format.destroy();
    arena.destroy();
  }
}

const yn = (b: boolean): string => (b ? "yes" : "no");

/** The cell each checked row must have, from the facts; rows not here are not checked. */
const CHECKED: Record<string, (f: Facts) => string> = {
  "supports pool.alloc": (f) => yn(f.alloc),
  "supports pool.free": (f) => yn(f.free),
  "supports allocation points": (f) => yn(f.ap),
  "manages memory using allocation frames": (f) => yn(f.frames),
  "supports segregated allocation caches": (f) => yn(f.sac),
  "timing of collections": (f) => (f.gc ? "automatic" : "—"),
  "may contain references": (f) => yn(f.refs),
  "may contain exact references": (f) => (f.refs ? yn(f.ranks.exact) : "—"),
  "may contain ambiguous references": (f) => (f.refs ? yn(f.ranks.ambig) : "—"),
  "may contain weak references": (f) => (f.refs ? yn(f.ranks.weak) : "—"),
  "allocations fixed or variable in size": (f) => (f.fixed ? "fixed" : "variable"),
  alignment: (f) => (f.alignConfigurable ? "configurable" : "the format's"),
  "blocks are automatically managed": (f) => yn(f.gc),
  "blocks are manually managed": (f) => yn(!f.gc),
  "blocks are scanned": (f) => yn(f.refs),
  "blocks may be protected by barriers": (f) => yn(f.refs),
  "blocks may move": (f) => yn(f.moving),
  "blocks may be finalized": (f) => yn(f.finalizable),
  "blocks must be formatted": (f) => yn(f.formatted),
  "blocks may use in-band headers": (f) => (f.formatted ? yn(f.headers) : "—"),
};

/** Rows the page says cannot be checked (no declaration, and no behaviour a short test can see). */
const UNCHECKED = [
  "dependent objects",
  "may use remote references",
  "blocks are promoted between generations",
  "blocks support base pointers only",
  "blocks support internal pointers",
  "memory is returned to the arena before the pool is destroyed",
];

/** The start of a cell: its first word or two, before any explanation in brackets. */
function head(cell: string): string {
  const c = cell.replace(/`/g, "").trim();
  for (const w of ["automatic", "the format's", "configurable", "variable", "fixed", "yes", "no", "—"]) if (c.startsWith(w)) return w;
  return c;
}

describe("docs/pool/index.md: the pool class properties table", () => {
  const { classes, rows } = parseTable();

  it("has a column for every class of PoolClass, and only those", () => {
    expect([...classes].sort()).toEqual(Object.keys(PoolClass).sort());
  });

  it("has every row either checked here or named as unchecked on the page", () => {
    const page = readFileSync(INDEX, "utf8").replace(/\s+/g, " ");
    for (const r of rows.keys()) expect(r in CHECKED || UNCHECKED.includes(r), r).toBe(true);
    for (const r of UNCHECKED) {
      expect(rows.has(r), r).toBe(true);
      expect(page).toContain(`"${r}"`);
    }
  });

  for (const name of Object.keys(PoolClass) as ClassName[]) {
    it(`${name}: every checked cell agrees with the code`, () => {
      const f = factsOf(name);
      const wrong: string[] = [];
      for (const [row, want] of Object.entries(CHECKED)) {
        // At rash a manual pool's alloc checks no size, so a fixed size cannot be seen there.
        if (CHECK_LEVEL === "rash" && row === "allocations fixed or variable in size") continue;
        const cell = rows.get(row)?.get(name);
        if (cell === undefined) throw new Error(`no cell for ${row} / ${name}`);
        if (head(cell) !== want(f)) wrong.push(`${row}: the table says "${cell}", the code "${want(f)}"`);
      }
      expect(wrong).toEqual([]);
    });
  }
});

describe("docs/pool/choosing.md", () => {
  it("the example runs", () => {
    const arena = Arena.create(ArenaClass.VM, { arenaSize: 16 << 20 });

    // Blocks of one size, freed by the program: MFS. It has alloc and free, no allocation points.
    const nodes = arena.createPool(PoolClass.MFS, { mfsUnitSize: 24 });
    assert.equal(nodes.attrs.alloc && nodes.attrs.free, true);
    const n = nodes.alloc(24);
    nodes.free(n, 24);
    assert.throws(() => nodes.createAp(), (e) => isMpsError(e, "UNIMPL"));

    // Blocks of many sizes with clustered lifetimes: MVT, through allocation points only.
    const buffers = arena.createPool(PoolClass.MVT, {});
    assert.equal(buffers.attrs.alloc, false);
    assert.throws(() => buffers.alloc(64), (e) => isMpsError(e, "UNIMPL"));
    const ap = buffers.createAp();
    let p: number;
    do p = ap.reserve(64);
    while (!ap.commit(p, 64));
    buffers.free(p, 64);

    ap.destroy();
    buffers.destroy();
    nodes.destroy();
    arena.destroy();
  });

  it("links every class of PoolClass", () => {
    const page = readFileSync(fileURLToPath(new URL("../../../docs/pool/choosing.md", import.meta.url)), "utf8");
    for (const name of Object.keys(PoolClass)) expect(page, name).toMatch(new RegExp(`\\[${name}\\]\\(`));
  });
});
