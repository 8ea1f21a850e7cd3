/*
 * Judges fed facts directly, without files: each test states the facts a rule decides by and
 * the verdict it must give, as Scorecard's probes are tested on raw results. Whole-repository
 * tests (files in, verdicts out) stay beside each station's rules.
 */
import {
  ciActions,
  ciPipelines,
  ciStations,
  codeowners,
  commitCommands,
  coverageConfig,
  coverageGates,
  eslintFlatConfig,
  formatEnforced,
  healthRoutes,
  startPreloads,
  securityScans,
  tsconfig,
  typeScriptSources,
  workspace,
  type CommitCommands,
  type Located,
  moduleFacts,
  type SecurityScan,
  type Pipeline,
  type PipelineJob,
  type Project,
} from "@paved/facts";
import { hookManagers, securityScanners, testRunners, type StationId } from "@paved/stations";
import { describe, expect, it } from "vitest";
import actionsPinned from "./ci/actions-pinned.js";
import permissions from "./ci/permissions.js";
import pipelinePresent from "./ci/pipeline-present.js";
import runsStations from "./ci/runs-stations.js";
import timeouts from "./ci/timeouts.js";
import checkInLine from "./format/check-in-line.js";
import hookManager from "./pre-commit/hook-manager.js";
import healthEndpoints from "./telemetry/health-endpoints.js";
import opentelemetry from "./telemetry/opentelemetry.js";
import codeownersRule from "./review/codeowners.js";
import dependencyAudit from "./security/dependency-audit.js";
import sast from "./security/sast.js";
import secretScanning from "./security/secret-scanning.js";
import stagedChecks from "./pre-commit/staged-checks.js";
import coverageThreshold from "./test/coverage-threshold.js";
import typeAware from "./lint/type-aware.js";
import { judgeFacts } from "./rule-tester.js";
import strict from "./typecheck/strict.js";
import strictFlags from "./typecheck/strict-flags.js";

const path = ".github/workflows/ci.yml";
const at = (line: number, value: string): Located<string> => ({ path, line, value });

const root: Project = { dir: "", name: "app", kinds: ["workspace-root", "library"], manifest: {} };
const rootOnly = [workspace, { projects: [root], problems: [] }] as const;

function job(id: string, line: number, settings: Record<string, unknown> = {}): PipelineJob {
  return { id, line, settings, steps: [], commands: [] };
}

function workflow(jobs: PipelineJob[], top: Record<string, unknown> = {}, lines = {}): Pipeline {
  const keyLines: Record<string, number> = lines;
  return {
    path,
    provider: "github",
    document: { ok: true, value: top },
    triggers: [],
    jobs,
    lineOf: (key) => keyLines[key],
  };
}

