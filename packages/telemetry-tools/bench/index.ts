/**
 * Benchmarks of @mps/telemetry-tools: each prints its workload and its ratio
 * to a baseline measured in the same run (docs/contributing/benchmarks.md).
 * The workload is a log of 200 000 events of the kinds a collection writes
 * (allocations, segment fills, polls); the baseline is the bare reader of
 * @mps/telemetry, so each ratio is what a converter costs on top of reading.
 */
import { MemoryStream } from "@mps/plinth";
import { Telemetry, eventArenaAlloc, eventArenaPollBegin, eventArenaPollEnd, eventBufferFill, readTelemetry } from "@mps/telemetry";
import { runBenchPairs } from "../../../tools/src/bench.js";
import { analyseLog, decodeLog, loadIntoDatabase, loadSqlJs, summaryText, timelineSvg, writeJsonLines, writeText } from "../src/index.js";

const N = 50_000;
const stream = new MemoryStream();
const tel = new Telemetry({ stream, control: "all", bufferSize: 1 << 20 });
for (let i = 0; i < N; i++) {
  eventArenaPollBegin(tel, 1);
  eventArenaAlloc(tel, 1, i, 4096 * i, 4096, 2);
  eventBufferFill(tel, 3, 8, 4096 * i, 4096);
  eventArenaPollEnd(tel, 1, true);
}
tel.flush();
const bytes = stream.bytes();
const events = 4 * N;
const log = decodeLog(bytes, "bench.log");
const SQL = await loadSqlJs();
let sink = 0;
const count = (s: string): void => void (sink += s.length);

await runBenchPairs("@mps/telemetry-tools", [
  {
    workload: `decode a log of ${events} events (${bytes.length} bytes) with labels gathered`,
    ops: events,
    baseline: { name: "readTelemetry", fn: () => readTelemetry(bytes).events.length },
    subject: { name: "decodeLog", fn: () => decodeLog(bytes).events.length },
  },
  {
    workload: `text: one line per event, ${events} events`,
    ops: events,
    baseline: { name: "readTelemetry", fn: () => readTelemetry(bytes).events.length },
    subject: { name: "writeText", fn: () => writeText(log, count) },
  },
  {
    workload: `json: one line per event, ${events} events`,
    ops: events,
    baseline: { name: "readTelemetry", fn: () => readTelemetry(bytes).events.length },
    subject: { name: "writeJsonLines", fn: () => writeJsonLines(log, count) },
  },
  {
    workload: `sql: load ${events} events into an in-memory SQLite (sql.js)`,
    ops: events,
    baseline: { name: "readTelemetry", fn: () => readTelemetry(bytes).events.length },
    subject: {
      name: "loadIntoDatabase",
      fn: () => {
        const db = new SQL.Database();
        const r = loadIntoDatabase(db, log).rows;
        db.close();
        return r;
      },
    },
  },
  {
    workload: `summary and timeline of ${events} events`,
    ops: events,
    baseline: { name: "readTelemetry", fn: () => readTelemetry(bytes).events.length },
    subject: {
      name: "analyseLog+summaryText+timelineSvg",
      fn: () => {
        const a = analyseLog(log);
        return summaryText(log).length + timelineSvg(log, {}, a).length;
      },
    },
  },
]);
if (sink < 0) console.log(sink);
