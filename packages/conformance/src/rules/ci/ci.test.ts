import { describe, expect, it } from "vitest";
import { manifest, outcomes, runRule } from "../rule-tester.js";
import actionsPinned from "./actions-pinned.js";
import permissions from "./permissions.js";
import { older } from "./pipeline-intact.js";
import pipelinePresent from "./pipeline-present.js";
import pullRequestTarget from "./pull-request-target.js";
import runsStations from "./runs-stations.js";
import timeouts from "./timeouts.js";

const sha = "08c6903cd8c0fde910a37f88322edcfb5dd907a8";
const workflow = (body: string) => ({
  "package.json": manifest({
    scripts: { lint: "eslint .", typecheck: "tsc -b", test: "vitest run" },
  }),
  ".github/workflows/ci.yml": body,
});

const hardened = `on: [push, pull_request]
permissions:
  contents: read
jobs:
  line:
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - uses: actions/checkout@${sha} # v5
      - run: pnpm lint
      - run: pnpm typecheck
      - run: pnpm test
`;

describe("ci rules on a hardened workflow", () => {
  it.each([pipelinePresent, runsStations, actionsPinned, permissions, timeouts])(
    "$meta.id passes",
    (rule) => {
      expect(outcomes(rule, workflow(hardened))).toEqual(["pass"]);
    },
  );

  it("pull_request_target does not apply", () => {
    expect(outcomes(pullRequestTarget, workflow(hardened))).toEqual(["not-applicable"]);
  });
});

describe("ci rules on GitLab CI", () => {
  const gitlab = {
    "package.json": manifest({
      scripts: { lint: "eslint .", typecheck: "tsc --noEmit", test: "jest" },
    }),
    ".gitlab-ci.yml":
      "default:\n  timeout: 10m\nlint:\n  script:\n    - npm run lint\n    - npm run typecheck\ntest:\n  script: npm test\n",
  };
  it("merges extends templates (hidden jobs) into the jobs that use them", () => {
    const templated = {
      "package.json": gitlab["package.json"],
      ".gitlab-ci.yml":
        ".node:\n  image: node:24\n  timeout: 10m\n  before_script:\n    - npm ci\nlint:\n  extends: .node\n  script:\n    - npm run lint\n    - npm run typecheck\ntest:\n  extends: [.node]\n  script: npm test\n",
    };
    expect(outcomes(runsStations, templated)).toEqual(["pass"]);
    expect(outcomes(timeouts, templated)).toEqual(["pass"]);
  });

  it("sees which stations the jobs run and the default timeout", () => {
    expect(outcomes(runsStations, gitlab)).toEqual(["pass"]);
    expect(outcomes(timeouts, gitlab)).toEqual(["pass"]);
  });
});

describe("ci/permissions on reusable workflows and job-level permissions", () => {
  const judged = (workflows: Record<string, string>) =>
    runRule(permissions, { "package.json": manifest({}), ...workflows })
      .get(".")
      ?.map((verdict) => [verdict.outcome, verdict.message]);

  it("leaves a workflow only others call to its caller's token, and says when jobs scope their own", () => {
    expect(
      judged({
        ".github/workflows/run.yml":
          "on:\n  workflow_call:\n    inputs:\n      x: { type: string }\njobs:\n  run:\n    runs-on: x\n    steps:\n      - run: npm test\n",
        ".github/workflows/own.yml":
          "on: push\njobs:\n  a:\n    runs-on: x\n    permissions:\n      contents: read\n    steps:\n      - run: npm test\n",
      }),
    ).toEqual([
      ["pass", ".github/workflows/own.yml: every job sets its own permissions."],
      [
        "not-applicable",
        ".github/workflows/run.yml runs only when another workflow calls it, with the caller's token.",
      ],
    ]);
    // Also started on its own, it has a token of its own.
    expect(
      judged({
        ".github/workflows/run.yml":
          "on: [workflow_call, workflow_dispatch]\njobs:\n  run:\n    runs-on: x\n    steps:\n      - run: npm test\n",
      })?.[0]?.[0],
    ).toBe("fail");
  });
});

