import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { nodeImage, renderGitlab } from "./gitlab.js";
import { inspect } from "./line.js";
import { scripts } from "./testing/scripts.js";

const rendered = renderGitlab({ scripts, version: "0.1.0", node: "24", release: true });
const text = rendered.files.get(".gitlab-ci.yml") ?? "";

// GitLab's own schema for .gitlab-ci.yml (see __fixtures__/README.md for its source).
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
const validate = ajv.compile(
  JSON.parse(
    readFileSync(join(import.meta.dirname, "__fixtures__", "gitlab-ci.schema.json"), "utf8"),
  ) as object,
);
/**
 * The schema's errors for a file as written, and for the same file with each job's `extends`
 * merged in and the hidden templates dropped: the schema accepts anything under a hidden key, so
 * only the merged jobs show whether the template's keywords are valid.
 */
const errors = (yaml: string) => {
  const document = parse(yaml) as Record<string, unknown>;
  const merged = Object.fromEntries(
    Object.entries(document)
      .filter(([name]) => !name.startsWith("."))
      .map(([name, value]) => {
        const job = value as Record<string, unknown> | null;
        if (typeof job?.["extends"] !== "string") return [name, value];
        const { extends: base, ...own } = job;
        return [name, { ...(document[base] as object), ...own }];
      }),
  );
  return [document, merged].flatMap((candidate) => {
    validate(candidate);
    return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ""}`);
  });
};

interface Job {
  extends?: string;
  stage?: string;
  script?: string[];
  before_script?: string[];
  rules?: { if: string; when?: string }[];
  variables?: Record<string, string>;
  timeout?: string;
  interruptible?: boolean;
  image?: string;
  id_tokens?: Record<string, { aud: string }>;
  resource_group?: string;
  cache?: { key: { files: string[] }; paths: string[] };
}
type Pipeline = Record<string, unknown> & {
  stages: string[];
  variables: Record<string, string>;
  include: { template: string }[];
  workflow: { rules: { if: string; when?: string }[]; auto_cancel: Record<string, string> };
};
const parsed = (yaml: string) => parse(yaml) as Pipeline;
/** Jobs with their `extends` template merged in, as GitLab merges them. */
const jobs = (pipeline: Pipeline) =>
  Object.fromEntries(
    Object.entries(pipeline)
      .filter(
        ([name, value]) =>
          !name.startsWith(".") && typeof value === "object" && value !== null && "script" in value,
      )
      .map(([name, value]) => {
        const job = value as Job;
        const base = job.extends === undefined ? {} : (pipeline[job.extends] as Job);
        return [name, { ...base, ...job }];
      }),
  ) as Record<string, Job>;

describe("renderGitlab", () => {
  it("renders a .gitlab-ci.yml that GitLab's CI schema accepts", () => {
    expect(errors(text)).toEqual([]);
    for (const options of [
      { affected: true },
      { release: false },
      { scripts: { test: "vitest run" } },
      { node: "v24.11.1" },
    ])
      expect(
        errors(
          renderGitlab({ scripts, version: "0.1.0", node: "24", ...options }).files.get(
            ".gitlab-ci.yml",
          ) ?? "",
        ),
        JSON.stringify(options),
      ).toEqual([]);
  });

  it("is checked by a validator that rejects what GitLab rejects", () => {
    expect(errors(text.replace("timeout: 20 minutes", "timeout: [20]"))).not.toEqual([]);
    expect(
      errors(text.replace("    on_new_commit: interruptible", "    on_new_commit: sometimes")),
    ).not.toEqual([]);
    expect(errors(text.replace("  stage: lint", "  stage: lint\n  scripts: [oops]"))).not.toEqual(
      [],
    );
  });

  it("has one stage per station in the line's order, each job running the station's script", () => {
    const pipeline = parsed(text);
    expect(pipeline.stages).toEqual([
      "format",
      "lint",
      "typecheck",
      "test",
      "build",
      "security",
      "release",
    ]);
    const all = jobs(pipeline);
    expect(
      Object.entries(all).map(([name, job]) => [name, job.stage, job.script?.join(" && ")]),
    ).toEqual([
      ["format", "format", "pnpm run format:check"],
      ["lint", "lint", "pnpm run lint"],
      ["typecheck", "typecheck", "pnpm run typecheck"],
      ["test", "test", "pnpm run test"],
      ["build", "build", "pnpm run build"],
      ["dependency-audit", "security", "pnpm audit --prod"],
      [
        "publish",
        "release",
        'pnpm config set "//registry.npmjs.org/:_authToken" "$NPM_TOKEN" && pnpm run build && pnpm exec changeset publish',
      ],
    ]);
    // GitLab's own scanners, in the test stage (which is always there for them).
    expect(pipeline.include).toEqual([
      { template: "Jobs/SAST.gitlab-ci.yml" },
      { template: "Jobs/Secret-Detection.gitlab-ci.yml" },
      { template: "Jobs/Dependency-Scanning.gitlab-ci.yml" },
    ]);
    expect(rendered.missing).toEqual([]);
  });

  it("calls only scripts the package defines, and names the stations it cannot run", () => {
    const partial = renderGitlab({ scripts: { test: "vitest run" }, version: "0.1.0", node: "24" });
    const body = partial.files.get(".gitlab-ci.yml") ?? "";
    expect(body.match(/pnpm run ([\w:-]+)/g)).toEqual(["pnpm run test"]);
    expect(partial.missing).toEqual(["format", "lint", "typecheck", "build"]);
    expect(parsed(body).stages).toContain("test");
  });

  it("is hardened: pinned Node, merge-request rules, cancellation, timeouts, cache, HUSKY=0", () => {
    const pipeline = parsed(text);
    expect(pipeline.workflow.rules).toEqual([
      { if: '$CI_PIPELINE_SOURCE == "merge_request_event"' },
      { if: "$CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS", when: "never" },
      { if: "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" },
      { if: '$CI_PIPELINE_SOURCE == "schedule"' },
    ]);
    expect(pipeline.workflow.auto_cancel).toEqual({ on_new_commit: "interruptible" });
    expect(pipeline.variables).toMatchObject({ HUSKY: "0" });
    for (const [name, job] of Object.entries(jobs(pipeline))) {
      expect(job.image, name).toBe("node:24");
      expect(job.timeout, name).toBe("20 minutes");
      expect(job.before_script, name).toEqual(
        name === "dependency-audit"
          ? ["corepack enable"]
          : [
              "corepack enable",
              "pnpm config set store-dir .pnpm-store",
              "pnpm install --frozen-lockfile",
            ],
      );
      expect(job.cache, name).toEqual({
        key: { files: ["pnpm-lock.yaml"] },
        paths: [".pnpm-store/"],
      });
      // Only the publish job has an id token, and only it must not be cancelled half-way.
      expect(job.id_tokens, name).toEqual(
        name === "publish" ? { SIGSTORE_ID_TOKEN: { aud: "sigstore" } } : undefined,
      );
      expect(job.interruptible, name).toBe(name !== "publish");
    }
    expect(text).not.toMatch(/:latest\b|\$CI_JOB_TOKEN/);
  });

  it("pins the image to .nvmrc's version, and refuses an alias that would float", () => {
    expect(nodeImage("24\n")).toBe("node:24");
    expect(nodeImage("v24.11.1")).toBe("node:24.11.1");
    expect(nodeImage("lts/*")).toBeUndefined();
    expect(nodeImage("node")).toBeUndefined();
    expect(() => renderGitlab({ scripts, version: "0.1.0", node: "lts/iron" })).toThrow(
      /'lts\/iron' is not a Node version .* into \.nvmrc/,
    );
    expect(() => renderGitlab({ scripts, version: "0.1.0", node: "\u001b[2J24" })).toThrow(
      /^'\?\[2J24' is not/,
    );
  });

  it("publishes from the default branch only, one release at a time, with provenance", () => {
    const publish = jobs(parsed(text))["publish"];
    expect(publish?.rules).toEqual([
      { if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_PIPELINE_SOURCE == "push"' },
    ]);
    expect(publish?.resource_group).toBe("release");
    expect(publish?.variables).toEqual({ NPM_CONFIG_PROVENANCE: "true" });
    const without = renderGitlab({ scripts, version: "0.1.0", node: "24" });
    expect(without.files.get(".gitlab-ci.yml")).not.toMatch(/publish|release/);
  });

  it("in an Nx workspace, runs merge requests' stations only for the affected projects", () => {
    const nx = parsed(
      renderGitlab({ scripts, version: "0.1.0", node: "24", affected: true }).files.get(
        ".gitlab-ci.yml",
      ) ?? "",
    );
    expect(nx.variables).toMatchObject({ GIT_DEPTH: "0" });
    const all = jobs(nx);
    expect(all["affected"]).toMatchObject({
      stage: "lint",
      rules: [{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }],
      variables: { NX_BASE: "$CI_MERGE_REQUEST_DIFF_BASE_SHA", NX_HEAD: "$CI_COMMIT_SHA" },
      script: ["pnpm exec nx affected -t lint typecheck test build"],
    });
    // The default branch runs every station for every project; the format check always runs.
    expect(
      Object.fromEntries(
        ["format", "lint", "typecheck", "test", "build"].map((name) => [
          name,
          all[name]?.rules?.[0]?.if,
        ]),
      ),
    ).toEqual({
      format: undefined,
      lint: '$CI_PIPELINE_SOURCE != "merge_request_event"',
      typecheck: '$CI_PIPELINE_SOURCE != "merge_request_event"',
      test: '$CI_PIPELINE_SOURCE != "merge_request_event"',
      build: '$CI_PIPELINE_SOURCE != "merge_request_event"',
    });
  });

  it("marks its file so that drift and hand edits show", () => {
    expect(inspect(text)).toEqual({ generated: true, intact: true, version: "0.1.0" });
    expect(inspect(text.replace("node:24", "node:latest"))).toMatchObject({
      generated: true,
      intact: false,
    });
  });
});
