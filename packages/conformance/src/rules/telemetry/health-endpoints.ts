import { healthRoutes } from "@paved/facts";
import { defineRule, fail, notApplicable, notEvaluated, pass } from "../define.js";

export default defineRule({
  meta: {
    id: "telemetry/health-endpoints",
    station: "telemetry",
    description:
      "A service exposes liveness and readiness endpoints (`/healthz`, `/readyz`, `/health`, `/live`, `/ready`).",
    rationale:
      "Without health endpoints an orchestrator cannot restart a hung instance or hold traffic from one still starting.",
    remediation:
      "Serve `/healthz` (the process is alive) and `/readyz` (dependencies are reachable) from the service.",
    severity: "warning",
    scope: "project",
  },
  reads: [healthRoutes],
  judge(facts, project) {
    if (!project.kinds.includes("service")) return notApplicable("Not a service.");
    const { served, unreadable } = facts.of(healthRoutes, project);
    if (served)
      return pass(`${served.path} serves a health endpoint (${served.route}).`, {
        path: served.path,
      });
    if (unreadable.length > 0)
      return notEvaluated("Some sources could not be read.", unreadable.slice(0, 3).join("; "));
    return fail("No health endpoint found in the service's sources.");
  },
});
