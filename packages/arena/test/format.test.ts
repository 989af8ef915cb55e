import { describe, expect, it } from "vitest";
import { ALIGN_DEFAULT, CHECKING, MpsAssertionError, SIG_INVALID, describeToString, type ObjectFormat, type ScanState } from "@mps/mpm";
import { mpsErrorOf } from "@mps/mpm/test-util";
import { Format, FormatList, FormatMethod, SIG_FORMAT, SIG_FORMAT_LIST, createFormat, type FormatArena, type FormatOpts } from "../src/format.js";

function fakeArena(): FormatArena {
  return { formats: new FormatList() };
}

function expectParam(f: () => unknown, message?: RegExp): void {
  const e = mpsErrorOf(f);
  expect(e?.code).toBe("PARAM");
  if (message) expect(e?.message).toMatch(message);
}

// A toy format in the shape of fmtdy.c's: the first word of an object is
// its size in bytes; a forwarding object has size | 1 in its first word
// and the new address in its second.
const mem = new Uint32Array(64);
const toyFormat: FormatOpts = {
  fmtAlign: 8,
  fmtScan: (ss: ScanState, base: number, limit: number) => {
    for (let p = base; p < limit; p += mem[p >>> 2]! & ~1) ss.fix(mem[(p + 4) >>> 2]!);
  },
  fmtSkip: (addr) => addr + (mem[addr >>> 2]! & ~1),
  fmtFwd: (old, to) => {
    mem[old >>> 2] = mem[old >>> 2]! | 1;
    mem[(old + 4) >>> 2] = to;
  },
  fmtIsfwd: (addr) => ((mem[addr >>> 2]! & 1) !== 0 ? mem[(addr + 4) >>> 2]! : 0),
  fmtPad: (addr, size) => {
    mem[addr >>> 2] = size;
  },
};

describe("createFormat", () => {
  it(".req.format.options: a format keeps the client's methods and alignment, and checks", () => {
    const arena = fakeArena();
    const f = createFormat(arena, toyFormat);
    expect(f.sig).toBe(SIG_FORMAT);
    expect(f.arena).toBe(arena);
    expect(f.align).toBe(8);
    expect(f.headerSize).toBe(0);
    expect(f.poolCount).toBe(0);
    expect(f.skip).toBe(toyFormat.fmtSkip);
    expect(f.methods).toBe(FormatMethod.SCAN | FormatMethod.SKIP | FormatMethod.FWD | FormatMethod.ISFWD | FormatMethod.PAD);
    expect(arena.formats.has(f)).toBe(true);
    expect(f.check()).toBe(true);
    expect(arena.formats.check()).toBe(true);
    // It is the ObjectFormat that pools and segments see.
    const seen: ObjectFormat = f;
    mem[0] = 16;
    seen.fwd(0, 32);
    expect(seen.isfwd(0)).toBe(32);
    expect(seen.skip(0)).toBe(16);
  });

  it(".req.format.options: every option is optional; the defaults are the MPS's", () => {
    const f = createFormat(fakeArena());
    expect(f.align).toBe(ALIGN_DEFAULT);
    expect(f.headerSize).toBe(0);
    expect(f.methods).toBe(0);
    expect(f.klass(1234)).toBe(0);
    // The stand-ins for missing methods report an assertion if a pool reaches them.
    expect(() => f.scan({} as ScanState, 8, 16)).toThrow(MpsAssertionError);
    expect(() => f.skip(8)).toThrow(MpsAssertionError);
    expect(() => f.fwd(8, 16)).toThrow(MpsAssertionError);
    expect(() => f.isfwd(8)).toThrow(MpsAssertionError);
    expect(() => f.pad(8, 8)).toThrow(MpsAssertionError);
  });

  it(".req.format.options: alignments 1 to 2^31 and header sizes from 0 are allowed; a class method is kept", () => {
    const arena = fakeArena();
    for (const a of [1, 2, 4, 8, 4096, 2 ** 31]) expect(createFormat(arena, { fmtAlign: a }).align).toBe(a);
    expect(createFormat(arena, { fmtHeaderSize: 12 }).headerSize).toBe(12);
    const klass = (addr: number): number => addr + 1;
    const f = createFormat(arena, { fmtClass: klass });
    expect(f.klass(7)).toBe(8);
    expect(f.has(FormatMethod.CLASS)).toBe(true);
    const serials = new Set<number>();
    arena.formats.forEach((x) => serials.add(x.serial));
    expect(serials.size).toBe(arena.formats.size);
  });

  it(".req.format.options: bad options are PARAM and create nothing (argerr 4-7)", () => {
    const arena = fakeArena();
    const bad: [unknown, RegExp][] = [
      [{ fmtAlign: 0 }, /fmtAlign/],
      [{ fmtAlign: 3 }, /fmtAlign/],
      [{ fmtAlign: -8 }, /fmtAlign/],
      [{ fmtAlign: 2 ** 32 }, /fmtAlign/],
      [{ fmtAlign: 8.5 }, /fmtAlign/],
      [{ fmtAlign: "8" }, /fmtAlign/],
      [{ fmtHeaderSize: -4 }, /fmtHeaderSize/],
      [{ fmtHeaderSize: 1.5 }, /fmtHeaderSize/],
      [{ fmtHeaderSize: 2 ** 31 }, /fmtHeaderSize/],
      [{ fmtScan: 1 }, /fmtScan must be a function/],
      [{ fmtSkip: "skip" }, /fmtSkip/],
      [{ fmtFwd: {} }, /fmtFwd/],
      [{ fmtIsfwd: null }, /fmtIsfwd/],
      [{ fmtPad: true }, /fmtPad/],
      [{ fmtClass: 0 }, /fmtClass/],
      [{ fmtscan: toyFormat.fmtScan }, /unknown option "fmtscan"/],
      [null, /options must be an object/],
      ["fmt", /options must be an object/],
    ];
    for (const [opts, message] of bad) expectParam(() => createFormat(arena, opts as FormatOpts), message);
    expect(arena.formats.size).toBe(0);
    expectParam(() => createFormat({} as FormatArena), /FormatList/);
  });
});