describe("ci/timeouts on jobs that call reusable workflows", () => {
  const files = (workflows: Record<string, string>) => ({
    "package.json": manifest({}),
    ...workflows,
  });
  const remote = "on: push\njobs:\n  test:\n    uses: acme/ci/.github/workflows/node.yml@v1\n";

  it("cannot judge jobs that only call another repository's workflows", () => {
    expect(outcomes(timeouts, files({ ".github/workflows/ci.yml": remote }))).toEqual([
      "not-evaluated",
    ]);
  });

  it("judges the jobs of a local reusable workflow in its own file", () => {
    const local = {
      ".github/workflows/ci.yml":
        "on: push\njobs:\n  test:\n    uses: ./.github/workflows/test.yml\n",
      ".github/workflows/test.yml":
        "on: workflow_call\njobs:\n  run:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n",
    };
    expect(outcomes(timeouts, files(local))).toEqual(["fail"]);
  });
});

describe("ci rules on a weak workflow", () => {
  const weak = `on: pull_request_target
permissions: write-all
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - run: npm ci && npm run build
`;

  it("reports the unpinned action with its line", () => {
    const [verdict] = runRule(actionsPinned, workflow(weak)).get(".") ?? [];
    expect(verdict?.outcome).toBe("fail");
    expect(verdict?.location).toEqual({ path: ".github/workflows/ci.yml", line: 7 });
  });

  it.each([runsStations, permissions, timeouts, pullRequestTarget])("$meta.id fails", (rule) => {
    expect(outcomes(rule, workflow(weak))).toEqual(["fail"]);
  });

  it("follows nx run-many targets into the packages' scripts", () => {
    const files = {
      "package.json": manifest({ private: true, workspaces: ["packages/*"] }),
      "packages/a/package.json": manifest({
        name: "a",
        scripts: { lint: "eslint .", typecheck: "tsc -p .", test: "vitest run" },
      }),
      ".github/workflows/ci.yml": hardened.replace(
        / {6}- run: pnpm lint\n {6}- run: pnpm typecheck\n {6}- run: pnpm test\n/,
        "      - run: pnpm nx affected -t lint typecheck test\n",
      ),
    };
    expect(outcomes(runsStations, files)).toEqual(["pass"]);
  });

  it("understands nx's target-first form and matrix-expanded commands", () => {
    const files = {
      "package.json": manifest({
        private: true,
        workspaces: ["packages/*"],
        // `pnpm lint` runs the root's `lint`, which runs every package's.
        scripts: { typecheck: "tsc -b", lint: "pnpm -r lint" },
      }),
      "packages/a/package.json": manifest({
        name: "a",
        scripts: { lint: "eslint .", test: "vitest run" },
      }),
      ".github/workflows/ci.yml": `on: push
jobs:
  checks:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        task: [lint, typecheck]
    steps:
      - run: pnpm \${{ matrix.task }}
  tests:
    runs-on: ubuntu-latest
    steps:
      - run: pnpm exec nx test a
`,
    };
    expect(outcomes(runsStations, files)).toEqual(["pass"]);
  });

  it("reads steps grouped under parallel: for commands and actions", () => {
    const files = {
      "package.json": manifest({
        scripts: { lint: "eslint .", typecheck: "tsc --noEmit", test: "vitest run" },
      }),
      ".github/workflows/ci.yml": `on: push
jobs:
  checks:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - parallel:
          - name: Lint
            run: pnpm run lint
          - name: Types
            run: pnpm run typecheck
      - run: pnpm test
`,
    };
    expect(outcomes(runsStations, files)).toEqual(["pass"]);
    // The unpinned checkout is found whether or not a group follows it; so is one inside a group.
    const grouped = files[".github/workflows/ci.yml"].replace(
      "      - uses: actions/checkout@v4\n      - parallel:\n",
      "      - parallel:\n          - uses: actions/checkout@v4\n",
    );
    const [verdict] = runRule(actionsPinned, workflow(grouped)).get(".") ?? [];
    expect(verdict?.outcome).toBe("fail");
    expect(verdict?.location?.line).toBe(7);
  });

  it("sees pull request code checked out by merge commit or by gh pr checkout under pull_request_target", () => {
    const target = (step: string) =>
      workflow(
        `on: pull_request_target\npermissions: {}\njobs:\n  a:\n    runs-on: x\n    timeout-minutes: 5\n    steps:\n${step}\n`,
      );
    expect(
      outcomes(
        pullRequestTarget,
        target(
          "      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.merge_commit_sha }}",
        ),
      ),
    ).toEqual(["fail"]);
    expect(
      outcomes(pullRequestTarget, target("      - run: gh pr checkout ${{ github.event.number }}")),
    ).toEqual(["fail"]);
    expect(outcomes(pullRequestTarget, target("      - run: echo labelling only"))).toEqual([
      "pass",
    ]);
  });

  it("reads the script name past package filters (pnpm --filter, npm -w, yarn workspace)", () => {
    const files = {
      "package.json": manifest({ private: true, workspaces: ["apps/*"] }),
      "apps/web/package.json": manifest({
        name: "web",
        scripts: { lint: "eslint .", typecheck: "tsc --noEmit", test: "vitest run" },
      }),
      ".github/workflows/ci.yml":
        "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: pnpm --filter web lint\n      - run: npm -w apps/web run typecheck\n      - run: yarn workspace web test\n",
    };
    expect(outcomes(runsStations, files)).toEqual(["pass"]);
  });

  it("expands matrix include entries, and bounds a hostile matrix", () => {
    const included = workflow(
      "on: push\njobs:\n  a:\n    runs-on: x\n    strategy:\n      matrix:\n        include: [{ task: lint }, { task: typecheck }, { task: test }]\n    steps:\n      - run: npm run ${{ matrix.task }}\n",
    );
    expect(outcomes(runsStations, included)).toEqual(["pass"]);
    const use = Array.from({ length: 10 }, () => "${{ matrix.a }}").join(" ");
    const bomb = workflow(
      `on: push\njobs:\n  a:\n    runs-on: x\n    strategy:\n      matrix:\n        a: [1, 2, 3, 4, 5, 6, 7, 8]\n    steps:\n      - run: echo ${use}\n`,
    );
    expect(outcomes(runsStations, bomb)).toEqual(["fail"]);
  });

  it("is not evaluated, naming the file, when a workflow is invalid YAML", () => {
    const [verdict] =
      runRule(runsStations, workflow("on: push\njobs:\n  a: [unclosed\n")).get(".") ?? [];
    expect(verdict?.outcome).toBe("not-evaluated");
    expect(verdict?.reason).toMatch(/^\.github\/workflows\/ci\.yml: invalid YAML/);
  });

  it("fails without any pipeline", () => {
    expect(outcomes(pipelinePresent, { "package.json": manifest({}) })).toEqual(["fail"]);
  });
});

