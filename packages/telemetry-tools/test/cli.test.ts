// The mps-telemetry command: each subcommand on a real run's log, run in
// process (mpsTelemetry) and once as a process; progress on a long log;
// bad input (empty, truncated, random bytes, a newer format version, a
// missing file, bad usage); and the Scheme demo's log when its build is there.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { MemoryStream } from "@mps/plinth";
import { EVENT_KIND_OBJECT, Telemetry, eventPoolAlloc } from "@mps/telemetry";
import { EXIT_BAD_LOG, decodeLog, mpsTelemetry, openDatabase } from "../src/index.js";
import { churnLog } from "./support.js";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, "..");
const dir = mkdtempSync(join(tmpdir(), "mps-telemetry-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const status = await mpsTelemetry(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { status, out, err };
}

const churn = churnLog({ pool: "amc" });
const logPath = join(dir, "churn.log");
writeFileSync(logPath, churn.bytes);
const events = decodeLog(churn.bytes).events;

describe("mps-telemetry", () => {
  it(".if.cli.text: prints one line per event", async () => {
    const r = await run("text", logPath);
    expect([r.status, r.err]).toEqual([0, ""]);
    expect(r.out.trimEnd().split("\n").length).toBe(events.length);
    expect(r.out).toContain("[cons cells]");
  });

  it(".if.cli.json: prints one JSON object per line", async () => {
    const r = await run("json", logPath);
    expect(r.status).toBe(0);
    const lines = r.out.trimEnd().split("\n").map((l) => JSON.parse(l) as { name: string });
    expect(lines.map((l) => l.name)).toEqual(events.map((e) => e.name));
  });

  it(".if.cli.sql: makes the database, then appends under a new run id", async () => {
    const db = join(dir, "churn.db");
    const r1 = await run("sql", logPath, db);
    expect(r1.status).toBe(0);
    expect(r1.err).toContain("as run 1");
    const r2 = await run("sql", "--quiet", logPath, db);
    expect([r2.status, r2.err]).toEqual([0, ""]);
    const d = await openDatabase(db);
    expect(d.exec("SELECT run_id, count(*) FROM collections GROUP BY run_id")[0]!.values).toEqual([[1, churn.messages.length], [2, churn.messages.length]]);
    d.close();
  });

  it(".if.cli.timeline: writes the HTML page, or the SVG with --svg", async () => {
    const html = join(dir, "t.html");
    const svg = join(dir, "t.svg");
    expect((await run("timeline", logPath, html)).status).toBe(0);
    expect((await run("timeline", "--svg", "--width", "900", "--title", "churn", logPath, svg)).status).toBe(0);
    const h = readFileSync(html, "utf8");
    const s = readFileSync(svg, "utf8");
    expect(h.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(s.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="900"')).toBe(true);
    expect(s).toContain(">churn</text>");
    for (const x of [h, s]) expect((x.match(/<rect class="collection"/g) ?? []).length).toBe(churn.messages.length);
    const bad = await run("timeline", "--width", "12", logPath, html);
    expect(bad.status).toBe(1);
    expect(bad.err).toContain("width must be an integer");
  });

  it(".if.cli.summary: collections and sizes as the GC messages say", async () => {
    const r = await run("summary", logPath);
    expect(r.status).toBe(0);
    expect(r.out).toContain(`collections: ${churn.messages.length} (${churn.messages.length} finished)`);
    expect(r.out).toContain(`condemned ${churn.messages.reduce((s, m) => s + m.condemned, 0)} bytes`);
    expect(r.out).toContain(`survived ${churn.messages.reduce((s, m) => s + m.live, 0)} bytes`);
  });

  // .req.progress
  it(".if.cli.progress: a long conversion reports its progress on stderr; --quiet silences it", async () => {
    const stream = new MemoryStream();
    const tel = new Telemetry({ stream, control: EVENT_KIND_OBJECT, bufferSize: 1 << 20 });
    for (let i = 0; i < 120_000; i++) eventPoolAlloc(tel, 1, 8 * i, 8);
    tel.flush();
    const big = join(dir, "big.log");
    writeFileSync(big, stream.bytes());
    const n = decodeLog(stream.bytes()).events.length; // ours, the header and the clock syncs
    const r = await run("json", big);
    expect(r.status).toBe(0);
    const lines = r.err.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(lines.length).toBeLessThanOrEqual(11);
    const pcts = lines.map((l) => Number(new RegExp(`^mps-telemetry json: \\d+ of ${n} events \\((\\d+)%\\)$`).exec(l)![1]));
    for (let i = 1; i < pcts.length; i++) expect(Math.floor(pcts[i]! / 10)).toBeGreaterThan(Math.floor(pcts[i - 1]! / 10));
    expect(pcts[pcts.length - 1]).toBe(100);
    expect((await run("text", "--quiet", big)).err).toBe("");
  });

  it(".if.cli.bin: the executable runs as a process and exits with the status", () => {
    const p = spawnSync(process.execPath, ["--import", "tsx", join(pkg, "src", "cli.ts"), "summary", logPath], { cwd: pkg, encoding: "utf8" });
    expect(p.status).toBe(0);
    expect(p.stdout).toContain(`collections: ${churn.messages.length}`);
    const bad = spawnSync(process.execPath, ["--import", "tsx", join(pkg, "src", "cli.ts"), "text", join(dir, "no-such.log")], { cwd: pkg, encoding: "utf8" });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("no-such.log");
  });
});

describe("bad input", () => {
  const write = (name: string, bytes: Uint8Array): string => {
    const p = join(dir, name);
    writeFileSync(p, bytes);
    return p;
  };

  // .req.bad-log
  it(".if.error.empty: an empty file is an error at byte 0 in every converter", async () => {
    const p = write("empty.log", new Uint8Array(0));
    for (const cmd of [["text", p], ["json", p], ["summary", p], ["sql", p, join(dir, "empty.db")], ["timeline", p, join(dir, "empty.html")]]) {
      const r = await run(...cmd);
      expect(r.status).toBe(EXIT_BAD_LOG);
      expect(r.err).toContain("cut short at byte 0 of 0");
      expect(r.err).toContain("empty");
    }
  });

  // .req.bad-log
  it(".if.error.truncated: a log cut inside a record: the events before are converted, the offset is given", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: events.length - 2 }), fc.integer({ min: 1, max: 11 }), async (k, into) => {
        const cutAt = events[k]!.offset + into;
        const p = write("cut.log", churn.bytes.subarray(0, cutAt));
        const r = await run("text", p);
        expect(r.status).toBe(EXIT_BAD_LOG);
        expect(r.err).toContain(`cut short at byte ${events[k]!.offset} of ${cutAt}`);
        expect(r.err).toContain(`the ${k} event(s) before it were converted`);
        expect(r.out.trimEnd().split("\n").length).toBe(k);
      }),
      { numRuns: 20 },
    );
  });

  // .req.bad-log
  it(".if.error.foreign: random bytes are not a telemetry log: byte 0, nothing converted", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 2000 }), async (bytes) => {
        fc.pre(bytes.length < 2 || bytes[0]! !== 0x1d || bytes[1]! !== 0);
        const p = write("random.log", bytes);
        const r = await run("json", p);
        expect(r.status).toBe(EXIT_BAD_LOG);
        expect(r.err).toMatch(/(not a telemetry log|cut short) at byte 0/);
        expect(r.out).toBe("");
      }),
      { numRuns: 30 },
    );
  });

  // .req.bad-log
  it(".if.error.version: a log of a newer format version says so, at the header's offset", async () => {
    const bytes = Uint8Array.from(churn.bytes);
    new DataView(bytes.buffer).setUint32(12, 2, true); // the header's major version
    const r = await run("summary", write("newer.log", bytes));
    expect(r.status).toBe(EXIT_BAD_LOG);
    expect(r.err).toContain("a log of another format version (this tool reads 1.0.x) at byte 0");
    expect(r.err).toContain("version is 2.0.0");
    expect(r.out).toContain("collections: 0");
  });

  it(".if.error.usage: no subcommand, an unknown one, a missing argument or file: status 1 and a message", async () => {
    expect((await run()).status).toBe(1);
    const u = await run("frobnicate", logPath);
    expect(u.status).toBe(1);
    expect(u.err).toContain("unknown command");
    expect((await run("sql", logPath)).status).toBe(1);
    const m = await run("summary", join(dir, "missing.log"));
    expect(m.status).toBe(1);
    expect(m.err).toContain("ENOENT");
    expect((await run("--help")).status).toBe(0);
  });
});

