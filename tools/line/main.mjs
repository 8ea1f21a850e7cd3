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
// The installed CLI's own entry (what `npm install -g paved` runs).
const paved = join(root, "packages", "cli", "dist", "paved.cjs");
step("Audit the sample service against the paved road", "node", [paved, "audit", sample]);
console.log(`\n${explainSampleScore()}`);
step("Audit this repository against the paved road", "node", [paved, "audit", root]);
console.log(
  "\n✔ The presets wire the sample's format, lint and typecheck stations; the audits show the rest of the road.",
);

/**
 * Why the sample scores what it does: it is a service that took only three presets, and the
 * score counts every station of the road, so the rest are blind spots by design.
 */
function explainSampleScore() {
  const run = spawnSync("node", [paved, "audit", sample, "--format", "json"], { encoding: "utf8" });
  const report = JSON.parse(run.stdout);
  const names = (keep) =>
    report.stations
      .filter(keep)
      .map((station) => station.title.toLowerCase())
      .join(", ");
  return [
    `The sample scores ${String(report.score)}/100 on purpose: examples/sample-service is a service that`,
    "adopted only the format, lint and typecheck presets, and the score counts all",
    `${String(report.stations.length)} stations of the road. Fully wired: ${names((s) => s.status === "pass") || "none"}.`,
    `Partly wired: ${names((s) => s.status === "partial") || "none"}.`,
    `Not wired (blind spots): ${names((s) => s.status === "fail") || "none"}.`,
    `Not applicable to it: ${names((s) => s.status === "not-applicable") || "none"}.`,
    '`paved new service` wires every station and scores 100; the audit\'s "To fix" list above',
    "says what each missing station needs.",
  ].join("\n");
}