describe("older", () => {
  it.each([
    ["1.2.3", "1.2.4", true],
    ["1.2.3", "1.10.0", true],
    ["2.0.0", "1.99.99", false],
    ["1.0.0-rc.1", "1.0.0", true],
    ["1.0.0", "1.0.0-rc.1", false],
    ["1.0.0", "1.0.0", false],
    ["v1", "1.0.0", undefined],
  ])("older(%s, %s) is %s", (a, b, expected) => {
    expect(older(a, b)).toBe(expected);
  });
});

describe("ci/timeouts values", () => {
  const github = (value: string) =>
    workflow(hardened.replace("timeout-minutes: 15", `timeout-minutes: ${value}`));
  const gitlab = (value: string) => ({
    "package.json": manifest({}),
    ".gitlab-ci.yml": `test:\n  timeout: ${value}\n  script: npm test\n`,
  });

  it.each(["null", '"never"', "0", "-5", ".inf", "{}", "[]", '"15"', "~", "true"])(
    "fails timeout-minutes: %s, naming the value",
    (value) => {
      const [verdict] = runRule(timeouts, github(value)).get(".") ?? [];
      expect(verdict?.outcome).toBe("fail");
      expect(verdict?.message).toMatch(/has `timeout-minutes: .*`, which is no timeout/);
      expect(verdict?.location?.line).toBe(5);
    },
  );

  it.each(["1", "0.5", "360", '"${{ inputs.minutes }}"'])("passes timeout-minutes: %s", (value) => {
    expect(outcomes(timeouts, github(value))).toEqual(["pass"]);
  });

  it.each(["10m", "1h 30m", "1h30m", "3 hours", "90"])("passes GitLab timeout: %s", (value) => {
    expect(outcomes(timeouts, gitlab(value))).toEqual(["pass"]);
  });

  it.each(["never", "0", "0m", "-5", ".inf", "null", "{}", "10 parsecs"])(
    "fails GitLab timeout: %s",
    (value) => {
      expect(outcomes(timeouts, gitlab(value))).toEqual(["fail"]);
    },
  );

  it("fails a GitLab default timeout that is no timeout, even when jobs set none", () => {
    const files = {
      "package.json": manifest({}),
      ".gitlab-ci.yml": "default:\n  timeout: never\ntest:\n  script: npm test\n",
    };
    expect(outcomes(timeouts, files)).toEqual(["fail"]);
  });
});

