/**
 * The docs site: the page template and the style sheet. Plain HTML and CSS,
 * nothing fetched from elsewhere, so the site works opened from disk.
 */
import { escapeHtml } from "./render.js";
import { relHref } from "./pages.js";

export interface LayoutArgs {
  out: string;
  title: string;
  /** The file the page was made from, for the link check's report. */
  source: string;
  nav: string;
  body: string;
  siteTitle: string;
}

export function pageHtml(a: LayoutArgs): string {
  const root = relHref(a.out, "index.html").replace(/index\.html$/, "");
  const asset = (p: string): string => escapeHtml(relHref(a.out, `assets/${p}`));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="mps-source" content="${escapeHtml(a.source)}">
<title>${escapeHtml(a.title)} · ${escapeHtml(a.siteTitle)}</title>
<link rel="stylesheet" href="${asset("site.css")}">
</head>
<body data-root="${escapeHtml(root)}">
<header class="top">
<a class="brand" href="${escapeHtml(relHref(a.out, "index.html"))}">${escapeHtml(a.siteTitle)}</a>
<div class="search"><input id="search-box" type="search" placeholder="Search the manual and the API" aria-label="Search" autocomplete="off"><ul id="search-results" hidden></ul></div>
</header>
<div class="layout">
${a.nav}
<main class="content">
${a.body}
</main>
</div>
<script src="${asset("minisearch.js")}"></script>
<script src="${asset("search-index.js")}"></script>
<script src="${asset("search.js")}"></script>
</body>
</html>
`;
}

export const SITE_CSS = `:root { --fg: #1d232b; --muted: #5b6673; --bg: #fff; --side: #f5f6f8; --line: #dde1e6; --link: #0b5cad; --code: #f3f4f6; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--link); text-decoration: none; }
a:hover { text-decoration: underline; }
header.top { position: sticky; top: 0; z-index: 2; display: flex; align-items: center; gap: 1.5rem; padding: .6rem 1.2rem; background: #14324f; color: #fff; }
header.top .brand { color: #fff; font-weight: 600; white-space: nowrap; }
.search { position: relative; flex: 1; max-width: 36rem; }
#search-box { width: 100%; padding: .4rem .6rem; border: 0; border-radius: 4px; font: inherit; }
#search-results { position: absolute; left: 0; right: 0; margin: .2rem 0 0; padding: .3rem 0; list-style: none; background: #fff; color: var(--fg); border: 1px solid var(--line); border-radius: 4px; box-shadow: 0 6px 18px rgba(0,0,0,.15); max-height: 70vh; overflow: auto; }
#search-results li { padding: .25rem .8rem; }
#search-results li .page { display: block; font-size: .8rem; color: var(--muted); }
#search-results li.none { color: var(--muted); }
.layout { display: flex; align-items: flex-start; }
nav.sidebar { flex: 0 0 17rem; position: sticky; top: 2.9rem; min-height: calc(100vh - 2.9rem); max-height: calc(100vh - 2.9rem); overflow: auto; padding: 1rem .8rem 2rem; background: var(--side); border-right: 1px solid var(--line); font-size: .9rem; }
nav.sidebar ul { list-style: none; margin: .2rem 0 .6rem; padding-left: .8rem; }
nav.sidebar li { margin: .1rem 0; }
nav.sidebar summary { cursor: pointer; font-weight: 600; margin-top: .4rem; }
nav.sidebar a[aria-current="page"] { font-weight: 700; color: var(--fg); }
main.content { flex: 1; min-width: 0; max-width: 60rem; padding: 1.2rem 2.2rem 4rem; }
h1, h2, h3 { line-height: 1.25; }
h2 { border-bottom: 1px solid var(--line); padding-bottom: .2rem; margin-top: 2rem; }
code { font: .9em/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; background: var(--code); padding: .1em .25em; border-radius: 3px; }
pre { background: var(--code); padding: .8rem 1rem; overflow: auto; border-radius: 4px; }
pre code { background: none; padding: 0; }
table { border-collapse: collapse; margin: 1rem 0; display: block; overflow: auto; }
th, td { border: 1px solid var(--line); padding: .3rem .6rem; text-align: left; vertical-align: top; }
th { background: var(--side); }
img { max-width: 100%; }
.kind { font-size: .8rem; font-weight: 400; color: var(--muted); border: 1px solid var(--line); border-radius: 3px; padding: 0 .3rem; vertical-align: middle; }
.crumbs { font-size: .9rem; margin: 0; }
pre.signature { border-left: 3px solid #14324f; }
section.member { margin-top: 1.5rem; }
.deprecated { background: #fff4e5; padding: .4rem .8rem; border-radius: 4px; }
.repo-file { font-style: italic; }
nav.pager { display: flex; justify-content: space-between; gap: 1rem; margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--line); }
.hljs-keyword, .hljs-built_in { color: #8a2be2; }
.hljs-string { color: #2a7a2a; }
.hljs-number, .hljs-literal { color: #b35900; }
.hljs-comment { color: #6a737d; font-style: italic; }
.hljs-title, .hljs-title.function_ { color: #0b5cad; }
.hljs-type, .hljs-title.class_ { color: #b31d28; }
@media (max-width: 52rem) { .layout { display: block; } nav.sidebar { position: static; max-height: none; border-right: 0; } main.content { padding: 1rem; } }
`;
