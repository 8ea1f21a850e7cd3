// The repository's own conventions, checked until `paved audit` can check them itself.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = join(import.meta.dirname, "..", "..");
const read = (path: string): string => readFileSync(join(root, path), "utf8");
const readJson = (path: string): unknown => JSON.parse(read(path));

interface Manifest {
  name: string;
  private?: boolean;
  description?: string;
  engines?: Record<string, string>;
  packageManager?: string;
  devDependencies?: Record<string, string>;
}

const packageDirs = readdirSync(join(root, "packages")).map((name) => join("packages", name));
const catalog = (parse(read("pnpm-workspace.yaml")) as { catalog: Record<string, string> }).catalog;

describe("the quick start", () => {
  const readme = read("README.md");
  const section = /## Quick start\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? "";
  const commands = /```sh\n([\s\S]*?)```/.exec(section)?.[1]?.trim().split("\n") ?? [];

  it("shows exactly two commands", () => {
    expect(commands).toHaveLength(2);
  });

  it("is what CI runs: .ci/run runs the second command verbatim, then the slow end-to-end matrix", () => {
    const ciCommands = read(".ci/run")
      .split("\n")
      .map((line) => line.trim())
      .filter(
        (line) =>
          line !== "" &&
          !line.startsWith("#") &&
          !line.startsWith("set ") &&
          !line.startsWith("cd "),
      );
    // The system tools some tests need, installed only where they are missing.
    expect(ciCommands).toEqual(["sh tools/ci/system-tools.sh", commands[1], "./dev e2e"]);
    // The README says that CI runs the matrix too, and how to run it.
    expect(readme).toContain("`./dev e2e`");
  });
});

describe("the toolchain pins", () => {
  const manifest = readJson("package.json") as Manifest;
  const wrapper = read("dev");

  it("pins Node 24 in .nvmrc and the wrapper, and pnpm in packageManager", () => {
    expect(read(".nvmrc").trim()).toBe("24");
    expect(/^NODE_PIN=24\.\d+\.\d+$/m.test(wrapper)).toBe(true);
    expect(manifest.packageManager).toMatch(/^pnpm@10\.\d+\.\d+$/);
  });

  it("uses TypeScript 6.0.x, ESLint 10, typescript-eslint 8 and Nx 23 with matching @nx/* versions", () => {
    expect(catalog["typescript"]).toMatch(/^6\.0\.\d+$/);
    expect(catalog["eslint"]).toMatch(/^10\./);
    expect(catalog["typescript-eslint"]).toMatch(/^8\./);
    expect(catalog["nx"]).toMatch(/^23\./);
    const nxPackages = Object.entries(catalog).filter(([name]) => name.startsWith("@nx/"));
    expect(nxPackages.length).toBeGreaterThan(0);
    for (const [name, version] of nxPackages)
      expect(`${name}@${version}`).toBe(`${name}@${catalog["nx"] ?? ""}`);
  });

  it("declares engines.node >=22.12 in every manifest (later only where dependencies need it)", () => {
    // The OpenTelemetry SDK 3.x needs Node 22.15.
    const later: Record<string, string> = { "packages/telemetry": ">=22.15" };
    for (const dir of [".", ...packageDirs]) {
      expect((readJson(join(dir, "package.json")) as Manifest).engines?.["node"], dir).toBe(
        later[dir] ?? ">=22.12",
      );
    }
  });
});

