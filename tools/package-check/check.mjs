// Package checks for one publishable package, run in its directory by the `package-check` target:
// the packed file list (no tests or fixtures shipped, every entry point present), publint in
// strict mode, and Are the Types Wrong? on the same tarball a release would publish.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";

const packageDir = process.cwd();
const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));

/** Files that must never reach the registry. */
const forbidden = [
  [/(^|\/)[^/]+\.(test|spec)\.[cm]?[jt]sx?$/, "a test file"],
  [
    /(^|\/)(__fixtures__|fixtures|__snapshots__|__tests__|test|tests)\//,
    "a test fixture or snapshot",
  ],
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

function pack(destination) {
  const run = spawnSync("pnpm", ["pack", "--pack-destination", destination, "--json"], {
    cwd: packageDir,
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`pnpm pack failed in ${packageDir}:\n${run.stderr}`);
  return JSON.parse(run.stdout);
}

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
  const files = packed.files.map((file) => file.path);

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
  check(
    "manifest declares ESM, exports, files, engines and a description",
    [
      manifest.type === "module" ? null : 'set "type": "module"',
      manifest.exports ? null : 'add an "exports" map',
      Array.isArray(manifest.files) ? null : 'list published files in "files"',
      manifest.engines?.node === ">=22.12" ? null : 'set "engines": { "node": ">=22.12" }',
      typeof manifest.description === "string" && manifest.description.length > 0
        ? null
        : 'add a one-line "description"',
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
    check(
      "Are the Types Wrong? (esm-only profile)",
      attw.status === 0 ? [] : [attw.stdout.trim() || attw.stderr.trim()],
    );
  } else {
    console.log(
      `skip ${manifest.name}: Are the Types Wrong? (the package ships no TypeScript types, only JSON)`,
    );
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

mkdirSync(join(packageDir, "test-results"), { recursive: true });
writeFileSync(
  join(packageDir, "test-results", "package-check.json"),
  `${JSON.stringify({ package: manifest.name, checks }, null, 2)}\n`,
);
process.exitCode = checks.every((entry) => entry.ok) ? 0 : 1;
