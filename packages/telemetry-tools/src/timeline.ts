/**
 * The `timeline` converter: draw, against time, the arena's reserved,
 * committed and in-use memory, each pool's and generation's size, every
 * collection as a span and every pause as a mark, as an SVG picture, and a
 * self-contained HTML page around it with hover details (no network at view time).
 * See docs/design/telemetry-tools.md `.if.timeline`.
 * .critical: none (off line).
 */

import { paramError } from "@mps/mpm";
import { analyseLog, traceWhyName, type Collection, type LogAnalysis, type Series } from "./analysis.js";
import { logErrorMessage, type ToolLog } from "./log.js";
import { formatBytes, formatSeconds } from "./summary.js";

/**
 * Options of the timeline.
 * @public
 */
export interface TimelineOpts {
  /** The picture's width in pixels: an integer in [400, 20000]. @defaultValue 1200 */
  width?: number;
  /** The title. @defaultValue "MPS timeline: " and the log's name */
  title?: string;
}

const COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#393b79", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
const WHY_COLOURS = ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#b07aa1", "#76b7b2", "#9c755f"];

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function num(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}

/** A "nice" step for about `n` ticks over [0, max]. */
function niceStep(max: number, n: number): number {
  if (!(max > 0)) return 1;
  const raw = max / n;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

interface Panel {
  readonly top: number;
  readonly height: number;
}

class Drawing {
  readonly parts: string[] = [];
  constructor(
    readonly left: number,
    readonly plotWidth: number,
    readonly duration: number,
  ) {}

  x(t: number): number {
    return this.left + (this.duration > 0 ? (t / this.duration) * this.plotWidth : 0);
  }

  push(s: string): void {
    this.parts.push(s);
  }

  /** A step line for `s` in `panel` scaled to `max`; points closer than a pixel keep their largest value. */
  stepLine(s: Series, panel: Panel, max: number, colour: string, cls: string, tip: string): void {
    if (s.t.length === 0) return;
    const y = (v: number): number => panel.top + panel.height - (max > 0 ? (v / max) * panel.height : 0);
    let d = "";
    let lastPx = -1;
    let lastY = 0;
    for (let i = 0; i < s.t.length; i++) {
      const px = Math.round(this.x(s.t[i]!) * 2) / 2;
      const py = y(s.v[i]!);
      if (px === lastPx) {
        // Same pixel column: keep the highest point (the smallest y), and the latest value after it.
        d += ` V${num(Math.min(py, lastY))} V${num(py)}`;
      } else d += d === "" ? `M${num(px)},${num(py)}` : ` H${num(px)} V${num(py)}`;
      lastPx = px;
      lastY = py;
    }
    d += ` H${num(this.x(this.duration))}`;
    this.push(`<path class="series ${cls}" d="${d}" fill="none" stroke="${colour}" stroke-width="1.5" data-tip="${esc(tip)}"><title>${esc(tip)}</title></path>`);
  }

  /** Points of `s` (generation sizes, sampled at collections). */
  points(s: Series, panel: Panel, max: number, colour: string, cls: string, name: string): void {
    const y = (v: number): number => panel.top + panel.height - (max > 0 ? (v / max) * panel.height : 0);
    let d = "";
    for (let i = 0; i < s.t.length; i++) {
      const px = this.x(s.t[i]!);
      const py = y(s.v[i]!);
      d += `${d === "" ? "M" : " L"}${num(px)},${num(py)}`;
      const tip = `${name} at ${formatSeconds(s.t[i]!)}: ${formatBytes(s.v[i]!)} (${s.v[i]} bytes)`;
      this.push(`<circle class="${cls}" cx="${num(px)}" cy="${num(py)}" r="2.5" fill="${colour}" data-tip="${esc(tip)}"><title>${esc(tip)}</title></circle>`);
    }
    if (d !== "") this.push(`<path class="${cls}-line" d="${d}" fill="none" stroke="${colour}" stroke-width="1" stroke-dasharray="3,2"/>`);
  }

  yAxis(panel: Panel, max: number, label: string): void {
    const stepV = niceStep(max, 4);
    for (let v = 0; v <= max + 1e-9; v += stepV) {
      const py = panel.top + panel.height - (max > 0 ? (v / max) * panel.height : 0);
      this.push(`<line x1="${this.left}" x2="${this.left + this.plotWidth}" y1="${num(py)}" y2="${num(py)}" stroke="#e5e5e5"/>`);
      this.push(`<text x="${this.left - 6}" y="${num(py + 4)}" text-anchor="end" class="tick">${esc(formatBytes(v))}</text>`);
    }
    this.push(`<text x="12" y="${panel.top + panel.height / 2}" transform="rotate(-90 12 ${panel.top + panel.height / 2})" text-anchor="middle" class="axis">${esc(label)}</text>`);
    this.push(`<rect x="${this.left}" y="${panel.top}" width="${this.plotWidth}" height="${panel.height}" fill="none" stroke="#999"/>`);
  }
}

function seriesMax(list: readonly Series[]): number {
  let m = 0;
  for (const s of list) for (const v of s.v) if (v > m) m = v;
  return m;
}

function collectionTip(c: Collection, duration: number): string {
  const end = c.end ?? duration;
  const lines = [
    `collection (trace ${c.trace}) ${traceWhyName(c.why)}${c.full ? ", full" : ""}`,
    `${formatSeconds(c.begin)} to ${c.end === undefined ? "the end of the log" : formatSeconds(end)} (${formatSeconds(end - c.begin)})`,
    `condemned ${formatBytes(c.condemned)} (${c.condemned} bytes), not condemned ${formatBytes(c.notCondemned)}`,
    `survived ${formatBytes(c.survived)} (${c.survived} bytes${c.condemned > 0 ? `, ${((100 * c.survived) / c.condemned).toFixed(1)}%` : ""})`,
  ];
  for (const g of c.gens) {
    lines.push(`gen ${g.gen}: condemned ${g.condemned}, forwarded ${g.forwarded}, preserved ${g.preservedInPlace}, mortality ${g.mortality.toFixed(3)}`);
  }
  return lines.join("\n");
}

/**
 * The timeline of `log` as an SVG document (the `--svg` picture and the
 * heart of the HTML page). Collections are `rect` elements of class
 * `collection`, pauses `rect` elements of class `pause`; every mark has a
 * `title` (a tooltip in any SVG viewer) and a `data-tip` with the same text.
 * @public
 */
export function timelineSvg(log: ToolLog, opts: TimelineOpts = {}, analysis: LogAnalysis = analyseLog(log)): string {
  const width = opts.width ?? 1200;
  if (!(Number.isInteger(width) && width >= 400 && width <= 20000)) paramError(`timelineSvg: width must be an integer in [400, 20000], not ${String(width)}`);
  const title = opts.title ?? `MPS timeline: ${log.source}`;
  const left = 80;
  const right = 20;
  const plotWidth = width - left - right;
  const duration = analysis.duration > 0 ? analysis.duration : 1e-6;
  const dr = new Drawing(left, plotWidth, duration);
  const memory: Panel = { top: 50, height: 220 };
  const gens: Panel = { top: memory.top + memory.height + 30, height: 120 };
  const lanes: Panel = { top: gens.top + gens.height + 30, height: 60 };
  const height = lanes.top + lanes.height + 90;

  // Memory: reserved, committed, in use, and each pool.
  const poolSeries = [...analysis.poolSize.entries()];
  const used = seriesMax([analysis.committed, analysis.inUse, ...poolSeries.map(([, s]) => s)]);
  const reservedMax = seriesMax([analysis.reserved]);
  // Reserved address space is often far above what is used: then it is drawn clipped at the top, so the rest stays readable.
  const clipReserved = used > 0 && reservedMax > 4 * used;
  const memMax = (clipReserved ? used : Math.max(used, reservedMax)) * 1.05;
  dr.yAxis(memory, memMax, "memory");
  if (clipReserved) {
    dr.push(`<text x="${left + plotWidth - 6}" y="${memory.top + 12}" text-anchor="end" class="note">reserved ${esc(formatBytes(reservedMax))}: off the scale</text>`);
  }
  const legend: [string, string, string][] = [];
  const drawSeries = (s: Series, colour: string, cls: string, name: string): void => {
    if (s.t.length === 0) return;
    const peak = seriesMax([s]);
    dr.stepLine(s, memory, memMax, colour, cls, `${name}: peak ${formatBytes(peak)} (${peak} bytes), at the end ${formatBytes(s.v[s.v.length - 1]!)}`);
    legend.push([colour, name, cls]);
  };
  if (clipReserved) {
    const r = analysis.reserved;
    const clipped: Series = { name: r.name, t: r.t, v: r.v.map((v) => Math.min(v, memMax)) };
    const tip = `reserved: ${formatBytes(reservedMax)} (${reservedMax} bytes), drawn clipped at the top`;
    dr.stepLine(clipped, memory, memMax, "#555555", "reserved", tip);
    legend.push(["#555555", "reserved (clipped)", "reserved"]);
  } else drawSeries(analysis.reserved, "#555555", "reserved", "reserved");
  drawSeries(analysis.committed, "#000000", "committed", "committed");
  drawSeries(analysis.inUse, "#d62728", "in-use", "in use by pools");
  poolSeries.forEach(([id, s], i) => {
    const info = analysis.pools.get(id);
    const cls = info === undefined || info.className === "" ? "" : ` ${info.className}`;
    const name = `pool ${id}${cls}${info?.label ? ` "${info.label}"` : ""}`;
    drawSeries(s, COLOURS[i % COLOURS.length]!, "pool", name);
  });

  // Generations: their sizes at the start of each collection.
  const genSeries = [...analysis.genSize.entries()].sort((a, b) => a[0] - b[0]);
  const genMax = seriesMax(genSeries.map(([, s]) => s)) * 1.05;
  dr.yAxis(gens, genMax, "generations");
  genSeries.forEach(([g, s], i) => {
    const colour = COLOURS[(i + 3) % COLOURS.length]!;
    dr.points(s, gens, genMax, colour, "gen", `generation ${g}`);
    legend.push([colour, `generation ${g}`, "gen"]);
  });
  if (genSeries.length === 0) dr.push(`<text x="${left + 8}" y="${gens.top + 20}" class="note">no generation sizes in this log (TraceCreatePoolGen events, kind Trace)</text>`);

  // Collections in the upper lane, pauses in the lower.
  const laneH = lanes.height / 2;
  dr.push(`<rect x="${left}" y="${lanes.top}" width="${plotWidth}" height="${lanes.height}" fill="none" stroke="#999"/>`);
  dr.push(`<text x="${left - 6}" y="${lanes.top + laneH / 2 + 4}" text-anchor="end" class="tick">collections</text>`);
  dr.push(`<text x="${left - 6}" y="${lanes.top + laneH + laneH / 2 + 4}" text-anchor="end" class="tick">pauses</text>`);
  for (const c of analysis.collections) {
    const x0 = dr.x(c.begin);
    const x1 = dr.x(c.end ?? duration);
    const tip = collectionTip(c, duration);
    const colour = WHY_COLOURS[c.why % WHY_COLOURS.length]!;
    dr.push(`<rect class="collection" x="${num(x0)}" y="${lanes.top + 3}" width="${num(Math.max(1, x1 - x0))}" height="${laneH - 6}" fill="${colour}" fill-opacity="0.75" data-trace="${c.trace}" data-why="${esc(traceWhyName(c.why))}" data-condemned="${c.condemned}" data-survived="${c.survived}" data-tip="${esc(tip)}"><title>${esc(tip)}</title></rect>`);
    if (c.flip !== undefined) dr.push(`<line x1="${num(dr.x(c.flip))}" x2="${num(dr.x(c.flip))}" y1="${lanes.top + 3}" y2="${lanes.top + laneH - 3}" stroke="#000" stroke-width="0.5"/>`);
  }
  for (const p of analysis.pauses) {
    const x0 = dr.x(p.begin);
    const x1 = dr.x(p.end);
    const tip = `pause (${p.kind === "poll" ? "collector's poll" : "barrier hit"}) at ${formatSeconds(p.begin)}: ${formatSeconds(p.end - p.begin)}${p.traces.length > 0 ? `, traces ${p.traces.join(", ")}` : ""}`;
    dr.push(`<rect class="pause ${p.kind}" x="${num(x0)}" y="${lanes.top + laneH + 3}" width="${num(Math.max(1, x1 - x0))}" height="${laneH - 6}" fill="${p.kind === "poll" ? "#333" : "#d62728"}" data-tip="${esc(tip)}"><title>${esc(tip)}</title></rect>`);
  }

  // Time axis.
  const ts = niceStep(duration, 10);
  for (let t = 0; t <= duration + 1e-12; t += ts) {
    const px = dr.x(t);
    dr.push(`<line x1="${num(px)}" x2="${num(px)}" y1="${lanes.top + lanes.height}" y2="${lanes.top + lanes.height + 5}" stroke="#999"/>`);
    dr.push(`<text x="${num(px)}" y="${lanes.top + lanes.height + 18}" text-anchor="middle" class="tick">${esc(formatSeconds(t))}</text>`);
  }
  dr.push(`<text x="${left + plotWidth / 2}" y="${lanes.top + lanes.height + 34}" text-anchor="middle" class="axis">time since the first event</text>`);

  // Legend.
  let lx = left;
  const ly = lanes.top + lanes.height + 56;
  for (const [colour, name] of legend) {
    dr.push(`<rect x="${lx}" y="${ly - 9}" width="10" height="10" fill="${colour}"/><text x="${lx + 14}" y="${ly}" class="tick">${esc(name)}</text>`);
    lx += 24 + name.length * 6.5;
    if (lx > width - 150) break;
  }
  const whys = [...new Set(analysis.collections.map((c) => c.why))].sort((a, b) => a - b);
  lx = left;
  for (const w of whys) {
    const name = traceWhyName(w);
    dr.push(`<rect x="${lx}" y="${ly + 9}" width="10" height="10" fill="${WHY_COLOURS[w % WHY_COLOURS.length]}"/><text x="${lx + 14}" y="${ly + 18}" class="tick">${esc(name)}</text>`);
    lx += 24 + name.length * 6.5;
  }

  const err = logErrorMessage(log);
  const subtitle = `${analysis.collections.length} collections, ${analysis.pauses.length} pauses, ${log.events.length} events over ${formatSeconds(analysis.duration)}${err === undefined ? "" : ` (warning: ${err})`}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<style>.tick{fill:#333;font-size:10px}.axis{fill:#333;font-size:12px}.note{fill:#777;font-size:11px}.title{font-size:15px;font-weight:bold}</style>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${left}" y="22" class="title">${esc(title)}</text>`,
    `<text x="${left}" y="38" class="tick">${esc(subtitle)}</text>`,
    ...dr.parts,
    `</svg>`,
  ].join("\n");
}

