/**
 * The docs code-sample check (issue 9): every fenced TypeScript block in
 * the root README.md, `docs/**\/*.md` and `packages/*\/README.md` is extracted and checked by kind.
 *
 * - ```` ```ts ````: a complete program. All of them are written under
 *   `tools/temp/samples/run-<pid>/src/`, type-checked and compiled by `tsc` together (strict,
 *   NodeNext; `@mps/*` resolve through `node_modules/@mps` in that folder,
 *   symlinks to the workspace packages, so their built `dist` is what is checked),
 *   then each is run with node, a few at a time, with a timeout.
 * - ```` ```ts signature ````: the names it declares must exist in an api report
 *   `packages/*\/etc/*.api.md` (see `RECEIVERS` for how `arena.` etc. map to types).
 * - ```` ```ts fragment ````: parsed only. Fragments go through `tsc` under
 *   `// @ts-nocheck`, which silences type errors but not syntax errors, so a fragment
 *   is checked to parse as TypeScript (as statements, class members, a function body,
 *   object members or switch cases: `FRAGMENT_WRAPPERS`) and nothing more.
 *
 * Failures are reported as `docs/x.md:LINE: message`, LINE being the line of the
 * page the problem is on (or the block's first line when that is unknown).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The kinds of block the convention knows. */
export type SampleKind = "program" | "signature" | "fragment";

/** One fenced TypeScript block. */
export interface Sample {
  /** Path of the page, relative to the repository root, with forward slashes. */
  file: string;
  /** Line (1-based) of the page holding the block's first line of code. */
  line: number;
  kind: SampleKind;
  code: string;
}

/** One problem found, at a page line. */
export interface SampleProblem {
  file: string;
  line: number;
  message: string;
}

export function formatSampleProblem(p: SampleProblem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}

const FENCE_OPEN = /^(\s*)(`{3,}|~{3,})\s*(ts|typescript)\b\s*(.*?)\s*$/;

/**
 * The TypeScript blocks of one page. A fence whose info string names an unknown
 * kind is reported rather than skipped, so that a typo cannot hide a sample.
 */
export function extractSamples(file: string, text: string, problems: SampleProblem[] = []): Sample[] {
  const lines = text.split("\n");
  const out: Sample[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? "";
    const open = /^(\s*)(`{3,}|~{3,})(.*)$/.exec(line);
    if (!open) {
      i++;
      continue;
    }
    const indent = open[1]!.length;
    const fence = open[2]!;
    const closeRe = new RegExp(`^\\s*${fence[0] === "`" ? "`" : "~"}{${fence.length},}\\s*$`);
    let j = i + 1;
    while (j < lines.length && !closeRe.test(lines[j] ?? "")) j++;
    const ts = FENCE_OPEN.exec(line);
    if (ts) {
      const info = ts[4] ?? "";
      const kind: SampleKind | undefined =
        info === "" ? "program" : info === "signature" ? "signature" : info === "fragment" ? "fragment" : undefined;
      if (kind === undefined) {
        problems.push({ file, line: i + 1, message: `unknown sample kind "${ts[3]} ${info}" (use ts, ts signature or ts fragment)` });
      } else {
        const body = lines.slice(i + 1, j).map((l) => stripIndent(l, indent));
        out.push({ file, line: i + 2, kind, code: body.join("\n") + "\n" });
      }
    }
    i = j + 1;
  }
  return out;
}

function stripIndent(l: string, n: number): string {
  let k = 0;
  while (k < n && l[k] === " ") k++;
  return l.slice(k);
}

/** The pages checked: the root README.md, docs/**\/*.md and packages/*\/README.md, sorted. */
export function samplePages(root: string): string[] {
  const pages: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".md")) pages.push(p);
    }
  };
  if (existsSync(join(root, "README.md"))) pages.push(join(root, "README.md"));
  if (existsSync(join(root, "docs"))) walk(join(root, "docs"));
  const pk = join(root, "packages");
  if (existsSync(pk)) {
    for (const e of readdirSync(pk, { withFileTypes: true })) {
      const readme = join(pk, e.name, "README.md");
      if (e.isDirectory() && existsSync(readme)) pages.push(readme);
    }
  }
  return pages.map((p) => relative(root, p).split("\\").join("/")).sort();
}

