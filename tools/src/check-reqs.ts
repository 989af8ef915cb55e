/**
 * `pnpm check-reqs`: the requirement tags of docs/design/ (design/repository `.req`
 * section). Every requirement cited in code or tests must exist, every requirement
 * must be cited by at least one test, no document may define a tag twice, and every
 * package's design document must define at least one requirement.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Documents a package owns besides `docs/design/<pkg>.md`: an unqualified citation in
 * the package resolves against all of them.
 */
export const EXTRA_DOCS: Readonly<Record<string, readonly string[]>> = {
  arena: ["arena-services"],
};

/** The document citations in `tools/` resolve against. */
export const TOOLS_DOC = "repository";

/** Where a file's unqualified citations resolve: the documents, by name without `.md`. */
export function docsForFile(rel: string): string[] | null {
  const parts = rel.split(/[\\/]/);
  if (parts[0] === "packages" && parts.length > 3 && parts[1] !== undefined) {
    return [parts[1], ...(EXTRA_DOCS[parts[1]] ?? [])];
  }
  if (parts[0] === "tools") return [TOOLS_DOC];
  return null;
}

/** One problem: where, and what. */
export interface Problem {
  file: string;
  line: number;
  message: string;
}

/** A requirement defined in a design document. */
export interface Definition {
  doc: string;
  tag: string;
  line: number;
}

/** A requirement tag mentioned in a source or test file. */
export interface Citation {
  file: string;
  line: number;
  tag: string;
  /** The document named by a qualified citation, or null. */
  doc: string | null;
}

// A definition is a tag, or a list of tags joined by commas or "and", in backticks and
// followed at once by a colon; the MPS's own tags (after "design.mps.x") are not ours.
const DEF_GROUP = /(`\.req(?:\.[A-Za-z0-9_-]+)+`(?:,\s*(?:and\s+)?|\s+and\s+))*`\.req(?:\.[A-Za-z0-9_-]+)+`:/g;
const DEF_TAG = /`(\.req(?:\.[A-Za-z0-9_-]+)+)`/g;

/** The requirement definitions of one design document's text, skipping code fences. */
export function parseDefinitions(doc: string, text: string): Definition[] {
  const defs: Definition[] = [];
  let fenced = false;
  text.split("\n").forEach((lineText, i) => {
    if (/^\s*(```|~~~)/.test(lineText)) {
      fenced = !fenced;
      return;
    }
    if (fenced) return;
    for (const m of lineText.matchAll(DEF_GROUP)) {
      const before = lineText.slice(0, m.index);
      if (/design\.mps\.[\w-]+\s*$/.test(before)) continue;
      for (const t of m[0].matchAll(DEF_TAG)) defs.push({ doc, tag: t[1]!, line: i + 1 });
    }
  });
  return defs;
}

// A citation: an optional qualifier ("design/<doc>" or the MPS's "design.mps.<doc>",
// then spaces or a backtick), then the tag. Without a qualifier the tag must not follow
// a word character, so that a property access such as `x.req.y` is not taken for one.
const CITE = /(design\.mps\.[\w-]+[\s`]*|design\/([\w-]+)(?:\.md)?[\s`]*)?(\.req(?:\.[A-Za-z0-9_-]+)+)/g;

/** The citations in one source or test file's text. MPS citations are dropped. */
export function parseCitations(file: string, text: string): Citation[] {
  const out: Citation[] = [];
  const lines = text.split("\n");
  lines.forEach((lineText, i) => {
    // A comment may break "design.mps." from its document's name at the line's end.
    const mpsAbove = i > 0 && /design\.mps\.$/.test(lines[i - 1]!.trimEnd());
    for (const m of lineText.matchAll(CITE)) {
      const qualifier = m[1];
      if (qualifier?.startsWith("design.mps.")) continue;
      if (mpsAbove && /^\s*(?:\*|\/\/)?\s*[\w-]+\s*`?$/.test(lineText.slice(0, m.index))) continue;
      if (qualifier === undefined && m.index > 0 && /[\w)\]$]/.test(lineText[m.index - 1]!)) continue;
      out.push({ file, line: i + 1, tag: m[3]!, doc: m[2] ?? null });
    }
  });
  return out;
}

const CODE = /\.(?:[cm]?[jt]s|tsx|scm)$/;
const SKIP_DIRS = new Set(["node_modules", "dist", "temp", ".turbo", "fixtures"]);

function walk(dir: string, out: string[]): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir).sort()) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) {
      if (!SKIP_DIRS.has(entry)) walk(p, out);
    } else if (CODE.test(entry)) out.push(p);
  }
}

/**
 * Is a file (relative to the root) a test, whose citations count as coverage? A
 * package's benchmarks count: speed is checked there, never by timing in tests.
 */
