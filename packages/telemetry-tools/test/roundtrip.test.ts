// Every event type round-trips through the writer (the generated emitters of
// @mps/telemetry), the reader and each converter: text, JSON lines, SQLite,
// summary and timeline. Parameter values come from fast-check; the model is
// the list of values written.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { MemoryStream } from "@mps/plinth";
import * as T from "@mps/telemetry";
import { EVENT_KIND_ALL, EVENT_LIST, EVENT_VERSION_MAJOR, EVENT_VERSION_MEDIAN, Telemetry, type EventDef, type ParamSort } from "@mps/telemetry";
import { decodeLog, eventJson, eventTableName, eventText, loadIntoDatabase, openDatabase, summarise, timelineSvg } from "../src/index.js";

type Value = number | boolean | string;

const valueOf: Record<ParamSort, fc.Arbitrary<Value>> = {
  P: fc.integer({ min: 0, max: 0xffffffff }),
  U: fc.integer({ min: 0, max: 0xffffffff }),
  A: fc.integer({ min: 0, max: 2 ** 32 }),
  W: fc.maxSafeNat(),
  B: fc.boolean(),
  // JSON has no infinities, NaN or negative zero: the JSON converter would change them.
  D: fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
  S: fc.string({ unit: "binary", maxLength: 60 }),
};

function paramsOf(def: EventDef): fc.Arbitrary<Value[]> {
  if (def.name === "EventInit") {
    // A second header of another version would stop the reader: keep the version.
    return fc.tuple(...def.params.map(([, s]) => valueOf[s])).map((v) => [EVENT_VERSION_MAJOR, EVENT_VERSION_MEDIAN, ...v.slice(2)]);
  }
  return fc.tuple(...def.params.map(([, s]) => valueOf[s]));
}

const emitters = T as unknown as Record<string, (tel: Telemetry, ...args: Value[]) => void>;

function textOf(sort: ParamSort, x: Value): string {
  if (sort === "A") return `0x${(x as number).toString(16).toUpperCase().padStart(8, "0")}`;
  if (sort === "B") return x ? "true" : "false";
  if (sort === "S") return JSON.stringify(x);
  return String(x);
}

describe("round trip", () => {
  it(".test.roundtrip: every event type, written, read, and converted by text, json, sql, summary and timeline", async () => {
    await fc.assert(
      fc.asyncProperty(fc.tuple(...EVENT_LIST.map(paramsOf)), async (all) => {
        const stream = new MemoryStream();
        const tel = new Telemetry({ stream, control: EVENT_KIND_ALL, bufferSize: 1 << 16 });
        EVENT_LIST.forEach((def, i) => emitters[`event${def.name}`]!(tel, ...all[i]!));
        tel.flush();
        const log = decodeLog(stream.bytes(), "all.log");
        expect(log.error).toBeUndefined();
        // The writer's own header comes first and a clock sync last; in between, our events in order.
        const ours = log.events.slice(1, 1 + EVENT_LIST.length);
        expect(ours.map((e) => e.name)).toEqual(EVENT_LIST.map((d) => d.name));
        const db = await openDatabase();
        loadIntoDatabase(db, log);
        ours.forEach((e, i) => {
          const def = EVENT_LIST[i]!;
          const model = Object.fromEntries(def.params.map(([n], j) => [n, all[i]![j]!]));
          expect(e.params).toEqual(model);
          const line = eventText(log, e);
          for (const [n, s] of def.params) expect(line).toContain(`${n}:${textOf(s, model[n]!)}`);
          const json = JSON.parse(JSON.stringify(eventJson(log, e))) as { params: unknown; name: string };
          expect([json.name, json.params]).toEqual([def.name, model]);
          const st = db.prepare(`SELECT * FROM "${eventTableName(def)}" WHERE seq = ?`);
          st.bind([i + 1]);
          expect(st.step()).toBe(true);
          const row = st.getAsObject();
          st.free();
          for (const [n, s] of def.params) expect(row[n]).toEqual(s === "B" ? (model[n] ? 1 : 0) : model[n]);
        });
        db.close();
        const creates = ours.filter((e) => e.name === "TraceCreate").length;
        expect(summarise(log).collections).toBe(creates);
        expect((timelineSvg(log).match(/<rect class="collection"/g) ?? []).length).toBe(creates);
      }),
      { numRuns: 25 },
    );
  });
});
