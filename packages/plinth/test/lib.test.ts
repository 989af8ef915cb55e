// The library calls: copy, fill and compare against a model, on both sides of
// the loop/bulk crossover; bad blocks are PARAM and change nothing.
import { afterEach, describe, expect, it, vi } from "vitest";
import fc from "fast-check";
import { CHECKING } from "@mps/mpm";
import { codeOf } from "@mps/mpm/test-util";
import {
  ConsoleStream, LIB_LOOP_MAX, libGetenv, libMemcmp, libMemcpy, libMemset, libStderr, libStdout,
} from "../src/index.js";

const SIZE = 512;

function filled(seed: number, n = SIZE): Uint8Array {
  const a = new Uint8Array(n);
  for (let i = 0; i < n; i++) a[i] = (i * 31 + seed * 7) & 0xff;
  return a;
}

// A block [base, base + size) inside memory of SIZE bytes, sizes on both sides of the crossover.
const block = fc.integer({ min: 0, max: 3 * LIB_LOOP_MAX }).chain((size) =>
  fc.integer({ min: 0, max: SIZE - size }).map((base) => ({ base, size })),
);

describe("libMemcpy", () => {
  it(".req.lib: copies between two memories like the model", () => {
    fc.assert(
      fc.property(block, fc.integer({ min: 0, max: SIZE }), fc.integer({ min: 0, max: 255 }), (src, d, seed) => {
        const dest = Math.min(d, SIZE - src.size);
        const from = filled(seed);
        const to = filled(seed + 1);
        const model = Array.from(to);
        for (let i = 0; i < src.size; i++) model[dest + i] = from[src.base + i]!;
        libMemcpy(to, dest, from, src.base, src.size);
        expect(Array.from(to)).toEqual(model);
      }),
    );
  });

  it(".req.lib: copies within one memory when the blocks do not overlap", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 * LIB_LOOP_MAX }), fc.integer({ min: 0, max: SIZE }), fc.integer({ min: 0, max: SIZE }), (size, a, b) => {
        const src = Math.min(a, SIZE - size);
        const dest = Math.min(b, SIZE - size);
        fc.pre(size === 0 || dest + size <= src || src + size <= dest);
        const mem = filled(3);
        const model = Array.from(mem);
        for (let i = 0; i < size; i++) model[dest + i] = mem[src + i]!;
        libMemcpy(mem, dest, mem, src, size);
        expect(Array.from(mem)).toEqual(model);
      }),
    );
  });

  it(".req.lib: copies across views of one buffer at different offsets", () => {
    const buf = new ArrayBuffer(256);
    const whole = new Uint8Array(buf);
    whole.set(filled(5, 256));
    const hi = new Uint8Array(buf, 128, 128);
    libMemcpy(hi, 0, whole, 0, 100); // whole[0..100) to whole[128..228)
    expect(Array.from(whole.subarray(128, 228))).toEqual(Array.from(filled(5, 100)));
  });

  it.skipIf(!CHECKING)(".if.lib.memcpy: bad blocks, sizes and overlaps are PARAM and copy nothing", () => {
    const mem = filled(1);
    const other = filled(2, 16);
    const before = Array.from(mem);
    const bad: [number, number, number, Uint8Array][] = [
      [SIZE - 4, 0, 8, mem], // destination runs off the end
      [0, SIZE - 4, 8, mem], // source runs off the end
      [-1, 0, 4, mem],
      [0.5, 0, 4, mem],
      [0, 0, -1, mem],
      [0, 0, 1.5, mem],
      [0, 10, 16, other], // other has 16 bytes
      [0, 4, 8, mem], // overlap
      [100, 100, 1, mem], // the same byte
      [4, 0, 100, mem], // a large overlap
    ];
    for (const [dest, src, size, from] of bad) {
      expect(codeOf(() => libMemcpy(mem, dest, from, src, size))).toBe("PARAM");
    }
    expect(codeOf(() => libMemcpy([] as unknown as Uint8Array, 0, mem, 0, 0))).toBe("PARAM");
    const hi = new Uint8Array(mem.buffer, 8, 64);
    expect(codeOf(() => libMemcpy(hi, 0, mem, 4, 8))).toBe("PARAM"); // views overlapping in one buffer
    expect(Array.from(mem)).toEqual(before);
  });

  it(".if.lib.memcpy: a zero-byte copy at the very end is allowed", () => {
    const mem = filled(1);
    libMemcpy(mem, SIZE, mem, SIZE, 0);
    expect(Array.from(mem)).toEqual(Array.from(filled(1)));
  });
});