describe("ci/actions-pinned on Docker actions", () => {
  const digest = "a".repeat(64);
  const using = (action: string) =>
    workflow(
      hardened.replace(
        "      - run: pnpm lint\n",
        `      - uses: ${action}\n      - run: pnpm lint\n`,
      ),
    );

  it.each(["docker://alpine:latest", "docker://alpine", "docker://ghcr.io/o/i:1@sha256:abc"])(
    "fails %s, asking for a digest",
    (action) => {
      const [verdict] = runRule(actionsPinned, using(action)).get(".") ?? [];
      expect(verdict?.outcome).toBe("fail");
      expect(verdict?.message).toBe(`\`${action}\` is not pinned by an image digest (@sha256:).`);
      expect(verdict?.location?.line).toBe(10);
    },
  );

  it.each([`docker://alpine@sha256:${digest}`, `docker://ghcr.io/o/i:1.2@sha256:${digest}`])(
    "passes %s",
    (action) => {
      expect(outcomes(actionsPinned, using(action))).toEqual(["pass"]);
    },
  );
});

describe("ci/runs-stations through Nx's executors and inference plugins", () => {
  const job = (...runs: string[]) =>
    `on: push\njobs:\n  line:\n    runs-on: ubuntu-latest\n    steps:\n${runs.map((run) => `      - run: ${run}\n`).join("")}`;
  const repo = (nx: unknown, files: Record<string, string>, ...runs: string[]) => ({
    "package.json": manifest({ workspaces: ["packages/*"] }),
    "packages/a/package.json": manifest({ name: "a" }),
    "packages/a/src/index.ts": "export const a = 1;\n",
    "eslint.config.mjs": "export default [];\n",
    "nx.json": JSON.stringify(nx),
    ".github/workflows/ci.yml": job("pnpm exec nx run-many -t lint typecheck", ...runs),
    ...files,
  });
  const plugins = (...more: unknown[]) => ({
    plugins: ["@nx/js/typescript", "@nx/eslint/plugin", ...more],
  });
  const vitestConfig = { "packages/a/vitest.config.mts": "export default {};\n" };

  it("follows `nx test a` to the test target @nx/vitest infers where a vitest config is", () => {
    const files = repo(
      plugins({ plugin: "@nx/vitest", exclude: ["*"] }),
      vitestConfig,
      "pnpm exec nx test a",
    );
    expect(outcomes(runsStations, files)).toEqual(["pass"]);
    // No config, no target: the same CI runs no test.
    const bare = repo(plugins("@nx/vitest"), {}, "pnpm exec nx test a");
    const [verdict] = runRule(runsStations, bare).get(".") ?? [];
    expect(verdict?.outcome).toBe("fail");
    expect(verdict?.message).toBe("CI does not run: test.");
  });

  it("keeps to the plugin's include and exclude globs and to its own name for the target", () => {
    const rootOnly = { "vitest.config.ts": "export default {};\n" };
    const excluded = repo(plugins({ plugin: "@nx/vitest", exclude: ["*"] }), rootOnly, "nx test a");
    expect(outcomes(runsStations, excluded)).toEqual(["fail"]);
    const included = repo(
      plugins({ plugin: "@nx/vite/plugin", include: ["packages/**"] }),
      { "packages/a/vite.config.ts": "export default {};\n" },
      "nx affected -t test",
    );
    expect(outcomes(runsStations, included)).toEqual(["pass"]);
    const renamed = plugins({ plugin: "@nx/jest/plugin", options: { targetName: "unit" } });
    const jest = { "packages/a/jest.config.ts": "export default {};\n" };
    expect(outcomes(runsStations, repo(renamed, jest, "nx run-many -t unit"))).toEqual(["pass"]);
    expect(outcomes(runsStations, repo(renamed, jest, "nx run-many -t test"))).toEqual(["fail"]);
  });

  it("finds the configs of an integrated workspace's projects under apps/ and libs/", () => {
    const integrated = (layout: unknown, dir: string) => ({
      "package.json": manifest({}),
      "eslint.config.mjs": "export default [];\n",
      "nx.json": JSON.stringify({
        ...(layout === undefined ? {} : { workspaceLayout: layout }),
        plugins: ["@nx/js/typescript", "@nx/eslint/plugin", "@nx/vite/plugin"],
      }),
      [`${dir}/web/project.json`]: JSON.stringify({ name: "web" }),
      [`${dir}/web/vite.config.ts`]: "export default {};\n",
      ".github/workflows/ci.yml": job("npx nx affected -t lint typecheck test"),
    });
    expect(outcomes(runsStations, integrated(undefined, "apps"))).toEqual(["pass"]);
    expect(outcomes(runsStations, integrated({ appsDir: "projects" }, "projects"))).toEqual([
      "pass",
    ]);
    expect(outcomes(runsStations, integrated(undefined, "projects"))).toEqual(["fail"]);
  });

  it("follows a target to the tool its executor runs, and honours a plugin switched off", () => {
    const executor = repo(
      plugins(),
      {
        "packages/a/project.json": JSON.stringify({
          targets: {
            test: { executor: "@nx/jest:jest", options: { jestConfig: "jest.config.ts" } },
          },
        }),
      },
      "npx nx affected -t test",
    );
    expect(outcomes(runsStations, executor)).toEqual(["pass"]);
    const off = repo(
      {
        plugins: [
          { plugin: "@nx/js/typescript", options: { typecheck: false } },
          "@nx/eslint/plugin",
          "@nx/vitest",
        ],
      },
      vitestConfig,
      "nx test a",
    );
    const [verdict] = runRule(runsStations, off).get(".") ?? [];
    expect(verdict?.message).toBe("CI does not run: typecheck.");
  });
});

