// The writers and the design document's event list are generated from the
// table; this fails while either is out of date (run `pnpm run generate`).
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { DOC_PATH, EMIT_PATH, renderEmit, spliceDoc } from "../scripts/generate.js";
import * as emit from "../src/emit.js";
import { EVENT_LIST } from "../src/index.js";

describe("generated code", () => {
  it(".impl.generated: src/emit.ts is what the generator makes from the table", () => {
    expect(readFileSync(EMIT_PATH, "utf8")).toBe(renderEmit());
  });

  it(".impl.generated: the design document's event list is what the generator makes from the table", () => {
    const doc = readFileSync(DOC_PATH, "utf8");
    expect(spliceDoc(doc)).toBe(doc);
  });

  it(".if.emit: there is one writer per event type, taking the telemetry and each parameter", () => {
    const fns = emit as unknown as Record<string, (...a: unknown[]) => void>;
    expect(Object.keys(emit).filter((k) => k.startsWith("event")).sort()).toEqual(EVENT_LIST.map((d) => `event${d.name}`).sort());
    for (const d of EVENT_LIST) expect(fns[`event${d.name}`]!.length).toBe(1 + d.params.length);
  });
});
