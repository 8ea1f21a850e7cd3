import { startPreloads } from "@paved/facts";
import { defineRule, dependencyNames, fail, inProject, notApplicable, pass } from "../define.js";

/** A preloaded module that sets telemetry up, by its name. */
const telemetryModule = /telemetry|instrument|otel|opentelemetry|tracing/;

export default defineRule({
  meta: {
    id: "telemetry/opentelemetry",
    station: "telemetry",
    description:
      "A service loads OpenTelemetry before its code: the SDK or @paved/telemetry in dependencies and `--import`/`--require` in the start script.",
    rationale:
      "Without traces and metrics, production failures are found by users and diagnosed by guesswork.",
    remediation:
      "Add `@paved/telemetry` and start with `node --import @paved/telemetry/register dist/main.js`.",
    severity: "error",
    scope: "project",
  },
  reads: [startPreloads],
  judge(facts, project) {
    if (!project.kinds.includes("service")) return notApplicable("Not a service.");
    const names = [...dependencyNames(project)];
    const sdk = names.find(
      (name) => name === "@paved/telemetry" || name.startsWith("@opentelemetry/"),
    );
    const path = inProject(project, "package.json");
    if (!sdk)
      return fail("No OpenTelemetry SDK (or @paved/telemetry) among the dependencies.", { path });
    const { script, preloads } = facts.of(startPreloads, project);
    const start = script?.command ?? "";
    // A module preloaded through NODE_OPTIONS is trusted whatever its name: it is set for the app.
    const loadsEarly =
      preloads.some((module) => telemetryModule.test(module)) ||
      (start.includes("NODE_OPTIONS=") && preloads.length > 0);
    if (loadsEarly) return pass(`${sdk} is loaded before the app: \`${start}\`.`, { path });
    if (names.includes("@opentelemetry/auto-instrumentations-node") && start.includes("register"))
      return pass(`Auto-instrumentation starts with the app: \`${start}\`.`, { path });
    return fail(
      `${sdk} is a dependency, but the start script does not load it before the app (\`--import\`).`,
      { path },
    );
  },
});
