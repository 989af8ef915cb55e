/**
 * The docs site (issue 9): `pnpm docs` builds `site/` from docs/, the package
 * READMEs and the api-extractor models, then checks every internal link and
 * exits 1 listing the broken ones. Open `site/index.html`; it needs no server.
 * See docs/design/repository.md `.site`.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildApiPages, findApiModels, type ApiPage } from "./api.js";
import { checkLinks, formatBroken, type BrokenLink } from "./linkcheck.js";
import { pageHtml, SITE_CSS } from "./layout.js";
import { buildNav, navHtml, pagerHtml } from "./nav.js";
import { collectPages, relHref, type MdPage } from "./pages.js";
import { makeRenderer, type LinkContext } from "./render.js";
import { buildSearchIndex, SEARCH_CLIENT_JS, searchIndexScript, type SearchDoc } from "./search.js";

export interface SiteOptions {
  /** Repository root. */
  root: string;
  /** Output folder; emptied first. */
  outDir: string;
  /** Fail when a package with an api-extractor configuration has no model (true for the real build). */
  requireApi: boolean;
  /** Base URL for links to repository files that are not pages; default from package.json `repository`. */
  repoUrl?: string | undefined;
}

export interface SiteResult {
  pages: number;
  apiPages: number;
  searchDocs: number;
  /** Repository files linked from pages that are not part of the site. */
  repoFiles: string[];
  broken: BrokenLink[];
}

/** The repository's file URL from package.json's `repository` (GitHub style), if it has one. */
export function repoUrlOf(root: string): string | undefined {
  if (process.env.MPS_SITE_REPO_URL) return process.env.MPS_SITE_REPO_URL;
  if (!existsSync(join(root, "package.json"))) return undefined;
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { repository?: string | { url?: string } };
  const url = typeof pkg.repository === "string" ? pkg.repository : pkg.repository?.url;
  if (!url) return undefined;
  return `${url.replace(/^git\+/, "").replace(/\.git$/, "")}/blob/HEAD/`;
}

function write(outDir: string, rel: string, text: string): void {
  const p = join(outDir, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
}

/** Builds the site and checks its links. Throws if models are missing and required. */
export function buildSite(opts: SiteOptions): SiteResult {
  const { root, outDir } = opts;
  const pages: MdPage[] = collectPages(root);
  const { models, missing } = findApiModels(root);
  if (opts.requireApi && missing.length > 0) {
    throw new Error(`no api-extractor doc model (temp/*.api.json) in ${missing.join(", ")}: run \`pnpm api\` first`);
  }
  const ctx: LinkContext = {
    root,
    pages: new Map(pages.map((p) => [p.src, p.out])),
    repoUrl: opts.repoUrl === undefined ? repoUrlOf(root) : opts.repoUrl,
    assets: new Set(),
    repoFiles: new Set(),
  };
  const readmeOf = (dir: string): string | undefined => ctx.pages.get(`packages/${dir}/README.md`);
  const api: ApiPage[] = buildApiPages(models, readmeOf);
  const nav = buildNav(pages, api);
  const siteTitle = "MPS for TypeScript";
  const render = makeRenderer(ctx);

  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const docs: SearchDoc[] = [];
  for (const p of pages) {
    const r = render(p.src, p.markdown);
    // A package README leads to the package's generated API page.
    const pkgDir = /^packages\/([^/]+)\/README\.md$/.exec(p.src)?.[1];
    const apiPage = pkgDir ? api.find((a) => a.kind === "package" && a.out === `api/${pkgDir}/index.html`) : undefined;
    const head = apiPage ? `<p class="api-link">API reference: <a href="${relHref(p.out, apiPage.out)}">${apiPage.pkg}</a></p>\n` : "";
    const body = `${head}${r.html}\n${pagerHtml(nav, p.out)}`;
    write(outDir, p.out, pageHtml({ out: p.out, title: p.title, source: p.src, nav: navHtml(nav, p.out), body, siteTitle }));
    for (const s of r.sections) {
      docs.push({ id: docs.length, title: s.heading || p.title, page: p.title, url: s.id ? `${p.out}#${s.id}` : p.out, text: s.text });
    }
  }
  for (const a of api) {
    const source = `packages/${a.pkg.replace(/^@[^/]+\//, "")}/src (TSDoc, via the api-extractor model)`;
    write(outDir, a.out, pageHtml({ out: a.out, title: a.title, source, nav: navHtml(nav, a.out), body: a.html, siteTitle }));
    docs.push({ id: docs.length, title: a.title, page: a.pkg, url: a.out, text: a.text });
  }
  for (const asset of ctx.assets) {
    const to = join(outDir, asset.startsWith("docs/") ? asset.slice(5) : `files/${asset}`);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(join(root, asset), to);
  }
  const require = createRequire(import.meta.url);
  // The package exports no UMD build by name; it sits beside the CommonJS one.
  const miniUmd = join(dirname(require.resolve("minisearch")), "../umd/index.js");
  write(outDir, "assets/minisearch.js", readFileSync(miniUmd, "utf8"));
  write(outDir, "assets/search-index.js", searchIndexScript(buildSearchIndex(docs)));
  write(outDir, "assets/search.js", SEARCH_CLIENT_JS);
  write(outDir, "assets/site.css", SITE_CSS);
  return { pages: pages.length, apiPages: api.length, searchDocs: docs.length, repoFiles: [...ctx.repoFiles].sort(), broken: checkLinks(outDir) };
}

function main(): void {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
  const args = process.argv.slice(2);
  const outIdx = args.indexOf("--out");
  const outDir = outIdx >= 0 && args[outIdx + 1] ? resolve(args[outIdx + 1]!) : join(root, "site");
  const t0 = performance.now();
  let r: SiteResult;
  try {
    r = buildSite({ root, outDir, requireApi: true });
  } catch (e) {
    console.error(`site: ${(e as Error).message}`);
    process.exit(1);
  }
  const ms = Math.round(performance.now() - t0);
  console.log(`site: ${r.pages} pages, ${r.apiPages} API pages, ${r.searchDocs} search entries in ${outDir} (${ms} ms)`);
  if (r.repoFiles.length > 0) {
    console.log(`site: ${r.repoFiles.length} links name repository files outside the site; with no repository URL (package.json "repository" or MPS_SITE_REPO_URL) they are shown as text`);
  }
  if (r.broken.length > 0) {
    for (const b of r.broken) console.error(formatBroken(b));
    console.error(`site: ${r.broken.length} broken internal link(s)`);
    process.exit(1);
  }
  console.log("site: every internal link resolves; open site/index.html");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