// ---------------------------------------------------------------- api reports

/** What the api reports declare: exported names, and the members of each type. */
export interface ApiIndex {
  exports: Set<string>;
  /** Members by type name, merged over every report that declares the name. */
  members: Map<string, Set<string>>;
  /** Base types (extends / implements) by type name, local aliases like `Arena_2` folded. */
  parents: Map<string, Set<string>>;
  /** Which report(s) export each name, for the coverage report. */
  exportedBy: Map<string, Set<string>>;
  /** Kind of each exported declaration: class, interface, function, const, ... */
  kinds: Map<string, string>;
  /** Members by package, then type name: where one name is declared by several packages. */
  membersIn: Map<string, Map<string, Set<string>>>;
  /** The package each name of `@mps/mps` comes from (`mps` for its own declarations). */
  umbrellaFrom: Map<string, string>;
}

const DECL = /^export (?:declare )?(?:abstract )?(class|interface|enum|namespace|const enum|type|function|const|let|var) ([\w$]+)/;
const REEXPORT = /^export \{ ?([\w$]+)(?: as ([\w$]+))? ?\}/;
const MEMBER = /^\s*(?:(?:readonly|static|protected|public|private|abstract|get|set|declare|override|async)\s+)*["']?([\w$]+)["']?\??\s*(?:[(:<=,]|$)/;

function addTo<K, V>(m: Map<K, Set<V>>, k: K, v: V): void {
  let s = m.get(k);
  if (!s) m.set(k, (s = new Set()));
  s.add(v);
}

function depthDelta(line: string): number {
  let d = 0;
  for (const c of stripStrings(line)) {
    if (c === "{" || c === "(" || c === "[") d++;
    else if (c === "}" || c === ")" || c === "]") d--;
  }
  return d;
}

function stripStrings(line: string): string {
  return line.replace(/\/\/.*$/, "").replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""');
}

/** Reads the api report text of one package into `index`. */
export function indexApiReport(text: string, pkg: string, index: ApiIndex): void {
  const start = text.indexOf("```ts");
  const end = text.lastIndexOf("```");
  const lines = text.slice(start + 5, end > start ? end : undefined).split("\n");
  let current: string | undefined;
  let depth = 0;
  for (const line of lines) {
    if (pkg === "mps") {
      const imp = /^import (?:type )?\{ ([\w$]+)(?: as [\w$]+)? \} from '@mps\/([\w-]+)';/.exec(line);
      if (imp) index.umbrellaFrom.set(imp[1]!, imp[2]!);
    }
    if (depth === 0) {
      current = undefined;
      const re = REEXPORT.exec(line);
      if (re) {
        const name = re[2] ?? re[1]!;
        index.exports.add(name);
        addTo(index.exportedBy, name, pkg);
        continue;
      }
      const d = DECL.exec(line);
      if (d) {
        const name = d[2]!;
        index.exports.add(name);
        addTo(index.exportedBy, name, pkg);
        if (!index.kinds.has(name) || d[1] === "class" || d[1] === "const") index.kinds.set(name, d[1]!);
        if (!index.members.has(name)) index.members.set(name, new Set());
        if (pkg === "mps") index.umbrellaFrom.set(name, "mps");
        const head = line.replace(/<[^>{}]*>/g, "");
        const ext = /\b(?:extends|implements)\s+([^{=]+)/.exec(head);
        if (ext && (d[1] === "class" || d[1] === "interface")) {
          for (const part of ext[1]!.split(/,|\bimplements\b|\bextends\b/)) {
            const base = part.trim().replace(/_\d+$/, "");
            if (/^[\w$]+$/.test(base)) addTo(index.parents, name, base);
          }
        }
        current = name;
      }
    } else if (depth === 1 && current !== undefined) {
      const m = MEMBER.exec(line);
      if (m) {
        addTo(index.members, current, m[1]!);
        let inPkg = index.membersIn.get(pkg);
        if (!inPkg) index.membersIn.set(pkg, (inPkg = new Map()));
        addTo(inPkg, current, m[1]!);
      }
    }
    depth += depthDelta(line);
    if (depth < 0) depth = 0;
  }
}

function emptyIndex(): ApiIndex {
  return { exports: new Set(), members: new Map(), parents: new Map(), exportedBy: new Map(), kinds: new Map(), membersIn: new Map(), umbrellaFrom: new Map() };
}

/** Indexes every `packages/*\/etc/*.api.md` under root. */
export function loadApiIndex(root: string): ApiIndex {
  const index: ApiIndex = emptyIndex();
  const pk = join(root, "packages");
  for (const dir of readdirSync(pk).sort()) {
    const etc = join(pk, dir, "etc");
    if (!existsSync(etc)) continue;
    for (const f of readdirSync(etc)) {
      if (f.endsWith(".api.md")) indexApiReport(readFileSync(join(etc, f), "utf8"), dir, index);
    }
  }
  return index;
}

/** Whether `type` (or a type it extends or implements) has `member`. */
export function hasMember(index: ApiIndex, type: string, member: string, seen = new Set<string>()): boolean {
  if (seen.has(type)) return false;
  seen.add(type);
  // A name the umbrella exports means the umbrella's declaration of it (`Transform` is
  // the interface of @mps/mpm, not the class of @mps/trace that implements it).
  const from = index.umbrellaFrom.get(type);
  const own = from !== undefined ? index.membersIn.get(from)?.get(type) : undefined;
  if (own !== undefined ? own.has(member) : index.members.get(type)?.has(member)) return true;
  for (const p of index.parents.get(type) ?? []) if (hasMember(index, p, member, seen)) return true;
  return false;
}

/** Types that extend or implement `type`, directly or not. */
function descendants(index: ApiIndex, type: string): string[] {
  const out: string[] = [];
  const add = (t: string): void => {
    for (const [child, ps] of index.parents) if (ps.has(t) && !out.includes(child)) out.push(child), add(child);
  };
  add(type);
  return out;
}

/**
 * How a lower-case receiver in a signature listing maps to a type of the api
 * reports: `arena.collect()` is `Arena.collect`. A member of the type, of a type
 * it extends, or of a type that extends it (`arena.vmGrowth` is on `VMArena`) is
 * accepted. A receiver not in this table whose name matches an exported name
 * case-insensitively (`sac` → `SAC`) maps to that name; any other is an error.
 */
export const RECEIVERS: Readonly<Record<string, string>> = {
  ap: "AP",
  arena: "Arena",
  pool: "Pool",
  format: "Format",
  fmt: "Format",
  chain: "Chain",
  root: "Root",
  thread: "Thread",
  thr: "Thread",
  ss: "ScanState",
  message: "Message",
  msg: "Message",
  sac: "SAC",
  ld: "LD",
  seg: "Seg",
  buffer: "Buffer",
  shield: "Shield",
  vm: "VM",
  prot: "Prot",
  land: "Land",
  cbs: "CBS",
  range: "Range",
  stream: "IOStream",
  io: "IOStream",
  telemetry: "Telemetry",
  tel: "Telemetry",
  platform: "Platform",
  splay: "SplayTree",
  tree: "SplayTree",
  ring: "Ring",
  bt: "BT",
  abq: "ABQ",
  mrg: "MRGPool",
  trace: "Trace",
  m: "Message",
  t: "Transform",
  plinth: "Plinth",
};

/**
 * The types `recv` may stand for: the export of that name, the type of `RECEIVERS`,
 * and exports spelt the same but for case (`plinth` is both the umbrella's `plinth`
 * object and a `Plinth`).
 */
function receiverTypes(index: ApiIndex, recv: string): string[] {
  const out: string[] = [];
  if (index.exports.has(recv)) out.push(recv);
  const t = RECEIVERS[recv];
  if (t !== undefined && index.exports.has(t) && !out.includes(t)) out.push(t);
  for (const e of index.exports) if (e.toLowerCase() === recv.toLowerCase() && !out.includes(e)) out.push(e);
  return out;
}

/** The `A.b.c` names a signature block declares, with their block-relative lines. */
export function signatureNames(code: string): { line: number; name: string }[] {
  return signatureEntries(code)
    .filter((e) => e.name !== "")
    .map(({ line, name }) => ({ line, name }));
}

/**
 * The lines of a signature block: the name each declares, or `name: ""` for a line
 * outside any declaration that names nothing this reader understands (reported, so
 * that a listing cannot slip past the check unread).
 */
export function signatureEntries(code: string): { line: number; name: string; text: string }[] {
  const out: { line: number; name: string; text: string }[] = [];
  const lines = code.split("\n");
  let depth = 0;
  let owner: string | undefined; // interface/class whose body is open
  lines.forEach((raw, n) => {
    const line = stripStrings(raw);
    const t = line.trim();
    if (t !== "") {
      if (depth === 0) {
        owner = undefined;
        const decl = /^(?:export\s+)?(?:declare\s+)?(?:abstract\s+)?(interface|class|type|enum|function|const|let|namespace)\s+([\w$]+)/.exec(t);
        if (decl) {
          out.push({ line: n, name: decl[2]!, text: t });
          if (decl[1] === "interface" || decl[1] === "class" || decl[1] === "enum") owner = decl[2];
        } else {
          const m = /^(?:new\s+|await\s+)?([\w$]+(?:\.[\w$]+)*)\s*(?:[(:<?]|$)/.exec(t);
          out.push({ line: n, name: m ? m[1]! : "", text: t });
        }
      } else if (depth === 1 && owner !== undefined) {
        const m = MEMBER.exec(line);
        if (m && !t.startsWith("}")) out.push({ line: n, name: `${owner}.${m[1]!}`, text: t });
      }
    }
    depth += depthDelta(line);
    if (depth < 0) depth = 0;
  });
  return out;
}

/** Why `name` is not in the api reports, or undefined when it is. */
export function checkSignatureName(index: ApiIndex, name: string): string | undefined {
  const parts = name.split(".");
  const head = parts[0]!;
  if (parts.length === 1) return index.exports.has(head) ? undefined : `"${name}" is not exported by any package (api reports)`;
  const types = receiverTypes(index, head);
  if (types.length === 0) return `"${name}": "${head}" is neither an export nor a known receiver (tools/src/samples.ts RECEIVERS)`;
  // Only the first member is checked: `PoolClass.MVFF.create` names MVFF of PoolClass.
  const member = parts[1]!;
  for (const type of types) {
    if (hasMember(index, type, member)) return undefined;
    for (const d of descendants(index, type)) if (hasMember(index, d, member)) return undefined;
  }
  return `"${name}": ${types.join(" / ")} has no member "${member}" in the api reports`;
}

// ---------------------------------------------------------------- programs

/** Options of `checkSamples`. */
export interface CheckOptions {
  /** Repository root: where `packages/` (with built `dist`) lives. */
  root: string;
  /** Pages to check, relative to root; default `samplePages(root)`. */
  pages?: string[];
  /** Root the pages are read from, when not `root` (fixtures). */
  pagesRoot?: string;
  /** Working folder; default `tools/temp/samples/run-<pid>` under root, removed after a clean run. */
  work?: string;
  /** Per-program run timeout, ms. */
  timeoutMs?: number;
  /** Concurrent runs. */
  jobs?: number;
}

export interface CheckReport {
  problems: SampleProblem[];
  counts: Record<SampleKind, number>;
  /** Exports of @mps/mps (functions, methods) that no signature block in docs/reference/ names. */
  uncovered: string[];
}

function slug(s: Sample): string {
  return `${s.file.replace(/\.md$/, "").replace(/[^\w]+/g, "-")}-${s.line}`;
}

/**
 * Links every workspace package under `work/node_modules` by its name (`@mps/x`, or
 * the plain name of a private example package) so that samples import it as a user
 * would and resolve its built `dist`.
 */
function linkPackages(root: string, work: string, problems: SampleProblem[], imported: ReadonlySet<string>): void {
  const nm = join(work, "node_modules");
  rmSync(nm, { recursive: true, force: true });
  mkdirSync(join(nm, "@mps"), { recursive: true });
  const pk = join(root, "packages");
  for (const dir of readdirSync(pk)) {
    const pj = join(pk, dir, "package.json");
    if (!existsSync(pj)) continue;
    const name = (JSON.parse(readFileSync(pj, "utf8")) as { name?: string }).name;
    if (name === undefined || !/^(@mps\/)?[\w.-]+$/.test(name)) continue;
    symlinkSync(join(pk, dir), join(nm, name), "dir");
    // Samples import the built package: say so once, rather than as an error per
    // import; only for packages a sample imports, so that a check of a few pages
    // does not wait for every package's build.
    if (imported.has(name) && !existsSync(join(pk, dir, "dist"))) {
      problems.push({ file: `packages/${dir}/package.json`, line: 1, message: `${name} is not built (no dist/): run pnpm build first` });
    }
  }
}

function tscPath(root: string): string {
  return join(root, "node_modules", "typescript", "bin", "tsc");
}

/** The line put before a fragment's code (one line, mapped back out of tsc's line numbers). */
const FRAGMENT_HEADER = "// @ts-nocheck\n";
/** What a fragment may be (what goes before and after it): statements, class members, a function body, object literal members, switch cases. */
const FRAGMENT_WRAPPERS: readonly (readonly [string, string])[] = [
  ["", ""],
  ["class Fragment {\n", "}\n"],
  ["async function fragment() {\n", "}\n"],
  ["const fragment = {\n", "};\n"],
  ["function fragment(x: unknown) {\nswitch (x) {\n", "}\n}\n"],
];

function runNode(file: string, cwd: string, timeoutMs: number): Promise<{ code: number | null; out: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--enable-source-maps", file], { cwd, env: { ...process.env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, out, timedOut });
    });
  });
}

