/**
 * The `docs` task of a package: its README has the sections every package
 * README has (purpose, install, interface, example, design), its design
 * document exists, and every export in its api report has TSDoc.
 * Run from the package's folder.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";

export function checkPackageDocs(dir: string, root: string): string[] {
  const problems: string[] = [];
  const pj = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string; description?: string; private?: boolean };
  const short = basename(dir);
  if (!pj.description) problems.push(`${pj.name}: package.json has no description`);
  const readmePath = join(dir, "README.md");
  if (!existsSync(readmePath)) problems.push(`${pj.name}: no README.md`);
  else {
    const readme = readFileSync(readmePath, "utf8");
    for (const section of ["## Interface", "## Example", "## Design"]) {
      if (!readme.includes(section)) problems.push(`${pj.name}: README.md has no "${section}" section`);
    }
    if (!readme.includes("```ts")) problems.push(`${pj.name}: README.md has no TypeScript example`);
  }
  if (!existsSync(join(root, "docs", "design", `${short}.md`))) problems.push(`${pj.name}: no docs/design/${short}.md`);
  if (!pj.private) {
    const report = join(dir, "etc", `${short}.api.md`);
    if (!existsSync(report)) problems.push(`${pj.name}: no api report etc/${short}.api.md (run pnpm api:update)`);
    else {
      const lines = readFileSync(report, "utf8").split("\n");
      lines.forEach((line, i) => {
        if (line.includes("// (undocumented)")) {
          problems.push(`${pj.name}: etc/${short}.api.md:${i + 2}: undocumented: ${lines[i + 1]?.trim()}`);
        }
      });
    }
  }
  return problems;
}

if (process.argv[1] && import.meta.url.endsWith(basename(process.argv[1]))) {
  const dir = process.cwd();
  const problems = checkPackageDocs(dir, join(dir, "..", ".."));
  for (const p of problems) console.error(`docs: ${p}`);
  if (problems.length > 0) process.exit(1);
  console.log(`docs: ${basename(dir)}: README, design document and TSDoc present`);
}
