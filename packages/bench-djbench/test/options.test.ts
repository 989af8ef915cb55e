import { describe, expect, it } from "vitest";
import { ALLOCATOR_NAMES, DJ_DEFAULTS, DJ_USAGE, DjUsageError, describeWorkload, djCommandLine, parseDjArgs } from "../src/options.js";
import { djMain } from "../src/main.js";

function usageError(argv: string[]): string {
  try {
    parseDjArgs(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(DjUsageError);
    return (e as Error).message;
  }
  throw new Error(`parseDjArgs(${JSON.stringify(argv)}) did not throw`);
}

describe("options", () => {
  it(".req.options: the defaults are djbench's", () => {
    const { options: o, allocators, help } = parseDjArgs([]);
    expect(o).toMatchObject({ niter: 50, npass: 100, nblocks: 64, sshift: 18, pact: 0.2, rinter: 75, rmax: 10, nthreads: 1, arenaSize: 256 << 20, arenaZoned: true, seedGiven: false });
    expect(o.arenaGrainSize).toBeUndefined();
    expect(o.spare).toBeUndefined();
    expect(allocators).toEqual([...ALLOCATOR_NAMES]);
    expect(help).toBe(false);
  });

  it(".req.options: djbench's short letters set every option", () => {
    const { options: o, allocators } = parseDjArgs(["-i", "10", "-p", "7", "-b", "128", "-s", "6", "-c", "0.5", "-r", "3", "-d", "2", "-x", "1564912146", "-m", "64M", "-a", "8K", "-z", "-S", "0.25", "-t", "1", "mvff", "mvt"]);
    expect(o).toMatchObject({ niter: 10, npass: 7, nblocks: 128, sshift: 6, pact: 0.5, rinter: 3, rmax: 2, seed: 1564912146, seedGiven: true, arenaSize: 64 << 20, arenaGrainSize: 8192, arenaZoned: false, spare: 0.25 });
    expect(allocators).toEqual(["mvff", "mvt"]);
  });

  it(".req.options: the long names work too, and a leading -- is skipped", () => {
    const { options: o, allocators } = parseDjArgs(["--", "--niter=3", "--npass", "4", "--nblocks=5", "--sshift=7", "--pact=1", "--rinter=0", "--rmax=0", "--seed=9", "--arena-size=1G", "--arena-unzoned", "tlsf"]);
    expect(o).toMatchObject({ niter: 3, npass: 4, nblocks: 5, sshift: 7, pact: 1, rinter: 0, rmax: 0, seed: 9, arenaSize: 2 ** 30, arenaZoned: false });
    expect(allocators).toEqual(["tlsf"]);
  });

  it(".req.options: -h asks for help", () => {
    expect(parseDjArgs(["-h"]).help).toBe(true);
  });

  it(".req.options.errors: an unknown option is refused by name", () => {
    expect(usageError(["-q"])).toMatch(/Unknown option '-q'/);
    expect(usageError(["--frobnicate"])).toMatch(/Unknown option '--frobnicate'/);
  });

  it(".req.options.errors: a missing value is refused", () => {
    expect(usageError(["-i"])).toMatch(/-i/);
  });

  it(".req.options.errors: malformed numbers are refused with the option and the text", () => {
    expect(usageError(["-i", "10x"])).toBe(`-i/--niter: expected a whole number, not "10x"`);
    expect(usageError(["-b", "-3"])).toMatch(/-b/);
    expect(usageError(["-c", "lots"])).toBe(`-c/--pact: expected a number from 0 to 1, not "lots"`);
    expect(usageError(["-m", "12Q"])).toMatch(/^-m\/--arena-size: expected a size like 256M/);
    expect(usageError(["-x", "abc"])).toMatch(/^-x\/--seed: expected a whole number from 1 to 2147483646/);
  });

  it(".req.options.errors: values out of range are refused", () => {
    expect(usageError(["-s", "0"])).toBe("-s/--sshift: must be from 1 to 27, not 0");
    expect(usageError(["-s", "28"])).toBe("-s/--sshift: must be from 1 to 27, not 28");
    expect(usageError(["-c", "1.5"])).toBe("-c/--pact: must be from 0 to 1, not 1.5");
    expect(usageError(["-b", "0"])).toBe("-b/--nblocks: must be from 1 to 4194304, not 0");
    expect(usageError(["-x", "0"])).toMatch(/-x\/--seed/);
    expect(usageError(["-x", "2147483647"])).toMatch(/-x\/--seed/);
    expect(usageError(["-S", "2"])).toBe("-S/--spare: must be from 0 to 1, not 2");
    expect(usageError(["-b", "4194304", "-d", "10"])).toMatch(/at most 2\^24/);
  });

  it(".req.options.errors: more than one thread is refused, saying why", () => {
    expect(usageError(["-t", "2"])).toMatch(/only 1 thread is supported/);
  });

  it(".req.options.errors: an unknown allocator is refused with the known names", () => {
    expect(usageError(["mvff", "an"])).toBe(`unknown allocator "an" (known: ${ALLOCATOR_NAMES.join(", ")})`);
  });

  it(".req.workload.print: the description names every option, and the command line reproduces it", () => {
    const { options } = parseDjArgs(["-i", "10", "-s", "6", "-x", "42"]);
    const d = describeWorkload(options);
    for (const part of ["10 iteration(s)", "100 passes", "64 slots", "probability 0.2", "% 6", "1..254", "every 75 passes", "depth 10", "seed 42"]) expect(d).toContain(part);
    expect(parseDjArgs(djCommandLine(options).split(" ")).options).toEqual(options);
    expect(DJ_DEFAULTS.niter).toBe(50);
  });

  it(".if.main: a usage error prints the message and the usage and exits 2", async () => {
    const out: string[] = [];
    const err: string[] = [];
    expect(await djMain(["-s", "0"], (s) => out.push(s), (s) => err.push(s))).toBe(2);
    expect(err[0]).toBe("djbench: -s/--sshift: must be from 1 to 27, not 0");
    expect(err[1]).toBe(DJ_USAGE);
    expect(out).toEqual([]);
    expect(await djMain(["-h"], (s) => out.push(s), (s) => err.push(s))).toBe(0);
    expect(out).toEqual([DJ_USAGE]);
  });
});
