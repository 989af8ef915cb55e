import { describe, expect, it } from "vitest";
import { defaultOptions, OptionError, parseGcbenchArgs, usage } from "../src/options.js";

const parse = (...a: string[]) => parseGcbenchArgs(a, 99);

describe("options: gcbench's command line", () => {
  it(".if.options: no arguments give gcbench's defaults and the seed passed in", () => {
    const o = parse();
    expect(o).toEqual(defaultOptions(99));
    expect(o).toMatchObject({ niter: 5, npass: 10, width: 2, depth: 20, preuse: 0.2, pupdate: 0.1, arenaSize: 256 << 20, seedSpecified: false });
  });
  // .req.options
  it(".if.options: the short letters of gcbench.c", () => {
    const o = parse("-t", "1", "-i", "20", "-p", "3", "-g", "500K,0.85", "-g", "20M,0.45", "-m", "64M", "-a", "8K", "-w", "8", "-d", "7",
      "-r", "0.5", "-u", "0", "-l", "-x", "1234", "-z", "-P", "0.01", "-S", "0.5", "amc", "ams");
    expect(o).toMatchObject({
      nthreads: 1, niter: 20, npass: 3, gen: [{ capacity: 500, mortality: 0.85 }, { capacity: 20480, mortality: 0.45 }],
      arenaSize: 64 << 20, arenaGrainSize: 8192, width: 8, depth: 7, preuse: 0.5, pupdate: 0, pinLeaf: true, seed: 1234,
      seedSpecified: true, zoned: false, pauseTime: 0.01, spare: 0.5, tests: ["amc", "ams"],
    });
  });
  // .req.options
  it(".if.options: the long names, and --protection and --verify", () => {
    const o = parse("--niter=2", "--depth=3", "--gen=1G,0.5", "--arena-unzoned", "--pin-leaf", "--protection=software", "--clock=wall", "--verify", "ams");
    expect(o).toMatchObject({ niter: 2, depth: 3, gen: [{ capacity: 1 << 20, mortality: 0.5 }], zoned: false, pinLeaf: true, protection: "software", clock: "wall", verify: true, tests: ["ams"] });
  });
  it(".if.options: --heap-growth sets the arena's heap-growth factor, at least 1; none means no rule", () => {
    expect(parse().heapGrowth).toBe(Infinity);
    expect(parse("--heap-growth=1.5").heapGrowth).toBe(1.5);
    expect(() => parse("--heap-growth=0.5")).toThrow(/heap-growth/);
    expect(() => parse("--heap-growth=x")).toThrow(/heap-growth/);
    expect(usage()).toContain("--heap-growth");
  });
  it(".if.options: -h asks for the usage, which names every letter", () => {
    expect(parse("-h").help).toBe(true);
    const u = usage();
    for (const l of "mtipgwdrulxzPS") expect(u).toContain(`-${l}`);
  });
  // .req.options
  it(".if.options.errors: bad input throws OptionError naming the option", () => {
    const bad: [string[], RegExp][] = [
      [["-q"], /Unknown option/],
      [["-i", "x"], /-i: expected a non-negative integer/],
      [["-i", "-3"], /-i/],
      [["-d", "2.5"], /-d/],
      [["-d", "20000"], /-d: depth 20000 is too large/],
      [["-t", "2"], /only one thread/],
      [["-g", "500,0.85"], /bad gen format/],
      [["-g", "0K,0.5"], /bad gen format/],
      [["-g", "5K,"], /bad gen format/],
      [["-g", "5K,1.5"], /bad gen format/],
      [["-m", "12Q"], /-m: bad size/],
      [["-m", "0"], /-m: the arena size/],
      [["-a", "3000"], /power of two/],
      [["-r", "1.5"], /-r: 1.5 is outside/],
      [["-u", "abc"], /-u: expected a number/],
      [["-x", "0"], /-x: the seed/],
      [["-x", "2147483647"], /-x: the seed/],
      [["-P", "-1"], /-P/],
      [["-S", "2"], /-S/],
      [["--protection=mprotect"], /--protection/],
      [["--clock=tsc"], /--clock/],
      [["mvff"], /unknown pool test "mvff"/],
      [["awl"], /AWL is not built/],
      [["-i"], /argument missing/],
    ];
    for (const [args, msg] of bad) {
      let err: unknown;
      try {
        parse(...args);
      } catch (e) {
        err = e;
      }
      expect(err, args.join(" ")).toBeInstanceOf(OptionError);
      expect((err as Error).message, args.join(" ")).toMatch(msg);
    }
  });
});
