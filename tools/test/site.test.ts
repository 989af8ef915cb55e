// The docs site (issue 9, docs/design/repository.md `.site`): a fixture repository
// is built into a temporary folder; its link check must report the broken link
// and the broken anchor it holds, and nothing else.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApiPages, readReexports } from "../src/site/api.js";
import { checkLinks, idsOf, linksOf } from "../src/site/linkcheck.js";
import { buildSite, type SiteResult } from "../src/site/main.js";
import { outPathOf } from "../src/site/pages.js";
import { slugify } from "../src/site/render.js";

const here = dirname(fileURLToPath(import.meta.url));
const fixture = join(here, "fixtures/site");
let out: string;
let result: SiteResult;

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), "mps-site-"));
  result = buildSite({ root: join(fixture, "repo"), outDir: join(out, "site"), requireApi: false, repoUrl: undefined });
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

const page = (p: string): string => readFileSync(join(out, "site", p), "utf8");

describe("site: building the fixture repository", () => {
  it(".req.site.pages: docs pages keep their layout, READMEs land under packages/", () => {
    expect(result.pages).toBe(6);
    for (const p of ["index.html", "guide/index.html", "guide/a.html", "guide/b.html", "reference/index.html", "packages/foo/index.html"]) {
      expect(existsSync(join(out, "site", p)), p).toBe(true);
    }
    expect(outPathOf("README.md")).toBe("readme.html");
  });

  it(".req.site.links: .md links become .html, folders their README, images are copied", () => {
    const a = page("guide/a.html");
    expect(a).toContain('href="b.html#second-heading"');
    expect(a).toContain('href="../packages/foo/index.html"');
    expect(a).toMatch(/<a href="..\/packages\/foo\/index.html">a folder with a README<\/a>/);
    expect(a).toContain('src="../images/pic.png"');
    expect(existsSync(join(out, "site/images/pic.png"))).toBe(true);
    // With no repository URL, a link to a source file is shown as text naming it.
    expect(a).toContain('<span title="packages/foo/src/x.ts" class="repo-file">a source file</span>');
    expect(result.repoFiles).toEqual(["packages/foo/src/x.ts"]);
    expect(page("packages/foo/index.html")).toContain('href="../../guide/index.html"');
  });

  it(".req.site.links: with a repository URL, a source file links to it", () => {
    const o = join(out, "with-url");
    buildSite({ root: join(fixture, "repo"), outDir: o, requireApi: false, repoUrl: "https://example.org/r/blob/HEAD/" });
    expect(readFileSync(join(o, "guide/a.html"), "utf8")).toContain('href="https://example.org/r/blob/HEAD/packages/foo/src/x.ts"');
  });

  it(".req.site.nav: the sidebar follows the home page's sections and each index page's order", () => {
    const html = page("guide/b.html");
    const nav = html.slice(html.indexOf('<nav class="sidebar"'), html.indexOf("</nav>"));
    expect(nav.indexOf(">Guide<")).toBeLessThan(nav.indexOf(">Reference<"));
    expect(nav.indexOf(">Second page<")).toBeLessThan(nav.indexOf(">First page<"));
    expect(nav).toContain('<a href="b.html" aria-current="page">Second page</a>');
    expect(nav).toMatch(/<details open><summary><a href="index.html">Guide<\/a>/);
    // Previous and next follow the same order: guide index, Second page, First page, Reference.
    expect(html).toContain('<nav class="pager" aria-label="pages"><a rel="prev" href="index.html">\u2190 Guide</a><a rel="next" href="a.html">First page \u2192</a></nav>');
    expect(page("guide/a.html")).toContain('<a rel="next" href="../reference/index.html">Reference \u2192</a>');
  });

  it(".req.site.search: the index is a script holding every section, and each page loads it", () => {
    const js = page("assets/search-index.js");
    expect(js.startsWith("window.MPS_SEARCH = ")).toBe(true);
    expect(js).toContain("guide/a.html#a-part");
    expect(js).toContain("zyzzyva");
    expect(page("guide/a.html")).toContain('<script src="../assets/search-index.js"></script>');
    expect(existsSync(join(out, "site/assets/minisearch.js"))).toBe(true);
  });

  it(".req.site.check: the broken link and the broken anchor are reported against their Markdown file, the good links are not", () => {
    const got = result.broken.map((b) => `${b.source} ${b.href}`).sort();
    expect(got).toEqual(["docs/reference/index.md ../guide/b.html#no-such-heading", "docs/reference/index.md missing.html"]);
    expect(result.broken.find((b) => b.href === "missing.html")!.reason).toBe("no file reference/missing.html");
    expect(result.broken.find((b) => b.href.endsWith("no-such-heading"))!.reason).toBe('no id "no-such-heading" in guide/b.html');
  });
});