const schemeMain = join(pkg, "..", "example-scheme", "dist", "main.js");
const haveScheme = existsSync(schemeMain);

describe("the Scheme demo", () => {
  it.skipIf(!haveScheme)(`.test.scheme: mps-telemetry reads the log of the Scheme demo${haveScheme ? "" : " (skipped: build @mps/example-scheme first: pnpm turbo run build --filter=@mps/example-scheme)"}`, async () => {
    const log = join(dir, "scheme.log");
    const p = spawnSync(process.execPath, [schemeMain, "--telemetry", "demo"], { env: { ...process.env, MPS_TELEMETRY_FILENAME: log, MPS_TELEMETRY_CONTROL: "" }, encoding: "utf8", timeout: 120_000 });
    expect(p.status).toBe(0);
    const gcs = /(\d+) collections?/.exec(p.stdout);
    const s = await run("summary", log);
    expect(s.status).toBe(0);
    const n = Number(/collections: (\d+)/.exec(s.out)![1]);
    expect(n).toBeGreaterThan(0);
    if (gcs !== null) expect(n).toBe(Number(gcs[1]));
    for (const cmd of [["text", log], ["json", log], ["sql", "--quiet", log, join(dir, "scheme.db")], ["timeline", log, join(dir, "scheme.html")]]) {
      expect((await run(...cmd)).status).toBe(0);
    }
    expect((readFileSync(join(dir, "scheme.html"), "utf8").match(/<rect class="collection"/g) ?? []).length).toBe(n);
  });
});
