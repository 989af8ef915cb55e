// The sql converter: a real run's log loaded into SQLite (sql.js) and
// queried: the collections view against the GC messages of the same run,
// typed columns, the pauses view, appending a second run, and the file.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EVENT_LIST } from "@mps/telemetry";
import { mpsErrorOf } from "@mps/mpm/test-util";
import { analyseLog, decodeLog, eventTableName, loadIntoDatabase, openDatabase, saveDatabase, type SqlDatabase } from "../src/index.js";
import { churnLog } from "./support.js";

const dir = mkdtempSync(join(tmpdir(), "mps-telemetry-sql-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rows(db: SqlDatabase, sql: string, params: (number | string)[] = []): Record<string, unknown>[] {
  const st = db.prepare(sql);
  st.bind(params);
  const out: Record<string, unknown>[] = [];
  while (st.step()) out.push(st.getAsObject());
  st.free();
  return out;
}

describe("sql", () => {
  const run = churnLog({ pool: "amc" });
  const log = decodeLog(run.bytes, "amc.log");

  // .req.sql
  it(".if.sql.collections: the view has one row per GC message, with the same sizes", async () => {
    const db = await openDatabase();
    const res = loadIntoDatabase(db, log);
    expect(res).toEqual({ runId: 1, rows: log.events.length });
    const cs = rows(db, "SELECT * FROM collections WHERE run_id = 1 ORDER BY begin_time");
    expect(cs.length).toBe(run.messages.length);
    cs.forEach((c, i) => {
      const m = run.messages[i]!;
      expect([c["condemned"], c["not_condemned"], c["survived"]]).toEqual([m.condemned, m.notCondemned, m.live]);
      expect([c["why"], c["why_name"]]).toEqual([0, "CHAIN_GEN0CAP"]);
      expect(c["end_time"] as number).toBeGreaterThanOrEqual(c["begin_time"] as number);
      expect(c["generations"]).toBeGreaterThan(0);
    });
    db.close();
  });

  // .req.sql
  it(".if.sql.tables: one table per event type with typed columns; every event is a row", async () => {
    const db = await openDatabase();
    loadIntoDatabase(db, log);
    for (const def of EVENT_LIST) {
      const cols = rows(db, `PRAGMA table_info("${eventTableName(def)}")`).map((r) => [r["name"], r["type"]]);
      expect(cols.slice(0, 5).map((c) => c[0])).toEqual(["run_id", "seq", "time", "event_clock", "log_offset"]);
      expect(cols.slice(5)).toEqual(def.params.map(([n, s]) => [n, s === "D" ? "REAL" : s === "S" ? "TEXT" : "INTEGER"]));
    }
    let total = 0;
    const byName = new Map<string, number>();
    for (const e of log.events) byName.set(e.name, (byName.get(e.name) ?? 0) + 1);
    for (const def of EVENT_LIST) {
      const n = rows(db, `SELECT count(*) AS n FROM "${eventTableName(def)}"`)[0]!["n"] as number;
      expect(n).toBe(byName.get(def.name) ?? 0);
      total += n;
    }
    expect(total).toBe(log.events.length);
    // Values come back as the reader gave them.
    const first = log.events.find((e) => e.name === "ArenaAlloc")!;
    const r = rows(db, 'SELECT * FROM "event_ArenaAlloc" ORDER BY seq LIMIT 1')[0]!;
    expect(r).toMatchObject({ ...first.params, event_clock: first.clock, log_offset: first.offset });
    const sizes = rows(db, 'SELECT sum(size) AS s FROM "event_ArenaAlloc"')[0]!["s"];
    expect(sizes).toBe(analyseLog(log).arenaAllocated);
    expect(rows(db, "SELECT count(*) AS n FROM event_type")[0]!["n"]).toBe(EVENT_LIST.length);
    db.close();
  });

  it(".if.sql.pauses: the view pairs every poll and barrier hit with its end", async () => {
    const db = await openDatabase();
    loadIntoDatabase(db, log);
    const polls = log.events.filter((e) => e.name === "ArenaPollBegin").length;
    const hits = log.events.filter((e) => e.name === "ArenaAccessBegin").length;
    expect(rows(db, "SELECT kind, count(*) AS n FROM pause GROUP BY kind ORDER BY kind")).toEqual([{ kind: "access", n: hits }, { kind: "poll", n: polls }]);
    const ps = rows(db, "SELECT * FROM pauses ORDER BY begin_seq");
    expect(ps.length).toBe(analyseLog(log).pauses.length);
    for (const p of ps) {
      expect(p["end_seq"] as number).toBeGreaterThan(p["begin_seq"] as number);
      expect(p["duration"] as number).toBeGreaterThanOrEqual(0);
    }
    const total = rows(db, "SELECT sum(duration) AS d FROM pauses")[0]!["d"] as number;
    const a = analyseLog(log);
    expect(total).toBeCloseTo(a.pauses.reduce((s, p) => s + p.end - p.begin, 0), 6);
    db.close();
  });

  it(".if.sql.append: a second load into the saved file gets run id 2 and leaves run 1 alone", async () => {
    const path = join(dir, "events.db");
    const db1 = await openDatabase(path);
    loadIntoDatabase(db1, log);
    saveDatabase(db1, path);
    db1.close();
    const run2 = churnLog({ pool: "ams", lists: 3000 });
    const db2 = await openDatabase(path);
    const res = loadIntoDatabase(db2, decodeLog(run2.bytes, "ams.log"));
    expect(res.runId).toBe(2);
    saveDatabase(db2, path);
    db2.close();
    const db = await openDatabase(path);
    expect(rows(db, "SELECT run_id, source, events FROM run ORDER BY run_id")).toEqual([
      { run_id: 1, source: "amc.log", events: log.events.length },
      { run_id: 2, source: "ams.log", events: decodeLog(run2.bytes).events.length },
    ]);
    expect(rows(db, "SELECT run_id, count(*) AS n FROM collections GROUP BY run_id ORDER BY run_id").map((r) => r["n"])).toEqual([run.messages.length, run2.messages.length]);
    db.close();
  });

  it(".if.sql.truncated: a cut log loads the events before the cut and the run records where it stopped", async () => {
    const mid = log.events[Math.floor(log.events.length / 2)]!;
    const cut = decodeLog(run.bytes.subarray(0, mid.offset + 5), "cut.log");
    expect(cut.error?.kind).toBe("truncated");
    const db = await openDatabase();
    const res = loadIntoDatabase(db, cut);
    expect(res.rows).toBe(cut.events.length);
    expect(rows(db, "SELECT error_kind, error_offset FROM run")[0]).toEqual({ error_kind: "truncated", error_offset: cut.error!.offset });
    db.close();
  });

  it(".if.sql.errors: a file that is not a database, and a db that is not one, are PARAM", async () => {
    const path = join(dir, "not.db");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(path, "this is not SQLite at all, just some text that is long enough".repeat(20));
    await expect(openDatabase(path)).rejects.toMatchObject({ code: "PARAM" });
    expect(mpsErrorOf(() => loadIntoDatabase({} as SqlDatabase, log))?.code).toBe("PARAM");
  });
});
