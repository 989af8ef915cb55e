import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CHECKING, MpsAssertionError, SIG_INVALID, describeToString } from "@mps/mpm";
import { mpsErrorOf } from "@mps/mpm/test-util";
import {
  CHAIN_DEFAULT, Chain, ChainList, GEN_CAPACITY_MAX, GenDesc, MORTALITY_ALPHA, PoolGen, SIG_CHAIN, SIG_CHAIN_LIST, SIG_GEN_DESC,
  SIG_POOL_GEN, createChain, type ChainArena, type GenParam, type PoolGenPool,
} from "../src/chain.js";

const GRAIN = 4096;
const KiB = 1024;

function fakeArena(): ChainArena {
  return { chains: new ChainList() };
}
const pool: PoolGenPool = { arena: { grainSize: GRAIN } };

function expectParam(f: () => unknown, message?: RegExp): void {
  const e = mpsErrorOf(f);
  expect(e?.code).toBe("PARAM");
  if (message) expect(e?.message).toMatch(message);
}

/** A pool generation holding `size` bytes of new memory in one segment. */
function poolGenWithNew(gen: GenDesc, size: number): PoolGen {
  const pgen = new PoolGen(gen, pool);
  const seg = Math.max(GRAIN, Math.ceil(size / GRAIN) * GRAIN);
  pgen.accountForAlloc(seg);
  pgen.accountForFill(size);
  pgen.accountForEmpty(size, 0, false);
  return pgen;
}

describe("createChain", () => {
  it(".req.chain.params: a chain has one generation per parameter, capacities in bytes, and checks", () => {
    const arena = fakeArena();
    const chain = createChain(arena, [{ capacity: 1024, mortality: 0.8 }, { capacity: 2048, mortality: 0.4 }]);
    expect(chain.sig).toBe(SIG_CHAIN);
    expect(chain.arena).toBe(arena);
    expect(chain.genCount).toBe(2);
    expect(chain.gen(0).capacity).toBe(1024 * KiB);
    expect(chain.gen(0).mortality).toBe(0.8);
    expect(chain.gen(1).capacity).toBe(2048 * KiB);
    expect(chain.gen(0).sig).toBe(SIG_GEN_DESC);
    expect(chain.gen(0).zones).toBe(0);
    expect(arena.chains.size).toBe(1);
    expect(arena.chains.has(chain)).toBe(true);
    expect(chain.check()).toBe(true);
    expect(arena.chains.check()).toBe(true);
  });

  it(".req.chain.top: generation genCount is the arena's top generation, shared by every chain", () => {
    const arena = fakeArena();
    const a = createChain(arena, [{ capacity: 1, mortality: 0 }]);
    const b = createChain(arena, CHAIN_DEFAULT);
    expect(a.gen(1)).toBe(arena.chains.topGen);
    expect(b.gen(2)).toBe(arena.chains.topGen);
    const serials = [arena.chains.topGen, a.gen(0), b.gen(0), b.gen(1)].map((g) => g.serial);
    expect(new Set(serials).size).toBe(4);
  });

  it(".req.chain.params: the default chain is the MPS's: 8 MiB at 0.85, 36 MiB at 0.45", () => {
    const chain = createChain(fakeArena(), CHAIN_DEFAULT);
    expect(chain.gens.map((g) => [g.capacity, g.mortality])).toEqual([[8 << 20, 0.85], [36 << 20, 0.45]]);
  });

  it(".req.chain.params: edge values are allowed (capacity 1 KiB and the maximum, mortality 0 and 1)", () => {
    const chain = createChain(fakeArena(), [{ capacity: 1, mortality: 0 }, { capacity: GEN_CAPACITY_MAX, mortality: 1 }]);
    expect(chain.gen(1).capacity).toBe(GEN_CAPACITY_MAX * KiB);
    expect(Number.isSafeInteger(chain.gen(1).capacity)).toBe(true);
  });

  it(".req.chain.params: bad parameters are PARAM and create nothing", () => {
    const arena = fakeArena();
    const bad: unknown[] = [
      [],
      "chain",
      undefined,
      [null],
      [7],
      [{ capacity: 0, mortality: 0.5 }],
      [{ capacity: -1, mortality: 0.5 }],
      [{ capacity: 1.5, mortality: 0.5 }],
      [{ capacity: NaN, mortality: 0.5 }],
      [{ capacity: Infinity, mortality: 0.5 }],
      [{ capacity: GEN_CAPACITY_MAX + 1, mortality: 0.5 }],
      [{ capacity: "8", mortality: 0.5 }],
      [{ mortality: 0.5 }],
      [{ capacity: 8, mortality: -0.01 }],
      [{ capacity: 8, mortality: 1.01 }],
      [{ capacity: 8, mortality: NaN }],
      [{ capacity: 8 }],
      [{ capacity: 8, mortality: 0.5 }, { capacity: 0, mortality: 0.5 }],
    ];
    for (const params of bad) expectParam(() => createChain(arena, params as GenParam[]), /createChain/);
    expect(arena.chains.size).toBe(0);
    expectParam(() => createChain({} as ChainArena, CHAIN_DEFAULT), /ChainList/);
  });
});