describe(".req.site.check: the link checker on hand-made pages", () => {
  it("reports a missing file, a missing id, a folder and an absolute path; accepts a good link, a good id and external URLs", () => {
    const dir = mkdtempSync(join(tmpdir(), "mps-links-"));
    try {
      mkdirSync(join(dir, "sub"));
      writeFileSync(join(dir, "index.html"), '<meta name="mps-source" content="docs/index.md"><h2 id="here">x</h2><a href="sub/p.html#there">ok</a><a href="#here">ok</a><a href="https://example.org/x#y">ext</a><a href="mailto:a@b">m</a><a href="sub/p.html#gone">bad</a><a href="nope.html">bad</a><a href="sub">dir</a><img src="/abs.png">');
      writeFileSync(join(dir, "sub/p.html"), '<p id="there">t</p><a href="../index.html?q=x#here">ok</a><a href="#missing">bad</a>');
      const got = checkLinks(dir).map((b) => `${b.source}|${b.href}`).sort();
      expect(got).toEqual(["docs/index.md|/abs.png", "docs/index.md|nope.html", "docs/index.md|sub", "docs/index.md|sub/p.html#gone", "sub/p.html|#missing"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads ids and links from attributes", () => {
    expect([...idsOf('<h2 id="a-b">x</h2><a name="n"></a>')]).toEqual(["a-b", "n"]);
    expect(linksOf('<a class="c" href="x.html#a&amp;b">t</a><img alt="" src="i.png">')).toEqual(["x.html#a&b", "i.png"]);
  });

  it("gives headings GitHub's ids", () => {
    expect(slugify("Pool class properties")).toBe("pool-class-properties");
    expect(slugify("`ap.framePush` and frames!")).toBe("apframepush-and-frames");
  });
});

describe(".req.site.api: API pages from an api-extractor model", () => {
  const pages = buildApiPages([{ dir: "ring", file: join(fixture, "models/ring.api.json"), report: join(fixture, "models/ring.api.md") }], (d) => `packages/${d}/index.html`);
  const byOut = new Map(pages.map((p) => [p.out, p]));

  it("one page per exported name and one for the package", () => {
    expect([...byOut.keys()].sort()).toEqual(["api/ring/index.html", "api/ring/ring.html", "api/ring/ringelt.html", "api/ring/ringforeach.html", "api/ring/ringvisitor.html"]);
    const pkg = byOut.get("api/ring/index.html")!;
    expect(pkg.html).toContain('<a href="ring.html"><code>Ring</code></a>');
    expect(pkg.html).toContain('href="../../packages/ring/index.html"');
  });

  it("signatures link to the types they name; members have anchors; summaries and parameters are shown", () => {
    const f = byOut.get("api/ring/ringforeach.html")!;
    expect(f.html).toContain('<a href="ring.html">Ring</a>');
    expect(f.html).toContain('<a href="ringvisitor.html">RingVisitor</a>');
    expect(f.html).toContain("<th>parameter</th>");
    const ring = byOut.get("api/ring/ring.html")!;
    const ids = idsOf(ring.html);
    for (const m of linksOf(ring.html).filter((h) => h.startsWith("#"))) expect(ids.has(m.slice(1)), m).toBe(true);
    expect(ring.text.length).toBeGreaterThan(20);
  });

  it("re-exports are read from the api report", () => {
    expect(readReexports("import { A } from '@mps/x';\nimport type { B } from '@mps/y';\n\nexport { A }\n\nexport { B }\n\nexport function c(): void;\n")).toEqual([
      { name: "A", from: "@mps/x" },
      { name: "B", from: "@mps/y" },
    ]);
  });
});
