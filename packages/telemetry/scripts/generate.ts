/**
 * The generator of the telemetry's writer and of the event list in its design
 * document, both derived from the event table (src/events.ts). Run
 * `pnpm run generate` in packages/telemetry after changing the table;
 * test/generated.test.ts fails while either output is out of date.
 * See docs/design/telemetry.md `.impl.generated`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { EVENT_LIST, type EventDef, type ParamSort } from "../src/events.js";
import { EVENT_HEADER_SIZE, PARAM_SIZE, eventFixedSize, eventHasString } from "../src/format.js";
import { EVENT_KINDS } from "../src/kinds.js";

/** The path of the generated writer. */
export const EMIT_PATH = fileURLToPath(new URL("../src/emit.ts", import.meta.url));
/** The path of the design document holding the generated event list. */
export const DOC_PATH = fileURLToPath(new URL("../../../docs/design/telemetry.md", import.meta.url));
/** The markers around the generated part of the design document. */
export const DOC_BEGIN = "<!-- BEGIN EVENT TABLE: generated from packages/telemetry/src/events.ts by `pnpm run generate`; do not edit -->";
/** See {@link DOC_BEGIN}. */
export const DOC_END = "<!-- END EVENT TABLE -->";

const TS_TYPE: Record<ParamSort, string> = { P: "number", A: "Addr", W: "number", U: "number", B: "boolean", D: "number", S: "string" };
const SORT_WORD: Record<ParamSort, string> = {
  P: "structure id, u32",
  A: "address, u64",
  W: "word, u64",
  U: "unsigned, u32",
  B: "boolean, u8",
  D: "double, f64",
  S: "string, u8 length + UTF-8",
};

function hex4(n: number): string {
  return `0x${n.toString(16).padStart(4, "0")}`;
}

function kindConst(def: EventDef): string {
  return `EVENT_KIND_${def.kind.toUpperCase()}`;
}

function kindBit(def: EventDef): number {
  return 1 << EVENT_KINDS.findIndex((k) => k.name === def.kind);
}

function emitFunction(def: EventDef): string {
  const params = def.params;
  for (const [name] of params) {
    if (name.startsWith("_") || name === "tel") throw new Error(`${def.name}.${name}: parameter names must not start with _ or be tel`);
  }
  const sig = ["tel: Telemetry", ...params.map(([name, sort]) => `${name}: ${TS_TYPE[sort]}`)].join(", ");
  const doc: string[] = [
    "/**",
    ` * Write the event \`${def.name}\` (code ${hex4(def.code)}, kind \`${def.kind}\`): ${def.doc}`,
    " *",
    ` * @remarks Writes nothing unless \`tel.control & ${kindConst(def)}\`; where the call`,
    " * is on a hot path, guard it with that test so that a disabled event evaluates",
    " * no arguments.",
    " * @param tel - the telemetry to write to.",
    ...params.map(([name, sort, d]) => ` * @param ${name} - ${d} (${sort}).`),
    " * @public",
    " */",
  ];
  const body: string[] = [`  if ((tel.control & ${kindBit(def)}) === 0) return;`];
  const checks: string[] = [];
  for (const [name, sort] of params) {
    if (sort === "P" || sort === "U") checks.push(`checkU32(${name}, "${def.name}.${name}")`);
    else if (sort === "A") checks.push(`checkAddr(${name}, "${def.name}.${name}")`);
    else if (sort === "W") checks.push(`checkWord(${name}, "${def.name}.${name}")`);
    else if (sort === "D") checks.push(`checkDouble(${name}, "${def.name}.${name}")`);
    else if (sort === "B") checks.push(`checkBool(${name}, "${def.name}.${name}")`);
  }
  if (checks.length > 0) body.push(`  if (COOL) {`, ...checks.map((c) => `    ${c};`), "  }");
  const fixed = eventFixedSize(def);
  if (eventHasString(def)) {
    const sName = params[params.length - 1]![0];
    body.push(`  const _n = tel._string(${sName});`);
    body.push(`  const _p = tel._begin(${hex4(def.code)}, ${fixed} + _n);`);
  } else {
    body.push(params.length > 0 ? `  const _p = tel._begin(${hex4(def.code)}, ${fixed});` : `  tel._begin(${hex4(def.code)}, ${fixed});`);
  }
  if (params.length > 0) body.push("  const _v = tel.view;");
  let off = 0;
  const at = (o: number) => (o === 0 ? "_p" : `_p + ${o}`);
  for (const [name, sort] of params) {
    switch (sort) {
      case "P":
      case "U":
        body.push(`  _v.setUint32(${at(off)}, ${name}, true);`);
        break;
      case "A":
      case "W":
        body.push(`  _v.setUint32(${at(off)}, ${name} >>> 0, true);`);
        body.push(`  _v.setUint32(${at(off + 4)}, (${name} / 4294967296) >>> 0, true);`);
        break;
      case "B":
        body.push(`  _v.setUint8(${at(off)}, ${name} ? 1 : 0);`);
        break;
      case "D":
        body.push(`  _v.setFloat64(${at(off)}, ${name}, true);`);
        break;
      case "S":
        body.push(`  _v.setUint8(${at(off)}, _n);`);
        body.push(`  tel._stringTo(${at(off + 1)}, _n);`);
        break;
    }
    off += PARAM_SIZE[sort];
  }
  if (!eventHasString(def) && off + EVENT_HEADER_SIZE !== fixed) throw new Error(`layout of ${def.name}`);
  return `${doc.join("\n")}\nexport function event${def.name}(${sig}): void {\n${body.join("\n")}\n}\n`;
}