/** The lines of a failed run's output that say what went wrong: the error and a few after it. */
function failureSummary(out: string): string {
  const lines = out.split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("at "));
  const i = lines.findIndex((l) => /^(\w*Error|AssertionError|MpsError)\b|Error \[|^Error:/.test(l));
  const pick = i >= 0 ? lines.slice(i, i + 6).join(" ") : (lines[lines.length - 1] ?? "(no output)");
  return pick.length > 400 ? pick.slice(0, 400) + "…" : pick;
}

/** The packages the programs and fragments import (`@scope/name` or `name`, without a subpath). */
export function importedPackages(samples: readonly Sample[]): Set<string> {
  const names = new Set<string>();
  for (const s of samples) {
    if (s.kind === "signature") continue;
    for (const m of s.code.matchAll(/\bfrom\s+["']([^"'./][^"']*)["']/g)) {
      const parts = m[1]!.split("/");
      names.add(parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1] ?? ""}` : parts[0]!);
    }
  }
  return names;
}

/** Checks every sample of the pages. */
export async function checkSamples(opts: CheckOptions): Promise<CheckReport> {
  const root = opts.root;
  const pagesRoot = opts.pagesRoot ?? root;
  // A folder per run, so that two runs at once (a test run and the CLI) do not collide.
  const work = opts.work ?? join(root, "tools", "temp", "samples", `run-${process.pid}`);
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const jobs = opts.jobs ?? Math.max(1, availableParallelism());
  const problems: SampleProblem[] = [];
  const samples: Sample[] = [];
  for (const page of opts.pages ?? samplePages(pagesRoot)) {
    samples.push(...extractSamples(page, readFileSync(join(pagesRoot, page), "utf8"), problems));
  }
  const counts: Record<SampleKind, number> = { program: 0, signature: 0, fragment: 0 };
  for (const s of samples) counts[s.kind]++;

  // Signatures.
  const index = loadApiIndex(root);
  for (const s of samples.filter((x) => x.kind === "signature")) {
    const entries = signatureEntries(s.code);
    if (entries.every((e) => e.name === "")) problems.push({ file: s.file, line: s.line, message: "signature block declares no name" });
    for (const { line, name, text } of entries) {
      if (name === "") {
        problems.push({ file: s.file, line: s.line + line, message: `signature: a line that declares no name: ${text}` });
        continue;
      }
      const why = checkSignatureName(index, name);
      if (why) problems.push({ file: s.file, line: s.line + line, message: `signature: ${why}` });
    }
  }

  // Programs and fragments are compiled by tsc in the work folder.
  rmSync(join(work, "src"), { recursive: true, force: true });
  rmSync(join(work, "out"), { recursive: true, force: true });
  mkdirSync(join(work, "src"), { recursive: true });
  linkPackages(root, work, problems, importedPackages(samples));
  writeFileSync(join(work, "package.json"), JSON.stringify({ name: "mps-doc-samples", private: true, type: "module" }, null, 2) + "\n");
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      lib: ["ES2024"],
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      skipLibCheck: true,
      sourceMap: true,
      types: ["node"],
      typeRoots: [join(root, "node_modules", "@types")],
      rootDir: "src",
      outDir: "out",
      noEmitOnError: false,
    },
  };
  interface Diag {
    file: string;
    line: number;
    code: number;
    text: string;
  }
  /** One tsc run over `files` (names under src/): its diagnostics, continuation lines joined. */
  const tsc = (files: string[]): Diag[] => {
    writeFileSync(join(work, "tsconfig.json"), JSON.stringify({ ...tsconfig, files: files.map((f) => `src/${f}`) }, null, 2) + "\n");
    const r = spawnSync(process.execPath, [tscPath(root), "-p", join(work, "tsconfig.json"), "--pretty", "false"], { cwd: work, encoding: "utf8" });
    const diags: Diag[] = [];
    let last: Diag | undefined;
    for (const l of ((r.stdout ?? "") + (r.stderr ?? "")).split("\n")) {
      const m = /^src[\\/]([^()]+)\((\d+),(\d+)\): error (TS(\d+): .*)$/.exec(l.trim());
      if (m) diags.push((last = { file: m[1]!, line: Number(m[2]), code: Number(m[5]), text: m[4]! }));
      else if (last && /^\s+/.test(l) && l.trim() !== "") last.text += ` ${l.trim()}`;
      else if (l.trim() !== "") {
        last = undefined;
        if (/error/i.test(l)) problems.push({ file: "tools/temp/samples/tsconfig.json", line: 1, message: `tsc: ${l.trim()}` });
      }
    }
    if (r.status !== 0 && diags.length === 0 && problems.every((p) => !p.message.startsWith("tsc:"))) {
      problems.push({ file: "tools/temp/samples/tsconfig.json", line: 1, message: `tsc failed: ${(r.stderr || r.stdout || String(r.error)).slice(0, 300)}` });
    }
    return diags;
  };

  // Programs: tsc reports only syntax errors while any file has one, so a first run
  // finds the files that do not parse and a second, without them, type-checks the rest.
  // A trailing `export {}` makes every file a module, so that samples do not share a scope.
  const programs = new Map<string, Sample>();
  for (const s of samples.filter((x) => x.kind === "program")) {
    programs.set(`${slug(s)}.ts`, s);
    writeFileSync(join(work, "src", `${slug(s)}.ts`), s.code + "export {};\n");
  }
  const failedCompile = new Set<string>();
  const report = (diags: Diag[]): void => {
    for (const d of diags) {
      const s = programs.get(d.file);
      if (!s) continue;
      failedCompile.add(d.file);
      problems.push({ file: s.file, line: s.line + d.line - 1, message: `${d.code < 2000 ? "syntax error" : "type error"}: ${d.text}` });
    }
  };
  if (programs.size > 0) {
    report(tsc([...programs.keys()]));
    const rest = [...programs.keys()].filter((f) => !failedCompile.has(f));
    if (rest.length < programs.size && rest.length > 0) report(tsc(rest));
  }

  // Fragments: under `// @ts-nocheck` only syntax errors remain. A fragment may be
  // statements, the members of a class (a method lifted from one), the body of a
  // function (with a `return`), the members of an object literal (a format's methods)
  // or the cases of a switch; it passes if it parses as any of these.
  let pending = samples.filter((x) => x.kind === "fragment");
  const firstDiags = new Map<Sample, Diag[]>();
  FRAGMENT_WRAPPERS.forEach(([before, after], k) => {
    if (pending.length === 0) return;
    const names = new Map<string, Sample>();
    for (const s of pending) {
      const name = `fragment${k}-${slug(s)}.ts`;
      names.set(name, s);
      writeFileSync(join(work, "src", name), FRAGMENT_HEADER + before + s.code + after + "export {};\n");
    }
    const diags = tsc([...names.keys()]);
    const failed = new Set<Sample>();
    for (const d of diags) {
      const s = names.get(d.file);
      if (!s) continue;
      failed.add(s);
      if (k === 0) {
        const list = firstDiags.get(s) ?? [];
        list.push(d);
        firstDiags.set(s, list);
      }
    }
    pending = pending.filter((s) => failed.has(s));
  });
  for (const s of pending) {
    for (const d of firstDiags.get(s) ?? []) {
      problems.push({ file: s.file, line: s.line + d.line - 2, message: `fragment does not parse: ${d.text}` });
    }
  }

  // Run the programs that compiled, `jobs` at a time.
  const runs = [...programs.values()].filter((s) => !failedCompile.has(`${slug(s)}.ts`));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < runs.length) {
      const s = runs[next++]!;
      const js = join(work, "out", `${slug(s)}.js`);
      const r = await runNode(js, work, timeoutMs);
      if (r.code === 0 && !r.timedOut) continue;
      // Point at the page line the stack names, when it names the sample's own file.
      let line = s.line;
      const at = new RegExp(`${slug(s)}\\.ts:(\\d+)`).exec(r.out);
      if (at) line = s.line + Number(at[1]) - 1;
      const msg = r.timedOut ? `program did not finish within ${timeoutMs} ms` : `program failed (exit ${r.code}): ${failureSummary(r.out)}`;
      problems.push({ file: s.file, line, message: msg });
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, runs.length) }, worker));

  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  // Keep the files of a failed run for a look (MPS_SAMPLES_KEEP=1 keeps any run's).
  if (opts.work === undefined && problems.length === 0 && !process.env["MPS_SAMPLES_KEEP"]) rmSync(work, { recursive: true, force: true });
  return { problems, counts, uncovered: uncoveredExports(root, index, samples) };
}

