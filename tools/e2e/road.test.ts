// The whole road on one machine, as a user meets it: the README's "Try the road" commands run
// exactly as written (parsed out of the README, so the doc and the test cannot drift), then
// `npm create paved`, `pnpm create paved` and `yarn create paved` from the same local registry.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { gitEnv } from "./git-env.js";

const root = join(import.meta.dirname, "..", "..");
const scratch = mkdtempSync(join(tmpdir(), "paved-road-"));
const registryHome = join(scratch, "registry");

/** The machine's environment, minus what this test run's pnpm and Nx set, plus a neutral git. */
const env: NodeJS.ProcessEnv = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(npm_|NX_|VITEST|PAVED_)/i.test(name)),
  ),
  PAVED_REGISTRY_DIR: registryHome,
  TMPDIR: scratch,
  ...gitEnv,
  // Caches of this run only: nothing of the user's npm, pnpm or yarn setup is read or written.
  npm_config_cache: join(scratch, "npm-cache"),
  npm_config_userconfig: join(scratch, "no-npmrc"),
  npm_config_store_dir: join(scratch, "pnpm-store"),
  XDG_CACHE_HOME: join(scratch, "cache"),
  CI: "",
};

afterAll(() => {
  spawnSync(join(root, "dev"), ["registry", "stop"], { cwd: root, env });
  rmSync(scratch, { recursive: true, force: true });
}, 120_000);