describe("the presets are dogfooded", () => {
  it("root configs use the presets through workspace:*", () => {
    const devDependencies = (readJson("package.json") as Manifest).devDependencies ?? {};
    for (const preset of [
      "@paved/tsconfig",
      "@paved/eslint-config",
      "@paved/prettier-config",
      "@paved/lint-staged-config",
    ]) {
      expect(devDependencies[preset], preset).toBe("workspace:*");
    }
    expect((readJson("tsconfig.base.json") as { extends: string }).extends).toBe(
      "@paved/tsconfig/library",
    );
    expect(read("eslint.config.js")).toMatch(/from "@paved\/eslint-config"/);
    expect((readJson("package.json") as { prettier: string }).prettier).toBe(
      "@paved/prettier-config",
    );
    expect(read("lint-staged.config.js")).toMatch(/from "@paved\/lint-staged-config"/);
    expect(read(".husky/pre-commit")).toMatch(/lint-staged/);
  });

  it("root tsconfig.json references every TypeScript package", () => {
    const references = (
      readJson("tsconfig.json") as { references: { path: string }[] }
    ).references.map((ref) => ref.path);
    const built = packageDirs.filter((dir) =>
      readdirSync(join(root, dir)).includes("tsconfig.lib.json"),
    );
    expect(references.sort()).toEqual(built.map((dir) => `./${dir}/tsconfig.lib.json`).sort());
  });
});

describe("publishable packages", () => {
  it.each(packageDirs)(
    "%s has a description and a README with a copy-paste adoption snippet",
    (dir) => {
      const manifest = readJson(join(dir, "package.json")) as Manifest;
      expect(manifest.private).not.toBe(true);
      expect(manifest.description?.length).toBeGreaterThan(10);
      const readme = read(join(dir, "README.md"));
      expect(readme).toMatch(new RegExp(`^# ${manifest.name.replace("/", "\\/")}$`, "m"));
      expect(readme).toMatch(/```(sh|js|jsonc|json)\n/);
      expect(readme).not.toMatch(/BENCHMARK_RESULT|TODO|TBD/);
    },
  );

  it("are released with changesets from main, publicly", () => {
    const config = readJson(".changeset/config.json") as { baseBranch: string; access: string };
    expect(config).toMatchObject({ baseBranch: "main", access: "public" });
  });
});

describe("documentation snippets", () => {
  const markdown = [
    "README.md",
    ...readdirSync(join(root, "docs"))
      .filter((name) => name.endsWith(".md"))
      .map((name) => `docs/${name}`),
    ...packageDirs.map((dir) => join(dir, "README.md")),
  ];

  it.each(markdown)("%s: every json block is valid JSON, ready to copy", (file) => {
    const blocks = [...read(file).matchAll(/```json\n([\s\S]*?)```/g)].map(
      (match) => match[1] ?? "",
    );
    for (const block of blocks) expect(() => JSON.parse(block) as unknown, block).not.toThrow();
  });
});

describe(".github/workflows/ci.yml", () => {
  interface Workflow {
    permissions?: unknown;
    concurrency?: { group?: string };
    jobs: Record<
      string,
      {
        "timeout-minutes"?: number;
        permissions?: unknown;
        steps: { uses?: string; run?: string }[];
      }
    >;
  }
  const workflow = parse(read(".github/workflows/ci.yml")) as Workflow;
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

  it("pins every action by full commit SHA", () => {
    const uses = steps.flatMap((step) => (step.uses ? [step.uses] : []));
    expect(uses.length).toBeGreaterThan(0);
    for (const action of uses) expect(action).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
  });

  it("is least-privilege, grouped for concurrency and time-boxed", () => {
    expect(workflow.permissions).toEqual({ contents: "read" });
    expect(workflow.concurrency?.group).toBeTruthy();
    for (const [name, job] of Object.entries(workflow.jobs)) {
      expect(job["timeout-minutes"], name).toBeGreaterThan(0);
      expect(JSON.stringify(job.permissions ?? {}), name).not.toMatch(/write/);
    }
  });

  it("runs the same line as ./dev test, after each station on its own", () => {
    const runs = steps.flatMap((step) => (step.run ? [step.run] : []));
    expect(runs).toContain("pnpm install --frozen-lockfile");
    // `pnpm run test` is the line (tools/line/run-line.mjs), as in ./dev test.
    expect(runs).toEqual(
      expect.arrayContaining([
        "pnpm run format:check",
        "pnpm run lint",
        "pnpm run typecheck",
        "pnpm run test",
        "pnpm run build",
      ]) as unknown,
    );
  });
});
