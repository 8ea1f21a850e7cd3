import { execFile, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const fixtures = join(import.meta.dirname, "fixtures");
const tscPath = createRequire(import.meta.url).resolve("typescript/lib/tsc.js");

interface TscResult {
  status: number | null;
  codes: string[];
  output: string;
}

/** Runs the real tsc on a fixture project and collects the diagnostic codes it printed. */
async function tsc(fixture: string, ...flags: string[]): Promise<TscResult> {
  const args = [tscPath, "-p", join(fixtures, fixture), "--pretty", "false", ...flags];
  const { status, output } = await new Promise<{ status: number | null; output: string }>(
    (resolve) => {
      execFile(process.execPath, args, { encoding: "utf8" }, (error, stdout, stderr) => {
        resolve({
          status: error ? (typeof error.code === "number" ? error.code : 1) : 0,
          output: stdout + stderr,
        });
      });
    },
  );
  const codes = [...output.matchAll(/error (TS\d+):/g)].map((match) => match[1] ?? "");
  return { status, codes, output };
}

interface FlagCase {
  flag: string;
  fixture: string;
  code: string;
  /** Compiler options that, switched off, must make the diagnostic disappear. */
  off: string[];
}

const flagCases: FlagCase[] = [
  { flag: "strict (noImplicitAny)", fixture: "strict", code: "TS7006", off: ["noImplicitAny"] },
  {
    flag: "strict (strictNullChecks)",
    fixture: "strictNullChecks",
    code: "TS18047",
    // exactOptionalPropertyTypes requires strictNullChecks, so it goes too.
    off: ["strictNullChecks", "exactOptionalPropertyTypes"],
  },
  {
    flag: "noUncheckedIndexedAccess",
    fixture: "noUncheckedIndexedAccess",
    code: "TS2322",
    off: ["noUncheckedIndexedAccess"],
  },
  {
    flag: "exactOptionalPropertyTypes",
    fixture: "exactOptionalPropertyTypes",
    code: "TS2375",
    off: ["exactOptionalPropertyTypes"],
  },
  {
    flag: "noImplicitOverride",
    fixture: "noImplicitOverride",
    code: "TS4114",
    off: ["noImplicitOverride"],
  },
  {
    flag: "noPropertyAccessFromIndexSignature",
    fixture: "noPropertyAccessFromIndexSignature",
    code: "TS4111",
    off: ["noPropertyAccessFromIndexSignature"],
  },
  {
    flag: "noImplicitReturns",
    fixture: "noImplicitReturns",
    code: "TS7030",
    off: ["noImplicitReturns"],
  },
  {
    flag: "noFallthroughCasesInSwitch",
    fixture: "noFallthroughCasesInSwitch",
    code: "TS7029",
    off: ["noFallthroughCasesInSwitch"],
  },
  {
    flag: "verbatimModuleSyntax",
    fixture: "verbatimModuleSyntax",
    code: "TS1484",
    off: ["verbatimModuleSyntax"],
  },
  // verbatimModuleSyntax implies isolatedModules, so both must be off for the check to vanish.
  {
    flag: "isolatedModules",
    fixture: "isolatedModules",
    code: "TS1205",
    off: ["isolatedModules", "verbatimModuleSyntax"],
  },
];

describe.concurrent("@paved/tsconfig/base strictness flags", () => {
  it.each(flagCases)("$flag: the fixture fails with $code", async ({ fixture, code }) => {
    const result = await tsc(fixture);
    expect(result.status, result.output).not.toBe(0);
    expect(result.codes).toEqual([code]);
  });

  it.each(flagCases)(
    "$flag: the same fixture passes with the flag off",
    async ({ fixture, off }) => {
      const result = await tsc(fixture, ...off.flatMap((option) => [`--${option}`, "false"]));
      expect(result.codes, result.output).toEqual([]);
      expect(result.status).toBe(0);
    },
  );

  it("sets types explicitly, so Node globals are not ambient in base", async () => {
    const result = await tsc("types");
    expect(result.codes).toEqual(["TS2591"]);
    expect((await tsc("types", "--types", "node")).codes).toEqual([]);
  });

  it("passes a clean fixture that satisfies every flag", async () => {
    const result = await tsc("clean-base");
    expect(result.codes, result.output).toEqual([]);
    expect(result.status).toBe(0);
  });
});

describe("@paved/tsconfig/node", () => {
  it("targets Node 24: node types, ES2024 library, nodenext modules", async () => {
    const result = await tsc("clean-node");
    expect(result.codes, result.output).toEqual([]);
    expect(result.status).toBe(0);
  });

  it("provides the ES2024 library: the same code fails against ES2023", async () => {
    const result = await tsc("clean-node", "--lib", "ES2023");
    // Object.groupBy and Promise.withResolvers (and then the implicit any of the lost callback type).
    expect(result.codes.filter((code) => code === "TS2550")).toHaveLength(2);
  });

  it("rejects library APIs newer than ES2024", async () => {
    const result = await tsc("es2025");
    expect(result.codes).toEqual(["TS2550"]);
    expect((await tsc("es2025", "--lib", "ES2025")).codes).toEqual([]);
  });

  it("resolves the presets' values through the extends chain", () => {
    const run = spawnSync(
      process.execPath,
      [tscPath, "-p", join(fixtures, "clean-node"), "--showConfig"],
      {
        encoding: "utf8",
      },
    );
    const shown = JSON.parse(run.stdout) as { compilerOptions: Record<string, unknown> };
    expect(shown.compilerOptions).toMatchObject({
      target: "es2024",
      module: "nodenext",
      moduleResolution: "nodenext",
      types: ["node"],
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      verbatimModuleSyntax: true,
    });
  });
});

describe("@paved/tsconfig/library", () => {
  const outDir = mkdtempSync(join(tmpdir(), "paved-tsconfig-library-"));
  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
  });

  it("emits JavaScript, declarations and declaration maps from src, leaving tests out", async () => {
    const result = await tsc(
      "library",
      "--outDir",
      outDir,
      "--tsBuildInfoFile",
      join(outDir, ".tsbuildinfo"),
    );
    expect(result.codes, result.output).toEqual([]);
    const emitted = readdirSync(outDir)
      .filter((name) => !name.startsWith("."))
      .sort();
    expect(emitted).toEqual(["index.d.ts", "index.d.ts.map", "index.js", "index.js.map"]);
    const map = JSON.parse(readFileSync(join(outDir, "index.d.ts.map"), "utf8")) as {
      sources: string[];
    };
    expect(map.sources.some((source) => source.endsWith("src/index.ts"))).toBe(true);
  });
});
