import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkReqs, docsForFile, formatProblem, isTestFile, parseCitations, parseDefinitions } from "../src/check-reqs.js";

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, "fixtures", "reqs");
const root = join(here, "..", "..");

// Tags of the fixtures are spelt through this helper, so that this file does not
// itself cite them (it is scanned as a test of docs/design/repository.md).
const REQ = ".req";
const t = (name: string): string => `${REQ}.${name}`;

function problems(tree: string): string[] {
  return checkReqs(join(fixtures, tree)).problems.map(formatProblem);
}

describe("check-reqs on fixture trees", () => {
  it(".req.reqs.exist .req.reqs.cited: a tree where every citation resolves and every requirement is cited passes", () => {
    const report = checkReqs(join(fixtures, "good"));
    expect(report.problems).toEqual([]);
    // thing: alpha, beta, beta.one, beta.two; other: gamma; repository: tool.
    expect(report.requirements).toBe(6);
  });

  it(".req.reqs.exist: a cited tag that does not exist is reported at its file and line", () => {
    expect(problems("missing")).toEqual([
      `packages/thing/test/thing.ts:3: ${t("alfa")} is not defined in docs/design/thing.md`,
      `packages/thing/test/thing.ts:4: design/nowhere${t("alpha")}: no document docs/design/nowhere.md`,
      `packages/thing/test/thing.ts:5: ${t("omega")} is not defined in docs/design/thing.md`,
    ]);
  });

  it(".req.reqs.cited: a requirement that only source cites is reported at its definition", () => {
    expect(problems("uncited")).toEqual([`docs/design/thing.md:3: ${t("beta")} is cited by no test`]);
  });

  it(".req.reqs.unique: a tag defined twice in one document is reported; the same tag in two documents is not", () => {
    expect(problems("twice")).toEqual([`docs/design/thing.md:5: ${t("alpha")} is defined twice (first at line 1)`]);
  });

  it(".req.reqs.every-package: a package whose document defines no requirement, or that has no document, is reported", () => {
    expect(problems("empty")).toEqual([
      "docs/design/thing.md:1: defines no requirement (.req.*)",
      "packages/lost/package.json:1: no design document docs/design/lost.md",
    ]);
  });

  it(".req.reqs.resolve: a package owning two documents resolves against both, and a tag both define must be qualified", () => {
    expect(problems("shared")).toEqual([
      `packages/arena/test/arena.ts:3: ${t("alpha")} is defined in arena.md and arena-services.md: qualify it as design/<doc>${t("alpha")}`,
    ]);
  });
});

describe("parsing", () => {
  it(".req.reqs.resolve: citations: qualified, unqualified, the MPS's own, and property accesses", () => {
    const text = [
      `it("${t("a")}: x", () => {}); // ${t("b.c")}.`,
      `// design/cbs${t("d")} and design/splay \`${t("e")}\` and design/land.md${t("f")}`,
      `// design.mps.bt \`${t("ops.find")}\`, design.mps.clock${t("fast")}`,
      `const y = x${t("g")}; // ${REQ}.* is no tag`,
    ].join("\n");
    expect(parseCitations("f.ts", text).map((c) => [c.line, c.doc, c.tag])).toEqual([
      [1, null, t("a")],
      [1, null, t("b.c")],
      [2, "cbs", t("d")],
      [2, "splay", t("e")],
      [2, "land", t("f")],
    ]);
  });

  it(".req.reqs.resolve: an MPS reference broken across comment lines is still the MPS's", () => {
    const text = [` * the same agent (design.mps.`, ` * thread-manager ${t("register.multi")}); and ${t("ours")}`, ` * ${t("next-line")}`].join("\n");
    expect(parseCitations("f.ts", text).map((c) => [c.line, c.tag])).toEqual([
      [2, t("ours")],
      [3, t("next-line")],
    ]);
  });

  it(".req.reqs.cited: tests and benchmarks count as coverage; source does not", () => {
    expect(isTestFile("packages/cbs/test/cbs.test.ts")).toBe(true);
    expect(isTestFile("packages/cbs/test/util/helper.ts")).toBe(true);
    expect(isTestFile("packages/cbs/bench/index.ts")).toBe(true);
    expect(isTestFile("tools/test/layers.test.ts")).toBe(true);
    expect(isTestFile("packages/cbs/src/cbs.ts")).toBe(false);
    expect(isTestFile("tools/src/check-reqs.ts")).toBe(false);
  });

  it(".req.reqs.unique: definitions: at a paragraph's start, in a list of tags, mid-paragraph; not in fences or mentions", () => {
    const text = [
      `\`${t("a")}\`: one.`,
      `\`${t("b")}\`, \`${t("c")}\` and \`${t("d")}\`: three.`,
      `Text. \`${t("e")}\`: mid-paragraph. As \`${t("a")}\` says.`,
      "```",
      `\`${t("fenced")}\`: no.`,
      "```",
      `design.mps.vm \`${t("mps")}\`: the MPS's.`,
    ].join("\n");
    expect(parseDefinitions("d", text).map((d) => [d.line, d.tag])).toEqual([
      [1, t("a")],
      [2, t("b")],
      [2, t("c")],
      [2, t("d")],
      [3, t("e")],
    ]);
  });

  it(".req.reqs.resolve: packages resolve against their own documents, tools against repository.md", () => {
    expect(docsForFile("packages/cbs/test/cbs.test.ts")).toEqual(["cbs"]);
    expect(docsForFile("packages/arena/src/arena.ts")).toEqual(["arena", "arena-services"]);
    expect(docsForFile("tools/test/layers.test.ts")).toEqual(["repository"]);
    expect(docsForFile("docs/design/cbs.md")).toBeNull();
  });
});

describe("the repository's own configuration", () => {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string>; packageManager: string };
  const turbo = JSON.parse(readFileSync(join(root, "turbo.json"), "utf8")) as {
    tasks: Record<string, { dependsOn?: string[]; inputs?: string[]; outputs?: string[] }>;
  };

  it(".req.reqs.ci: pnpm test runs the requirement check", () => {
    expect(pkg.scripts["test"]).toMatch(/check-reqs/);
  });

  it(".req.fresh: .ci/run installs the pinned pnpm and the locked dependencies, then runs pnpm test", () => {
    const run = readFileSync(join(root, ".ci", "run"), "utf8");
    expect(pkg.packageManager).toMatch(/^pnpm@\d+\.\d+\.\d+$/);
    expect(run).toMatch(/packageManager/);
    expect(run).toMatch(/pnpm install --frozen-lockfile/);
    expect(run).toMatch(/^pnpm test$/m);
  });

  it(".req.cache: the build task caches dist and the build info, from declared inputs only", () => {
    const build = turbo.tasks["build"]!;
    expect(build.outputs).toEqual(expect.arrayContaining(["dist/**", "tsconfig.tsbuildinfo"]));
    expect(build.inputs).toBeDefined();
    expect(build.inputs!.some((i) => i.startsWith("test"))).toBe(false);
  });

  it(".req.api: pnpm test runs the api task, which compares against the committed report after building", () => {
    expect(pkg.scripts["test"]).toMatch(/turbo run [^&]*\bapi\b/);
    expect(turbo.tasks["api"]!.dependsOn).toContain("build");
    expect(turbo.tasks["api"]!.inputs).toContain("etc/**");
  });
});
