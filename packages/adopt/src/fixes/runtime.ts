import { templatePnpmVersion } from "@paved/generators";
import { jsonAdd, jsonSet } from "../edit/json.js";
import { defineFixer, inProject, refuse, rootManifest } from "../fix.js";
import { isScalar, isSeq, type Node } from "yaml";
import { EditError } from "../edit/error.js";
import { appendToMap, pairOf } from "../edit/yaml.js";
import type { Workspace } from "../workspace.js";
import { renderedWorkflows, workflows } from "./pipeline.js";
import { editWorkflow, jobsOf, stepsOf } from "./workflow.js";

/** The road's Node line, where the repository pins none. */
const roadNode = "24";

/** The Node major a repository already names (`.nvmrc`, `.node-version`, engines), if any. */
function nodeMajor(files: Workspace): string | undefined {
  for (const file of [".nvmrc", ".node-version"]) {
    const major = /^\s*v?(\d+)/.exec(files.read(file) ?? "")?.[1];
    if (major !== undefined) return major;
  }
  const engines = (rootManifest(files)?.["engines"] as { node?: unknown } | undefined)?.node;
  return typeof engines === "string" ? /(\d+)/.exec(engines)?.[1] : undefined;
}

export const engines = defineFixer({
  ruleId: "runtime/engines",
  how: 'Adds `engines.node` to package.json: `>=` the Node major the repository pins (`.nvmrc`, `.node-version`), else `">=22.12"`.',
  fix({ files, project }) {
    const major = nodeMajor(files);
    const path = inProject(project, "package.json");
    files.edit(path, (text) =>
      jsonAdd(text, path, ["engines", "node"], major === undefined ? ">=22.12" : `>=${major}`),
    );
  },
});

export const nodeVersionPinned = defineFixer({
  ruleId: "runtime/node-version-pinned",
  how: "Writes `.nvmrc` with the Node major that `engines.node` names (else 24, the active LTS line), and points each `actions/setup-node` step that names no version at it (`node-version-file: .nvmrc`); a step with its own version (a matrix) keeps it.",
  fix({ files }) {
    const engines = (rootManifest(files)?.["engines"] as { node?: unknown } | undefined)?.node;
    const major = typeof engines === "string" ? /(\d+)/.exec(engines)?.[1] : undefined;
    files.create(".nvmrc", `${major ?? roadNode}\n`);
    const generated = new Set(renderedWorkflows(files));
    for (const path of workflows(files).filter((candidate) => !generated.has(candidate))) {
      try {
        pointSetupNode(files, path);
      } catch (error) {
        // A workflow that cannot be edited keeps its setup; the pin itself is the fix.
        if (!(error instanceof EditError)) throw error;
      }
    }
  },
});

/** Adds `node-version-file: .nvmrc` to the setup-node steps of a workflow that name no version. */
function pointSetupNode(files: Workspace, path: string): void {
  editWorkflow(files, path, (text, document) =>
    jobsOf(document).flatMap((job) => {
      const steps = stepsOf(job);
      return (isSeq(steps) ? steps.items : []).flatMap((step) => {
        const uses = pairOf(step, "uses")?.value;
        if (!isScalar(uses) || !String(uses.value).startsWith("actions/setup-node@")) return [];
        const settings = pairOf(step, "with")?.value;
        if (settings === undefined || settings === null)
          return [appendToMap(text, step as Node, ["with:", "  node-version-file: .nvmrc"])];
        if (pairOf(settings, "node-version") || pairOf(settings, "node-version-file")) return [];
        return [appendToMap(text, settings, ["node-version-file: .nvmrc"])];
      });
    }),
  );
}

/**
 * The exact version to pin for a lockfile's format: the newest release known to write it.
 * pnpm 9 and 10 both write lockfile 9.0, so that format gets the road's own pnpm.
 */
function versionFor(files: Workspace, manager: string, lockfile: string): string | undefined {
  const text = files.read(lockfile) ?? "";
  if (manager === "pnpm") {
    const format = /^lockfileVersion:\s*['"]?([\d.]+)/m.exec(text)?.[1];
    return { "9.0": templatePnpmVersion, "6.0": "8.15.9", "5.4": "7.33.7" }[format ?? ""];
  }
  if (manager === "yarn") return text.includes("# yarn lockfile v1") ? "1.22.22" : undefined;
  if (manager === "npm") {
    const format = /"lockfileVersion":\s*(\d+)/.exec(text.slice(0, 4096))?.[1];
    return format === "3" ? "10.9.2" : undefined;
  }
  return undefined;
}

export const packageManager = defineFixer({
  ruleId: "runtime/package-manager",
  how: 'Adds `"packageManager": "<tool>@<version>"` to the root package.json: the tool whose lockfile is committed, at the newest version known to write that lockfile format (pnpm lockfile 9.0 → the road\'s pnpm, 6.0 → 8.15.9; npm lockfile v3 → 10.9.2; Yarn v1 → 1.22.22).',
  fix({ files, manager }) {
    const lockfile = manager.lockfile;
    if (lockfile === undefined)
      refuse(
        "no lockfile is committed, so nothing tells which version to pin: run your package manager once, commit its lockfile, then adopt again.",
      );
    const version = versionFor(files, manager.manager.id, lockfile);
    if (version === undefined)
      refuse(
        `${lockfile} is in a format Paved does not map to a ${manager.manager.id} version: add "packageManager" by hand.`,
      );
    files.edit("package.json", (text) =>
      jsonSet(text, "package.json", ["packageManager"], `${manager.manager.id}@${version}`),
    );
  },
});