describe("PoolGen accounting", () => {
  it(".req.chain.accounting: the accounts move as design.mps.strategy says and always balance", () => {
    const chain = createChain(fakeArena(), CHAIN_DEFAULT);
    const gen = chain.gen(0);
    const pgen = new PoolGen(gen, pool);
    expect(pgen.sig).toBe(SIG_POOL_GEN);
    expect(gen.poolGens.has(pgen)).toBe(true);
    pgen.accountForAlloc(4 * GRAIN); // total 16K, free 16K
    pgen.accountForFill(8192); // free 8K, buffered 8K
    pgen.accountForEmpty(6000, 2192, false); // new 6000, free 10384
    expect([pgen.totalSize, pgen.freeSize, pgen.bufferedSize, pgen.newSize]).toEqual([16384, 10384, 0, 6000]);
    expect(gen.newSize()).toBe(6000);
    expect(gen.totalSize()).toBe(16384);
    pgen.accountForFill(4096);
    pgen.accountForAge(4096, 6000, false); // condemned: the buffer and the new memory become old
    expect([pgen.bufferedSize, pgen.newSize, pgen.oldSize]).toEqual([0, 0, 10096]);
    pgen.accountForReclaim(7000, false);
    expect([pgen.oldSize, pgen.freeSize]).toEqual([3096, 13288]);
    expect(pgen.check()).toBe(true);
    pgen.accountForSegSplit();
    expect(pgen.segs).toBe(2);
    pgen.accountForSegMerge();
    pgen.accountForFree(4 * GRAIN, 13288, 3096, 0, false);
    expect([pgen.segs, pgen.totalSize, pgen.freeSize, pgen.oldSize]).toEqual([0, 0, 0, 0]);
    pgen.finish();
    expect(pgen.sig).toBe(SIG_INVALID);
    expect(gen.poolGens.size).toBe(0);
  });

  it(".req.chain.accounting: deferred memory (a ramp) does not count as new until undeferred", () => {
    const gen = createChain(fakeArena(), CHAIN_DEFAULT).gen(0);
    const pgen = new PoolGen(gen, pool);
    pgen.accountForAlloc(GRAIN);
    pgen.accountForFill(GRAIN);
    pgen.accountForEmpty(3000, 1096, true);
    expect(gen.newSize()).toBe(0);
    expect(pgen.newDeferredSize).toBe(3000);
    pgen.accountForAge(0, 1000, true);
    expect(pgen.oldDeferredSize).toBe(1000);
    pgen.undefer(1000, 2000);
    expect(gen.newSize()).toBe(2000);
    expect(pgen.oldSize).toBe(1000);
    expect(pgen.check()).toBe(true);
  });

  it.skipIf(!CHECKING)(".req.chain.accounting: debiting an account that holds too little is an assertion", () => {
    const pgen = new PoolGen(createChain(fakeArena(), CHAIN_DEFAULT).gen(0), pool);
    pgen.accountForAlloc(GRAIN);
    expect(() => pgen.accountForFill(GRAIN + 8)).toThrow(MpsAssertionError);
    expect(() => pgen.accountForEmpty(8, 0, false)).toThrow(MpsAssertionError);
    expect(() => pgen.accountForAge(0, 8, false)).toThrow(MpsAssertionError);
    expect(() => pgen.accountForAge(0, 8, true)).toThrow(MpsAssertionError);
    expect(() => pgen.accountForReclaim(8, false)).toThrow(MpsAssertionError);
    expect(() => pgen.accountForReclaim(8, true)).toThrow(MpsAssertionError);
    expect(() => pgen.undefer(8, 0)).toThrow(MpsAssertionError);
    expect(() => pgen.accountForSegMerge()).toThrow(MpsAssertionError);
    expect(() => pgen.accountForFree(GRAIN, GRAIN - 8, 0, 0, false)).toThrow(MpsAssertionError);
    expect(() => pgen.finish()).toThrow(MpsAssertionError);
    expect(pgen.check()).toBe(true);
  });

  it(".req.chain.accounting: a pool generation whose accounts do not add up fails its check", () => {
    const pgen = new PoolGen(createChain(fakeArena(), CHAIN_DEFAULT).gen(0), pool);
    pgen.accountForAlloc(GRAIN);
    pgen.freeSize -= 8;
    expect(() => pgen.check()).toThrow(MpsAssertionError);
    pgen.freeSize += 8;
    pgen.totalSize = 8;
    pgen.freeSize = 8;
    expect(() => pgen.check()).toThrow(MpsAssertionError); // smaller than a grain per segment
  });

  it.skipIf(!CHECKING)(".chain.poolgen: a PoolGen needs a live generation and a pool with an arena", () => {
    const chain = createChain(fakeArena(), CHAIN_DEFAULT);
    expectParam(() => new PoolGen({} as GenDesc, pool), /GenDesc/);
    expectParam(() => new PoolGen(chain.gen(0), {} as PoolGenPool), /grainSize/);
  });

  it(".req.chain.accounting: random sequences of accounting keep every account non-negative and balanced", () => {
    type Op = { kind: "alloc" | "fill" | "empty" | "age" | "reclaim" | "free"; a: number; b: number; deferred: boolean };
    const opArb: fc.Arbitrary<Op> = fc.record({
      kind: fc.constantFrom("alloc", "fill", "empty", "age", "reclaim", "free"),
      a: fc.nat(1000),
      b: fc.nat(1000),
      deferred: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const gen = createChain(fakeArena(), CHAIN_DEFAULT).gen(0);
        const pgen = new PoolGen(gen, pool);
        const segs: number[] = [];
        for (const op of ops) {
          const frac = (x: number, of: number): number => Math.floor((x / 1000) * of);
          switch (op.kind) {
            case "alloc": {
              const size = GRAIN * (1 + (op.a % 4));
              segs.push(size);
              pgen.accountForAlloc(size);
              break;
            }
            case "fill":
              pgen.accountForFill(frac(op.a, pgen.freeSize));
              break;
            case "empty": {
              const used = frac(op.a, pgen.bufferedSize);
              pgen.accountForEmpty(used, frac(op.b, pgen.bufferedSize - used), op.deferred);
              break;
            }
            case "age":
              pgen.accountForAge(frac(op.a, pgen.bufferedSize), frac(op.b, op.deferred ? pgen.newDeferredSize : pgen.newSize), op.deferred);
              break;
            case "reclaim":
              pgen.accountForReclaim(frac(op.a, op.deferred ? pgen.oldDeferredSize : pgen.oldSize), op.deferred);
              break;
            case "free": {
              // Free a segment only when its whole size is free, so the parts add up.
              const i = segs.findIndex((s) => s <= pgen.freeSize);
              if (i >= 0 && !op.deferred) {
                pgen.accountForFree(segs[i]!, segs[i]!, 0, 0, false);
                segs.splice(i, 1);
              }
              break;
            }
          }
          expect(pgen.check()).toBe(true);
          expect(pgen.segs).toBe(segs.length);
          expect(gen.newSize()).toBe(pgen.newSize);
          for (const v of [pgen.freeSize, pgen.bufferedSize, pgen.newSize, pgen.oldSize, pgen.newDeferredSize, pgen.oldDeferredSize]) {
            expect(v).toBeGreaterThanOrEqual(0);
          }
        }
      }),
    );
  });
});