/** The first ```sh block of the README's "## Try the road" section. */
function tryTheRoad(readme: string): string {
  const section = readme.split(/^## /m).find((part) => part.startsWith("Try the road\n"));
  const block = section === undefined ? undefined : /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error('README.md has no "## Try the road" sh block');
  return block;
}

function ok(run: SpawnSyncReturns<string>, what: string): string {
  if (run.status !== 0)
    throw new Error(`${what} failed (${String(run.status)}):\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

let registry = "";

describe("the README's Try the road", () => {
  it("runs as written: registry, new repository, install, its line, an audit at 100", () => {
    const script = tryTheRoad(readFileSync(join(root, "README.md"), "utf8"));
    // Afterwards, where the registry is: the script's own variable.
    const run = spawnSync("sh", ["-eu", "-c", `${script}\nprintf 'REGISTRY=%s\\n' "$registry"`], {
      cwd: root,
      env,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    const stdout = ok(run, "the README's commands");
    expect(stdout).toMatch(/Score 100\/100/);
    expect(stdout).not.toMatch(/blind spot/i);
    registry = /^REGISTRY=(http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(stdout)?.[1] ?? "";
    expect(registry).not.toBe("");
  }, 900_000);
});

/** PATH without pnpm, this run's toolchain or node_modules/.bin: a machine with Node and npm. */
const barePath = () =>
  (env["PATH"] ?? "")
    .split(delimiter)
    .filter(
      (dir) => dir !== "" && !dir.includes("paved-toolchain") && !dir.includes("node_modules"),
    )
    .filter((dir) => !existsSync(join(dir, "pnpm")));

describe("the next steps paved new prints", () => {
  it("work on a machine with only Node and npm, the pnpm they name fetched as they say", () => {
    expect(registry, "the README test above must have run").not.toBe("");
    const dir = where("bare");
    const paved = join(root, "packages", "cli", "dist", "bundle", "paved.mjs");
    const args = ["new", "repo", "bare", "--owner", "@acme/platform", "--yes"];
    const printed = ok(
      spawnSync(
        process.execPath,
        [paved, ...args, "--project", "library", "--registry", registry],
        {
          cwd: dir,
          env,
          encoding: "utf8",
        },
      ),
      "paved new",
    );
    const steps =
      printed
        .split("\nNext:\n")[1]
        ?.split("\n")
        .map((line) => line.trim()) ?? [];
    const install = steps.find((step) => step.startsWith("pnpm install"));
    // "pnpm install   # no pnpm X? npm install --global pnpm@X, or npx pnpm@X install"
    const [, globally, npx] =
      /# no pnpm [\d.]+\? (npm install --global pnpm@[\d.]+), or (npx pnpm@[\d.]+ install)$/.exec(
        install ?? "",
      ) ?? [];
    expect({ globally, npx }).toEqual({
      globally: expect.stringMatching(/^npm/) as unknown,
      npx: expect.stringMatching(/^npx/) as unknown,
    });
    const prefix = join(scratch, "bare-prefix");
    const bare = {
      ...env,
      npm_config_registry: registry,
      npm_config_prefix: prefix,
      npm_config_yes: "true",
      PATH: [join(prefix, "bin"), ...barePath()].join(delimiter),
    };
    expect(spawnSync("sh", ["-c", "command -v pnpm"], { env: bare }).status).not.toBe(0);
    // The install as the hint's npx form, the later steps with the pnpm the hint installs.
    const script = steps
      .filter((step) => step !== "")
      .map((step) => (step === install ? `${npx ?? ""}\n${globally ?? ""}` : step))
      .join("\n");
    ok(spawnSync("sh", ["-eu", "-c", script], { cwd: dir, env: bare, encoding: "utf8" }), script);
    expect(existsSync(join(dir, "bare", "node_modules", "@paved", "eslint-config"))).toBe(true);
  }, 600_000);
});

const where = (name: string) => {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  return dir;
};

describe("create-paved from the local registry", () => {
  const flags = (name: string) => [
    name,
    "--yes",
    "--owner",
    "@acme/platform",
    "--project",
    "library",
    "--registry",
    registry,
  ];
  const created = (dir: string, name: string) => {
    const repo = join(dir, name);
    expect(existsSync(join(repo, "packages", name, "src", "index.ts"))).toBe(true);
    expect(readFileSync(join(repo, ".npmrc"), "utf8")).toContain(`@paved:registry=${registry}`);
  };
  const withRegistry = () => ({ ...env, npm_config_registry: registry });

  it("npm create paved@latest NAME -- --yes …", () => {
    expect(registry, "the README test above must have run").not.toBe("");
    const dir = where("npm");
    ok(
      spawnSync("npm", ["create", "paved@latest", "--", ...flags("with-npm")], {
        cwd: dir,
        env: withRegistry(),
        encoding: "utf8",
      }),
      "npm create paved",
    );
    created(dir, "with-npm");
  }, 300_000);

  it("pnpm create paved NAME …", () => {
    expect(registry, "the README test above must have run").not.toBe("");
    const dir = where("pnpm");
    ok(
      spawnSync("pnpm", ["create", "paved", ...flags("with-pnpm")], {
        cwd: dir,
        env: withRegistry(),
        encoding: "utf8",
      }),
      "pnpm create paved",
    );
    created(dir, "with-pnpm");
  }, 300_000);

  it("yarn create paved NAME … (yarn classic, installed into a temporary prefix)", () => {
    expect(registry, "the README test above must have run").not.toBe("");
    const prefix = where("yarn-prefix");
    ok(
      spawnSync("npm", ["install", "--prefix", prefix, "--no-audit", "--no-fund", "yarn@1"], {
        env: withRegistry(),
        encoding: "utf8",
      }),
      "npm install yarn@1",
    );
    const yarn = join(prefix, "node_modules", ".bin", "yarn");
    const dir = where("yarn");
    ok(
      spawnSync(yarn, ["create", "paved", ...flags("with-yarn")], {
        cwd: dir,
        env: {
          ...withRegistry(),
          PATH: `${join(prefix, "node_modules", ".bin")}${delimiter}${env["PATH"] ?? ""}`,
          YARN_REGISTRY: registry,
          YARN_CACHE_FOLDER: join(scratch, "yarn-cache"),
          YARN_GLOBAL_FOLDER: join(scratch, "yarn-global"),
          PREFIX: join(scratch, "yarn-bin"),
          YARN_PREFIX: join(scratch, "yarn-bin"),
        },
        encoding: "utf8",
      }),
      "yarn create paved",
    );
    created(dir, "with-yarn");
  }, 300_000);
});
