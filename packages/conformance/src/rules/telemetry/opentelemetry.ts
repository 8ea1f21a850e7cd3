import { imageStart, startPreloads } from "@paved/facts";
import { defineRule, dependencyNames, fail, inProject, notApplicable, pass } from "../define.js";

/** A preloaded module that sets telemetry up, by its name. */
const telemetryModule = /telemetry|instrument|otel|opentelemetry|tracing/;

export default defineRule({
  meta: {
    id: "telemetry/opentelemetry",
    station: "telemetry",
    description:
      "A service loads OpenTelemetry before its code: the SDK or @paved/telemetry in dependencies and `--import`/`--require` in the start script, or in the command (or `NODE_OPTIONS`) its Dockerfile starts it with.",
    rationale:
      "Without traces and metrics, production failures are found by users and diagnosed by guesswork.",
    remediation:
      "Add `@paved/telemetry` and start with `node --import @paved/telemetry/register dist/main.js`.",
    severity: "error",
    scope: "project",
  },
  reads: [startPreloads, imageStart],
  judge(facts, project) {
    if (!project.kinds.includes("service")) return notApplicable("Not a service.");
    const names = [...dependencyNames(project)];
    const sdk = names.find(
      (name) => name === "@paved/telemetry" || name.startsWith("@opentelemetry/"),
    );
    const path = inProject(project, "package.json");
    const { script, preloads } = facts.of(startPreloads, project);
    const start = script?.command ?? "";
    const image = facts.of(imageStart, project);
    // The fix goes where the service really starts: an image that runs node itself bypasses
    // the scripts.
    const preload = "--import @paved/telemetry/register";
    const fix =
      image?.runsNode === true
        ? `add \`${preload}\` to the command ${image.path} starts the service with (line ${String(image.line)}: \`${image.command}\`), or \`ENV NODE_OPTIONS="${preload}"\` to its final stage.`
        : `start with \`node ${preload} ${entryOf(start, project.manifest?.main)}\`${script ? ` in the \`${script.name}\` script` : ""}.`;
    if (!sdk)
      return fail(
        "No OpenTelemetry SDK (or @paved/telemetry) among the dependencies.",
        { path },
        `Add \`@paved/telemetry\` to the dependencies and ${fix}`,
      );
    // A module preloaded through NODE_OPTIONS is trusted whatever its name: it is set for the app.
    const loadsEarly =
      preloads.some((module) => telemetryModule.test(module)) ||
      (start.includes("NODE_OPTIONS=") && preloads.length > 0);
    if (loadsEarly) return pass(`${sdk} is loaded before the app: \`${start}\`.`, { path });
    if (image?.preloads.some((module) => telemetryModule.test(module)))
      return pass(`${sdk} is loaded before the app by the image: \`${image.command}\`.`, {
        path: image.path,
        line: image.line,
      });
    if (names.includes("@opentelemetry/auto-instrumentations-node") && start.includes("register"))
      return pass(`Auto-instrumentation starts with the app: \`${start}\`.`, { path });
    return fail(
      `${sdk} is a dependency, but the start script does not load it before the app (\`--import\`).`,
      { path },
      `${fix.charAt(0).toUpperCase()}${fix.slice(1)}`,
    );
  },
});

/** The file a start command runs with node (`node --x dist/index.js`), else `main`, else a guess. */
function entryOf(start: string, main: unknown): string {
  const words = start.split(/\s+/);
  const at = words.indexOf("node");
  if (at !== -1) {
    for (let i = at + 1; i < words.length; i += 1) {
      const word = words[i] ?? "";
      if (["--import", "--require", "-r", "--loader", "--env-file"].includes(word)) i += 1;
      else if (!word.startsWith("-")) return word;
    }
  }
  return typeof main === "string" && main !== "" ? main : "dist/main.js";
}