describe("CI judges", () => {
  it("ci/actions-pinned fails each unpinned action at its own line, passes SHAs and local actions", () => {
    const actions = [
      at(9, "actions/checkout@v4"),
      at(16, "actions/checkout@v4"),
      at(20, `actions/setup-node@${"a".repeat(40)}`),
      at(24, "./.github/actions/local"),
    ];
    const verdicts = judgeFacts(actionsPinned, [[ciActions, actions]]);
    expect(verdicts.map((verdict) => [verdict.outcome, verdict.location?.line])).toEqual([
      ["fail", 9],
      ["fail", 16],
    ]);
    expect(judgeFacts(actionsPinned, [[ciActions, []]])[0]?.outcome).toBe("not-applicable");
  });

  it("ci/pipeline-present passes on any pipeline and points at the first", () => {
    expect(judgeFacts(pipelinePresent, [[ciPipelines, [workflow([])]]])[0]).toMatchObject({
      outcome: "pass",
      location: { path },
    });
    expect(judgeFacts(pipelinePresent, [[ciPipelines, []]])[0]?.outcome).toBe("fail");
  });

  it("ci/runs-stations names what CI does not run, from the stations its commands run", () => {
    const run = (stations: StationId[]) =>
      judgeFacts(runsStations, [
        [ciPipelines, [workflow([])]],
        [ciStations, new Map(stations.map((station) => [station, [at(10, "pnpm x")]]))],
      ])[0];
    expect(run(["lint", "typecheck", "test"])?.outcome).toBe("pass");
    expect(run(["lint"])).toMatchObject({
      outcome: "fail",
      message: "CI does not run: typecheck, test.",
    });
  });

  it("ci/runs-stations is not evaluated when a pipeline could not be parsed and stations are missing", () => {
    const broken: Pipeline = {
      ...workflow([]),
      document: { ok: false, problem: `${path}: invalid YAML at line 3` },
    };
    expect(
      judgeFacts(runsStations, [
        [ciPipelines, [broken]],
        [ciStations, new Map()],
      ])[0],
    ).toMatchObject({ outcome: "not-evaluated", reason: `${path}: invalid YAML at line 3` });
  });

  it("ci/timeouts fails jobs without a timeout at their job line, and skips reusable-workflow calls", () => {
    const jobs = [
      job("lint", 5, { "timeout-minutes": 10 }),
      job("test", 11),
      job("release", 17, { uses: "./.github/workflows/release.yml" }),
      job("slow", 20, { "timeout-minutes": 0 }),
    ];
    const verdicts = judgeFacts(timeouts, [[ciPipelines, [workflow(jobs)]]]);
    expect(verdicts.map((verdict) => [verdict.location?.line, verdict.message])).toEqual([
      [11, "Job `test` has no timeout."],
      [
        20,
        "Job `slow` has `timeout-minutes: 0`, which is no timeout: set a positive number of minutes.",
      ],
    ]);
  });

  it("ci/permissions points write-all at the top-level key, and unscoped jobs at the first of them", () => {
    const writeAll = workflow([job("build", 4)], { permissions: "write-all" }, { permissions: 2 });
    expect(judgeFacts(permissions, [[ciPipelines, [writeAll]]])[0]).toMatchObject({
      outcome: "fail",
      location: { path, line: 2 },
    });
    const unscoped = workflow([job("a", 3, { permissions: {} }), job("b", 8)]);
    expect(judgeFacts(permissions, [[ciPipelines, [unscoped]]])[0]).toMatchObject({
      outcome: "fail",
      message: `${path} sets no top-level permissions; jobs b get the default token.`,
      location: { path, line: 8 },
    });
  });
});

describe("format/check-in-line", () => {
  it("passes at the first CI command that checks the format, and fails when none does", () => {
    const formats = new Map([["format", [at(12, "pnpm format:check")]]]);
    expect(judgeFacts(checkInLine, [[ciStations, formats]])[0]).toMatchObject({
      outcome: "pass",
      location: { path, line: 12 },
    });
    const lintOnly = new Map([["lint", [at(9, "pnpm lint")]]]);
    expect(judgeFacts(checkInLine, [[ciStations, lintOnly]])[0]?.outcome).toBe("fail");
  });

  it("passes where the format is enforced on commit, at the hook's command", () => {
    const hook = { path: ".husky/pre-commit", line: 2, value: "npx lint-staged" };
    const enforced = {
      where: "commit",
      how: "the pre-commit hook formats the staged files",
      at: hook,
    };
    expect(judgeFacts(checkInLine, [[formatEnforced, enforced]])[0]).toMatchObject({
      outcome: "pass",
      message: "The pre-commit hook formats the staged files.",
      location: { path: ".husky/pre-commit", line: 2 },
    });
    expect(judgeFacts(checkInLine, [rootOnly, [formatEnforced, undefined]])[0]?.outcome).toBe(
      "fail",
    );
  });
});

