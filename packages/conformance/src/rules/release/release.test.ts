import { describe, expect, it } from "vitest";
import { manifest, outcomes, runRule } from "../rule-tester.js";
import tooling from "./tooling.js";

describe("release/tooling", () => {
  it.each([
    ["changesets", { ".changeset/config.json": "{}" }],
    ["semantic-release", { ".releaserc.json": "{}" }],
    ["release-please", { "release-please-config.json": "{}" }],
    ["Nx release", { "nx.json": '{ "release": { "projects": ["*"] } }' }],
  ])("recognises %s", (_, files) => {
    expect(outcomes(tooling, { "package.json": manifest({}), ...files })).toEqual(["pass"]);
  });

  it("fails without release tooling", () => {
    expect(outcomes(tooling, { "package.json": manifest({}), "nx.json": "{}" })).toEqual(["fail"]);
  });
});

describe("release/tooling: the release tools of @paved/stations and publishing workflows", () => {
  const workflow = (on: string, run: string) =>
    `on:\n${on}\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${run}\n`;

  it.each([
    ["np in a release script", { "package.json": manifest({ scripts: { release: "np" } }) }],
    ["release-it's config", { "package.json": manifest({}), ".release-it.json": "{}" }],
    [
      "changelogen --release",
      {
        "package.json": manifest({ scripts: { release: "changelogen --release && npm publish" } }),
      },
    ],
    [
      "bumpp installed at the root",
      { "package.json": manifest({ devDependencies: { bumpp: "1" } }) },
    ],
    ["@ossjs/release", { "package.json": manifest({}), "release.config.json": "{}" }],
    [
      "Lerna-Lite's version command installed at the root",
      { "package.json": manifest({ devDependencies: { "@lerna-lite/version": "3" } }) },
    ],
    [
      "lerna publish in a CircleCI job",
      {
        "package.json": manifest({}),
        ".circleci/config.yml":
          "version: 2.1\njobs:\n  publish:\n    steps: [checkout, { run: npx lerna publish from-git --yes }]\n",
      },
    ],
    [
      "npm publish in a workflow on tags",
      {
        "package.json": manifest({}),
        ".github/workflows/release.yml": workflow("  push:\n    tags: ['v*']", "npm stage publish"),
      },
    ],
    [
      "pnpm publish in a workflow on a published release",
      {
        "package.json": manifest({}),
        ".github/workflows/publish.yml": workflow(
          "  release:\n    types: [published]",
          "pnpm publish",
        ),
      },
    ],
    [
      "a publish action on a push to main",
      {
        "package.json": manifest({}),
        ".github/workflows/release.yml":
          "on:\n  push:\n    branches: [main]\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: JS-DevTools/npm-publish@v4\n",
      },
    ],
    [
      "docker push in a workflow on a push to main",
      {
        "package.json": manifest({ private: true }),
        ".github/workflows/image.yml": workflow(
          "  push:\n    branches: [main]",
          "docker push ghcr.io/acme/api:latest",
        ),
      },
    ],
    [
      "docker buildx build --push on tags",
      {
        "package.json": manifest({ private: true }),
        ".github/workflows/image.yml": workflow(
          "  push:\n    tags: ['v*']\n    branches: [main]",
          "docker buildx build --push -t ghcr.io/acme/api .",
        ),
      },
    ],
    [
      "docker/build-push-action pushing except on pull requests",
      {
        "package.json": manifest({ private: true }),
        ".github/workflows/image.yml":
          "on:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          push: ${{ github.event_name != 'pull_request' }}\n",
      },
    ],
    [
      "a GitLab job that publishes",
      { "package.json": manifest({}), ".gitlab-ci.yml": "deploy:\n  script:\n    - npm publish\n" },
    ],
  ])("passes with %s", (_, files) => {
    expect(outcomes(tooling, files)).toEqual(["pass"]);
  });

  it("fails for publishing by hand, and for a publish that only pull requests run", () => {
    expect(
      outcomes(tooling, { "package.json": manifest({ scripts: { release: "npm publish" } }) }),
    ).toEqual(["fail"]);
    const pullRequests = {
      "package.json": manifest({}),
      ".github/workflows/preview.yml": workflow("  pull_request:", "npm publish --tag pr"),
    };
    expect(outcomes(tooling, pullRequests)).toEqual(["fail"]);
    const dryRun = {
      "package.json": manifest({}),
      ".github/workflows/check.yml": workflow(
        "  push:\n    branches: [main]",
        "npm publish --dry-run",
      ),
    };
    expect(outcomes(tooling, dryRun)).toEqual(["fail"]);
  });

  it("fails for an image that is only built, and names the step that pushes one", () => {
    const image = (push: string) => ({
      "package.json": manifest({ private: true }),
      ".github/workflows/image.yml": `on:\n  push:\n    branches: [main]\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n      - uses: docker/build-push-action@v6\n        with:\n${push}          tags: acme/api\n`,
    });
    expect(outcomes(tooling, image(""))).toEqual(["fail"]);
    expect(outcomes(tooling, image("          push: false\n"))).toEqual(["fail"]);
    expect(
      outcomes(tooling, {
        ...image(""),
        ".github/workflows/b.yml": workflow("  push:", "docker build -t x ."),
      }),
    ).toEqual(["fail"]);
    expect(runRule(tooling, image("          push: true\n")).get(".")).toMatchObject([
      {
        outcome: "pass",
        message: "CI publishes a container image with docker/build-push-action.",
        location: { path: ".github/workflows/image.yml", line: 9 },
      },
    ]);
  });
});
