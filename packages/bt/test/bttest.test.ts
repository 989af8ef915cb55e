// A port of the MPS's interactive bit-table test (bttest.c, design.mps.bt
// .test.bttest): a little command language over one table, driven here by a
// script with the transcript it must produce. Commands:
//   c <n>            create a table of n bits (all reset)
//   d                destroy the table
//   s <i> / r <i>    set / reset bit i
//   g <i>            print TRUE or FALSE
//   sr / rr [<b> <l>]  set / reset [b, l), the whole table by default
//   is / ir [<b> <l>]  print whether [b, l) is all set / all reset
//   f / fh / fl / flh <len> [<b> <l>]
//                    find a run of len reset bits, from the low end, from the
//                    high end, all of the lowest run, all of the highest run;
//                    print "b - l" or FALSE
//   p                print the table, O for set and . for reset
// Where bttest.c checked the arguments itself, this port lets the package's
// PARAM errors speak.
import { describe, expect, it } from "vitest";
import { isMpsError } from "@mps/mpm";
import {
  type BT,
  BTRange,
  btCreate,
  btFindLongResRange,
  btFindLongResRangeHigh,
  btFindShortResRange,
  btFindShortResRangeHigh,
  btGet,
  btIsResRange,
  btIsSetRange,
  btRes,
  btResRange,
  btSet,
  btSetRange,
} from "../src/index.js";

class Session {
  private bt: BT | null = null;
  private size = 0;
  private readonly r = new BTRange();
  readonly out: string[] = [];

  run(script: string): string[] {
    for (const line of script.trim().split("\n")) this.obey(line.trim());
    return this.out;
  }

  private obey(line: string): void {
    const [cmd, ...rest] = line.split(/\s+/);
    const args = rest.map(Number);
    try {
      this.command(cmd!, args);
    } catch (e) {
      if (!isMpsError(e, "PARAM")) throw e;
      this.out.push("PARAM");
    }
  }

  private table(): BT {
    if (this.bt === null) throw new Error("no BT");
    return this.bt;
  }

  /** The range from args[k], args[k + 1], or the whole table. */
  private range(args: number[], k: number): [number, number] {
    return args.length > k ? [args[k]!, args[k + 1]!] : [0, this.size];
  }

  private command(cmd: string, args: number[]): void {
    const say = (s: string | boolean): void => void this.out.push(s === true ? "TRUE" : s === false ? "FALSE" : s);
    switch (cmd) {
      case "c":
        this.bt = btCreate(args[0]!);
        this.size = args[0]!;
        return;
      case "d":
        if (this.bt === null) say("no BT to destroy");
        this.bt = null;
        return;
      case "s":
        return btSet(this.table(), args[0]!);
      case "r":
        return btRes(this.table(), args[0]!);
      case "g":
        return say(btGet(this.table(), args[0]!));
      case "sr":
        return btSetRange(this.table(), ...this.range(args, 0));
      case "rr":
        return btResRange(this.table(), ...this.range(args, 0));
      case "is":
        return say(btIsSetRange(this.table(), ...this.range(args, 0)));
      case "ir":
        return say(btIsResRange(this.table(), ...this.range(args, 0)));
      case "f":
      case "fh":
      case "fl":
      case "flh": {
        const find = { f: btFindShortResRange, fh: btFindShortResRangeHigh, fl: btFindLongResRange, flh: btFindLongResRangeHigh }[cmd];
        const [b, l] = this.range(args, 1);
        return say(find(this.table(), b, l, args[0]!, this.r) < 0 ? false : `${this.r.base} - ${this.r.limit}`);
      }
      case "p": {
        let s = "";
        for (let i = 0; i < this.size; i++) s += btGet(this.table(), i) ? "O" : ".";
        return say(s);
      }
      default:
        return say("command not understood");
    }
  }
}

describe(".test.bttest: the MPS interactive test, scripted", () => {
  it(".test.bttest .req.ops: a session of sets, resets, tests and finds", () => {
    const transcript = new Session().run(`
      c 40
      s 3
      sr 10 20
      p
      g 3
      g 4
      is 10 20
      is 9 20
      ir 20 40
      ir
      f 5
      fh 5
      fl 5
      fl 7
      flh 5
      f 7 0 26
      f 6 0 26
      fh 3 0 20
      fl 1 0 3
      r 3
      fl 4
      flh 4 0 20
      sr 39 40
      fh 1
      flh 2
      p
      rr
      f 40
      fl 1
      p
    `);
    expect(transcript).toEqual([
      `${".".repeat(3)}O${".".repeat(6)}${"O".repeat(10)}${".".repeat(20)}`,
      "TRUE", // g 3
      "FALSE", // g 4
      "TRUE", // is 10 20
      "FALSE", // is 9 20
      "TRUE", // ir 20 40
      "FALSE", // ir
      "4 - 9", // f 5: the reset runs are [0, 3), [4, 10) and [20, 40)
      "35 - 40", // fh 5
      "4 - 10", // fl 5
      "20 - 40", // fl 7
      "20 - 40", // flh 5
      "FALSE", // f 7 0 26
      "4 - 10", // f 6 0 26
      "7 - 10", // fh 3 0 20
      "0 - 3", // fl 1 0 3
      "0 - 10", // fl 4: [0, 10) after r 3
      "0 - 10", // flh 4 0 20
      "38 - 39", // fh 1 after sr 39 40
      "20 - 39", // flh 2
      `${".".repeat(10)}${"O".repeat(10)}${".".repeat(19)}O`,
      "0 - 40", // f 40 after rr
      "0 - 40", // fl 1
      ".".repeat(40),
    ]);
  });

  it(".test.bttest .req.param: what bttest refused, the package refuses with PARAM", () => {
    const transcript = new Session().run(`
      c 0
      c 40
      g 40
      g 64
      s -1
      r 1.5
      sr 5 4
      sr 0 65
      is 3 2
      f 0
      f 41
      f 11 0 10
      fh 1 20 20
      q
      d
      d
    `);
    expect(transcript).toEqual([
      "PARAM", // c 0: a table of no bits
      // c 40 makes a table of 40 bits in 2 words: its capacity is 64 bits.
      "FALSE", // g 40: bit 40 is in the capacity (bttest.c said "out of range")
      "PARAM", // g 64: beyond the capacity
      "PARAM", // s -1
      "PARAM", // r 1.5
      "PARAM", // sr 5 4: base above limit
      "PARAM", // sr 0 65: beyond the capacity
      "PARAM", // is 3 2
      "PARAM", // f 0: length 0
      "PARAM", // f 41: longer than the table
      "PARAM", // f 11 0 10: longer than the search range
      "PARAM", // fh 1 20 20: an empty search range
      "command not understood", // q
      "no BT to destroy", // the second d
    ]);
  });
});