describe("pre-commit judges", () => {
  const husky = hookManagers.find((manager) => manager.id === "husky")!;
  const hook = (commands: string[], staged?: CommitCommands["staged"]): CommitCommands => ({
    hook: { manager: husky, path: ".husky/pre-commit" },
    commands: commands.map((value, i) => ({ path: ".husky/pre-commit", line: i + 1, value })),
    ...(staged ? { staged } : {}),
    problems: [],
  });

  it("pre-commit/hook-manager passes on the hook the fact found, and fails without one", () => {
    expect(judgeFacts(hookManager, [rootOnly, [commitCommands, hook([])]])[0]).toMatchObject({
      outcome: "pass",
      location: { path: ".husky/pre-commit" },
    });
    expect(judgeFacts(hookManager, [rootOnly, [commitCommands, undefined]])[0]?.outcome).toBe(
      "fail",
    );
  });

  it("pre-commit/staged-checks: lint-staged run, a linter run, or nothing checked", () => {
    const staged = { path: ".lintstagedrc", commands: [], run: true };
    const judge = (found: CommitCommands) =>
      judgeFacts(stagedChecks, [rootOnly, [commitCommands, found]])[0];
    expect(judge(hook(["npx lint-staged"], staged))?.outcome).toBe("pass");
    expect(judge(hook(["npx eslint --fix ."]))).toMatchObject({
      outcome: "pass",
      location: { path: ".husky/pre-commit", line: 1 },
    });
    expect(judge(hook(["echo hi"], { ...staged, run: false }))).toMatchObject({
      outcome: "fail",
      message: "lint-staged is configured (.lintstagedrc) but .husky/pre-commit does not run it.",
    });
    const unread = { ...hook([]), problems: [{ path: ".husky/pre-commit", problem: "too large" }] };
    expect(judge(unread)?.outcome).toBe("not-evaluated");
  });
});

describe("test/coverage-threshold", () => {
  it("passes on the coverage gate the fact found, at its script", () => {
    const bnt = testRunners.find((tool) => tool.id === "better-node-test")!;
    const gate = {
      tool: bnt,
      flag: "--coverage",
      command: "bnt --coverage 100",
      by: 'the "test:coverage" script of package.json',
      path: "package.json",
    };
    expect(
      judgeFacts(coverageThreshold, [rootOnly, [coverageGates, new Map([["", gate]])]])[0],
    ).toMatchObject({
      outcome: "pass",
      location: { path: "package.json" },
    });
    expect(
      judgeFacts(coverageThreshold, [rootOnly, [coverageGates, new Map([["", undefined]])]])[0]
        ?.outcome,
    ).toBe("fail");
  });

  it("passes on a threshold the config fact found, and cannot tell from an unreadable config", () => {
    const config = (value: unknown) => [coverageConfig, new Map([["", value]])] as const;
    const none = [coverageGates, new Map([["", undefined]])] as const;
    const set = { path: "vitest.config.ts", ok: true, what: "thresholds" };
    expect(judgeFacts(coverageThreshold, [rootOnly, config(set), none])[0]).toMatchObject({
      outcome: "pass",
      message: "vitest.config.ts sets a coverage threshold (thresholds).",
    });
    const unread = { path: "vitest.config.ts", ok: false, problem: "too large" };
    expect(judgeFacts(coverageThreshold, [rootOnly, config(unread), none])[0]?.outcome).toBe(
      "not-evaluated",
    );
  });
});