// ---------------------------------------------------------------- coverage

/**
 * Functions and methods that `@mps/mps` exports (its own or re-exported) and that
 * no signature block in docs/reference/ names, as `Type.member` or `name`.
 */
export function uncoveredExports(root: string, index: ApiIndex, samples: readonly Sample[]): string[] {
  const report = join(root, "packages", "mps", "etc", "mps.api.md");
  if (!existsSync(report)) return [];
  const mine: ApiIndex = emptyIndex();
  indexApiReport(readFileSync(report, "utf8"), "mps", mine);
  const named = new Set<string>();
  for (const s of samples) {
    if (s.kind !== "signature" || !s.file.startsWith("docs/reference/")) continue;
    for (const { name } of signatureNames(s.code)) {
      const parts = name.split(".");
      const head = parts[0]!;
      if (parts.length === 1) named.add(head);
      else for (const type of receiverTypes(index, head)) named.add(`${type}.${parts[1]}`);
    }
  }
  const covered = (type: string, m: string): boolean => {
    if (named.has(`${type}.${m}`)) return true;
    // A member documented on a base type (`arena.collect` for VMArena) covers it.
    const seen = new Set<string>();
    const up = (t: string): boolean => {
      if (seen.has(t)) return false;
      seen.add(t);
      if (named.has(`${t}.${m}`)) return true;
      for (const p of index.parents.get(t) ?? []) if (up(p)) return true;
      return false;
    };
    return up(type);
  };
  const out: string[] = [];
  for (const name of [...mine.exports].sort()) {
    const kind = index.kinds.get(name);
    if (kind === "function") {
      if (!named.has(name)) out.push(name);
    } else if (kind === "class") {
      const text = methodNames(root, index, name);
      for (const m of text) if (!covered(name, m)) out.push(`${name}.${m}`);
    }
  }
  return out;
}