/**
 * The timeline of `log` as a self-contained HTML page: the SVG of
 * {@link timelineSvg}, a style sheet and a small script that shows each
 * mark's details when the pointer is over it. It loads nothing from the
 * network.
 * @public
 */
export function timelineHtml(log: ToolLog, opts: TimelineOpts = {}, analysis: LogAnalysis = analyseLog(log)): string {
  const svg = timelineSvg(log, opts, analysis);
  const title = opts.title ?? `MPS timeline: ${log.source}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(title)}</title>
<style>
body { font-family: sans-serif; margin: 16px; }
#tip { position: fixed; pointer-events: none; display: none; background: #fffbe6; border: 1px solid #aaa; padding: 4px 8px; font-size: 12px; white-space: pre; box-shadow: 2px 2px 4px rgba(0,0,0,0.2); }
svg [data-tip]:hover { stroke: #000; stroke-width: 2; }
</style>
</head>
<body>
${svg}
<div id="tip"></div>
<script>
(function () {
  "use strict";
  var tip = document.getElementById("tip");
  var svg = document.querySelector("svg");
  svg.addEventListener("mousemove", function (ev) {
    var el = ev.target.closest ? ev.target.closest("[data-tip]") : null;
    if (!el) { tip.style.display = "none"; return; }
    tip.textContent = el.getAttribute("data-tip");
    tip.style.left = (ev.clientX + 14) + "px";
    tip.style.top = (ev.clientY + 14) + "px";
    tip.style.display = "block";
  });
  svg.addEventListener("mouseleave", function () { tip.style.display = "none"; });
  document.body.setAttribute("data-collections", String(svg.querySelectorAll("rect.collection").length));
})();
</script>
</body>
</html>
`;
}
