import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  CHECK_LEVEL, CHECKING, COOL, MpsAssertionError, MpsError, RES_CODES, SIG_INVALID, StringStream,
  alignDown, alignUp, assertFail, aver, checkD, checkL, checkS, defineSig, describeToString, isAligned, isMpsError, isPow2,
  log2, paramError, setAssertionHandler, sigFinish, sigName, unimpl, zoneOf, zoneSetComp, zoneSetCount, zoneSetDiff,
  zoneSetHasAddr, zoneSetInter, zoneSetIsMember, zoneSetOfRange, zoneSetSingle, zoneSetSub, zoneSetUnion, ZONE_SET_EMPTY, ZONE_SET_UNIV,
} from "../src/index.js";

describe("checking level", () => {
  it(".req.level: is read from MPS_CHECK (the test config sets cool unless told otherwise)", () => {
    expect(CHECK_LEVEL).toBe(process.env["MPS_CHECK"]);
    expect(COOL).toBe(CHECK_LEVEL === "cool");
  });
});

describe("MpsError", () => {
  it(".req.res: carries the MPS result name", () => {
    const e = new MpsError("RESOURCE", "no nodes left");
    expect(e.code).toBe("RESOURCE");
    expect(e.message).toBe("RESOURCE: no nodes left");
    expect(isMpsError(e, "RESOURCE")).toBe(true);
    expect(isMpsError(e, "PARAM")).toBe(false);
    expect(RES_CODES).toEqual(["FAIL", "RESOURCE", "MEMORY", "LIMIT", "UNIMPL", "IO", "COMMIT_LIMIT", "PARAM"]);
  });
  it("has throwing helpers", () => {
    expect(() => paramError("size 0")).toThrow(expect.objectContaining({ code: "PARAM" }));
    expect(() => unimpl("AMCPool.free")).toThrow("UNIMPL: AMCPool.free is not implemented");
  });
});

describe("assertions", () => {
  it.runIf(CHECKING)("throw MpsAssertionError by default", () => {
    expect(() => aver(false, "x > 0")).toThrow(MpsAssertionError);
    expect(() => aver(true, () => { throw new Error("message built on success"); })).not.toThrow();
  });
  it(".req.hook: go through an installed handler, which may choose to continue", () => {
    const seen: string[] = [];
    const old = setAssertionHandler((c, l) => { seen.push(`${c}@${l}`); });
    try {
      assertFail("bad", "here");
      aver(false, () => "lazy");
    } finally {
      setAssertionHandler(old);
    }
    expect(seen).toEqual(CHECKING ? ["bad@here", "lazy@"] : ["bad@here"]);
  });
  it.runIf(!CHECKING)("are skipped at rash", () => {
    expect(() => aver(false, "x > 0")).not.toThrow();
  });
});

describe("signatures and checks", () => {
  const SIG_THING = defineSig("Thing", 0x519a1b2c);
  it(".req.sig: are unique", () => {
    expect(defineSig("Thing", 0x519a1b2c)).toBe(SIG_THING);
    expect(() => defineSig("Other", 0x519a1b2c)).toThrow(/already used by Thing/);
    expect(sigName(SIG_INVALID)).toBe("INVALID");
  });
  it(".req.sig: catch use after finish", () => {
    const t = { sig: SIG_THING, n: 1 };
    expect(checkS(t, SIG_THING, "t")).toBe(true);
    sigFinish(t);
    expect(() => checkS(t, SIG_THING, "t")).toThrow(/expected Thing, found INVALID/);
    expect(() => checkS(undefined, SIG_THING, "t")).toThrow(/found undefined/);
    expect(() => checkL(false, "n > 0")).toThrow(/n > 0/);
  });
  it("checkD recurses only at cool", () => {
    let called = 0;
    checkD({ sig: SIG_THING }, SIG_THING, () => { called++; return true; }, "child");
    expect(called).toBe(COOL ? 1 : 0);
  });
});

describe("alignment", () => {
  it(".req.addr: rounds to powers of two across the 32-bit range", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 2 ** 16 }), fc.integer({ min: 0, max: 15 }), (x, k) => {
        const a = 2 ** k;
        const up = alignUp(x, a), down = alignDown(x, a);
        expect(up % a).toBe(0);
        expect(down % a).toBe(0);
        expect(up - x).toBeGreaterThanOrEqual(0);
        expect(up - x).toBeLessThan(a);
        expect(x - down).toBeGreaterThanOrEqual(0);
        expect(x - down).toBeLessThan(a);
        expect(isAligned(x, a)).toBe(x % a === 0);
      }),
    );
  });
  it("knows powers of two", () => {
    expect([1, 2, 4096, 2 ** 31, 2 ** 32].every(isPow2)).toBe(true);
    expect([0, 3, -4, 0.5, 6144, 2 ** 32 + 1].some(isPow2)).toBe(false);
    expect(log2(4096)).toBe(12);
  });
});

