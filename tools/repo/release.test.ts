// What a release publishes: manifests that say where they come from and publish to any registry,
// with provenance switched on only by the release job that can sign it (docs/publishing.md).
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = join(import.meta.dirname, "..", "..");
const read = (path: string): string => readFileSync(join(root, path), "utf8");
const repositoryUrl = "https://github.com/paved-dev/paved";

interface Manifest {
  name: string;
  license?: string;
  homepage?: string;
  bugs?: { url?: string };
  repository?: { type?: string; url?: string; directory?: string };
  publishConfig?: Record<string, unknown>;
  generators?: string;
}

const packageDirs = readdirSync(join(root, "packages")).map((name) => `packages/${name}`);
const manifest = (dir: string) => JSON.parse(read(`${dir}/package.json`)) as Manifest;

describe("published manifests", () => {
  it.each(packageDirs)("%s names its repository, folder, home page, issues and licence", (dir) => {
    const pkg = manifest(dir);
    expect(pkg.repository).toEqual({
      type: "git",
      url: `git+${repositoryUrl}.git`,
      directory: dir,
    });
    expect(pkg.homepage).toBe(`${repositoryUrl}/tree/main/${dir}#readme`);
    expect(pkg.bugs).toEqual({ url: `${repositoryUrl}/issues` });
    expect(pkg.license).toBe("MIT");
  });

  it.each(packageDirs)("%s asks for no provenance itself: only a CI with OIDC can sign", (dir) => {
    expect(manifest(dir).publishConfig ?? {}).not.toHaveProperty("provenance");
  });
});

describe("the release workflow", () => {
  interface Job {
    permissions?: Record<string, string>;
    env?: Record<string, string>;
    steps: { uses?: string }[];
  }
  const workflow = parse(read(".github/workflows/release.yml")) as { jobs: Record<string, Job> };
  const publishing = Object.values(workflow.jobs).filter((job) =>
    job.steps.some((step) => step.uses?.startsWith("changesets/action/publish@")),
  );

  it("switches provenance on in the one job that publishes, with its OIDC token", () => {
    expect(publishing).toHaveLength(1);
    expect(publishing[0]?.env?.["NPM_CONFIG_PROVENANCE"]).toBe("true");
    expect(publishing[0]?.permissions?.["id-token"]).toBe("write");
  });
});

describe("Nx generators", () => {
  const dir = "packages/generators";
  const { generators } = JSON.parse(read(`${dir}/${manifest(dir).generators ?? ""}`)) as {
    generators: Record<string, { schema: string }>;
  };

  it.each(Object.keys(generators))("%s has a schema with a description for --help", (name) => {
    const schema = JSON.parse(read(join(dir, generators[name]?.schema ?? ""))) as {
      description?: string;
    };
    expect(schema.description?.length).toBeGreaterThan(20);
  });
});

describe("Paved's own audit", () => {
  it("scores 100 with every rule evaluated", () => {
    const bin = join(root, "packages", "cli", "dist", "paved.cjs");
    const run = spawnSync(process.execPath, [bin, "audit", root, "--format", "json"], {
      encoding: "utf8",
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as {
      score: number;
      findings: { ruleId: string; outcome: string; project?: string }[];
    };
    const failing = report.findings.filter((finding) => finding.outcome === "fail");
    expect(failing).toEqual([]);
    expect(report.score).toBe(100);
  });
});
