/**
 * The package skeleton: every file a new `@mps/<name>` package starts with.
 * `pnpm new-package` writes these; tools/test/templates.test.ts checks them.
 */

/** What the generator needs to know about a new package. */
export interface NewPackageOpts {
  /** Short name, kebab-case: `cbs`, `pool-amc`, `example-scheme`. */
  name: string;
  /** One sentence: what the package is for. */
  description: string;
  /** Short names of the workspace packages it depends on. */
  deps: string[];
  /** Private example packages are not published and have no api report. */
  isPrivate: boolean;
}

/** The npm name of a package: examples keep their plain name, the rest are scoped. */
export function npmName(name: string): string {
  return name.startsWith("example-") ? name : `@mps/${name}`;
}

function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The files of a new package, relative to the repository root, with their contents. */
export function packageFiles(o: NewPackageOpts): Map<string, string> {
  const dir = `packages/${o.name}`;
  const files = new Map<string, string>();
  const deps = Object.fromEntries(o.deps.map((d) => [npmName(d), "workspace:*"]));
  const pkg: Record<string, unknown> = {
    name: npmName(o.name),
    version: "0.1.0",
    description: o.description,
    license: "BSD-2-Clause",
    ...(o.isPrivate ? { private: true } : {}),
    type: "module",
    sideEffects: false,
    main: "./dist/index.js",
    types: "./dist/index.d.ts",
    exports: {
      ".": { types: "./dist/index.d.ts", default: "./dist/index.js" },
      "./package.json": "./package.json",
    },
    files: ["dist", "README.md"],
    scripts: {
      build: "tsc -b",
      test: "vitest run",
      typecheck: "tsc -p tsconfig.test.json",
      bench: "tsx bench/index.ts",
      ...(o.isPrivate ? {} : { api: "api-extractor run", "api:update": "api-extractor run --local" }),
      docs: "tsx ../../tools/src/check-docs.ts",
    },
    ...(o.deps.length > 0 ? { dependencies: deps } : {}),
  };
  files.set(`${dir}/package.json`, `${JSON.stringify(pkg, null, 2)}\n`);
  files.set(
    `${dir}/tsconfig.json`,
    `${JSON.stringify(
      {
        extends: "../../tsconfig.base.json",
        compilerOptions: { rootDir: "src", outDir: "dist", tsBuildInfoFile: "tsconfig.tsbuildinfo" },
        include: ["src"],
        references: o.deps.map((d) => ({ path: `../${d}` })),
      },
      null,
      2,
    )}\n`,
  );
  files.set(
    `${dir}/tsconfig.test.json`,
    `${JSON.stringify(
      {
        extends: "../../tsconfig.base.json",
        compilerOptions: { noEmit: true, composite: false, declaration: false, declarationMap: false, types: ["node"] },
        include: ["src", "test", "bench", "vitest.config.ts"],
      },
      null,
      2,
    )}\n`,
  );
  files.set(
    `${dir}/vitest.config.ts`,
    `import { defineConfig, mergeConfig } from "vitest/config";
import { sharedConfig } from "../../vitest.shared.js";

export default mergeConfig(sharedConfig, defineConfig({}));
`,
  );
  if (!o.isPrivate) {
    files.set(
      `${dir}/api-extractor.json`,
      `${JSON.stringify(
        {
          $schema: "../../node_modules/@microsoft/api-extractor/lib-commonjs/schemas/api-extractor.schema.json",
          mainEntryPointFilePath: "<projectFolder>/dist/index.d.ts",
          bundledPackages: [],
          compiler: { tsconfigFilePath: "<projectFolder>/tsconfig.json" },
          apiReport: { enabled: true, reportFolder: "<projectFolder>/etc/", reportTempFolder: "<projectFolder>/temp/" },
          docModel: { enabled: false },
          dtsRollup: { enabled: false },
          tsdocMetadata: { enabled: false },
          messages: { extractorMessageReporting: { "ae-missing-release-tag": { logLevel: "none" } } },
        },
        null,
        2,
      )}\n`,
    );
    files.set(`${dir}/etc/.gitkeep`, "");
  }
  const c = camel(o.name);
  files.set(
    `${dir}/src/index.ts`,
    `/**
 * \`${npmName(o.name)}\`: ${o.description}
 * See docs/design/${o.name}.md.
 * @packageDocumentation
 */

/**
 * The package's name, as published.
 * @public
 */
export const ${c.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_PACKAGE = "${npmName(o.name)}";
`,
  );
  files.set(
    `${dir}/test/${o.name}.test.ts`,
    `import { describe, expect, it } from "vitest";
import { ${c.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_PACKAGE } from "../src/index.js";

describe("${npmName(o.name)}", () => {
  it("knows its name", () => {
    expect(${c.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_PACKAGE).toBe("${npmName(o.name)}");
  });
});
`,
  );
  files.set(
    `${dir}/bench/index.ts`,
    `/**
 * Benchmarks of ${npmName(o.name)}: each prints its workload and its ratio
 * to a baseline measured in the same run (docs/contributing/benchmarks.md).
 */
import { runBenchPairs } from "../../../tools/src/bench.js";

await runBenchPairs("${npmName(o.name)}", [
  {
    workload: "sum 10^6 integers (replace with this package's hot path)",
    ops: 1e6,
    baseline: { name: "for loop", fn: () => { let s = 0; for (let i = 0; i < 1e6; i++) s += i; return s; } },
    subject: { name: "while loop", fn: () => { let s = 0, i = 0; while (i < 1e6) s += i++; return s; } },
  },
]);
`,
  );
  files.set(
    `${dir}/README.md`,
    `# ${npmName(o.name)}

${o.description}

## Install

\`\`\`sh
pnpm add ${npmName(o.name)}
\`\`\`

## Interface

| name | kind | what it does |
| --- | --- | --- |
| \`${c.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_PACKAGE\` | constant | the package's name |

## Example

\`\`\`ts
import { ${c.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_PACKAGE } from "${npmName(o.name)}";
console.log(${c.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_PACKAGE);
\`\`\`

## Design

[docs/design/${o.name}.md](../../docs/design/${o.name}.md)
`,
  );
  files.set(
    `docs/design/${o.name}.md`,
    `# ${npmName(o.name)}: design

\`.intro\`: ${o.description}

## Requirements

## Interface

## Implementation

## Testing
`,
  );
  return files;
}
