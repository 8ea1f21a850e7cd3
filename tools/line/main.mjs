// The main job: build every package, run the presets on a sample project the way an adopting
// team would, then audit the sample and this repository with `paved audit`.
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
const paved = join(root, "packages", "cli", "dist", "bundle", "paved.mjs");
step("Audit the sample service against the paved road", "node", [paved, "audit", sample]);
step("Audit this repository against the paved road", "node", [paved, "audit", root]);
console.log(
  "\n✔ The presets wire the sample's format, lint and typecheck stations; the audits show the rest of the road.",
);