describe("typecheck judges", () => {
  const config = (options: Record<string, unknown>) => ({
    path: "tsconfig.json",
    compiling: [
      {
        path: "tsconfig.json",
        options: { ok: true, options, chain: ["tsconfig.json", "node_modules/base.json"] },
      },
    ],
  });
  const byProject = (value: unknown) => new Map([["", value]]);

  it("typecheck/strict passes a strict config through its chain and fails a loose one", () => {
    const judge = (options: Record<string, unknown>) =>
      judgeFacts(strict, [rootOnly, [tsconfig, byProject(config(options))]])[0];
    expect(judge({ strict: true })).toMatchObject({
      outcome: "pass",
      message: "tsconfig.json is strict (through node_modules/base.json).",
    });
    expect(judge({ strict: false })?.outcome).toBe("fail");
  });

  it("typecheck/strict is not evaluated when the chain could not be worked out", () => {
    const broken = {
      path: "tsconfig.json",
      compiling: [
        {
          path: "tsconfig.json",
          options: {
            ok: false,
            problem: "tsconfig.json: an extends loop",
            chain: ["tsconfig.json"],
          },
        },
      ],
    };
    expect(judgeFacts(strict, [rootOnly, [tsconfig, byProject(broken)]])[0]).toMatchObject({
      outcome: "not-evaluated",
      reason: "tsconfig.json: an extends loop",
    });
  });

  it("typecheck/strict-flags names the flags left off", () => {
    const verdict = judgeFacts(strictFlags, [
      rootOnly,
      [tsconfig, byProject(config({ strict: true, noUncheckedIndexedAccess: true }))],
    ])[0];
    expect(verdict?.outcome).toBe("fail");
    expect(verdict?.message).toMatch(/leaves off: exactOptionalPropertyTypes, noImplicitOverride/);
  });
});

describe("lint/type-aware", () => {
  const module = moduleFacts;
  const judge = (config: unknown, sources: readonly string[] = ["src/a.ts"]) =>
    judgeFacts(typeAware, [
      rootOnly,
      [typeScriptSources, new Map([["", sources]])],
      [eslintFlatConfig, new Map([["", config]])],
    ])[0];

  it("passes a config that uses a type-checked preset or projectService", () => {
    const path = "eslint.config.js";
    expect(
      judge({ path, ok: true, facts: module({ names: new Set(["strictTypeChecked"]) }) })?.outcome,
    ).toBe("pass");
    expect(
      judge({
        path,
        ok: true,
        facts: module({
          properties: [{ key: "projectService", path: ["parserOptions"], value: "true" }],
        }),
      })?.outcome,
    ).toBe("pass");
    expect(
      judge({ path, ok: true, facts: module({ names: new Set(["recommended"]) }) })?.outcome,
    ).toBe("fail");
    // A key named projectService outside parserOptions turns nothing on.
    expect(
      judge({
        path,
        ok: true,
        facts: module({ properties: [{ key: "projectService", path: ["other"], value: "true" }] }),
      })?.outcome,
    ).toBe("fail");
  });

  it("does not apply without TypeScript, and is not evaluated on a config it cannot parse", () => {
    expect(judge(undefined, [])?.outcome).toBe("not-applicable");
    expect(judge(undefined)?.outcome).toBe("fail");
    expect(
      judge({
        path: "eslint.config.js",
        ok: false,
        problem: "eslint.config.js: cannot be parsed",
        read: true,
      }),
    ).toMatchObject({
      outcome: "not-evaluated",
      message: "The ESLint config could not be parsed.",
    });
  });
});

describe("security judges", () => {
  const scanner = (id: string) => securityScanners.find((tool) => tool.id === id)!;
  const scan = (id: string, by: SecurityScan["by"], line: number, value: string): SecurityScan => ({
    tool: scanner(id),
    by,
    at: at(line, value),
  });

  it("security/dependency-audit passes on a CI scan at its line, not on one in the hook", () => {
    const inCi = [scan("package-manager-audit", "ci-command", 14, "pnpm audit --prod")];
    expect(judgeFacts(dependencyAudit, [rootOnly, [securityScans, inCi]])[0]).toMatchObject({
      outcome: "pass",
      message: "CI audits dependencies: `pnpm audit --prod`.",
      location: { path, line: 14 },
    });
    const hookOnly = [scan("package-manager-audit", "pre-commit", 2, "npm audit")];
    expect(judgeFacts(dependencyAudit, [rootOnly, [securityScans, hookOnly]])[0]?.outcome).toBe(
      "fail",
    );
  });

  it("security/sast and secret-scanning read the scan's kind; the hook counts for secrets", () => {
    const scans = [
      scan("codeql", "ci-action", 8, "github/codeql-action/init@v3"),
      scan("gitleaks", "pre-commit", 5, "gitleaks"),
    ];
    expect(judgeFacts(sast, [rootOnly, [securityScans, scans]])[0]).toMatchObject({
      outcome: "pass",
      location: { path, line: 8 },
    });
    expect(judgeFacts(secretScanning, [rootOnly, [securityScans, scans]])[0]).toMatchObject({
      outcome: "pass",
      message: "The pre-commit hook scans for secrets (gitleaks): `gitleaks`.",
    });
    expect(
      judgeFacts(secretScanning, [rootOnly, [securityScans, []], [ciPipelines, []]])[0]?.outcome,
    ).toBe("fail");
  });
});