describe("ci/actions-pinned and remote reusable workflows", () => {
  it("says a remote workflow's own actions are not read, where it passes", () => {
    const files = {
      "package.json": manifest({}),
      ".github/workflows/ci.yml": `on: push
jobs:
  run:
    uses: acme/automation/.github/workflows/run.yml@${sha}
  own:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@${sha}
`,
    };
    expect(runRule(actionsPinned, files).get(".")?.[0]?.message).toBe(
      "All 2 actions are pinned by commit SHA or image digest. 1 of them is a remote reusable workflow, whose own actions are not read.",
    );
  });
});

describe("local composite actions", () => {
  const setup = `name: setup
inputs:
  task:
    default: lint
runs:
  using: composite
  steps:
    - uses: actions/setup-node@v4
    - run: pnpm \${{ inputs.task }}
      shell: bash
    - uses: ./.github/actions/setup
`;
  const files = {
    "package.json": manifest({
      scripts: { lint: "eslint .", typecheck: "tsc -b", test: "vitest run" },
    }),
    ".github/actions/setup/action.yml": setup,
    ".github/workflows/ci.yml": `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/setup
      - run: pnpm typecheck
  b:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/setup
        with:
          task: test
`,
  };

  it("pins the actions a composite action uses, each once, at its line in action.yml", () => {
    const verdicts = runRule(actionsPinned, files).get(".") ?? [];
    expect(verdicts.map((verdict) => [verdict.outcome, verdict.location])).toEqual([
      ["fail", { path: ".github/actions/setup/action.yml", line: 8 }],
    ]);
  });

  it("runs what a composite action runs, with its inputs filled", () => {
    // lint from the default input (job a), test from job b's `with:`, typecheck from a's step;
    // the action's use of itself is a cycle and adds nothing.
    expect(outcomes(runsStations, files)).toEqual(["pass"]);
    const lintOnly = {
      ...files,
      ".github/workflows/ci.yml":
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./.github/actions/setup\n",
    };
    expect(runRule(runsStations, lintOnly).get(".")?.[0]?.message).toBe(
      "CI does not run: typecheck, test.",
    );
  });
});

