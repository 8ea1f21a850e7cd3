import { describe, expect, it } from "vitest";
import { renderGitlab } from "./gitlab.js";
import { pipelineInputs, renderPipeline } from "./inputs.js";
import { detectToolchain, installCommand, lockfileOf, needsCorepack } from "./toolchain.js";

/** A repository as the detection reads it: files by path. */
const repo = (files: Record<string, string>) => ({
  read: (path: string) => files[path],
  has: (path: string) => path in files,
});

function detect(files: Record<string, string>, manifest: Record<string, unknown> = {}) {
  const { read, has } = repo(files);
  return detectToolchain(read, has, manifest);
}

describe("detectToolchain", () => {
  it("takes the Node pin from .nvmrc, .node-version, Volta, then engines", () => {
    expect(detect({ ".nvmrc": "v22.12.0\n" }).toolchain.node).toEqual({
      file: ".nvmrc",
      version: "22.12.0",
      source: ".nvmrc",
    });
    expect(detect({ ".node-version": "24\n" }).toolchain.node).toEqual({
      file: ".node-version",
      version: "24",
      source: ".node-version",
    });
    expect(detect({ ".nvmrc": "lts/*\n" }).toolchain.node).toEqual({
      file: ".nvmrc",
      source: ".nvmrc",
    });
    expect(
      detect({}, { volta: { node: "22.12.0" }, engines: { node: ">=20" } }).toolchain.node,
    ).toMatchObject({
      file: "package.json",
      version: "22.12.0",
      source: "volta.node in package.json",
    });
    expect(detect({}, { engines: { node: ">=22.12" } }).toolchain.node).toMatchObject({
      file: "package.json",
      version: "22.12",
    });
    const none = detect({ "package-lock.json": "{}" });
    expect(none.toolchain.node).toEqual({ version: "24", source: "no Node pin" });
    expect(none.notes).toEqual([expect.stringContaining("No Node version is pinned")]);
  });

  it("notes a missing lockfile and an unpinned pnpm, and keeps the install frozen", () => {
    const { toolchain, notes } = detect({ "pnpm-lock.yaml": "", ".nvmrc": "24" });
    expect(toolchain).toMatchObject({
      manager: { id: "pnpm" },
      managerPinned: false,
      lockfile: "pnpm-lock.yaml",
    });
    expect(notes).toEqual([expect.stringContaining('does not pin pnpm ("packageManager")')]);
    const bare = detect({ ".nvmrc": "24" }, { packageManager: "pnpm@10.34.8" });
    expect(bare.notes).toEqual([expect.stringContaining("No lockfile is committed")]);
    expect(installCommand(bare.toolchain)).toBe("pnpm install --frozen-lockfile");
    expect(lockfileOf(bare.toolchain)).toBe("pnpm-lock.yaml");
  });

  it("enables corepack for pnpm and Yarn 2+, not for npm or Yarn 1", () => {
    expect(needsCorepack(detect({ "pnpm-lock.yaml": "" }).toolchain)).toBe(true);
    expect(needsCorepack(detect({ "yarn.lock": "", ".yarnrc.yml": "" }).toolchain)).toBe(true);
    expect(needsCorepack(detect({ "yarn.lock": "" }).toolchain)).toBe(false);
    expect(needsCorepack(detect({ "package-lock.json": "" }).toolchain)).toBe(false);
  });
});

describe("pipelineInputs and renderPipeline", () => {
  const scripts = { lint: "eslint .", test: "vitest run", build: "tsc -b" };

  it("render GitLab CI for each manager with its own install, cache and audit", () => {
    for (const [files, install, cache, audit] of [
      [
        { "yarn.lock": "" },
        "yarn install --frozen-lockfile --cache-folder .yarn-cache",
        ".yarn-cache/",
        "yarn audit --groups dependencies",
      ],
      [
        { "yarn.lock": "", ".yarnrc.yml": "" },
        "yarn install --immutable",
        ".yarn/cache/",
        "yarn npm audit --environment production",
      ],
      [
        { "package-lock.json": "{}" },
        "npm ci --cache .npm --prefer-offline",
        ".npm/",
        "npm audit --omit=dev",
      ],
    ] as const) {
      const { read, has } = repo({ ...files, ".nvmrc": "22" });
      const { inputs } = pipelineInputs(read, has, { scripts, packageManager: undefined });
      const text = renderPipeline("gitlab", inputs, "1.0.0").files.get(".gitlab-ci.yml") ?? "";
      expect(text).toContain(`    - ${install}\n`);
      expect(text).toContain(`      - ${cache}\n`);
      expect(text).toContain(`    - ${audit}\n`);
      expect(text).toContain("  image: node:22\n");
    }
  });

  it("publish with the repository's tools on GitLab, and read changesets and Nx", () => {
    const { read, has } = repo({
      "package-lock.json": "{}",
      ".changeset/config.json": "{}",
      "nx.json": "{}",
    });
    const { inputs } = pipelineInputs(read, has, { scripts });
    expect(inputs).toMatchObject({ release: true, affected: true });
    const text = renderPipeline("gitlab", inputs, "1.0.0").files.get(".gitlab-ci.yml") ?? "";
    expect(text).toContain(
      '    - npm config set "//registry.npmjs.org/:_authToken" "$NPM_TOKEN"\n',
    );
    expect(text).toContain("    - npx --no-install changeset publish\n");
    expect(text).toContain("    - npx --no-install nx affected -t lint test build\n");
  });

  it("refuse a Node pin no image can carry, naming what it says", () => {
    const { read, has } = repo({ ".nvmrc": "lts/*\n", "package-lock.json": "{}" });
    const { inputs } = pipelineInputs(read, has, { scripts });
    expect(inputs.nodeText).toBe("lts/*\n");
    expect(() => renderPipeline("gitlab", inputs, "1.0.0")).toThrow(
      /'lts\/\*' is not a Node version/,
    );
    expect(() => renderGitlab({ scripts, version: "1.0.0", node: "" })).toThrow(RangeError);
  });
});
