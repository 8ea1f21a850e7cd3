import { defineProjectFact } from "../facts.js";
import type { StringUse } from "./js-module.js";
import { parseModule } from "./js-module.js";

// `/health-check`, `/healthcheck` and `/health_check` are health endpoints too.
const healthPath = /["'`]\/(healthz|readyz|livez|health(?:[-_]?check)?|ready|live)(\/[\w-]*)?["'`]/;
const healthRoute = /^\/(healthz|readyz|livez|health(?:[-_]?check)?|ready|live)(\/[\w-]*)?$/;
/** Sources read per project at most: beyond it a service is judged on what was read. */
const maxSources = 2000;

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

/** The first health route a project's sources serve, and the sources that could not be read. */
export interface HealthRoutes {
  served?: { path: string; route: string };
  unreadable: string[];
}

export const healthRoutes = defineProjectFact<HealthRoutes>({
  id: "health-routes",
  how: "The project's JavaScript and TypeScript sources (tests, specs and `dist/` left out, the first 2,000), read as tokens, never run: the first string `/healthz`, `/readyz`, `/livez`, `/health` (also `/health-check`, `/healthcheck`, `/health_check`), `/ready` or `/live` that is served as a route — the path a route method registers (`app.get`, `router.route`, `@Get`, …, not on an HTTP client such as axios or fetch), the `url`/`path` of a `route({ … })` definition, or a path a handler compares the request against (`req.url === …`, `case …:`). A path given to `new URL(…)` or `fetch(…)` is a request the service makes, not a route.",
  read(facts, project) {
    const index = facts.files;
    const sources = index
      .filesUnder(project.dir)
      .filter(
        (file) =>
          /\.(ts|js|mts|mjs|cts|cjs)$/.test(file) &&
          !/\.(test|spec)\./.test(file) &&
          !file.includes("/dist/"),
      );
    const unreadable: string[] = [];
    for (const file of sources.slice(0, maxSources)) {
      const text = index.text(file);
      if (!text.ok) {
        unreadable.push(text.problem);
        continue;
      }
      // A quick look first; then only a string literal counts, not a comment that mentions one.
      if (!healthPath.test(text.value)) continue;
      const parsed = parseModule(text.value, file);
      const route = parsed.ok ? parsed.facts.uses.find(servesRoute) : undefined;
      if (route) return { served: { path: file, route: route.value }, unreadable };
    }
    return { unreadable };
  },
});
