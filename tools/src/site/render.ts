/**
 * The docs site: Markdown to HTML. markdown-it with GitHub-style heading ids
 * (so `#pool-class-properties` links written for GitHub keep working),
 * highlight.js for code, and every relative link rewritten to the site's layout
 * (`.md` to `.html`, images copied, other repository files to the repository).
 */
import hljs from "highlight.js";
import MarkdownIt from "markdown-it";
import anchor from "markdown-it-anchor";
import { existsSync, statSync } from "node:fs";
import { join, posix } from "node:path";
import { assetPathOf, outPathOf, relHref } from "./pages.js";

/** What a link is resolved against. */
export interface LinkContext {
  /** Repository root (absolute). */
  root: string;
  /** Source paths of the pages that exist, to their site paths. */
  pages: Map<string, string>;
  /** Base URL of the repository's files (`…/blob/main/`), or undefined: then links to source files become plain text. */
  repoUrl: string | undefined;
  /** Repository paths of assets to copy into the site (filled in as links are found). */
  assets: Set<string>;
  /** Repository paths of files outside the site that links named (filled in). */
  repoFiles: Set<string>;
}

/** A section of a page, for the search index: the text under one heading. */
export interface PageSection {
  /** The heading's id, or "" for the text before the first heading. */
  id: string;
  heading: string;
  text: string;
}

export interface Rendered {
  html: string;
  sections: PageSection[];
}

const ASSET_EXT = /\.(png|jpe?g|gif|svg|webp|ico)$/i;

/** GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens. */
export function slugify(s: string): string {
  return s.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
}

/**
 * Rewrite one link found in `fromSrc` (a repository path). External links and
 * bare fragments are kept. A `.md` target becomes its page (a missing page
 * still becomes an `.html` link, for the link check to report); an image is
 * copied; a folder becomes its README or index page; any other existing
 * file is a repository file.
 */
export function rewriteLink(fromSrc: string, href: string, ctx: LinkContext, kind: "link" | "image" = "link"): string | { repo: string } {
  if (href === "" || href.startsWith("#") || /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("//")) return href;
  const hash = href.indexOf("#");
  const pathPart = hash < 0 ? href : href.slice(0, hash);
  const frag = hash < 0 ? "" : href.slice(hash);
  const fromOut = ctx.pages.get(fromSrc) ?? outPathOf(fromSrc);
  let target = pathPart.startsWith("/") ? pathPart.slice(1) : posix.join(posix.dirname(fromSrc), decodeURI(pathPart));
  target = posix.normalize(target).replace(/\/$/, "");
  if (target.startsWith("../")) return href; // leaves the repository: the link check reports it
  const page = ctx.pages.get(target);
  if (page) return relHref(fromOut, page) + frag;
  if (target.endsWith(".md")) return relHref(fromOut, outPathOf(target)) + frag;
  const abs = join(ctx.root, target);
  if (!existsSync(abs)) return href;
  if (statSync(abs).isDirectory()) {
    for (const index of ["README.md", "index.md"]) {
      const p = ctx.pages.get(posix.join(target, index));
      if (p) return relHref(fromOut, p) + frag;
    }
  } else if (kind === "image" || ASSET_EXT.test(target)) {
    ctx.assets.add(target);
    return relHref(fromOut, assetPathOf(target)) + frag;
  }
  ctx.repoFiles.add(target);
  return { repo: target + frag };
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
export { escapeHtml };

function highlight(code: string, lang: string): string {
  // The samples convention's info strings (`ts signature`) carry a kind after the language.
  const l = lang.split(/\s+/)[0] ?? "";
  const name = l === "ts" ? "typescript" : l;
  if (name && hljs.getLanguage(name)) {
    return `<pre class="hljs"><code class="language-${escapeHtml(l)}">${hljs.highlight(code, { language: name, ignoreIllegals: true }).value}</code></pre>`;
  }
  return `<pre class="hljs"><code>${escapeHtml(code)}</code></pre>`;
}

/** A Markdown renderer whose links are resolved for the page `env.src`. */
export function makeRenderer(ctx: LinkContext): (src: string, markdown: string) => Rendered {
  const md = new MarkdownIt({ html: true, linkify: false, highlight });
  md.use(anchor, { slugify, tabIndex: false });
  md.core.ruler.push("mps-links", (state) => {
    const src = (state.env as { src: string }).src;
    const walk = (tokens: typeof state.tokens): void => {
      for (const t of tokens) {
        if (t.type === "link_open" || t.type === "image") {
          const attr = t.type === "image" ? "src" : "href";
          const v = t.attrGet(attr);
          if (v !== null) {
            const r = rewriteLink(src, String(v), ctx, t.type === "image" ? "image" : "link");
            if (typeof r === "string") t.attrSet(attr, r);
            else if (ctx.repoUrl) {
              t.attrSet(attr, ctx.repoUrl + r.repo);
              t.attrJoin("class", "repo");
            } else {
              // No repository URL is known: the link becomes text naming the file.
              t.attrs = (t.attrs ?? []).filter(([k]) => k !== "href");
              t.attrSet("title", r.repo);
              t.attrSet("class", "repo-file");
            }
          }
        }
        if (t.children) walk(t.children);
      }
    };
    walk(state.tokens);
  });
  // Anchors without an href (repository files with no repository URL) render as spans.
  md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
    const t = tokens[idx]!;
    if (t.attrGet("href") === null) {
      t.tag = "span";
      for (let j = idx + 1; j < tokens.length; j++) if (tokens[j]!.type === "link_close") { tokens[j]!.tag = "span"; break; }
    }
    return self.renderToken(tokens, idx, options);
  };
  return (src, markdown) => {
    const env = { src };
    const tokens = md.parse(markdown, env);
    const sections: PageSection[] = [{ id: "", heading: "", text: "" }];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.type === "heading_open" && (t.tag === "h1" || t.tag === "h2" || t.tag === "h3")) {
        const inline = tokens[i + 1]!;
        const heading = (inline.children ?? []).map((c) => c.content).join("");
        sections.push({ id: String(t.attrGet("id") ?? ""), heading, text: "" });
        i++;
      } else if (t.type === "inline" || t.type === "fence" || t.type === "code_block") {
        sections[sections.length - 1]!.text += (t.type === "inline" ? (t.children ?? []).map((c) => c.content).join("") : t.content) + " ";
      }
    }
    return { html: md.renderer.render(tokens, md.options, env), sections: sections.filter((s) => s.text.trim() !== "" || s.heading !== "") };
  };
}
