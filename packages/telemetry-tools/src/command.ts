/**
 * The `mps-telemetry` command: its subcommands (`text`, `json`, `sql`,
 * `timeline`, `summary`) parsed with commander, written so that tests can run
 * it in process with their own output streams.
 * See docs/design/telemetry-tools.md `.if.cli`.
 * .critical: none (a command-line tool).
 */

import { writeFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { logErrorMessage, readLogFile, type Progress, type ToolLog } from "./log.js";
import { loadIntoDatabase, openDatabase, saveDatabase } from "./sql.js";
import { summaryText } from "./summary.js";
import { writeJsonLines, writeText } from "./text.js";
import { timelineHtml, timelineSvg } from "./timeline.js";

/**
 * Where the command writes: its output and its messages (progress, errors).
 * @public
 */
export interface CommandIO {
  /** Standard output. */
  stdout: (s: string) => void;
  /** Standard error: progress and errors. */
  stderr: (s: string) => void;
}

/**
 * The exit status when the log could not be read to its end (the events
 * before the bad record were still converted).
 * @public
 */
export const EXIT_BAD_LOG = 2;

/** Logs with at least this many events report progress (unless `--quiet`). */
const PROGRESS_MIN_EVENTS = 100_000;

function progressTo(io: CommandIO, log: ToolLog, quiet: boolean, what: string): Progress | undefined {
  if (quiet || log.events.length < PROGRESS_MIN_EVENTS) return undefined;
  let lastTenth = 0;
  return (done, total) => {
    const pct = Math.floor((100 * done) / Math.max(1, total));
    // A line each time another tenth is done, and at the end: enough to see it move without flooding a log file.
    if (Math.floor(pct / 10) <= lastTenth && done !== total) return;
    lastTenth = Math.floor(pct / 10);
    io.stderr(`mps-telemetry ${what}: ${done} of ${total} events (${pct}%)\n`);
  };
}

/** Read the log, saying so on stderr if it is bad; returns the status the command ends with. */
function readLog(io: CommandIO, path: string): { log: ToolLog; status: number } {
  const log = readLogFile(path);
  const msg = logErrorMessage(log);
  if (msg !== undefined) io.stderr(`mps-telemetry: ${msg}\n`);
  return { log, status: msg === undefined ? 0 : EXIT_BAD_LOG };
}

/**
 * Run `mps-telemetry` with the arguments `argv` (without the program name:
 * `["text", "run.log"]`), writing to `io`; resolves to the exit status: 0,
 * 1 for a usage or file error, {@link EXIT_BAD_LOG} for a log that is cut
 * short, foreign, of another version or corrupt (the events before the bad
 * record are converted all the same).
 * @public
 */
export async function mpsTelemetry(argv: readonly string[], io: CommandIO): Promise<number> {
  let status = 0;
  const program = new Command("mps-telemetry")
    .description("Read MPS telemetry logs: convert them to text, JSON lines or SQLite, summarise them, draw their timeline.")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();
  program
    .command("text")
    .description("one event a line: time in seconds, name, parameters with labels and interned strings resolved")
    .argument("<log>", "the telemetry log")
    .option("-q, --quiet", "no progress on stderr")
    .action((path: string, o: { quiet?: boolean }) => {
      const r = readLog(io, path);
      writeText(r.log, io.stdout, withProgress(progressTo(io, r.log, o.quiet === true, "text")));
      status = r.status;
    });
  program
    .command("json")
    .description("JSON lines, one event each")
    .argument("<log>", "the telemetry log")
    .option("-q, --quiet", "no progress on stderr")
    .action((path: string, o: { quiet?: boolean }) => {
      const r = readLog(io, path);
      writeJsonLines(r.log, io.stdout, withProgress(progressTo(io, r.log, o.quiet === true, "json")));
      status = r.status;
    });
  program
    .command("sql")
    .description("load the events into a SQLite database (appended under a new run id)")
    .argument("<log>", "the telemetry log")
    .argument("<db>", "the SQLite database file, made if it does not exist")
    .option("-q, --quiet", "no progress on stderr")
    .action(async (path: string, dbPath: string, o: { quiet?: boolean }) => {
      const r = readLog(io, path);
      const db = await openDatabase(dbPath);
      try {
        const res = loadIntoDatabase(db, r.log, withProgress(progressTo(io, r.log, o.quiet === true, "sql")));
        saveDatabase(db, dbPath);
        if (o.quiet !== true) io.stderr(`mps-telemetry sql: ${res.rows} events of ${path} loaded into ${dbPath} as run ${res.runId}\n`);
      } finally {
        db.close();
      }
      status = r.status;
    });
  program
    .command("timeline")
    .description("draw the timeline as a self-contained HTML page (or an SVG picture with --svg)")
    .argument("<log>", "the telemetry log")
    .argument("<out>", "the HTML (or SVG) file to write")
    .option("--svg", "write a static SVG picture instead of a page")
    .option("--width <pixels>", "the picture's width", "1200")
    .option("--title <text>", "the title")
    .action((path: string, out: string, o: { svg?: boolean; width: string; title?: string }) => {
      const r = readLog(io, path);
      const width = Number(o.width);
      const opts = o.title === undefined ? { width } : { width, title: o.title };
      writeFileSync(out, o.svg === true ? timelineSvg(r.log, opts) : timelineHtml(r.log, opts));
      status = r.status;
    });
  program
    .command("summary")
    .description("collections, bytes allocated, condemned and surviving per generation, pause times")
    .argument("<log>", "the telemetry log")
    .action((path: string) => {
      const r = readLog(io, path);
      io.stdout(summaryText(r.log));
      status = r.status;
    });
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 1;
    io.stderr(`mps-telemetry: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  return status;
}

function withProgress(p: Progress | undefined): { progress?: Progress } {
  return p === undefined ? {} : { progress: p };
}
