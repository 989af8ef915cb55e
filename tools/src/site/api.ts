/**
 * The docs site: API pages generated from the api-extractor doc models
 * (`packages/<p>/temp/<p>.api.json`, written by `pnpm api`). One page per
 * package and one per exported name (merged declarations and overloads share
 * a page), with signatures whose type names link to their pages, and the
 * TSDoc summary, remarks, parameters, return value and examples.
 */
import {
  ApiDeclaredItem,
  ApiDocumentedItem,
  ApiItem,
  ApiItemKind,
  ApiModel,
  ApiPackage,
  ApiParameterListMixin,
  ApiReturnTypeMixin,
  ExcerptTokenKind,
  type Excerpt,
} from "@microsoft/api-extractor-model";
import hljs from "highlight.js";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { relHref } from "./pages.js";
import { escapeHtml } from "./render.js";

type DocComment = NonNullable<ApiDocumentedItem["tsdocComment"]>;
type DocNode = ReturnType<DocComment["getChildNodes"]>[number];

/** One generated API page. */
export interface ApiPage {
  out: string;
  title: string;
  /** The package it documents (`@mps/splay`). */
  pkg: string;
  /** Body HTML, links relative to `out`. */
  html: string;
  /** Plain text for the search index. */
  text: string;
  /** Short kind label (`class`, `function`, `package`...). */
  kind: string;
}

/** A package model found on disk. */
export interface ApiModelFile {
  /** Folder name under packages/ (`pool-amc`). */
  dir: string;
  /** The `.api.json` file. */
  file: string;
  /** The api report `etc/<name>.api.md`, if any (re-exports are read from it). */
  report: string | undefined;
}

/**
 * The model files of the packages that have an api-extractor configuration.
 * A configured package without a model is an error: the site would silently
 * lose its API pages.
 */
export function findApiModels(root: string): { models: ApiModelFile[]; missing: string[] } {
  const models: ApiModelFile[] = [];
  const missing: string[] = [];
  const pkgDir = join(root, "packages");
  if (!existsSync(pkgDir)) return { models, missing };
  for (const dir of readdirSync(pkgDir).sort()) {
    if (!existsSync(join(pkgDir, dir, "api-extractor.json"))) continue;
    const temp = join(pkgDir, dir, "temp");
    const file = existsSync(temp) ? readdirSync(temp).find((f) => f.endsWith(".api.json")) : undefined;
    if (!file) {
      missing.push(`packages/${dir}`);
      continue;
    }
    const etc = join(pkgDir, dir, "etc");
    const report = existsSync(etc) ? readdirSync(etc).find((f) => f.endsWith(".api.md")) : undefined;
    models.push({ dir, file: join(temp, file), report: report ? join(etc, report) : undefined });
  }
  return { models, missing };
}

const KIND_LABEL: Partial<Record<ApiItemKind, string>> = {
  [ApiItemKind.Class]: "class",
  [ApiItemKind.Interface]: "interface",
  [ApiItemKind.Function]: "function",
  [ApiItemKind.Enum]: "enum",
  [ApiItemKind.TypeAlias]: "type",
  [ApiItemKind.Variable]: "variable",
  [ApiItemKind.Namespace]: "namespace",
  [ApiItemKind.Method]: "method",
  [ApiItemKind.MethodSignature]: "method",
  [ApiItemKind.Property]: "property",
  [ApiItemKind.PropertySignature]: "property",
  [ApiItemKind.Constructor]: "constructor",
  [ApiItemKind.ConstructSignature]: "constructor",
  [ApiItemKind.CallSignature]: "call signature",
  [ApiItemKind.IndexSignature]: "index signature",
  [ApiItemKind.EnumMember]: "enum member",
};