describe("collection strategy figures", () => {
  it(".req.chain.capacity: a generation whose new size reaches its capacity makes the chain ready to collect", () => {
    const chain = createChain(fakeArena(), [{ capacity: 8, mortality: 0.9 }, { capacity: 16, mortality: 0.5 }]);
    expect(chain.deferral()).toBe(8 * KiB);
    expect(chain.isReadyToCollect()).toBe(false);
    expect(chain.topCondemnedGen()).toBe(-1);
    const p0 = poolGenWithNew(chain.gen(0), 6 * KiB);
    expect(chain.deferral()).toBe(2 * KiB);
    expect(chain.gen(0).isOverCapacity()).toBe(false);
    p0.accountForFill(2 * KiB);
    p0.accountForEmpty(2 * KiB, 0, false);
    expect(chain.gen(0).isOverCapacity()).toBe(true);
    expect(chain.deferral()).toBe(0);
    expect(chain.isReadyToCollect()).toBe(true);
    expect(chain.topCondemnedGen()).toBe(0);
    poolGenWithNew(chain.gen(1), 20 * KiB);
    expect(chain.deferral()).toBe(-4 * KiB);
    expect(chain.topCondemnedGen()).toBe(1);
  });

  it(".req.chain.capacity: the new size of a generation sums every pool using it; old memory does not count", () => {
    const chain = createChain(fakeArena(), [{ capacity: 8, mortality: 0.9 }]);
    const a = poolGenWithNew(chain.gen(0), 3 * KiB);
    poolGenWithNew(chain.gen(0), 4 * KiB);
    expect(chain.gen(0).newSize()).toBe(7 * KiB);
    a.accountForAge(0, 3 * KiB, false);
    expect(chain.gen(0).newSize()).toBe(4 * KiB);
    expect(chain.gen(0).totalSize()).toBe(2 * GRAIN);
  });

  it(".req.chain.capacity: a chain being collected is not ready, however full", () => {
    const chain = createChain(fakeArena(), [{ capacity: 1, mortality: 0.9 }]);
    poolGenWithNew(chain.gen(0), 4 * KiB);
    chain.gen(0).startTrace(0);
    expect(chain.deferral()).toBe(Infinity);
    expect(chain.isReadyToCollect()).toBe(false);
    chain.gen(0).endTrace(0);
    expect(chain.isReadyToCollect()).toBe(true);
  });

  it(".req.chain.mortality: ending a trace folds the observed mortality into the average", () => {
    const gen = createChain(fakeArena(), [{ capacity: 8, mortality: 0.5 }]).gen(0);
    gen.startTrace(0);
    expect(gen.activeTraces).toBe(1);
    gen.condemn(0, 1000);
    gen.survived(0, 100, 100); // 80% died
    gen.endTrace(0);
    expect(gen.activeTraces).toBe(0);
    expect(gen.mortality).toBeCloseTo(0.5 * (1 - MORTALITY_ALPHA) + 0.8 * MORTALITY_ALPHA, 12);
    const before = gen.mortality;
    gen.startTrace(0);
    expect(gen.condemned[0]).toBe(0);
    gen.endTrace(0); // nothing condemned: unchanged
    expect(gen.mortality).toBe(before);
  });

  it(".req.chain.mortality: the average stays in [0, 1] under any observations", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.array(fc.tuple(fc.nat(10000), fc.nat(10000)), { maxLength: 20 }), (m0, obs) => {
        const gen = createChain(fakeArena(), [{ capacity: 8, mortality: m0 }]).gen(0);
        for (const [a, b] of obs) {
          const condemned = Math.max(a, b);
          gen.startTrace(0);
          gen.condemn(0, condemned);
          gen.survived(0, Math.min(a, b), 0);
          gen.endTrace(0);
          expect(gen.mortality).toBeGreaterThanOrEqual(0);
          expect(gen.mortality).toBeLessThanOrEqual(1);
        }
        expect(gen.check()).toBe(true);
      }),
    );
  });

  it.skipIf(!CHECKING)(".chain.trace: trace protocol errors are assertions", () => {
    const gen = createChain(fakeArena(), [{ capacity: 8, mortality: 0.5 }]).gen(0);
    expect(() => gen.endTrace(0)).toThrow(MpsAssertionError);
    expect(() => gen.condemn(0, 8)).toThrow(MpsAssertionError);
    expect(() => gen.survived(0, 8, 0)).toThrow(MpsAssertionError);
    expect(() => gen.startTrace(1)).toThrow(MpsAssertionError); // TRACE_LIMIT is 1
    gen.startTrace(0);
    expect(() => gen.startTrace(0)).toThrow(MpsAssertionError);
    gen.condemn(0, 8);
    gen.survived(0, 16, 0);
    expect(() => gen.endTrace(0)).toThrow(MpsAssertionError); // more survived than condemned
  });

  it(".chain.zones: a generation's zones only grow", () => {
    const gen = createChain(fakeArena(), [{ capacity: 8, mortality: 0.5 }]).gen(0);
    gen.addZones(0b0110);
    gen.addZones(0b1000);
    gen.addZones(0x80000000);
    expect(gen.zones).toBe((0x8000000e) >>> 0);
  });
});