describe("zone sets", () => {
  const shift = 20;
  it("have set operations", () => {
    const a = zoneSetUnion(zoneSetSingle(0), zoneSetSingle(31));
    expect(a).toBe(0x80000001);
    expect(zoneSetIsMember(a, 31)).toBe(true);
    expect(zoneSetCount(a)).toBe(2);
    expect(zoneSetCount(ZONE_SET_UNIV)).toBe(32);
    expect(zoneSetInter(a, zoneSetSingle(31))).toBe(0x80000000);
    expect(zoneSetDiff(a, zoneSetSingle(31))).toBe(1);
    expect(zoneSetComp(ZONE_SET_EMPTY)).toBe(ZONE_SET_UNIV);
    expect(zoneSetSub(zoneSetSingle(3), a)).toBe(false);
  });
  it(".req.zone: zoneSetOfRange matches the zones of every address (sampled)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 2 ** 27 }), fc.integer({ min: 12, max: 24 }), (base, len, sh) => {
        const limit = Math.min(2 ** 32, base + len);
        const stripe = 2 ** sh;
        let want = 0;
        // The model walks every stripe the range touches (at most 2^27 / 2^12 + 1 of them).
        if (limit > base) for (let a = base - (base % stripe); a < limit; a += stripe) want = (want | zoneSetSingle(zoneOf(a, sh))) >>> 0;
        expect(zoneSetOfRange(base, limit, sh)).toBe(want);
      }),
    );
  });
  it(".req.zone: zoneSetOfRange: a range shorter than 32 stripes that touches 33 of them has every zone", () => {
    const sh = 22, stripe = 2 ** sh;
    const base = 339 * stripe + 1000, limit = base + 31 * stripe + stripe / 2;
    expect(zoneSetOfRange(base, limit, sh)).toBe(ZONE_SET_UNIV);
    expect(zoneSetOfRange(base, base + 31 * stripe - 2000, sh)).toBe(zoneSetComp(zoneSetSingle(18)));
  });
  it("answers the MPS_FIX1 question", () => {
    const white = zoneSetSingle(zoneOf(0x00300000, shift));
    expect(zoneSetHasAddr(white, 0x00300010, shift)).toBe(true);
    expect(zoneSetHasAddr(white, 0x00400010, shift)).toBe(false);
  });
});

describe("describe", () => {
  it("collects text", () => {
    const s = new StringStream();
    s.write("a");
    s.write("b");
    expect(s.toString()).toBe("ab");
    expect(describeToString({ describe: (st, d = 0) => st.write(`${" ".repeat(d)}hi`) })).toBe("hi");
  });
});

describe("test-util and alloc failures", () => {
  it("codeOf and mpsErrorOf report MpsErrors and rethrow anything else", async () => {
    const { codeOf, mpsErrorOf } = await import("../src/test-util.js");
    expect(codeOf(() => paramError("x"))).toBe("PARAM");
    expect(codeOf(() => 1)).toBeUndefined();
    expect(() => codeOf(() => { throw new TypeError("not ours"); })).toThrow(TypeError);
    expect(mpsErrorOf(() => unimpl("f"))?.message).toBe("UNIMPL: f is not implemented");
  });
  it("isAllocFailure is RESOURCE, MEMORY or COMMIT_LIMIT", async () => {
    const { isAllocFailure } = await import("../src/index.js");
    expect(["RESOURCE", "MEMORY", "COMMIT_LIMIT"].every((c) => isAllocFailure(new MpsError(c as "RESOURCE", "")))).toBe(true);
    expect(isAllocFailure(new MpsError("PARAM", ""))).toBe(false);
    expect(isAllocFailure(new Error("x"))).toBe(false);
  });
  it(".req.addr: addrHex shows the top of the address space", async () => {
    const { addrHex } = await import("../src/index.js");
    expect(addrHex(2 ** 32)).toBe("0x100000000");
    expect(addrHex(0x1000)).toBe("0x00001000");
  });
});

describe("ranks and trace sets", () => {
  it("rank sets and trace sets are bit sets", async () => {
    const m = await import("../src/index.js");
    expect([m.Rank.AMBIG, m.Rank.EXACT, m.Rank.FINAL, m.Rank.WEAK]).toEqual([0, 1, 2, 3]);
    expect(m.rankSetIsMember(m.rankSetSingle(m.Rank.WEAK), m.Rank.WEAK)).toBe(true);
    expect(m.rankSetIsMember(m.rankSetSingle(m.Rank.WEAK), m.Rank.EXACT)).toBe(false);
    expect(m.RANK_SET_UNIV).toBe(15);
    expect(m.isRank(4)).toBe(false);
    expect(m.isRankSet(16)).toBe(false);
    expect(m.rankName(m.Rank.EXACT)).toBe("EXACT");
    const ts = m.traceSetAdd(m.TRACE_SET_EMPTY, 0);
    expect(m.traceSetIsMember(ts, 0)).toBe(true);
    expect(m.traceSetDel(ts, 0)).toBe(m.TRACE_SET_EMPTY);
    expect(m.TRACE_SET_UNIV).toBe(1);
  });
});

describe("byCheckLevel", () => {
  it(".check.cost: picks the version written for the level in force", async () => {
    const { byCheckLevel, CHECK_LEVEL } = await import("../src/index.js");
    expect(byCheckLevel("cool", "hot", "rash")).toBe(CHECK_LEVEL);
  });
});