/**
 * Methods every structure has for the MPS's own code and tests, which
 * docs/reference/interface-conventions.md says a client must not rely on: not counted.
 */
const NOT_CLIENT_INTERFACE: ReadonlySet<string> = new Set(["check", "checkLive", "describe"]);

/**
 * Public methods (members written `name(`) of class `name`, from its report: the
 * report of the package the umbrella takes it from, when that is known (two packages
 * may export different things of one name, as `ScanState` is an interface of
 * `@mps/mpm` that the umbrella exports and a class of `@mps/trace`).
 */
function methodNames(root: string, index: ApiIndex, name: string): string[] {
  const out: string[] = [];
  const from = index.umbrellaFrom.get(name);
  const pkgs = from !== undefined && from !== "mps" ? [from] : (index.exportedBy.get(name) ?? []);
  for (const pkg of pkgs) {
    const report = join(root, "packages", pkg, "etc", `${pkg}.api.md`);
    if (!existsSync(report)) continue;
    const lines = readFileSync(report, "utf8").split("\n");
    const start = lines.findIndex((l) => new RegExp(`^export (?:declare )?(?:abstract )?class ${name}\\b`).test(l));
    if (start < 0) continue;
    let depth = 0;
    for (let i = start; i < lines.length; i++) {
      const l = lines[i]!;
      if (depth === 1 && !/^\s*(protected|private)\b/.test(l) && !/\/\/ @internal/.test(lines[i - 1] ?? "")) {
        const m = /^\s*(?:(?:static|abstract|readonly|override|async)\s+)*([\w$]+)\??(?:<[^>]*>)?\(/.exec(l);
        if (m && m[1] !== "constructor" && !NOT_CLIENT_INTERFACE.has(m[1]!) && !out.includes(m[1]!)) out.push(m[1]!);
      }
      depth += depthDelta(l);
      if (depth <= 0 && i > start) break;
    }
  }
  return out;
}

// ---------------------------------------------------------------- CLI

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
  const report = await checkSamples(process.argv.length > 2 ? { root, pages: process.argv.slice(2) } : { root });
  for (const u of report.uncovered) console.warn(`samples: warning: ${u} has no signature block in docs/reference/`);
  for (const p of report.problems) console.error(formatSampleProblem(p));
  const c = report.counts;
  console.log(`samples: ${c.program} programs, ${c.signature} signature blocks, ${c.fragment} fragments; ${report.problems.length} problems`);
  if (report.problems.length > 0) process.exit(1);
}
