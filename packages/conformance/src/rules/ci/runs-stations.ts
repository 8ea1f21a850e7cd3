import type { StationId, ToolStation } from "@paved/stations";
import {
  defineRule,
  fail,
  notApplicable,
  notEvaluated,
  pass,
  rootScriptRunning,
  turboHasTask,
} from "../define.js";
import { ciPipelines, ciStations, packageManagerOf, unreadPipelines } from "@paved/facts";

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
  reads: [ciPipelines, ciStations],
  judge(facts) {
    const pipelines = facts.get(ciPipelines);
    const unread = unreadPipelines(facts.files);
    if (pipelines.length === 0)
      return unread.length > 0
        ? notEvaluated("The repository's CI is not read.", unread.join("; "))
        : notApplicable("No CI pipeline (ci/pipeline-present reports that).");
    const broken = pipelines.flatMap((pipeline) =>
      pipeline.document.ok ? [] : [pipeline.document.problem],
    );
    const run = new Set(facts.get(ciStations).keys());
    const missing = required.filter((station) => !run.has(station));
    if (missing.length === 0) return pass(`CI runs ${[...run].sort().join(", ")}.`);
    if (broken.length > 0)
      return notEvaluated("Some pipeline files could not be parsed.", broken.join("; "));
    if (unread.length > 0)
      return notEvaluated(
        `The pipelines read do not run: ${missing.join(", ")}; the others are not read.`,
        unread.join("; "),
      );
    const manager = packageManagerOf(facts);
    // A call that works in this repository: a script of the root's that runs the station, else
    // its task runner's target for it, else a script to add first.
    const call = (station: StationId) => {
      const script = rootScriptRunning(facts, station as ToolStation);
      if (script !== undefined) return `\`${manager.run(script)}\``;
      if (facts.files.has("nx.json")) return `\`${manager.exec(`nx run-many -t ${station}`)}\``;
      if (turboHasTask(facts, station)) return `\`${manager.exec(`turbo run ${station}`)}\``;
      return `\`${manager.run(station)}\` (add a \`${station}\` script that runs your ${station === "test" ? "test runner" : station === "lint" ? "linter" : "type checker"} first)`;
    };
    return fail(
      `CI does not run: ${missing.join(", ")}.`,
      undefined,
      `Call ${missing.map(call).join(", ")} from a CI job.`,
    );
  },
});