describe("libMemset", () => {
  it(".req.lib: fills like the model", () => {
    fc.assert(
      fc.property(block, fc.integer({ min: 0, max: 255 }), ({ base, size }, byte) => {
        const mem = filled(9);
        const model = Array.from(mem);
        for (let i = 0; i < size; i++) model[base + i] = byte;
        libMemset(mem, base, byte, size);
        expect(Array.from(mem)).toEqual(model);
      }),
    );
  });

  it.skipIf(!CHECKING)(".if.lib.memset: a bad byte, size or block is PARAM and writes nothing", () => {
    const mem = filled(1);
    const before = Array.from(mem);
    for (const [dest, byte, size] of [
      [0, 256, 4], [0, -1, 4], [0, 1.5, 4], [SIZE - 2, 0, 4], [-4, 0, 4], [0, 0, -2], [0, 0, NaN],
    ] as const) {
      expect(codeOf(() => libMemset(mem, dest, byte, size))).toBe("PARAM");
    }
    expect(Array.from(mem)).toEqual(before);
  });
});

describe("libMemcmp", () => {
  const sign = (x: number) => (x > 0 ? 1 : x < 0 ? -1 : 0);
  function model(a: Uint8Array, p: number, b: Uint8Array, q: number, n: number): number {
    for (let i = 0; i < n; i++) if (a[p + i] !== b[q + i]) return a[p + i]! - b[q + i]!;
    return 0;
  }

  it(".req.lib: compares bytes as unsigned from the lowest address, like the model", () => {
    fc.assert(
      fc.property(block, fc.integer({ min: 0, max: SIZE }), fc.option(fc.integer({ min: 0, max: 3 * LIB_LOOP_MAX })), (x, q, flip) => {
        const a = filled(4);
        const b = new Uint8Array(a); // equal to begin with
        const p2 = Math.min(q, SIZE - x.size);
        b.set(a.subarray(x.base, x.base + x.size), p2);
        if (flip !== null && flip < x.size) b[p2 + flip] = (b[p2 + flip]! + 128) & 0xff;
        const got = libMemcmp(a, x.base, b, p2, x.size);
        expect(sign(got)).toBe(sign(model(a, x.base, b, p2, x.size)));
        expect(got === 0).toBe(flip === null || flip >= x.size);
      }),
    );
  });

  it(".if.lib.memcmp: 0x80 is greater than 0x7f, and the first difference decides", () => {
    expect(libMemcmp(new Uint8Array([0x80, 0]), 0, new Uint8Array([0x7f, 0xff]), 0, 2)).toBeGreaterThan(0);
    expect(libMemcmp(new Uint8Array([1, 2, 3]), 0, new Uint8Array([1, 3, 0]), 0, 3)).toBeLessThan(0);
    expect(libMemcmp(new Uint8Array([1, 2]), 0, new Uint8Array([1, 2]), 0, 2)).toBe(0);
    const mem = new Uint8Array([5, 5, 5, 5]);
    expect(libMemcmp(mem, 0, mem, 1, 3)).toBe(0); // overlapping blocks are fine
  });

  it.skipIf(!CHECKING)(".if.lib.memcmp: bad blocks are PARAM", () => {
    const mem = filled(1);
    expect(codeOf(() => libMemcmp(mem, SIZE - 1, mem, 0, 2))).toBe("PARAM");
    expect(codeOf(() => libMemcmp(mem, 0, mem, -1, 2))).toBe("PARAM");
    expect(codeOf(() => libMemcmp(mem, 0, mem, 0, -1))).toBe("PARAM");
  });
});

describe("environment and output", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.unstubAllGlobals();
  });

  it(".if.lib.getenv: reads process.env, then a string on globalThis", () => {
    vi.stubEnv("MPS_PLINTH_TEST_VAR", "from env");
    expect(libGetenv("MPS_PLINTH_TEST_VAR")).toBe("from env");
    vi.unstubAllEnvs();
    expect(libGetenv("MPS_PLINTH_TEST_VAR")).toBeUndefined();
    vi.stubGlobal("MPS_PLINTH_TEST_VAR", "from global");
    expect(libGetenv("MPS_PLINTH_TEST_VAR")).toBe("from global");
    vi.stubGlobal("MPS_PLINTH_TEST_VAR", 42);
    expect(libGetenv("MPS_PLINTH_TEST_VAR")).toBeUndefined();
  });

  it(".if.lib.stdout: Node's stdout and stderr are used where there is a process", () => {
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      libStdout().write("hello\n");
      libStderr().write("oops\n");
      expect(out).toHaveBeenCalledWith("hello\n");
      expect(err).toHaveBeenCalledWith("oops\n");
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });

  it(".if.lib.stdout: with no process, text goes to the console a line at a time", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    vi.stubGlobal("process", undefined);
    let out, err;
    try {
      out = libStdout();
      err = libStderr();
    } finally {
      vi.unstubAllGlobals();
    }
    try {
      expect(out).toBeInstanceOf(ConsoleStream);
      out.write("a");
      out.write("b\nc\n");
      err.write("e\n");
      expect(log.mock.calls).toEqual([["ab"], ["c"]]);
      expect(error.mock.calls).toEqual([["e"]]);
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  });
});
