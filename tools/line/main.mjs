// The main job, until `paved audit` lands: build every package, then run the presets on a sample
// project the way an adopting team would, and show the CLI answering from this checkout.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");
const sample = join(root, "examples", "sample-service");

function step(title, command, args, options = {}) {
  console.log(`\n▶ ${title}\n  $ ${[command, ...args].join(" ")}`);
  const run = spawnSync(command, args, { cwd: root, stdio: "inherit", ...options });
  if (run.status !== 0) {
    console.error(`\n✖ ${title} failed (exit ${String(run.status)}).`);
    process.exit(run.status ?? 1);
  }
}

const env = { ...process.env, NX_TUI: "false", NX_NO_CLOUD: "true" };
step("Build every package", "nx", ["run-many", "-t", "build", "--outputStyle=static"], { env });
step("Format station on the sample (Prettier preset)", "prettier", ["--check", "."], {
  cwd: sample,
});
step(
  "Lint station on the sample (ESLint preset, type-checked)",
  "eslint",
  [".", "--max-warnings=0"],
  { cwd: sample },
);
step(
  "Typecheck station on the sample (tsconfig preset)",
  "tsc",
  ["-p", "tsconfig.json", "--noEmit"],
  { cwd: sample },
);
step("The paved CLI from this checkout", "node", [
  join(root, "packages", "cli", "dist", "bin.js"),
  "--help",
]);
console.log(
  "\n✔ The sample service passes the format, lint and typecheck stations with the Paved presets.",
);
