/**
 * The `sql` converter (`mpseventsql`): load a log into a SQLite database, one
 * table per event type with typed columns, each run under a new run id, plus
 * views of the collections and the pauses. SQLite is sql.js (SQLite compiled
 * to WebAssembly), not a native binding: see docs/design/telemetry-tools.md `.sol.sqljs`.
 * .critical: none (off line; one prepared insert per event).
 */

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { MpsError, paramError } from "@mps/mpm";
import { EVENT_KINDS, EVENT_LIST, eventByCode, type EventDef, type ParamSort } from "@mps/telemetry";
import initSqlJs from "sql.js";
import { TRACE_WHY_NAMES } from "./analysis.js";
import { eventTime, progressStep, type Progress, type ToolLog } from "./log.js";

/**
 * A SQLite database of sql.js.
 * @public
 */
export type SqlDatabase = initSqlJs.Database;

let sqlPromise: Promise<initSqlJs.SqlJsStatic> | undefined;

/**
 * The sql.js module, loaded once (it compiles SQLite's WebAssembly).
 * @public
 */
export function loadSqlJs(): Promise<initSqlJs.SqlJsStatic> {
  sqlPromise ??= initSqlJs();
  return sqlPromise;
}

/**
 * Open the database in file `path`, or a new empty one if there is no such
 * file (or `path` is `undefined`). The database lives in memory until
 * {@link saveDatabase} writes it back.
 * @public
 */