/** The text of src/emit.ts: one writer function per event type. */
export function renderEmit(): string {
  const head = `/**
 * The event writers: one function per event type, generated from the event
 * table (src/events.ts) by scripts/generate.ts — do not edit; run
 * \`pnpm run generate\`. See docs/design/telemetry.md \`.if.emit\`.
 * .critical: every function here (each is called wherever its event happens;
 * a disabled one returns after one load and one test).
 */

import { COOL, averCritical, type Addr } from "@mps/mpm";
import type { Telemetry } from "./telemetry.js";

function checkU32(x: number, what: string): void {
  averCritical(Number.isInteger(x) && x >= 0 && x <= 0xffffffff, \`\${what}: \${x} is not a u32\`);
}

function checkAddr(x: number, what: string): void {
  averCritical(Number.isInteger(x) && x >= 0 && x <= 4294967296, \`\${what}: \${x} is not an address\`);
}

function checkWord(x: number, what: string): void {
  averCritical(Number.isSafeInteger(x) && x >= 0, \`\${what}: \${x} is not a word\`);
}

function checkDouble(x: number, what: string): void {
  averCritical(typeof x === "number", \`\${what}: \${x} is not a number\`);
}

function checkBool(x: boolean, what: string): void {
  averCritical(typeof x === "boolean", \`\${what}: \${String(x)} is not a boolean\`);
}
`;
  return `${head}\n${EVENT_LIST.map(emitFunction).join("\n")}`;
}

/** The generated part of the design document: the event list, as tables by kind. */
export function renderEventTable(): string {
  const out: string[] = [DOC_BEGIN, ""];
  for (const kind of EVENT_KINDS) {
    const defs = EVENT_LIST.filter((d) => d.kind === kind.name);
    out.push(`**${kind.name}** (bit ${EVENT_KINDS.indexOf(kind)}, \`EVENT_KIND_${kind.name.toUpperCase()}\`): ${kind.doc}.`, "");
    out.push("| code | event | writer | what happened | parameters |", "| --- | --- | --- | --- | --- |");
    for (const d of defs) {
      const params = d.params.length === 0 ? "none" : d.params.map(([n, s, doc]) => `\`${n}\` ${s}: ${doc}`).join("; ");
      out.push(`| ${hex4(d.code)} | \`${d.name}\` | \`event${d.name}\` | ${d.doc} | ${params} |`);
    }
    out.push("");
  }
  out.push(`Sorts: ${(Object.keys(SORT_WORD) as ParamSort[]).map((s) => `\`${s}\` ${SORT_WORD[s]}`).join("; ")}.`, "", DOC_END);
  return out.join("\n");
}

/** `doc` with its generated part replaced by {@link renderEventTable}'s text. */
export function spliceDoc(doc: string): string {
  const b = doc.indexOf(DOC_BEGIN);
  const e = doc.indexOf(DOC_END);
  if (b < 0 || e < b) throw new Error(`the design document has no ${DOC_BEGIN} ... ${DOC_END} section`);
  return doc.slice(0, b) + renderEventTable() + doc.slice(e + DOC_END.length);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(EMIT_PATH, renderEmit());
  writeFileSync(DOC_PATH, spliceDoc(readFileSync(DOC_PATH, "utf8")));
  console.log(`generated ${EMIT_PATH} and the event table of ${DOC_PATH}`);
}
