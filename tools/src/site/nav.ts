/**
 * The docs site: navigation mirroring the manual. The sections are the links
 * of docs/index.md's table, in order (Guide, Reference, Pool reference, Design,
 * ...); each section lists the pages its index page links to, in the order it
 * links them, then any other page of that folder. Package READMEs and API
 * pages follow as two more sections.
 */
import { posix } from "node:path";
import type { MdPage } from "./pages.js";
import { escapeHtml } from "./render.js";
import { relHref } from "./pages.js";

export interface NavEntry {
  title: string;
  /** Site path. */
  out: string;
}

export interface NavSection {
  title: string;
  /** The section's own page (its index), if any. */
  out: string | undefined;
  entries: NavEntry[];
}

/** Relative `.md` links of a Markdown text, in order, resolved against `fromSrc`, without fragments. */
export function mdLinksOf(fromSrc: string, markdown: string): string[] {
  const out: string[] = [];
  for (const m of markdown.matchAll(/\]\(([^)\s#]+\.md)(?:#[^)\s]*)?\)/g)) {
    const href = m[1]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(href)) continue;
    const target = posix.normalize(posix.join(posix.dirname(fromSrc), href));
    if (!out.includes(target)) out.push(target);
  }
  return out;
}

/** The sections from the home page's links, then Packages and API. */
export function buildNav(pages: MdPage[], api: { title: string; out: string; pkg: string; kind: string }[]): NavSection[] {
  const bySrc = new Map(pages.map((p) => [p.src, p]));
  const home = bySrc.get("docs/index.md");
  const sections: NavSection[] = [];
  const placed = new Set<string>(["docs/index.md"]);
  if (home) {
    for (const m of home.markdown.matchAll(/\[([^\]]+)\]\(([^)\s#]+\.md)\)/g)) {
      const indexSrc = posix.normalize(posix.join("docs", m[2]!));
      const index = bySrc.get(indexSrc);
      if (!index || placed.has(indexSrc)) continue;
      placed.add(indexSrc);
      const dir = posix.dirname(indexSrc);
      const entries: NavEntry[] = [];
      const add = (src: string): void => {
        const p = bySrc.get(src);
        if (!p || placed.has(src) || posix.dirname(src) !== dir) return;
        placed.add(src);
        entries.push({ title: p.title, out: p.out });
      };
      for (const src of mdLinksOf(indexSrc, index.markdown)) add(src);
      for (const p of pages) if (p.src.startsWith(`${dir}/`)) add(p.src);
      const isIndex = /\/index\.md$/.test(indexSrc);
      if (!isIndex) entries.unshift({ title: index.title, out: index.out });
      sections.push({ title: m[1]!, out: isIndex ? index.out : undefined, entries });
    }
  }
  const other = pages.filter((p) => p.src.startsWith("docs/") && !placed.has(p.src));
  if (other.length > 0) sections.push({ title: "Other pages", out: undefined, entries: other.map((p) => ({ title: p.title, out: p.out })) });
  const readmes = pages.filter((p) => p.src.startsWith("packages/"));
  const root = bySrc.get("README.md");
  sections.push({
    title: "Packages",
    out: root?.out,
    entries: readmes.map((p) => ({ title: p.src.split("/")[1]!, out: p.out })),
  });
  const pkgPages = api.filter((a) => a.kind === "package");
  if (pkgPages.length > 0) sections.push({ title: "API", out: undefined, entries: pkgPages.map((a) => ({ title: a.pkg, out: a.out })) });
  return sections;
}

/** The sidebar HTML for one page: links relative to it, the current page marked. */
export function navHtml(sections: NavSection[], fromOut: string): string {
  const parts: string[] = [`<nav class="sidebar" aria-label="manual">`, `<p class="home"><a href="${relHref(fromOut, "index.html")}">Manual home</a></p>`];
  for (const s of sections) {
    const open = s.out === fromOut || s.entries.some((e) => e.out === fromOut) || (s.title === "API" && fromOut.startsWith("api/"));
    const title = s.out ? `<a href="${relHref(fromOut, s.out)}"${s.out === fromOut ? ` aria-current="page"` : ""}>${escapeHtml(s.title)}</a>` : escapeHtml(s.title);
    parts.push(`<details${open ? " open" : ""}><summary>${title}</summary><ul>`);
    for (const e of s.entries) {
      parts.push(`<li><a href="${relHref(fromOut, e.out)}"${e.out === fromOut ? ` aria-current="page"` : ""}>${escapeHtml(e.title)}</a></li>`);
    }
    parts.push(`</ul></details>`);
  }
  parts.push(`</nav>`);
  return parts.join("\n");
}

/** Previous and next links through the manual's sections, in sidebar order (not the API). */
export function pagerHtml(sections: NavSection[], fromOut: string): string {
  const order: NavEntry[] = [{ title: "Manual home", out: "index.html" }];
  for (const s of sections) {
    if (s.title === "API") continue;
    if (s.out) order.push({ title: s.title, out: s.out });
    order.push(...s.entries);
  }
  const seen = new Set<string>();
  const flat = order.filter((e) => (seen.has(e.out) ? false : (seen.add(e.out), true)));
  const i = flat.findIndex((e) => e.out === fromOut);
  if (i < 0) return "";
  const prev = flat[i - 1];
  const next = flat[i + 1];
  const link = (e: NavEntry, rel: string, arrow: string): string =>
    `<a rel="${rel}" href="${relHref(fromOut, e.out)}">${rel === "prev" ? arrow + " " : ""}${escapeHtml(e.title)}${rel === "next" ? " " + arrow : ""}</a>`;
  return `<nav class="pager" aria-label="pages">${prev ? link(prev, "prev", "\u2190") : "<span></span>"}${next ? link(next, "next", "\u2192") : ""}</nav>`;
}