describe("review/codeowners", () => {
  const library: Project = { dir: "packages/a", name: "a", kinds: ["library"], manifest: {} };
  const projects = [workspace, { projects: [root, library], problems: [] }] as const;
  const file = (rules: { pattern: string; owners: string[] }[]) => ({
    path: ".github/CODEOWNERS",
    ok: true,
    rules: rules.map((rule, i) => ({ ...rule, line: i + 1 })),
  });

  it("judges the rules the fact read: the last matching line decides", () => {
    const covered = file([{ pattern: "*", owners: ["@org/core"] }]);
    expect(judgeFacts(codeownersRule, [projects, [codeowners, covered]])[0]?.outcome).toBe("pass");
    const disowned = file([
      { pattern: "*", owners: ["@org/core"] },
      { pattern: "/packages/a/", owners: [] },
    ]);
    expect(judgeFacts(codeownersRule, [projects, [codeowners, disowned]])[0]).toMatchObject({
      outcome: "fail",
      message: ".github/CODEOWNERS leaves without an owner: packages/a.",
    });
    const unread = { path: "CODEOWNERS", ok: false, problem: "not text" };
    expect(judgeFacts(codeownersRule, [projects, [codeowners, unread]])[0]?.outcome).toBe(
      "not-evaluated",
    );
    expect(judgeFacts(codeownersRule, [projects, [codeowners, undefined]])[0]?.outcome).toBe(
      "fail",
    );
  });
});

describe("telemetry judges", () => {
  const service: Project = {
    dir: "",
    name: "api",
    kinds: ["workspace-root", "service"],
    manifest: { dependencies: { "@paved/telemetry": "^1.0.0" } },
  };
  const only = [workspace, { projects: [service], problems: [] }] as const;
  const start = (command: string, preloads: string[]) =>
    new Map([["", { script: { name: "start", command }, preloads }]]);

  it("telemetry/opentelemetry passes when the start script preloads the SDK", () => {
    const loads = start("node --import @paved/telemetry/register dist/main.js", [
      "@paved/telemetry/register",
    ]);
    expect(judgeFacts(opentelemetry, [only, [startPreloads, loads]])[0]?.outcome).toBe("pass");
    const late = start("node dist/main.js", []);
    expect(judgeFacts(opentelemetry, [only, [startPreloads, late]])[0]?.outcome).toBe("fail");
  });

  it("telemetry/health-endpoints passes on a served route, cannot tell when sources were unread", () => {
    const routes = (value: unknown) => [healthRoutes, new Map([["", value]])] as const;
    const served = { served: { path: "src/app.ts", route: "/healthz" }, unreadable: [] };
    expect(judgeFacts(healthEndpoints, [only, routes(served)])[0]).toMatchObject({
      outcome: "pass",
      location: { path: "src/app.ts" },
    });
    const unread = { unreadable: ["src/a.js: not text"] };
    expect(judgeFacts(healthEndpoints, [only, routes(unread)])[0]?.outcome).toBe("not-evaluated");
    expect(judgeFacts(healthEndpoints, [only, routes({ unreadable: [] })])[0]?.outcome).toBe(
      "fail",
    );
  });
});
