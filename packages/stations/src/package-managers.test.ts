import { describe, expect, it } from "vitest";
import { detectPackageManager, lockfiles, packageManagers } from "./package-managers.js";

const files =
  (...paths: string[]) =>
  (path: string) =>
    paths.includes(path);

describe("detectPackageManager", () => {
  it("takes packageManager first, then devEngines, then the lockfile, else npm", () => {
    expect(
      detectPackageManager({ packageManager: "pnpm@10.34.8" }, files("yarn.lock")),
    ).toMatchObject({
      manager: { id: "pnpm" },
      version: "10.34.8",
      lockfile: "yarn.lock",
      source: "packageManager in package.json",
    });
    expect(
      detectPackageManager(
        { devEngines: { packageManager: { name: "yarn", version: "^4.5.0" } } },
        files(),
      ),
    ).toMatchObject({
      manager: { id: "yarn", frozenInstall: "yarn install --immutable" },
      version: "4.5.0",
      source: "devEngines.packageManager in package.json",
    });
    expect(detectPackageManager({}, files("package-lock.json"))).toMatchObject({
      manager: { id: "npm", frozenInstall: "npm ci" },
      source: "package-lock.json",
    });
    expect(detectPackageManager(undefined, files())).toMatchObject({
      manager: { id: "npm" },
      source: "no packageManager field and no lockfile",
    });
    expect(
      detectPackageManager({ packageManager: "not a manager" }, files("bun.lock")).manager.id,
    ).toBe("bun");
  });

  it("tells Yarn 1 from Yarn 2+, by the pinned version or .yarnrc.yml", () => {
    expect(detectPackageManager({}, files("yarn.lock")).manager.frozenInstall).toBe(
      "yarn install --frozen-lockfile",
    );
    expect(detectPackageManager({}, files("yarn.lock", ".yarnrc.yml")).manager.audit).toBe(
      "yarn npm audit --environment production",
    );
    expect(
      detectPackageManager({ packageManager: "yarn@1.22.22" }, files()).manager.frozenInstall,
    ).toBe("yarn install --frozen-lockfile");
  });

  it("knows how each manager runs a script, a binary and an audit", () => {
    expect(Object.values(packageManagers).map((manager) => manager.run("lint"))).toEqual([
      "pnpm run lint",
      "npm run lint",
      "yarn run lint",
      "bun run lint",
    ]);
    // As argv, a script's name stays one argument, whatever it holds; the line is its join.
    for (const manager of Object.values(packageManagers)) {
      expect(manager.runArgv("test:unit  --watch")).toEqual([
        manager.id,
        "run",
        "test:unit  --watch",
      ]);
      expect(manager.runArgv("lint").join(" ")).toBe(manager.run("lint"));
    }
    expect(packageManagers.npm.exec("nx affected")).toBe("npx --no-install nx affected");
    expect(packageManagers.pnpm.exec("changeset publish")).toBe("pnpm exec changeset publish");
    expect(packageManagers.yarn.exec("tsc")).toBe("yarn tsc");
    expect(packageManagers.bun.exec("tsc")).toBe("bunx tsc");
    expect(lockfiles).toContain("npm-shrinkwrap.json");
    expect(Object.values(packageManagers).map((manager) => manager.addDev("vitest"))).toEqual([
      "pnpm add -D vitest",
      "npm i -D vitest",
      "yarn add -D vitest",
      "bun add -d vitest",
    ]);
  });
});
