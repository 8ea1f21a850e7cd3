import type { StationId } from "@paved/stations";
import { defineRule, fail, notApplicable, notEvaluated, pass } from "../define.js";
import { brokenPipelines, commands, pipelines } from "../evidence/ci.js";
import { stationsRunIn } from "../evidence/commands.js";
import { packageManagerOf } from "../evidence/fit.js";

const required: StationId[] = ["lint", "typecheck", "test"];

export default defineRule({
  meta: {
    id: "ci/runs-stations",
    station: "ci",
    description:
      "CI jobs actually run the lint, typecheck and test stations, directly or through scripts and Nx/Turbo targets.",
    rationale:
      "A pipeline that only installs and builds lets every lint error, type error and failing test merge.",
    remediation:
      "Call the lint, typecheck and test scripts from CI (for example `pnpm lint`, `pnpm typecheck`, `pnpm test`, or `nx affected -t lint typecheck test`).",
    severity: "error",
    scope: "repo",
  },
  check(context) {
    const { index, projects } = context;
    if (pipelines(index).length === 0)
      return notApplicable("No CI pipeline (ci/pipeline-present reports that).");
    const broken = brokenPipelines(index);
    const run = new Set<StationId>();
    for (const command of commands(index))
      for (const station of stationsRunIn(index, projects, command.value)) run.add(station);
    const missing = required.filter((station) => !run.has(station));
    if (missing.length === 0) return pass(`CI runs ${[...run].sort().join(", ")}.`);
    if (broken.length > 0)
      return notEvaluated("Some pipeline files could not be parsed.", broken.join("; "));
    const manager = packageManagerOf(context);
    return fail(
      `CI does not run: ${missing.join(", ")}.`,
      undefined,
      `Call ${missing.map((station) => `\`${manager.run(station)}\``).join(", ")} from a CI job (or the Nx/Turbo targets that run them).`,
    );
  },
});