describe("ci rules on CircleCI", () => {
  const circleci = (steps: string) => ({
    "package.json": manifest({
      scripts: { lint: "eslint .", typecheck: "tsc -b", test: "vitest run" },
    }),
    ".circleci/config.yml": `version: 2.1\ndefaults: &defaults\n  docker:\n    - image: cimg/node:22.12\njobs:\n  line:\n    <<: *defaults\n    steps:\n      - checkout\n${steps}`,
  });
  const line = "      - run: npm run lint\n      - run: npm run typecheck\n      - run: npm test\n";

  it("reads the pipeline: present, the stations its run steps call, ended by its default timeout", () => {
    expect(outcomes(pipelinePresent, circleci(line))).toEqual(["pass"]);
    expect(runRule(runsStations, circleci(line)).get(".")?.[0]?.message).toBe(
      "CI runs build, lint, test, typecheck.",
    );
    expect(runRule(timeouts, circleci(line)).get(".")?.[0]?.message).toBe(
      "Every CI job has a timeout (CircleCI ends a step after 10 minutes without output unless its `no_output_timeout` says otherwise).",
    );
    expect(outcomes(runsStations, circleci("      - run: npm test\n"))).toEqual(["fail"]);
  });

  it("fails a run step's no_output_timeout that is no duration, at its line", () => {
    const step = (value: string) =>
      circleci(
        `      - run:\n          command: npm test\n          no_output_timeout: ${value}\n`,
      );
    expect(outcomes(timeouts, step("30m"))).toEqual(["pass"]);
    const [verdict] = runRule(timeouts, step("0m")).get(".") ?? [];
    expect(verdict?.outcome).toBe("fail");
    expect(verdict?.message).toBe(
      'Job `line` has `no_output_timeout: "0m"`, which is no timeout: set a duration such as 30m.',
    );
    expect(verdict?.location).toEqual({ path: ".circleci/config.yml", line: 10 });
  });
});

describe("ci rules on Travis CI", () => {
  const travis = (config: string) => ({
    "package.json": manifest({
      scripts: { lint: "eslint .", typecheck: "tsc -b", test: "vitest run" },
    }),
    "package-lock.json": "{}",
    ".travis.yml": `language: node_js\nnode_js: 22\n${config}`,
  });

  it("reads the pipeline: present, its phases and Travis's default script, ended by Travis", () => {
    const line = "script:\n  - npm run lint\n  - npm run typecheck\n  - npm test\n";
    expect(outcomes(pipelinePresent, travis(line))).toEqual(["pass"]);
    expect(runRule(runsStations, travis(line)).get(".")?.[0]?.message).toBe(
      "CI runs build, lint, test, typecheck.",
    );
    expect(runRule(timeouts, travis(line)).get(".")?.[0]?.message).toBe(
      "Every CI job has a timeout (Travis CI ends a job after 10 minutes without output, and after 50 (public) or 120 minutes (private) in all).",
    );
    // No script: Travis runs `npm test`, and nothing else of the line.
    expect(runRule(runsStations, travis("")).get(".")?.[0]?.message).toBe(
      "CI does not run: lint, typecheck.",
    );
  });
});

describe("ci rules on Azure Pipelines", () => {
  const azure = (job: string) => ({
    "package.json": manifest({
      scripts: { lint: "eslint .", typecheck: "tsc -b", test: "vitest run" },
    }),
    "azure-pipelines.yml": `trigger: [main]\njobs:\n  - job: line\n${job}    steps:\n      - script: npm ci\n      - script: npm run lint\n      - script: npm test\n`,
  });

  it("reads the pipeline: present, the stations its steps run, ended by Azure's default", () => {
    expect(outcomes(pipelinePresent, azure(""))).toEqual(["pass"]);
    expect(runRule(runsStations, azure("")).get(".")?.[0]?.message).toBe(
      "CI does not run: typecheck.",
    );
    expect(runRule(timeouts, azure("")).get(".")?.[0]?.message).toBe(
      "Every CI job has a timeout (Azure Pipelines ends a job after 60 minutes unless its `timeoutInMinutes` says otherwise).",
    );
    expect(outcomes(timeouts, azure("    timeoutInMinutes: $(minutes)\n"))).toEqual(["pass"]);
  });

  it("fails a timeoutInMinutes of 0, no limit on a self-hosted agent, at the job", () => {
    const [verdict] = runRule(timeouts, azure("    timeoutInMinutes: 0\n")).get(".") ?? [];
    expect(verdict?.outcome).toBe("fail");
    expect(verdict?.message).toBe(
      "Job `line` has `timeoutInMinutes: 0`, which is no timeout: set a positive number of minutes.",
    );
    expect(verdict?.location).toEqual({ path: "azure-pipelines.yml", line: 3 });
  });
});
