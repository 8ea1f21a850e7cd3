// Package checks for one publishable package, run in its directory by the `package-check` target:
// the packed file list (no tests or fixtures shipped, every entry point present), publint in
// strict mode, and Are the Types Wrong? on the same tarball a release would publish.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";

const packageDir = process.cwd();

/** A problem with the package itself, reported as one clear line instead of a stack trace. */
class CheckError extends Error {}

function readManifest() {
  const path = join(packageDir, "package.json");
  try {
    return JSON.parse(readFileSync(path, "utf8").replace(/^\uFEFF/, ""));
  } catch (error) {
    const reason =
      error instanceof SyntaxError ? `is not valid JSON (${error.message})` : "cannot be read";
    throw new CheckError(`${path} ${reason}; fix it, then run the package check again.`);
  }
}

/** Files that must never reach the registry. */
const forbidden = [
  [/(^|\/)[^/]+\.(test|spec)\.[cm]?[jt]sx?$/, "a test file"],
  [/(^|\/)(__fixtures__|fixtures|__snapshots__|__tests__)\//, "a test fixture or snapshot"],
  [/^(src\/)?(test|tests)\//, "a test directory"],
  [/(^|\/)tsconfig(\.[^/]+)?\.json$/, "a build configuration"],
  [/(^|\/)vitest\.config\.[cm]?[jt]s$/, "a test configuration"],
  [/\.tsbuildinfo$/, "a TypeScript build cache"],
  [/(^|\/)test-results\//, "test output"],
];

/** Every path a consumer can reach through the manifest: exports, types, main, bin. */
function entryPoints(pkg) {
  const paths = new Set();
  const visit = (value) => {
    if (typeof value === "string") paths.add(value.replace(/^\.\//, ""));
    else if (value && typeof value === "object") Object.values(value).forEach(visit);
  };
  visit(pkg.exports);
  visit(pkg.bin);
  for (const field of ["main", "module", "types", "typings"]) visit(pkg[field]);
  return [...paths].filter((path) => !path.includes("*"));
}

/** The workspace's root (the folder with pnpm-workspace.yaml) above the package, if any. */
function workspaceRoot() {
  for (let dir = dirname(packageDir); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
  }
  return undefined;
}

/** What npm shows beside a package (source, home page, issues, licence), and where it lives. */
function originProblems(pkg) {
  const repository = pkg.repository ?? {};
  const root = workspaceRoot();
  const directory =
    root === undefined ? undefined : relative(root, packageDir).split(sep).join("/");
  return [
    repository.type === "git" && /^git\+https:\/\/\S+\.git$/.test(repository.url ?? "")
      ? null
      : 'set "repository": { "type": "git", "url": "git+https://…/REPO.git", "directory": … }',
    typeof repository.directory === "string" &&
    (directory === undefined || repository.directory === directory)
      ? null
      : `set "repository.directory" to the package's folder in its repository${directory ? ` ("${directory}")` : ""}`,
    /^https:\/\//.test(pkg.homepage ?? "") ? null : 'set "homepage" to an https URL of its docs',
    /^https:\/\//.test(pkg.bugs?.url ?? "") ? null : 'set "bugs": { "url": … } to where issues go',
    typeof pkg.license === "string" && pkg.license !== "" ? null : 'set "license"',
  ];
}

/** Runs a tool that prints JSON; a failure to start or a non-zero exit is a CheckError. */
function runJson(command, args, what) {
  const run = spawnSync(command, args, { cwd: packageDir, encoding: "utf8" });
  if (run.error || run.status !== 0) {
    const detail = run.error ? run.error.message : (run.stderr || run.stdout).trim();
    throw new CheckError(`${what} failed in ${packageDir}: ${detail}`);
  }
  return JSON.parse(run.stdout);
}

/** Packs with pnpm (what a release publishes: workspace: ranges resolved) into `destination`. */
function pack(destination) {
  return runJson("pnpm", ["pack", "--pack-destination", destination, "--json"], "pnpm pack");
}

/** The file list npm would publish, to show that npm and pnpm agree on it. */
function npmPackFiles() {
  const [result] = runJson(
    "npm",
    ["pack", "--dry-run", "--json", "--ignore-scripts"],
    "npm pack --dry-run",
  );
  return result.files.map((file) => file.path).sort();
}

const manifest = (() => {
  try {
    return readManifest();
  } catch (error) {
    console.error(`package-check: ${error.message}`);
    process.exit(1);
  }
})();

const checks = [];
function check(name, problems) {
  checks.push({ name, ok: problems.length === 0, problems });
  const mark = problems.length === 0 ? "ok  " : "FAIL";
  console.log(`${mark} ${manifest.name}: ${name}`);
  for (const problem of problems) console.log(`       ${problem}`);
}

const workDir = mkdtempSync(join(tmpdir(), "paved-package-check-"));
try {
  const packed = pack(workDir);
  const files = packed.files.map((file) => file.path).sort();

  check(
    "packed files hold no tests, fixtures or build caches",
    files.flatMap((file) =>
      forbidden.filter(([pattern]) => pattern.test(file)).map(([, what]) => `${file} is ${what}`),
    ),
  );
  check(
    "packed files hold every entry point and the README",
    [...entryPoints(manifest), "README.md", "LICENSE", "package.json"]
      .filter((path) => !files.includes(path))
      .map((path) => `${path} is referenced by package.json or required, but not in the tarball`),
  );
  const npmFiles = npmPackFiles();
  check("npm pack and pnpm pack ship the same files", [
    ...npmFiles.filter((file) => !files.includes(file)).map((file) => `${file} only in npm pack`),
    ...files.filter((file) => !npmFiles.includes(file)).map((file) => `${file} only in pnpm pack`),
  ]);
  check(
    "manifest declares ESM, exports, files, engines and a description",
    [
      manifest.type === "module" ? null : 'set "type": "module"',
      manifest.exports ? null : 'add an "exports" map',
      Array.isArray(manifest.files) ? null : 'list published files in "files"',
      // The platform's floor is 22.12; a package whose dependencies need a later 22.x says so.
      Number(/^>=22\.(\d+)$/.exec(manifest.engines?.node ?? "")?.[1] ?? 0) >= 12
        ? null
        : 'set "engines": { "node": ">=22.12" } (or the later 22.x its dependencies need)',
      typeof manifest.description === "string" && manifest.description.length > 0
        ? null
        : 'add a one-line "description"',
    ].filter(Boolean),
  );

  check(
    "manifest says where the package comes from, and publishes to any registry",
    [
      ...originProblems(manifest),
      manifest.publishConfig?.provenance === undefined
        ? null
        : 'remove "publishConfig.provenance": a registry or CI without OIDC rejects the publish; the release job sets NPM_CONFIG_PROVENANCE=true where it can sign',
    ].filter(Boolean),
  );

  const tarball = readFileSync(packed.filename);
  const lint = await publint({
    pkgDir: "package",
    pack: {
      tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength),
    },
    strict: true,
    level: "suggestion",
  });
  check(
    "publint (strict)",
    lint.messages.map(
      (message) => `${message.type}: ${formatMessage(message, lint.pkg) ?? message.code}`,
    ),
  );

  if (manifest.types || manifest.exports?.["."]?.types) {
    const attw = spawnSync(
      "attw",
      [packed.filename, "--profile", "esm-only", "--format", "ascii", "--no-emoji", "--no-color"],
      {
        encoding: "utf8",
      },
    );
    const attwOutput = attw.error
      ? `attw could not start: ${attw.error.message}`
      : `${attw.stdout}${attw.stderr}`.trim();
    check("Are the Types Wrong? (esm-only profile)", attw.status === 0 ? [] : [attwOutput]);
  } else {
    console.log(
      `skip ${manifest.name}: Are the Types Wrong? (the package ships no TypeScript types, only JSON)`,
    );
  }
} catch (error) {
  if (!(error instanceof CheckError)) throw error;
  check("the package can be packed", [error.message]);
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

mkdirSync(join(packageDir, "test-results", "package-check"), { recursive: true });
writeFileSync(
  join(packageDir, "test-results", "package-check", "report.json"),
  `${JSON.stringify({ package: manifest.name, checks }, null, 2)}\n`,
);
process.exitCode = checks.every((entry) => entry.ok) ? 0 : 1;
