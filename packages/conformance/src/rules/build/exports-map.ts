import { isRecord } from "@paved/facts";
import { withoutManifest, defineRule, fail, inProject, notApplicable, pass } from "../define.js";

/** Problems named in a message; the rest are counted. */
const maxProblems = 10;

/** Problems of one exports map: paths that escape, conditions out of order, missing root. */
function exportsProblems(exportsField: unknown): string[] {
  const problems: string[] = [];
  let more = 0;
  const push = (problem: string) => {
    if (problems.length < maxProblems) problems.push(problem);
    else more += 1;
  };
  const visit = (value: unknown, where: string): void => {
    if (typeof value === "string") {
      if (!value.startsWith("./")) push(`${where}: "${value}" must start with "./"`);
      if (value.split("/").includes("..")) push(`${where}: "${value}" leaves the package`);
      return;
    }
    if (Array.isArray(value)) {
      push(`${where}: fallback arrays resolve differently across tools; use one target`);
      return;
    }
    if (!isRecord(value)) {
      if (value !== null) push(`${where}: expected a path or conditions`);
      return;
    }
    const keys = Object.keys(value);
    const subpaths = keys.filter((key) => key.startsWith("."));
    if (subpaths.length > 0 && subpaths.length !== keys.length)
      push(`${where}: mixes subpaths and conditions`);
    if (subpaths.length === 0) {
      if (keys.includes("types") && keys.indexOf("types") !== 0)
        push(`${where}: "types" must come first`);
      if (keys.includes("default") && keys.indexOf("default") !== keys.length - 1)
        push(`${where}: "default" must come last`);
    }
    // A deep map's path is cut: each level's string would otherwise repeat all the levels above.
    const cut = where.endsWith("…") ? where : where.length > 200 ? `${where}…` : undefined;
    for (const key of keys) visit(value[key], cut ?? `${where}["${key}"]`);
  };
  visit(exportsField, "exports");
  return more > 0 ? [...problems, `and ${String(more)} more`] : problems;
}

export default defineRule({
  meta: {
    id: "build/exports-map",
    station: "build",
    description:
      "A published package declares a valid `exports` map: `./` paths inside the package, `types` first, `default` last.",
    rationale:
      "A malformed exports map ships a package that imports in one tool and fails in another, or exposes no types.",
    remediation:
      'Declare `"exports": { ".": { "types": "./dist/index.d.ts", "default": "./dist/index.js" } }` and check with publint.',
    severity: "error",
    scope: "project",
  },
  judge(_facts, project) {
    const manifest = project.manifest;
    if (!manifest) return withoutManifest(project);
    if (manifest.private === true) return notApplicable("A private package is not published.");
    const path = inProject(project, "package.json");
    if (manifest.exports === undefined) {
      return fail(
        'A published package without "exports": every internal file is public API and types may not resolve.',
        { path },
      );
    }
    const problems = exportsProblems(manifest.exports);
    if (problems.length > 0)
      return fail(`The exports map is malformed: ${problems.join("; ")}.`, { path });
    return pass("The exports map is well-formed.", { path });
  },
});
