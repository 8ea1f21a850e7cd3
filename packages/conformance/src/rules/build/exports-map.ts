import { isRecord } from "@paved/facts";
import { withoutManifest, defineRule, fail, inProject, notApplicable, pass } from "../define.js";

/** Problems named in a message; the rest are counted. */
const maxProblems = 10;

/** Conditions TypeScript's resolver matches (with `types` itself and its `types@` variants). */
const typeScriptConditions = new Set(["import", "require", "node", "default", "module-sync"]);

/** A path as an exports target: `./` in front. */
const target = (path: string): string =>
  path.startsWith("./") ? path : `./${path.replace(/^\/+/, "")}`;

/**
 * The exports map a package's own fields make: its `types` (or `typings`) and its entry
 * (`main`, or `module`), else `index.js`, as the root entry.
 */
function exportsFromFields(manifest: Record<string, unknown>, main: unknown): string {
  const types = manifest["types"] ?? manifest["typings"];
  const entry = typeof main === "string" && main !== "" ? target(main) : "./index.js";
  const conditions =
    typeof types === "string" && types !== ""
      ? `{ "types": "${target(types)}", "default": "${entry}" }`
      : `"${entry}"`;
  return `"exports": { ".": ${conditions}, "./package.json": "./package.json" }`;
}

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
      // TypeScript takes the first condition it knows: "types" after one of those is never
      // read. After a condition it ignores ("browser", "worker", "deno"), it still is.
      const typesAt = keys.indexOf("types");
      const before = typesAt === -1 ? [] : keys.slice(0, typesAt);
      const shadowing = before.find((key) => typeScriptConditions.has(key));
      if (shadowing !== undefined)
        push(`${where}: "types" must come before "${shadowing}", which TypeScript matches first`);
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
      "A published package declares a valid `exports` map: `./` paths inside the package, `types` before any condition TypeScript matches (`import`, `require`, `node`, `default`), `default` last.",
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
      const main = manifest.main ?? manifest["module"];
      const entry =
        typeof main === "string"
          ? `its entry is "main" (${main}) alone`
          : 'it has no "main" either';
      return fail(
        `A published package without "exports": ${entry}, so every file in it is public API and no condition picks its types or its format.`,
        { path },
        `Declare its own entry as the exports map, ${exportsFromFields(manifest, main)} (a breaking change for anyone who imports other files of it), and check with publint.`,
      );
    }
    const problems = exportsProblems(manifest.exports);
    if (problems.length > 0)
      return fail(`The exports map is malformed: ${problems.join("; ")}.`, { path });
    return pass("The exports map is well-formed.", { path });
  },
});
