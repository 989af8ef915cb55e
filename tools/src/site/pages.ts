/**
 * The docs site (issue 9): which Markdown files become pages, and where each
 * lands in `site/`. `docs/X.md` becomes `X.html` (so the manual's own relative
 * links keep their shape), `packages/<p>/README.md` becomes `packages/<p>/index.html`
 * and the root README becomes `readme.html`. See docs/design/repository.md `.site`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, posix } from "node:path";

/** One Markdown page of the site. */
export interface MdPage {
  /** Repository-relative path of the source, forward slashes (`docs/guide/lang.md`). */
  src: string;
  /** Site-relative path of the output (`guide/lang.html`). */
  out: string;
  /** The text of the first `# ` heading, or the file name. */
  title: string;
  markdown: string;
}

/** Where the build reads from and writes to. */
export interface SiteLayout {
  /** The repository root (absolute). */
  root: string;
  /** The output folder (absolute). */
  outDir: string;
}

/** Site path of a repository-relative Markdown path (whether or not it exists). */
export function outPathOf(src: string): string {
  if (src === "README.md") return "readme.html";
  const pkg = /^packages\/([^/]+)\/README\.md$/.exec(src);
  if (pkg) return `packages/${pkg[1]}/index.html`;
  if (src.startsWith("docs/")) return src.slice("docs/".length).replace(/\.md$/, ".html");
  return `files/${src.replace(/\.md$/, ".html")}`;
}

/** Site path of a copied asset (an image). */
export function assetPathOf(src: string): string {
  return src.startsWith("docs/") ? src.slice("docs/".length) : `files/${src}`;
}

export function titleOf(markdown: string, fallback: string): string {
  const m = /^#\s+(.+?)\s*#*\s*$/m.exec(markdown);
  return m ? m[1]!.replace(/`/g, "").replace(/\[([^\]]*)\]\([^)]*\)/g, "$1") : fallback;
}

function mdFilesUnder(root: string, rel: string): string[] {
  const abs = join(root, rel);
  if (!existsSync(abs)) return [];
  const out: string[] = [];
  for (const name of readdirSync(abs).sort()) {
    const r = posix.join(rel, name);
    if (statSync(join(root, r)).isDirectory()) out.push(...mdFilesUnder(root, r));
    else if (name.endsWith(".md")) out.push(r);
  }
  return out;
}

/** Every page: all of `docs/**\/*.md`, each package README, and the root README. */
export function collectPages(root: string): MdPage[] {
  const srcs = mdFilesUnder(root, "docs");
  if (existsSync(join(root, "README.md"))) srcs.push("README.md");
  const pkgDir = join(root, "packages");
  if (existsSync(pkgDir)) {
    for (const p of readdirSync(pkgDir).sort()) {
      if (existsSync(join(pkgDir, p, "README.md"))) srcs.push(`packages/${p}/README.md`);
    }
  }
  return srcs.map((src) => {
    const markdown = readFileSync(join(root, src), "utf8");
    const fallback = src === "README.md" ? "README" : src.startsWith("packages/") ? src.split("/")[1]! : posix.basename(src, ".md");
    return { src, out: outPathOf(src), title: titleOf(markdown, fallback), markdown };
  });
}

/** A relative href from one site page to another site path. */
export function relHref(fromOut: string, toOut: string): string {
  const r = posix.relative(posix.dirname(fromOut), toOut);
  return r === "" ? posix.basename(toOut) : r;
}
