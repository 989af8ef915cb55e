/**
 * The command line: `mps-scheme [options] [file.scm | demo]`. With no file
 * it runs the REPL on stdin; with a file it runs the file; `demo` runs the
 * bundled demo and prints what the collector did.
 * See docs/design/example-scheme.md `.impl.cli`.
 * .critical: none.
 */

import { readFileSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { telemetry } from "@mps/mps";
import { Interp, type InterpOptions } from "./interp.js";
import { parse } from "./reader.js";
import { ExitRequest } from "./primitives.js";
import { runDemo } from "./demo.js";
import { SchemeError } from "./errors.js";

const USAGE = `usage: mps-scheme [options] [file.scm | demo]
  --arena-size BYTES       address space of the arena (default 32m; suffixes k, m)
  --pool amc|ams           pool class for ordinary objects (default amc)
  --protection none|software  protection backend (default none)
  --telemetry              turn on the MPS's telemetry (arena, pool and trace events)
  --collect-every-form     collect after every top-level form
  --help                   this text
With no file, read-eval-print on standard input.`;

/** Parse a size such as 32m or 4096. */
function parseSize(s: string): number {
  const m = /^(\d+)([kmg]?)$/i.exec(s);
  if (m === null) throw new SchemeError(`bad size: ${s}`);
  const unit = { "": 1, k: 1024, m: 1 << 20, g: 1 << 30 }[m[2]!.toLowerCase()]!;
  return Number(m[1]) * unit;
}

/**
 * Where the command line reads and writes: the process's streams by default.
 * @public
 */
export interface CliIO {
  /** Standard output. */
  out: (s: string) => void;
  /** Standard error. */
  err: (s: string) => void;
  /** Lines of standard input, for the REPL. */
  lines: () => AsyncIterable<string>;
  /** Whether input is a terminal (then the REPL prompts). */
  tty: boolean;
}

const processIO: CliIO = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  lines: () => createInterface({ input: process.stdin, terminal: false }),
  tty: process.stdin.isTTY === true,
};

/**
 * Run the command line with its arguments (without node and the script); returns the exit code.
 * @public
 */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        "arena-size": { type: "string" },
        pool: { type: "string" },
        protection: { type: "string" },
        telemetry: { type: "boolean" },
        "collect-every-form": { type: "boolean" },
        help: { type: "boolean" },
      },
    }));
  } catch (e) {
    io.err(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help === true) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  const opts: InterpOptions = {
    write: io.out,
    readFile: (p) => {
      try {
        return readFileSync(p, "utf8");
      } catch {
        throw new SchemeError(`cannot read ${p}`);
      }
    },
    writeFile: (p, text) => writeFileSync(p, text),
  };
  try {
    if (values["arena-size"] !== undefined) opts.arenaSize = parseSize(values["arena-size"] as string);
  } catch (e) {
    io.err(`${(e as Error).message}\n`);
    return 2;
  }
  const pool = values.pool ?? "amc";
  if (pool !== "amc" && pool !== "ams") {
    io.err(`--pool must be amc or ams, not ${String(pool)}\n`);
    return 2;
  }
  opts.pool = pool;
  const protection = values.protection ?? "none";
  if (protection !== "none" && protection !== "software") {
    io.err(`--protection must be none or software, not ${String(protection)}\n`);
    return 2;
  }
  opts.protection = protection;
  opts.collectEveryForm = values["collect-every-form"] === true;
  if (values.telemetry === true) telemetry.set(1 | 2 | 4); // arena, pool and trace events
  try {
    if (positionals[0] === "demo") {
      runDemo(opts, io.out);
      return 0;
    }
    const interp = new Interp(opts);
    try {
      if (positionals.length > 0) {
        const ok = interp.evalText(opts.readFile!(positionals[0]!), { print: false, stopOnError: true });
        return ok ? 0 : 1;
      }
      await repl(interp, io);
      return 0;
    } finally {
      interp.destroy();
    }
  } catch (e) {
    if (e instanceof ExitRequest) return e.code;
    if (e instanceof SchemeError) {
      io.err(`Error: ${e.message}\n`);
      return 1;
    }
    throw e;
  } finally {
    if (values.telemetry === true) telemetry.flush();
  }
}

/** Read forms from stdin, a line at a time, until each is complete; evaluate and print. */
async function repl(interp: Interp, io: CliIO): Promise<void> {
  let pending = "";
  const prompt = (): void => {
    if (io.tty) io.out(pending === "" ? "> " : "  ");
  };
  prompt();
  for await (const line of io.lines()) {
    pending += `${line}\n`;
    try {
      parse(pending);
    } catch (e) {
      if ((e as { incomplete?: boolean }).incomplete === true) {
        prompt();
        continue;
      }
    }
    const text = pending;
    pending = "";
    interp.evalText(text, { print: true, stopOnError: true }); // (exit) throws ExitRequest, which main turns into the code
    prompt();
  }
  if (pending.trim() !== "") interp.evalText(pending, { print: true, stopOnError: true });
}

