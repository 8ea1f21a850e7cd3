import { indexMemory } from "@paved/facts";
import { describe, expect, it } from "vitest";
import { auditIndex, type Report } from "../../audit.js";
import { renderJson } from "../../report/json.js";
import { renderSarif } from "../../report/sarif.js";
import { rules } from "../all.js";
import { manifest, runRule } from "../rule-tester.js";
import actionsPinned from "./actions-pinned.js";
import permissions from "./permissions.js";
import pullRequestTarget from "./pull-request-target.js";
import timeouts from "./timeouts.js";

/** Two jobs using the same unpinned action, after a comment that names it (line 1). */
const twoCheckouts = `# Every job starts with actions/checkout@v4.
on: [push]
permissions: {}
jobs:
  lint:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    steps:
      - uses: actions/checkout@v4
      - run: pnpm lint
  test:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    steps:
      - name: Check out
        uses: actions/checkout@v4
      - run: pnpm test
`;

const files = {
  "package.json": manifest({ name: "app", scripts: { lint: "eslint .", test: "vitest run" } }),
  ".github/workflows/ci.yml": twoCheckouts,
};

const lines = (verdicts: { location?: { line?: number } }[] | undefined) =>
  (verdicts ?? []).map((verdict) => verdict.location?.line);

describe("CI findings point at their own job or step line", () => {
  it("reports two uses of the same action, after a comment naming it, on their own lines", () => {
    expect(lines(runRule(actionsPinned, files).get("."))).toEqual([9, 16]);
  });

  it("keeps those lines in the JSON and the SARIF report", () => {
    const report = auditIndex(indexMemory(files), "/repo");
    const json = JSON.parse(renderJson(report)) as Report;
    const pinned = json.findings.filter((finding) => finding.ruleId === "ci/actions-pinned");
    expect(pinned.map((finding) => finding.location)).toEqual([
      { path: ".github/workflows/ci.yml", line: 9 },
      { path: ".github/workflows/ci.yml", line: 16 },
    ]);
    const sarif = JSON.parse(
      renderSarif(
        report,
        rules.map((rule) => rule.meta),
      ),
    ) as {
      runs: {
        results: {
          ruleId: string;
          locations: { physicalLocation: { region: { startLine: number } } }[];
        }[];
      }[];
    };
    const results = sarif.runs[0]?.results.filter(
      (result) => result.ruleId === "ci/actions-pinned",
    );
    expect(
      results?.map((result) => result.locations[0]?.physicalLocation.region.startLine),
    ).toEqual([9, 16]);
  });

  it("puts a job without a timeout at its job key, not at the first text that looks like it", () => {
    const workflow = `# the test: job runs last
on: [push]
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    steps:
      - run: 'echo test: not a job'
  test:
    runs-on: ubuntu-latest
    steps:
      - run: pnpm test
`;
    const verdicts = runRule(timeouts, { ...files, ".github/workflows/ci.yml": workflow }).get(".");
    expect(verdicts?.map((verdict) => verdict.message)).toEqual(["Job `test` has no timeout."]);
    expect(lines(verdicts)).toEqual([10]);
  });

  it("puts top-level write permissions at the top-level key, not at a job's", () => {
    const workflow = `on: [push]
jobs:
  release:
    permissions:
      contents: write
    runs-on: ubuntu-latest
    timeout-minutes: 5
    steps:
      - run: echo release
permissions: write-all
`;
    const verdicts = runRule(permissions, { ...files, ".github/workflows/ci.yml": workflow }).get(
      ".",
    );
    expect(verdicts?.map((verdict) => verdict.outcome)).toEqual(["fail"]);
    expect(lines(verdicts)).toEqual([10]);
  });

  it("points a pull_request_target checkout at the step that checks out the head", () => {
    const workflow = `on:
  pull_request_target:
permissions: {}
jobs:
  label:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    steps:
      - run: echo pull_request_target
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8
        with:
          ref: \${{ github.event.pull_request.head.sha }}
`;
    const verdicts = runRule(pullRequestTarget, {
      ...files,
      ".github/workflows/ci.yml": workflow,
    }).get(".");
    expect(verdicts?.map((verdict) => verdict.outcome)).toEqual(["fail"]);
    expect(lines(verdicts)).toEqual([10]);
  });

  it("points a pull_request_target checkout inside a called reusable workflow at the called file's step", () => {
    const caller = `on: pull_request_target
permissions: {}
jobs:
  label:
    uses: ./.github/workflows/checkout.yml
    with:
      ref: \${{ github.event.pull_request.head.sha }}
`;
    const called = `on:
  workflow_call:
    inputs:
      ref: { type: string }
permissions: {}
jobs:
  run:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    steps:
      - run: git fetch origin pull/\${{ inputs.ref }}/head
`;
    const verdicts = runRule(pullRequestTarget, {
      ...files,
      ".github/workflows/ci.yml": caller,
      ".github/workflows/checkout.yml": called,
    }).get(".");
    expect(verdicts?.map((verdict) => [verdict.outcome, verdict.location])).toEqual([
      ["fail", { path: ".github/workflows/checkout.yml", line: 11 }],
    ]);
  });

  it("locates steps in YAML outside the fast reader's subset (anchors), through the yaml library", () => {
    const workflow = `on: [push]
permissions: {}
x-runner: &runner ubuntu-latest
jobs:
  lint:
    runs-on: *runner
    timeout-minutes: 5
    steps:
      - run: |
          echo "actions/checkout@v4 is used below"
      - uses: actions/checkout@v4
`;
    const verdicts = runRule(actionsPinned, { ...files, ".github/workflows/ci.yml": workflow }).get(
      ".",
    );
    expect(lines(verdicts)).toEqual([11]);
  });
});
