// Runs the paved CLI from this checkout, building it first when its sources are newer than dist.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const packages = join(import.meta.dirname, "..", "..", "packages");
const cli = join(packages, "cli");
// The CLI and the workspace packages it builds on, through tsconfig project references.
const sources = [
  ...["cli", "conformance", "stations"].map((name) => join(packages, name, "src")),
  join(cli, "scripts"),
];
// The bundle the package's bin (dist/paved.cjs) loads once its Node.js check passes; ./dev
// provides a Node new enough, so this runs the bundle itself.
const bin = join(cli, "dist", "bundle", "paved.mjs");

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function builtAt() {
  try {
    return statSync(bin).mtimeMs;
  } catch {
    return -1;
  }
}

function build(command, args) {
  const run = spawnSync(command, args, { stdio: ["ignore", "inherit", "inherit"] });
  if (run.status !== 0) {
    process.stderr.write(
      "paved: building the CLI from this checkout failed (see above); fix the error, then run again.\n",
    );
    process.exit(1);
  }
}

if (builtAt() < Math.max(...sources.map(newestSource))) {
  build("tsc", ["-b", join(cli, "tsconfig.lib.json")]);
  build(process.execPath, [join(cli, "scripts", "bundle.mjs")]);
}

await import(pathToFileURL(bin).href);