describe("format use by pools", () => {
  it(".req.format.require: require names the methods a pool class needs and the format lacks", () => {
    const f = createFormat(fakeArena(), { fmtScan: toyFormat.fmtScan!, fmtSkip: toyFormat.fmtSkip! });
    expect(f.has(FormatMethod.SCAN | FormatMethod.SKIP)).toBe(true);
    expect(f.has(FormatMethod.SCAN | FormatMethod.PAD)).toBe(false);
    f.require(FormatMethod.SCAN | FormatMethod.SKIP, "LO");
    expectParam(
      () => f.require(FormatMethod.SCAN | FormatMethod.SKIP | FormatMethod.FWD | FormatMethod.ISFWD | FormatMethod.PAD, "AMC"),
      /^PARAM: AMC needs a format with fmtFwd, fmtIsfwd, fmtPad$/,
    );
  });

  it(".req.format.use-count: attach and detach count the pools using a format", () => {
    const f = createFormat(fakeArena(), toyFormat);
    f.attach();
    f.attach();
    expect(f.poolCount).toBe(2);
    f.detach();
    expect(f.poolCount).toBe(1);
    f.detach();
    expect(f.poolCount).toBe(0);
    if (CHECKING) expect(() => f.detach()).toThrow(MpsAssertionError);
  });

  it(".req.format.destroy: a format no pool uses can be destroyed", () => {
    const arena = fakeArena();
    const f = createFormat(arena, toyFormat);
    f.destroy();
    expect(f.sig).toBe(SIG_INVALID);
    expect(arena.formats.size).toBe(0);
    expect(describeToString(f)).toMatch(/destroyed/);
  });

  it(".req.format.destroy: destroying a format a pool uses is PARAM and changes nothing (conerr 12)", () => {
    const arena = fakeArena();
    const f = createFormat(arena, toyFormat);
    f.attach();
    expectParam(() => f.destroy(), /still used by 1 pool/);
    expect(f.sig).toBe(SIG_FORMAT);
    expect(arena.formats.has(f)).toBe(true);
    f.detach();
    f.destroy();
  });

  it(".req.format.destroy: destroying twice, or requiring a destroyed format, is PARAM at every checking level (mpm.md .check.rash)", () => {
    const f = createFormat(fakeArena(), toyFormat);
    f.destroy();
    expectParam(() => f.destroy(), /destroyed/);
    expectParam(() => f.require(FormatMethod.SCAN, "AMS"), /destroyed/);
  });

  it.skipIf(!CHECKING)(".req.format.destroy: destroying twice, or using a destroyed format, is PARAM (conerr 11)", () => {
    const f = createFormat(fakeArena(), toyFormat);
    f.destroy();
    expectParam(() => f.destroy(), /destroyed/);
    expectParam(() => f.attach(), /destroyed/);
    expectParam(() => f.detach(), /destroyed/);
    expectParam(() => f.require(FormatMethod.SCAN, "AMS"), /destroyed/);
    expect(() => f.check()).toThrow(MpsAssertionError);
  });

  it(".req.lists.finish: the format list refuses to finish while formats remain (conerr 5, 9)", () => {
    const arena = fakeArena();
    const f = createFormat(arena, toyFormat);
    expectParam(() => arena.formats.finish(), /1 format\(s\) not destroyed/);
    expect(arena.formats.sig).toBe(SIG_FORMAT_LIST);
    f.destroy();
    arena.formats.finish();
    expect(arena.formats.sig).toBe(SIG_INVALID);
    expectParam(() => createFormat(arena, toyFormat), /destroyed/);
    if (CHECKING) expectParam(() => arena.formats.finish(), /already finished/);
  });

  it(".format.describe: describe shows the alignment, header and methods supplied", () => {
    const arena = fakeArena();
    createFormat(arena, { fmtAlign: 16, fmtHeaderSize: 4, fmtSkip: toyFormat.fmtSkip! });
    const text = describeToString(arena.formats);
    expect(text).toMatch(/FormatList \(1 formats\)/);
    expect(text).toMatch(/align 16/);
    expect(text).toMatch(/headerSize 4/);
    expect(text).toMatch(/methods fmtSkip/);
  });

  it(".format.check: a format whose count went negative fails its check", () => {
    const f: Format = createFormat(fakeArena(), toyFormat);
    f.poolCount = -1;
    expect(() => f.check()).toThrow(MpsAssertionError);
  });
});
