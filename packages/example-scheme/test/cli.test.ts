// The command line: options, the file runner, the REPL over lines of input, the demo.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main, type CliIO } from "../src/cli.js";

function io(input: string[] = []): CliIO & { stdout: () => string; stderr: () => string } {
  let out = "";
  let err = "";
  return {
    out: (s) => { out += s; },
    err: (s) => { err += s; },
    lines: async function* () { yield* input; },
    tty: false,
    stdout: () => out,
    stderr: () => err,
  };
}

// .req.cli
describe(".impl.cli: the command line", () => {
  it("bad options are refused with exit code 2", async () => {
    for (const args of [["--pool", "lo"], ["--protection", "page"], ["--arena-size", "lots"], ["--nonsense"]]) {
      const x = io();
      expect(await main(args, x)).toBe(2);
      expect(x.stderr()).not.toBe("");
    }
    const h = io();
    expect(await main(["--help"], h)).toBe(0);
    expect(h.stdout()).toMatch(/--collect-every-form/);
  });

  it(".req.pools: runs a file with every option; an error stops it with exit code 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mps-scheme-"));
    const good = join(dir, "good.scm");
    writeFileSync(good, "(define (f n) (if (= n 0) 0 (+ n (f (- n 1))))) (display (f 100)) (newline)");
    for (const extra of [[], ["--pool", "ams"], ["--protection", "software"], ["--collect-every-form"], ["--arena-size", "4m"]]) {
      const x = io();
      expect(await main([...extra, good], x)).toBe(0);
      expect(x.stdout()).toBe("5050\n");
    }
    const bad = join(dir, "bad.scm");
    writeFileSync(bad, "(display 1) (car 2) (display 3)");
    const x = io();
    expect(await main([bad], x)).toBe(1);
    expect(x.stdout()).toBe("1Error: car: not a pair: 2\n  in: (car 2)\n");
    const missing = io();
    expect(await main([join(dir, "none.scm")], missing)).toBe(1);
  });

  it("the REPL reads forms across lines, prints values, survives errors, and exits with (exit n)", async () => {
    const x = io(["(define (sq x)", "  (* x x))", "(sq 7) (car '())", "(sq", "8)", "(exit 4)", "(display 'unreached)"]);
    expect(await main([], x)).toBe(4);
    expect(x.stdout()).toBe("49\nError: car: not a pair: ()\n  in: (car '())\n64\n");
  });

  it("the demo runs and reports what the collector did", async () => {
    const x = io();
    expect(await main(["demo"], x)).toBe(0);
    const out = x.stdout();
    expect(out).toMatch(/hash table: 500 keys all found/);
    expect(out).toMatch(/long-lived tree still has 16384 nodes/);
    expect(out).toMatch(/\d+ collections; [\d.]+ MiB allocated/);
    expect(out).toMatch(/nursery generation/);
    expect(out).toMatch(/Pauses/);
  }, 300_000);
});
