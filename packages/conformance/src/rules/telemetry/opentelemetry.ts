import { defineRule, dependencyNames, fail, inProject, notApplicable, pass } from "../define.js";

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
  judge(_facts, project) {
    if (!project.kinds.includes("service")) return notApplicable("Not a service.");
    const names = [...dependencyNames(project)];
    const sdk = names.find(
      (name) => name === "@paved/telemetry" || name.startsWith("@opentelemetry/"),
    );
    const path = inProject(project, "package.json");
    if (!sdk)
      return fail("No OpenTelemetry SDK (or @paved/telemetry) among the dependencies.", { path });
    const scripts = project.manifest?.scripts ?? {};
    const start = (scripts["start"] ?? scripts["start:prod"] ?? "").slice(0, 2048);
    const loadsEarly =
      /--(import|require|loader)[=\s]+\S*(telemetry|instrument|otel|opentelemetry|tracing)/.test(
        start,
      );
    const envLoad = /NODE_OPTIONS=[^ ]*--(import|require)/.test(start);
    if (loadsEarly || envLoad)
      return pass(`${sdk} is loaded before the app: \`${start}\`.`, { path });
    if (names.includes("@opentelemetry/auto-instrumentations-node") && start.includes("register"))
      return pass(`Auto-instrumentation starts with the app: \`${start}\`.`, { path });
    return fail(
      `${sdk} is a dependency, but the start script does not load it before the app (\`--import\`).`,
      { path },
    );
  },
});
