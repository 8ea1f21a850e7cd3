import { parseModule, type StringUse } from "@paved/facts";
import { defineRule, fail, notApplicable, notEvaluated, pass } from "../define.js";

const healthPath = /["'`]\/(healthz|readyz|livez|health|ready|live)(\/[\w-]*)?["'`]/;
const healthRoute = /^\/(healthz|readyz|livez|health|ready|live)(\/[\w-]*)?$/;

/** Methods that register a route: `app.get("/healthz", …)`, `router.route("/health")`, `@Get("/health")`. */
const routeMethods = new Set(
  "get head all use route on options handle register Get Head All".split(" "),
);
/** Objects whose `get` is a request, not a route: an HTTP client calling someone's health endpoint. */
const clients = new Set(
  "axios got ky http https request superagent fetch ofetch $fetch undici client api".split(" "),
);

/**
 * Whether a string is served as a route: the path a route method registers, the `url`/`path` of
 * a route definition, or the path a request handler compares against. A path given to
 * `new URL(…)` or `fetch(…)` is a request the service makes, not a route it serves.
 */
function servesRoute(use: StringUse): boolean {
  if (!healthRoute.test(use.value)) return false;
  if (use.compared) return true;
  if (use.key !== undefined) return ["url", "path"].includes(use.key) && use.callee === "route";
  return (
    use.callee !== undefined &&
    !use.constructed &&
    routeMethods.has(use.callee) &&
    !(use.receiver !== undefined && clients.has(use.receiver))
  );
}

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
  judge(facts, project) {
    const index = facts.files;
    if (!project.kinds.includes("service")) return notApplicable("Not a service.");
    const sources = index
      .filesUnder(project.dir)
      .filter(
        (file) =>
          /\.(ts|js|mts|mjs|cts|cjs)$/.test(file) &&
          !/\.(test|spec)\./.test(file) &&
          !file.includes("/dist/"),
      );
    const unreadable: string[] = [];
    for (const file of sources.slice(0, 2000)) {
      const text = index.text(file);
      if (!text.ok) {
        unreadable.push(text.problem);
        continue;
      }
      // A quick look first; then only a string literal counts, not a comment that mentions one.
      if (!healthPath.test(text.value)) continue;
      const parsed = parseModule(text.value, file);
      if (parsed.ok && parsed.facts.uses.some(servesRoute))
        return pass(`${file} serves a health endpoint.`, { path: file });
    }
    if (unreadable.length > 0)
      return notEvaluated("Some sources could not be read.", unreadable.slice(0, 3).join("; "));
    return fail("No health endpoint found in the service's sources.");
  },
});