export async function openDatabase(path?: string): Promise<SqlDatabase> {
  const SQL = await loadSqlJs();
  if (path !== undefined && existsSync(path)) {
    const bytes = readFileSync(path);
    try {
      const db = new SQL.Database(bytes);
      db.exec("SELECT count(*) FROM sqlite_master");
      return db;
    } catch (e) {
      throw new MpsError("PARAM", `openDatabase: ${path} is not a SQLite database (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  return new SQL.Database();
}

/**
 * Write `db` to the file `path` (the whole database: sql.js keeps it in memory).
 * @public
 */
export function saveDatabase(db: SqlDatabase, path: string): void {
  writeFileSync(path, db.export());
}

/**
 * The SQL type of a parameter of each sort: integers for structures,
 * addresses, words, small integers and booleans (0 or 1), reals for doubles,
 * text for strings.
 * @public
 */
export const SQL_TYPE: Readonly<Record<ParamSort, string>> = Object.freeze({ P: "INTEGER", A: "INTEGER", W: "INTEGER", U: "INTEGER", B: "INTEGER", D: "REAL", S: "TEXT" });

/**
 * The table that holds the events of type `def`: `event_` and its name.
 * @public
 */
export function eventTableName(def: Pick<EventDef, "name">): string {
  return `event_${def.name}`;
}

function q(id: string): string {
  return `"${id.replace(/"/g, '""')}"`;
}

/** The columns every event table begins with. */
const COMMON_COLUMNS = "run_id INTEGER NOT NULL, seq INTEGER NOT NULL, time REAL NOT NULL, event_clock INTEGER NOT NULL, log_offset INTEGER NOT NULL";

/**
 * The schema: the runs, the kinds and types of event, a table per type, and
 * the views. `IF NOT EXISTS` throughout, so that it can be run on a database
 * made by an earlier load.
 * @public
 */
export function schemaSql(): string {
  const out: string[] = [];
  out.push(`CREATE TABLE IF NOT EXISTS run (run_id INTEGER PRIMARY KEY, source TEXT NOT NULL, loaded_at TEXT NOT NULL, format TEXT, clocks_per_sec REAL NOT NULL, events INTEGER NOT NULL, bytes INTEGER NOT NULL, error_kind TEXT, error_offset INTEGER, error_message TEXT)`);
  out.push(`CREATE TABLE IF NOT EXISTS event_kind (bit INTEGER PRIMARY KEY, name TEXT NOT NULL, doc TEXT NOT NULL)`);
  out.push(`CREATE TABLE IF NOT EXISTS event_type (code INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, doc TEXT NOT NULL, table_name TEXT NOT NULL)`);
  out.push(`CREATE TABLE IF NOT EXISTS event_param (code INTEGER NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL, sort TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (code, position))`);
  for (const def of EVENT_LIST) {
    const cols = def.params.map(([name, sort]) => `${q(name)} ${SQL_TYPE[sort]}`);
    const t = eventTableName(def);
    out.push(`CREATE TABLE IF NOT EXISTS ${q(t)} (${[COMMON_COLUMNS, ...cols].join(", ")})`);
    out.push(`CREATE INDEX IF NOT EXISTS ${q(`${t}_seq`)} ON ${q(t)} (run_id, seq)`);
  }
  const whyCase = `CASE c.why ${TRACE_WHY_NAMES.map((n, i) => `WHEN ${i} THEN '${n}'`).join(" ")} ELSE 'why ' || c.why END`;
  // One row per collection: its phases, sizes and generations' survivors.
  out.push(`CREATE VIEW IF NOT EXISTS collections AS
SELECT c.run_id, c.trace, c.arena, c.why,
  ${whyCase} AS why_name,
  EXISTS (SELECT 1 FROM event_TraceCondemnAll a WHERE a.run_id = c.run_id AND a.trace = c.trace) AS condemn_all,
  c.time AS begin_time,
  (SELECT f.time FROM event_TraceFlipBegin f WHERE f.run_id = c.run_id AND f.trace = c.trace) AS flip_time,
  (SELECT r.time FROM event_TraceReclaim r WHERE r.run_id = c.run_id AND r.trace = c.trace) AS reclaim_time,
  d.time AS end_time, d.time - c.time AS duration,
  s.condemned, s.notCondemned AS not_condemned,
  (SELECT sum(g.forwarded + g.preservedInPlace) FROM event_TraceEndGen g WHERE g.run_id = c.run_id AND g.trace = c.trace) AS survived,
  (SELECT sum(g.forwarded) FROM event_TraceEndGen g WHERE g.run_id = c.run_id AND g.trace = c.trace) AS forwarded,
  (SELECT count(*) FROM event_TraceEndGen g WHERE g.run_id = c.run_id AND g.trace = c.trace) AS generations
FROM event_TraceCreate c
LEFT JOIN event_TraceStart s ON s.run_id = c.run_id AND s.trace = c.trace
LEFT JOIN event_TraceDestroy d ON d.run_id = c.run_id AND d.trace = c.trace`);
  // The pairs of begin and end events are made while loading (see loadIntoDatabase): in SQL alone the nesting costs a quadratic join.
  out.push(`CREATE TABLE IF NOT EXISTS pause (run_id INTEGER NOT NULL, arena INTEGER NOT NULL, kind TEXT NOT NULL, begin_seq INTEGER NOT NULL, end_seq INTEGER NOT NULL, begin_time REAL NOT NULL, end_time REAL NOT NULL, depth INTEGER NOT NULL, work_done INTEGER NOT NULL)`);
  out.push(`CREATE VIEW IF NOT EXISTS pauses AS
SELECT run_id, arena, kind, begin_seq, end_seq, begin_time, end_time, end_time - begin_time AS duration
FROM pause WHERE depth = 0 AND work_done = 1`);
  return out.join(";\n") + ";\n";
}

/**
 * Options of {@link loadIntoDatabase}.
 * @public
 */
export interface SqlLoadOpts {
  /** Called now and then with the events done and the total. */
  progress?: Progress;
}

/**
 * What {@link loadIntoDatabase} did.
 * @public
 */
export interface SqlLoadResult {
  /** The run id the events were stored under: one more than the largest before. */
  readonly runId: number;
  /** Rows inserted into the event tables. */
  readonly rows: number;
}

/**
 * Load every event of `log` into `db` (`mpseventsql`): make the schema if
 * it is not there ({@link schemaSql}), add a row to `run` with a new run id
 * (one more than the largest so far, so loads append), and insert each event
 * into its type's table with that run id, its sequence number in the log, its
 * time in seconds (`time`), clock (`event_clock`) and offset in the log (`log_offset`).
 * Each poll and barrier hit (a begin event and its end) is also a row of
 * `pause`, with its depth (0 for an outermost pause, 1 for a barrier hit
 * inside a poll, ...); the `pauses` view has the outermost ones that did work.
 * A log whose reading stopped early loads
 * the events before the stop, and the run row records the error.
 * @public
 */
export function loadIntoDatabase(db: SqlDatabase, log: ToolLog, opts: SqlLoadOpts = {}): SqlLoadResult {
  if (db === null || typeof db !== "object" || typeof (db as { exec?: unknown }).exec !== "function") paramError("loadIntoDatabase: db must be a sql.js Database");
  db.exec(schemaSql());
  db.exec("BEGIN");
  const stmts = new Map<number, initSqlJs.Statement>();
  try {
    db.run(`INSERT OR IGNORE INTO event_kind (bit, name, doc) VALUES ${EVENT_KINDS.map(() => "(?, ?, ?)").join(", ")}`, EVENT_KINDS.flatMap((k, i) => [i, k.name, k.doc]));
    for (const def of EVENT_LIST) {
      db.run("INSERT OR IGNORE INTO event_type (code, name, kind, doc, table_name) VALUES (?, ?, ?, ?, ?)", [def.code, def.name, def.kind, def.doc, eventTableName(def)]);
      def.params.forEach(([name, sort, doc], i) => db.run("INSERT OR IGNORE INTO event_param (code, position, name, sort, doc) VALUES (?, ?, ?, ?, ?)", [def.code, i, name, sort, doc]));
    }
    const prev = db.exec("SELECT coalesce(max(run_id), 0) FROM run")[0]?.values[0]?.[0];
    const runId = Number(prev ?? 0) + 1;
    const err = log.error;
    db.run("INSERT INTO run (run_id, source, loaded_at, format, clocks_per_sec, events, bytes, error_kind, error_offset, error_message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
      runId, log.source, new Date().toISOString(), log.version ?? null, log.clocksPerSec, log.events.length, log.byteLength,
      err?.kind ?? null, err?.offset ?? null, err?.message ?? null,
    ]);
    const events = log.events;
    const step = progressStep(events.length);
    const pauseSt = db.prepare("INSERT INTO pause (run_id, arena, kind, begin_seq, end_seq, begin_time, end_time, depth, work_done) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    stmts.set(-1, pauseSt);
    const open = new Map<number, { kind: string; seq: number; time: number }[]>();
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      let st = stmts.get(e.code);
      const def = eventByCode(e.code)!;
      if (st === undefined) {
        const cols = ["run_id", "seq", "time", "event_clock", "log_offset", ...def.params.map((p) => p[0])];
        st = db.prepare(`INSERT INTO ${q(eventTableName(def))} (${cols.map(q).join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`);
        stmts.set(e.code, st);
      }
      const values = e.params as Record<string, number | boolean | string>;
      const row: (number | string)[] = [runId, i, eventTime(log, e), e.clock, e.offset];
      for (const [name, sort] of def.params) {
        const x = values[name]!;
        row.push(sort === "B" ? (x ? 1 : 0) : (x as number | string));
      }
      st.run(row);
      if (e.name === "ArenaPollBegin" || e.name === "ArenaAccessBegin") {
        let stack = open.get(e.params.arena);
        if (stack === undefined) open.set(e.params.arena, (stack = []));
        stack.push({ kind: e.name === "ArenaPollBegin" ? "poll" : "access", seq: i, time: row[2] as number });
      } else if (e.name === "ArenaPollEnd" || e.name === "ArenaAccessEnd") {
        const stack = open.get(e.params.arena);
        const b = stack?.pop();
        if (b !== undefined) {
          const worked = e.name === "ArenaAccessEnd" || e.params.workWasDone ? 1 : 0;
          pauseSt.run([runId, e.params.arena, b.kind, b.seq, i, b.time, row[2] as number, stack!.length, worked]);
        }
      }
      if (opts.progress !== undefined && (i + 1) % step === 0) opts.progress(i + 1, events.length);
    }
    for (const st of stmts.values()) st.free();
    stmts.clear();
    db.exec("COMMIT");
    if (opts.progress !== undefined) opts.progress(events.length, events.length);
    return { runId, rows: events.length };
  } catch (e) {
    for (const st of stmts.values()) st.free();
    db.exec("ROLLBACK");
    throw e;
  }
}
