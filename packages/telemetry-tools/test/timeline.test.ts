// The timeline: the SVG and HTML of a real run's log, checked as text, and
// the page opened in headless Chromium (playwright-core): it must draw one
// span per collection, log no console errors, and a screenshot is written
// under temp/. Where Chromium is missing the test is skipped, saying how to
// install it.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { codeOf } from "@mps/mpm/test-util";
import { analyseLog, decodeLog, timelineHtml, timelineSvg } from "../src/index.js";
import { churnLog } from "./support.js";

const CHROMIUM = "/usr/bin/chromium";
const here = dirname(fileURLToPath(import.meta.url));
const tempDir = join(here, "..", "temp");
const userDirs: string[] = [];
afterAll(() => {
  for (const d of userDirs) rmSync(d, { recursive: true, force: true });
});

function count(s: string, re: RegExp): number {
  return (s.match(re) ?? []).length;
}

describe("timeline", () => {
  const run = churnLog({ pool: "amc", protection: "software" });
  const log = decodeLog(run.bytes, "amc-software.log");
  const a = analyseLog(log);

  // .req.timeline
  it(".if.timeline.svg: one span per collection, one mark per pause, a tooltip on each", () => {
    const svg = timelineSvg(log);
    expect(svg.startsWith("<svg ")).toBe(true);
    expect(count(svg, /<rect class="collection"/g)).toBe(run.messages.length);
    expect(count(svg, /<rect class="pause /g)).toBe(a.pauses.length);
    expect(a.pauses.length).toBeGreaterThan(0);
    for (const m of run.messages) expect(svg).toContain(`data-condemned="${m.condemned}" data-survived="${m.live}"`);
    expect(svg).toContain('class="series committed"');
    expect(svg).toContain('class="series reserved"');
    expect(svg).toContain('class="series pool"');
    expect(count(svg, /<circle class="gen"/g)).toBeGreaterThan(0);
    expect(svg).toContain("CHAIN_GEN0CAP");
  });

  it(".if.timeline.html: self-contained: no URL to fetch anything from", () => {
    const html = timelineHtml(log, { title: "churn" });
    expect(html).toContain("<title>churn</title>");
    expect(html).not.toMatch(/\b(src|href)=/);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(count(html, /<rect class="collection"/g)).toBe(run.messages.length);
  });

  it(".if.timeline.errors: a bad width is PARAM", () => {
    expect(codeOf(() => timelineSvg(log, { width: 10 }))).toBe("PARAM");
    expect(codeOf(() => timelineSvg(log, { width: 1000.5 }))).toBe("PARAM");
  });

  const haveChromium = existsSync(CHROMIUM);
  it.skipIf(!haveChromium)(`.test.chromium: the page draws in headless Chromium with no console errors${haveChromium ? "" : ` (skipped: no ${CHROMIUM}; install it with "apt-get install chromium")`}`, async () => {
    const { chromium } = await import("playwright-core");
    mkdirSync(tempDir, { recursive: true });
    const page = join(tempDir, "timeline.html");
    writeFileSync(page, timelineHtml(log));
    const userDir = mkdtempSync(join(tmpdir(), "mps-telemetry-chromium-"));
    userDirs.push(userDir);
    // A fresh profile each time (playwright passes it as --user-data-dir).
    const browser = await chromium.launchPersistentContext(userDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 800 },
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    try {
      const p = await browser.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      p.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      p.on("pageerror", (e) => errors.push(e.message));
      p.on("request", (r) => {
        if (!r.url().startsWith("file:")) requests.push(r.url());
      });
      await p.goto(`file://${page}`);
      const drawn = await p.locator("svg rect.collection").count();
      expect(drawn).toBe(run.messages.length);
      expect(await p.getAttribute("body", "data-collections")).toBe(String(run.messages.length));
      // Hover over the first collection: the tooltip shows its details.
      await p.locator("svg rect.collection").first().hover({ force: true });
      const tip = await p.locator("#tip").textContent();
      expect(tip).toContain(`condemned`);
      expect(await p.locator("#tip").isVisible()).toBe(true);
      await p.screenshot({ path: join(tempDir, "timeline.png"), fullPage: true });
      expect(existsSync(join(tempDir, "timeline.png"))).toBe(true);
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
