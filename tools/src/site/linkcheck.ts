/**
 * The docs site: the link check. Every `href` and `src` in the generated HTML
 * that is not an external URL must name a file of the site, and a `#fragment`
 * must be an `id` (or `name`) on the target page. Each page carries the
 * Markdown file it came from (`<meta name="mps-source">`), so a broken link is
 * reported against the file to fix.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, posix, relative, sep } from "node:path";

export interface BrokenLink {
  /** The site page holding the link (site-relative). */
  page: string;
  /** The file it was made from (`docs/guide/lang.md`), or the page itself. */
  source: string;
  href: string;
  reason: string;
}

export function formatBroken(b: BrokenLink): string {
  return `${b.source}: broken link "${b.href}" (in ${b.page}): ${b.reason}`;
}

function htmlFiles(dir: string, base = dir): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...htmlFiles(p, base));
    else if (name.endsWith(".html")) out.push(relative(base, p).split(sep).join("/"));
  }
  return out.sort();
}

const decodeEntities = (s: string): string =>
  s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** Ids a page defines (`id="..."` and `<a name="...">`). */
export function idsOf(html: string): Set<string> {
  const ids = new Set<string>();
  for (const m of html.matchAll(/\s(?:id|name)="([^"]*)"/g)) ids.add(decodeEntities(m[1]!));
  return ids;
}

/** Link targets of a page: every `href` and `src` attribute outside `<pre>`/`<code>` text. */
export function linksOf(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<[a-zA-Z][^>]*?\s(?:href|src)="([^"]*)"[^>]*>/g)) out.push(decodeEntities(m[1]!));
  return out;
}

/** Checks every internal link of the site under `siteDir`. */
export function checkLinks(siteDir: string): BrokenLink[] {
  const files = htmlFiles(siteDir);
  const idCache = new Map<string, Set<string>>();
  const ids = (page: string): Set<string> => {
    let s = idCache.get(page);
    if (!s) {
      s = idsOf(readFileSync(join(siteDir, page), "utf8"));
      idCache.set(page, s);
    }
    return s;
  };
  const broken: BrokenLink[] = [];
  for (const page of files) {
    const html = readFileSync(join(siteDir, page), "utf8");
    const source = /<meta name="mps-source" content="([^"]*)"/.exec(html)?.[1] ?? page;
    for (const href of new Set(linksOf(html))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("//")) continue; // external
      const hash = href.indexOf("#");
      const q = href.search(/[?#]/);
      const pathPart = q < 0 ? href : href.slice(0, q);
      const frag = hash < 0 ? undefined : decodeURIComponent(href.slice(hash + 1));
      let target: string;
      if (pathPart === "") target = page;
      else {
        if (pathPart.startsWith("/")) {
          broken.push({ page, source, href, reason: "an absolute path does not work offline" });
          continue;
        }
        target = posix.normalize(posix.join(posix.dirname(page), decodeURI(pathPart)));
        if (target.startsWith("../")) {
          broken.push({ page, source, href, reason: "it leaves the site" });
          continue;
        }
        const abs = join(siteDir, target);
        if (!existsSync(abs)) {
          broken.push({ page, source, href, reason: `no file ${target}` });
          continue;
        }
        if (statSync(abs).isDirectory()) {
          broken.push({ page, source, href, reason: `${target} is a folder (offline, a folder link shows a listing)` });
          continue;
        }
      }
      if (frag !== undefined && frag !== "" && target.endsWith(".html") && !ids(target).has(frag)) {
        broken.push({ page, source, href, reason: `no id "${frag}" in ${target}` });
      }
    }
  }
  return broken;
}