export function isTestFile(rel: string): boolean {
  const parts = rel.split(/[\\/]/);
  return (parts[0] === "packages" && (parts[2] === "test" || parts[2] === "bench")) || (parts[0] === "tools" && parts[1] === "test");
}

/** The result of a check: problems, and figures for the closing line. */
export interface ReqsReport {
  problems: Problem[];
  documents: number;
  requirements: number;
  citations: number;
}

/** Check the repository (or fixture tree) at `root`. Paths in problems are relative to it. */
export function checkReqs(root: string): ReqsReport {
  const problems: Problem[] = [];
  const designDir = join(root, "docs", "design");
  const defsByDoc = new Map<string, Map<string, Definition>>();
  let requirements = 0;
  const docNames = existsSync(designDir)
    ? readdirSync(designDir).filter((f) => f.endsWith(".md")).map((f) => f.slice(0, -3)).sort()
    : [];
  for (const doc of docNames) {
    const map = new Map<string, Definition>();
    for (const d of parseDefinitions(doc, readFileSync(join(designDir, `${doc}.md`), "utf8"))) {
      const first = map.get(d.tag);
      if (first) {
        problems.push({ file: `docs/design/${doc}.md`, line: d.line, message: `${d.tag} is defined twice (first at line ${first.line})` });
      } else {
        map.set(d.tag, d);
        requirements++;
      }
    }
    defsByDoc.set(doc, map);
  }

  // Every package's own design document defines at least one requirement.
  const pkgDir = join(root, "packages");
  const packages = existsSync(pkgDir)
    ? readdirSync(pkgDir).filter((p) => existsSync(join(pkgDir, p, "package.json"))).sort()
    : [];
  for (const pkg of packages) {
    const defs = defsByDoc.get(pkg);
    if (!defs) problems.push({ file: `packages/${pkg}/package.json`, line: 1, message: `no design document docs/design/${pkg}.md` });
    else if (defs.size === 0) problems.push({ file: `docs/design/${pkg}.md`, line: 1, message: "defines no requirement (.req.*)" });
  }

  const files: string[] = [];
  for (const pkg of packages) for (const sub of ["src", "test", "bench"]) walk(join(pkgDir, pkg, sub), files);
  walk(join(root, "tools", "src"), files);
  walk(join(root, "tools", "test"), files);

  const cited = new Set<string>(); // "doc\0tag", by tests only
  let citations = 0;
  for (const path of files) {
    const rel = relative(root, path).split(sep).join("/");
    const test = isTestFile(rel);
    for (const c of parseCitations(rel, readFileSync(path, "utf8"))) {
      citations++;
      let docs: string[];
      if (c.doc !== null) {
        if (!defsByDoc.has(c.doc)) {
          problems.push({ file: rel, line: c.line, message: `design/${c.doc}${c.tag}: no document docs/design/${c.doc}.md` });
          continue;
        }
        docs = [c.doc];
      } else {
        docs = (docsForFile(rel) ?? []).filter((d) => defsByDoc.has(d));
      }
      const found = docs.filter((d) => defsByDoc.get(d)!.has(c.tag));
      if (found.length === 0) {
        const where = docs.length === 0 ? "no design document" : docs.map((d) => `docs/design/${d}.md`).join(" or ");
        problems.push({ file: rel, line: c.line, message: `${c.tag} is not defined in ${where}` });
      } else if (found.length > 1) {
        problems.push({ file: rel, line: c.line, message: `${c.tag} is defined in ${found.map((d) => `${d}.md`).join(" and ")}: qualify it as design/<doc>${c.tag}` });
      } else if (test) {
        // A test of a sub-requirement also covers the tags it extends (one more segment each).
        const doc = found[0]!;
        const segs = c.tag.split(".");
        for (let n = segs.length; n > 2; n--) cited.add(`${doc}\0${segs.slice(0, n).join(".")}`);
      }
    }
  }

  for (const [doc, map] of defsByDoc) {
    for (const d of map.values()) {
      if (!cited.has(`${doc}\0${d.tag}`)) {
        problems.push({ file: `docs/design/${doc}.md`, line: d.line, message: `${d.tag} is cited by no test` });
      }
    }
  }
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  return { problems, documents: defsByDoc.size, requirements, citations };
}

/** One line per problem, `file:line: message`. */
export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}

if (process.argv[1] && basename(process.argv[1]).startsWith("check-reqs")) {
  const root = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), "..", "..");
  const report = checkReqs(root);
  for (const p of report.problems) console.error(formatProblem(p));
  const summary = `check-reqs: ${report.requirements} requirements in ${report.documents} documents, ${report.citations} citations`;
  if (report.problems.length > 0) {
    console.error(`${summary}: ${report.problems.length} problems`);
    process.exit(1);
  }
  console.log(`${summary}: every citation exists and every requirement is cited by a test`);
}