describe("destroying chains", () => {
  it(".req.chain.destroy: a chain no pool uses can be destroyed; its generations are finished", () => {
    const arena = fakeArena();
    const chain = createChain(arena, CHAIN_DEFAULT);
    const gens = [...chain.gens];
    chain.destroy();
    expect(chain.sig).toBe(SIG_INVALID);
    expect(gens.every((g) => g.sig === SIG_INVALID)).toBe(true);
    expect(arena.chains.size).toBe(0);
    expect(describeToString(chain)).toMatch(/destroyed/);
    arena.chains.finish();
    expect(arena.chains.sig).toBe(SIG_INVALID);
  });

  it.skipIf(!CHECKING)(".req.chain.destroy: destroying a chain a pool uses, or one being collected, is PARAM and changes nothing", () => {
    const arena = fakeArena();
    const chain = createChain(arena, CHAIN_DEFAULT);
    const pgen = new PoolGen(chain.gen(1), pool);
    expectParam(() => chain.destroy(), /generation 1 is still used by 1 pool/);
    expect(chain.sig).toBe(SIG_CHAIN);
    expect(arena.chains.has(chain)).toBe(true);
    pgen.finish();
    chain.gen(0).startTrace(0);
    expectParam(() => chain.destroy(), /being collected/);
    expect(chain.check()).toBe(true);
    chain.gen(0).endTrace(0);
    chain.destroy();
  });

  it(".req.chain.destroy: destroying twice is PARAM at every checking level, rash included (mpm.md .check.rash)", () => {
    const chain = createChain(fakeArena(), CHAIN_DEFAULT);
    chain.destroy();
    expectParam(() => chain.destroy(), /destroyed/);
  });

  it.skipIf(!CHECKING)(".req.chain.destroy: destroying twice, or using a destroyed chain, is PARAM", () => {
    const arena = fakeArena();
    const chain = createChain(arena, CHAIN_DEFAULT);
    chain.destroy();
    expectParam(() => chain.destroy(), /destroyed/);
    expectParam(() => chain.gen(0), /destroyed/);
    expectParam(() => chain.deferral(), /destroyed/);
    expectParam(() => chain.topCondemnedGen(), /destroyed/);
    expect(() => chain.check()).toThrow(MpsAssertionError);
  });

  it.skipIf(!CHECKING)(".chain.gen: an index outside [0, genCount] is PARAM", () => {
    const chain = createChain(fakeArena(), CHAIN_DEFAULT);
    for (const i of [-1, 3, 1.5, NaN]) expectParam(() => chain.gen(i), /index/);
  });

  it(".req.lists.finish: the arena's chain list refuses to finish while chains remain or a pool uses the top generation", () => {
    const arena = fakeArena();
    const chain = createChain(arena, CHAIN_DEFAULT);
    expectParam(() => arena.chains.finish(), /1 chain\(s\) not destroyed/);
    expect(arena.chains.sig).toBe(SIG_CHAIN_LIST);
    chain.destroy();
    const top = new PoolGen(arena.chains.topGen, pool);
    expectParam(() => arena.chains.finish(), /top generation/);
    top.finish();
    arena.chains.finish();
    if (CHECKING) {
      expectParam(() => arena.chains.finish(), /already finished/);
      expectParam(() => createChain(arena, CHAIN_DEFAULT), /destroyed/);
    }
  });

  it(".chain.list: forEach visits every chain, and a chain may be destroyed during the visit", () => {
    const arena = fakeArena();
    const made = [createChain(arena, CHAIN_DEFAULT), createChain(arena, CHAIN_DEFAULT), createChain(arena, CHAIN_DEFAULT)];
    const seen: Chain[] = [];
    arena.chains.forEach((c) => {
      seen.push(c);
      c.destroy();
    });
    expect(seen).toEqual(made);
    expect(arena.chains.size).toBe(0);
  });

  it(".chain.describe: describe lists the top generation, chains, generations and pool generations", () => {
    const arena = fakeArena();
    const chain = createChain(arena, [{ capacity: 8, mortality: 0.5 }]);
    poolGenWithNew(chain.gen(0), 100);
    const text = describeToString(arena.chains);
    expect(text).toMatch(/ChainList \(1 chains\)/);
    expect(text).toMatch(/topGen:/);
    expect(text).toMatch(/capacity 8192/);
    expect(text).toMatch(/PoolGen \{ segs 1 total 4096 free 3996 buffered 0 new 100/);
  });
});