function unscoped(name: string): string {
  return name.replace(/^@[^/]+\//, "");
}

/** Site path of a package's API page. */
export function apiPackageOut(pkgName: string): string {
  return `api/${unscoped(pkgName)}/index.html`;
}

function memberId(item: ApiItem): string {
  const n = item.kind === ApiItemKind.Constructor || item.kind === ApiItemKind.ConstructSignature ? "constructor" : item.displayName;
  return `member-${n.replace(/[^A-Za-z0-9_$-]/g, "_")}`;
}

/** Builds every API page from the models. */
export function buildApiPages(files: ApiModelFile[], readmeOf: (dir: string) => string | undefined): ApiPage[] {
  const model = new ApiModel();
  const pkgs: { pkg: ApiPackage; f: ApiModelFile }[] = files.map((f) => ({ pkg: model.loadPackage(f.file), f }));
  // Where each item is documented: a top-level name has a page; a member an anchor on it.
  const where = new Map<ApiItem, string>();
  const pageOfName = new Map<string, string>(); // "@mps/x:Name" -> out
  const groups: { pkg: ApiPackage; name: string; out: string; items: ApiItem[] }[] = [];
  for (const { pkg } of pkgs) {
    const ep = pkg.entryPoints[0];
    if (!ep) continue;
    const byName = new Map<string, ApiItem[]>();
    for (const m of ep.members) {
      const list = byName.get(m.displayName) ?? [];
      list.push(m);
      byName.set(m.displayName, list);
    }
    const used = new Set<string>();
    for (const [name, items] of [...byName].sort(([a], [b]) => a.localeCompare(b))) {
      // Lower-case file names, so that case-insensitive file systems cannot merge two pages.
      let base = name.toLowerCase().replace(/[^a-z0-9_$-]/g, "_");
      if (used.has(base)) {
        let k = 2;
        while (used.has(`${base}-${k}`)) k++;
        base = `${base}-${k}`;
      }
      used.add(base);
      const out = `api/${unscoped(pkg.name)}/${base}.html`;
      pageOfName.set(`${pkg.name}:${name}`, out);
      groups.push({ pkg, name, out, items });
      for (const it of items) {
        where.set(it, out);
        const seen = new Map<string, number>();
        for (const mem of it.members) {
          const id = memberId(mem);
          const k = (seen.get(id) ?? 0) + 1;
          seen.set(id, k);
          where.set(mem, `${out}#${k === 1 ? id : `${id}-${k}`}`);
        }
      }
    }
  }

  const hrefTo = (fromOut: string, target: ApiItem | undefined): string | undefined => {
    if (!target) return undefined;
    let w = where.get(target);
    if (!w && target.kind === ApiItemKind.Package) w = apiPackageOut(target.displayName);
    if (!w) return undefined;
    const [path, frag] = w.split("#");
    return relHref(fromOut, path!) + (frag ? `#${frag}` : "");
  };

  const excerptHtml = (fromOut: string, ex: Excerpt | { spannedTokens: Excerpt["spannedTokens"] }): string =>
    ex.spannedTokens
      .map((t) => {
        const text = escapeHtml(t.text);
        if (t.kind !== ExcerptTokenKind.Reference || !t.canonicalReference) return text;
        const r = model.resolveDeclarationReference(t.canonicalReference, undefined);
        const href = hrefTo(fromOut, r.resolvedApiItem);
        return href ? `<a href="${escapeHtml(href)}">${text}</a>` : text;
      })
      .join("");

  const docHtml = (fromOut: string, node: DocNode | undefined, ctx: ApiItem): string => {
    if (!node) return "";
    const n = node as DocNode & Record<string, unknown>;
    const kids = (): string => node.getChildNodes().map((c) => docHtml(fromOut, c, ctx)).join("");
    switch (node.kind) {
      case "Paragraph": {
        const inner = kids().trim();
        return inner ? `<p>${inner}</p>` : "";
      }
      case "PlainText":
        return escapeHtml(n.text as string);
      case "EscapedText":
        return escapeHtml(n.decodedText as string);
      case "ErrorText":
        return escapeHtml(n.text as string);
      case "SoftBreak":
        return " ";
      case "CodeSpan":
        return `<code>${escapeHtml(n.code as string)}</code>`;
      case "FencedCode": {
        const lang = (n.language as string) || "ts";
        const code = n.code as string;
        const l = lang === "ts" ? "typescript" : lang;
        const body = hljs.getLanguage(l) ? hljs.highlight(code, { language: l, ignoreIllegals: true }).value : escapeHtml(code);
        return `<pre class="hljs"><code>${body}</code></pre>`;
      }
      case "LinkTag": {
        const linkText = n.linkText as string | undefined;
        const url = n.urlDestination as string | undefined;
        if (url) return `<a href="${escapeHtml(url)}">${escapeHtml(linkText ?? url)}</a>`;
        const dest = n.codeDestination as Parameters<ApiModel["resolveDeclarationReference"]>[0] | undefined;
        if (!dest) return escapeHtml(linkText ?? "");
        const r = model.resolveDeclarationReference(dest, ctx);
        const label =
          linkText ??
          ((dest as unknown as { memberReferences: { memberIdentifier?: { identifier: string } }[] }).memberReferences ?? [])
            .map((m) => m.memberIdentifier?.identifier ?? "")
            .join(".");
        const href = hrefTo(fromOut, r.resolvedApiItem);
        return href ? `<a href="${escapeHtml(href)}"><code>${escapeHtml(label)}</code></a>` : `<code>${escapeHtml(label)}</code>`;
      }
      case "HtmlStartTag":
      case "HtmlEndTag":
        return "";
      case "BlockTag":
        return "";
      default:
        return kids();
    }
  };

  const commentOf = (it: ApiItem): DocComment | undefined => (it instanceof ApiDocumentedItem ? it.tsdocComment : undefined);

  const docText = (node: DocNode | undefined): string => {
    if (!node) return "";
    const n = node as DocNode & Record<string, unknown>;
    if (node.kind === "PlainText" || node.kind === "ErrorText") return n.text as string;
    if (node.kind === "CodeSpan") return n.code as string;
    if (node.kind === "SoftBreak") return " ";
    if (node.kind === "LinkTag") return (n.linkText as string | undefined) ?? "";
    return node.getChildNodes().map(docText).join("");
  };

  const summaryHtml = (fromOut: string, it: ApiItem): string => docHtml(fromOut, commentOf(it)?.summarySection, it);
  const summaryText = (it: ApiItem): string => docText(commentOf(it)?.summarySection).replace(/\s+/g, " ").trim();

  /** The documentation of one declaration: signature, summary, remarks, parameters, returns, examples. */
  const declHtml = (fromOut: string, it: ApiItem, level: number, id: string | undefined, heading = true): string => {
    const label = KIND_LABEL[it.kind] ?? it.kind.toLowerCase();
    const parts: string[] = [];
    const name = it.kind === ApiItemKind.Constructor || it.kind === ApiItemKind.ConstructSignature ? "constructor" : it.displayName;
    if (heading) parts.push(`<h${level}${id ? ` id="${escapeHtml(id)}"` : ""}><code>${escapeHtml(name)}</code> <span class="kind">${escapeHtml(label)}</span></h${level}>`);
    if (it instanceof ApiDeclaredItem) parts.push(`<pre class="signature"><code>${excerptHtml(fromOut, it.excerpt)}</code></pre>`);
    const c = commentOf(it);
    if (c?.deprecatedBlock) parts.push(`<div class="deprecated"><strong>Deprecated.</strong> ${docHtml(fromOut, c.deprecatedBlock.content, it)}</div>`);
    parts.push(summaryHtml(fromOut, it));
    if (c?.remarksBlock) parts.push(`<div class="remarks">${docHtml(fromOut, c.remarksBlock.content, it)}</div>`);
    if (ApiParameterListMixin.isBaseClassOf(it) && it.parameters.length > 0) {
      const rows = it.parameters.map(
        (p) =>
          `<tr><td><code>${escapeHtml(p.name)}${p.isOptional ? "?" : ""}</code></td><td><code>${excerptHtml(fromOut, p.parameterTypeExcerpt)}</code></td><td>${p.tsdocParamBlock ? docHtml(fromOut, p.tsdocParamBlock.content, it) : ""}</td></tr>`,
      );
      parts.push(`<table class="params"><thead><tr><th>parameter</th><th>type</th><th>description</th></tr></thead><tbody>${rows.join("")}</tbody></table>`);
    }
    if (ApiReturnTypeMixin.isBaseClassOf(it) && it.returnTypeExcerpt.text.trim() !== "") {
      const ret = c?.returnsBlock ? docHtml(fromOut, c.returnsBlock.content, it) : "";
      parts.push(`<p class="returns"><strong>Returns</strong> <code>${excerptHtml(fromOut, it.returnTypeExcerpt)}</code>${ret ? `: ${ret.replace(/^<p>|<\/p>$/g, "")}` : ""}</p>`);
    }
    for (const b of c?.customBlocks ?? []) {
      const tag = b.blockTag.tagName;
      const title = tag === "@example" ? "Example" : tag === "@defaultValue" ? "Default" : tag.slice(1);
      parts.push(`<div class="block"><strong>${escapeHtml(title)}</strong> ${docHtml(fromOut, b.content, it)}</div>`);
    }
    for (const s of c?.seeBlocks ?? []) parts.push(`<div class="block"><strong>See</strong> ${docHtml(fromOut, s.content, it)}</div>`);
    return parts.join("\n");
  };

  const pages: ApiPage[] = [];
  for (const g of groups) {
    const fromOut = g.out;
    const body: string[] = [];
    const kinds = [...new Set(g.items.map((i) => KIND_LABEL[i.kind] ?? i.kind))];
    const texts: string[] = [];
    body.push(`<p class="crumbs"><a href="${relHref(fromOut, apiPackageOut(g.pkg.name))}">${escapeHtml(g.pkg.name)}</a></p>`);
    body.push(`<h1 id="top"><code>${escapeHtml(g.name)}</code> <span class="kind">${escapeHtml(kinds.join(", "))}</span></h1>`);
    for (const it of g.items) {
      body.push(`<section class="decl">${declHtml(fromOut, it, 2, undefined, g.items.length > 1)}</section>`);
      texts.push(summaryText(it));
      if (it.members.length > 0) {
        if (it.kind === ApiItemKind.Enum) {
          const rows = it.members.map((m) => {
            const init = (m as unknown as { initializerExcerpt?: Excerpt }).initializerExcerpt;
            const id = where.get(m)!.split("#")[1]!;
            return `<tr id="${id}"><td><code>${escapeHtml(m.displayName)}</code></td><td><code>${init ? escapeHtml(init.text) : ""}</code></td><td>${summaryHtml(fromOut, m)}</td></tr>`;
          });
          body.push(`<table class="members"><thead><tr><th>member</th><th>value</th><th>description</th></tr></thead><tbody>${rows.join("")}</tbody></table>`);
        } else {
          const members = [...it.members].sort((a, b) => (a.kind === ApiItemKind.Constructor ? -1 : b.kind === ApiItemKind.Constructor ? 1 : 0));
          body.push(`<h2>Members</h2>`);
          const rows = members.map((m) => {
            const [, id] = where.get(m)!.split("#");
            return `<tr><td><a href="#${id}"><code>${escapeHtml(m.kind === ApiItemKind.Constructor ? "constructor" : m.displayName)}</code></a></td><td>${escapeHtml(KIND_LABEL[m.kind] ?? m.kind)}</td><td>${escapeHtml(summaryText(m))}</td></tr>`;
          });
          body.push(`<table class="members"><thead><tr><th>name</th><th>kind</th><th>summary</th></tr></thead><tbody>${rows.join("")}</tbody></table>`);
          for (const m of members) {
            const [, id] = where.get(m)!.split("#");
            body.push(`<section class="member">${declHtml(fromOut, m, 3, id)}</section>`);
            texts.push(`${m.displayName} ${summaryText(m)}`);
          }
        }
      }
    }
    pages.push({ out: g.out, title: `${g.name} (${kinds.join(", ")})`, pkg: g.pkg.name, html: body.join("\n"), text: texts.join(" "), kind: kinds.join(", ") });
  }

  // Re-exports, followed through packages that re-export in turn (mps from arena from mpm).
  const reexportsOf = new Map<string, Map<string, string>>();
  for (const { pkg, f } of pkgs) {
    reexportsOf.set(pkg.name, new Map((f.report ? readReexports(readFileSync(f.report, "utf8")) : []).map((r) => [r.name, r.from])));
  }
  const homeOf = (name: string, from: string): { from: string; page: string | undefined } => {
    let pkgName = from;
    for (let hops = 0; hops < 8; hops++) {
      const page = pageOfName.get(`${pkgName}:${name}`);
      if (page) return { from: pkgName, page };
      const next = reexportsOf.get(pkgName)?.get(name);
      if (!next) break;
      pkgName = next;
    }
    return { from, page: undefined };
  };

  // Package pages: the package's own summary, then a table of its exports by kind.
  for (const { pkg, f } of pkgs) {
    const out = apiPackageOut(pkg.name);
    const body: string[] = [];
    body.push(`<h1 id="top"><code>${escapeHtml(pkg.name)}</code> <span class="kind">package</span></h1>`);
    body.push(summaryHtml(out, pkg));
    const c = commentOf(pkg);
    if (c?.remarksBlock) body.push(docHtml(out, c.remarksBlock.content, pkg));
    const readme = readmeOf(f.dir);
    if (readme) body.push(`<p>See also the package's <a href="${relHref(out, readme)}">README</a>.</p>`);
    const ep = pkg.entryPoints[0];
    const mine = groups.filter((g) => g.pkg === pkg);
    const order = ["class", "interface", "function", "enum", "type", "variable", "namespace"];
    const byKind = new Map<string, typeof mine>();
    for (const g of mine) {
      const k = KIND_LABEL[g.items[0]!.kind] ?? "other";
      byKind.set(k, [...(byKind.get(k) ?? []), g]);
    }
    for (const k of [...byKind.keys()].sort((a, b) => order.indexOf(a) - order.indexOf(b))) {
      body.push(`<h2 id="${k}">${k === "class" ? "Classes" : `${k[0]!.toUpperCase()}${k.slice(1)}s`}</h2>`);
      const rows = byKind.get(k)!.map((g) => `<tr><td><a href="${relHref(out, g.out)}"><code>${escapeHtml(g.name)}</code></a></td><td>${escapeHtml(summaryText(g.items[0]!))}</td></tr>`);
      body.push(`<table class="exports"><tbody>${rows.join("")}</tbody></table>`);
    }
    // Names re-exported from other packages appear in the api report, not in the model.
    const reexports = f.report ? readReexports(readFileSync(f.report, "utf8")) : [];
    if (reexports.length > 0) {
      body.push(`<h2 id="re-exports">Re-exported from other packages</h2>`);
      const rows = reexports.map(({ name, from }) => {
        const target = homeOf(name, from).page;
        const pkgPage = pkgs.some((p) => p.pkg.name === from) ? apiPackageOut(from) : undefined;
        const link = target ? `<a href="${relHref(out, target)}"><code>${escapeHtml(name)}</code></a>` : `<code>${escapeHtml(name)}</code>`;
        const src = pkgPage ? `<a href="${relHref(out, pkgPage)}">${escapeHtml(from)}</a>` : escapeHtml(from);
        return `<tr><td>${link}</td><td>${src}</td></tr>`;
      });
      body.push(`<table class="exports"><tbody>${rows.join("")}</tbody></table>`);
    }
    pages.push({
      out,
      title: `${pkg.name} API`,
      pkg: pkg.name,
      html: body.join("\n"),
      text: `${summaryText(pkg)} ${(ep?.members ?? []).map((m) => m.displayName).join(" ")} ${reexports.map((r) => r.name).join(" ")}`,
      kind: "package",
    });
  }
  return pages;
}

/** `import { X } from '@mps/y'` lines of an api report whose name the report also exports. */
export function readReexports(report: string): { name: string; from: string }[] {
  const imported = new Map<string, string>();
  for (const m of report.matchAll(/^import (?:type )?\{ ([^}]+) \} from '([^']+)';$/gm)) {
    for (const n of m[1]!.split(",")) {
      const name = n.trim().split(/\s+as\s+/).pop()!;
      imported.set(name, m[2]!);
    }
  }
  const out: { name: string; from: string }[] = [];
  for (const m of report.matchAll(/^export \{ ([^}]+) \}$/gm)) {
    for (const n of m[1]!.split(",")) {
      const name = n.trim();
      const from = imported.get(name);
      if (from) out.push({ name, from });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
