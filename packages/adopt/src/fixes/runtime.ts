import type { RepoIndex } from "@paved/conformance";
import { ciNodeVersions, Facts } from "@paved/facts";
import { templatePnpmVersion } from "@paved/generators";
import { coerce, compare, intersects, minVersion, validRange } from "semver";
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

/** Node's release lines with long-term support, newest first, from the road's own down. */
const ltsLines = [24, 22, 20, 18, 16, 14, 12, 10];

/** The root package.json's `engines.node`, where it is a range semver reads. */
function enginesRange(files: Workspace): string | undefined {
  const engines = (rootManifest(files)?.["engines"] as { node?: unknown } | undefined)?.node;
  // semver is given no more than a range's worth: the manifest is the repository's.
  return typeof engines === "string" && engines.length <= 256 && validRange(engines) !== null
    ? engines
    : undefined;
}

/**
 * The Node to develop and build with, for `.nvmrc`: the newest LTS line, up to the road's,
 * that `engines.node` allows (`>=14.15.0` gives 24, `^18 || ^20` gives 20), not the range's
 * floor, which says what the package still supports; else the oldest line the range allows.
 */
export function developmentNode(engines: string | undefined): string {
  if (engines === undefined) return roadNode;
  const line = ltsLines.find((major) => intersects(`${String(major)}.x`, engines));
  return String(line ?? minVersion(engines)?.major ?? roadNode);
}

/**
 * The Node versions CI sets up that semver reads (`20`, `18.x`, `12.20.0`, the `20` of a
 * `node:20-alpine` image; not `lts/*` or `latest`), oldest first, as written.
 */
function testedNodes(index: RepoIndex): string[] {
  return (
    new Facts(index)
      .get(ciNodeVersions)
      // A GitLab image's variant (`20-alpine`) is the same Node.
      .map(({ value }) => value.replace(/-[\w.-]*$/, ""))
      .filter(
        (value) =>
          value.length <= 64 && /^v?\d+(?:\.(?:\d+|x))*$/.test(value) && coerce(value) !== null,
      )
      .sort((a, b) => compare(coerce(a) ?? "0.0.0", coerce(b) ?? "0.0.0"))
  );
}

/**
 * The floor for `engines.node`: the oldest Node CI tests (`>=12.20.0` as written, `>=18` for
 * `18.x`), else the Node the repository itself pins (read as it was before adopt), else the
 * road's floor: never a pin adopt writes in the same plan, which would narrow a published
 * package's support to the one line it is developed on.
 */
export function supportedFloor(index: RepoIndex): string {
  const oldest = testedNodes(index)[0];
  if (oldest !== undefined) {
    const version = oldest.replace(/^v/, "");
    return /^\d+\.\d+\.\d+$/.test(version)
      ? `>=${version}`
      : `>=${/^\d+/.exec(version)?.[0] ?? ""}`;
  }
  for (const file of [".nvmrc", ".node-version"]) {
    const text = index.text(file);
    const major = text.ok ? /^\s*v?(\d+)/.exec(text.value)?.[1] : undefined;
    if (major !== undefined) return `>=${major}`;
  }
  return ">=22.12";
}

export const engines = defineFixer({
  ruleId: "runtime/engines",
  how: 'Adds `engines.node` to package.json: `>=` the oldest Node CI tests (`actions/setup-node` versions and matrices, GitLab `node:` images), else the Node major the repository pins (`.nvmrc`, `.node-version`), else `">=22.12"`.',
  fix({ files, index, project }) {
    const path = inProject(project, "package.json");
    files.edit(path, (text) => jsonAdd(text, path, ["engines", "node"], supportedFloor(index)));
  },
});

export const nodeVersionPinned = defineFixer({
  ruleId: "runtime/node-version-pinned",
  how: "Writes `.nvmrc` with the newest LTS line, up to the road's (24), that `engines.node` allows (24 without engines), and points each `actions/setup-node` step that names no version at it (`node-version-file: .nvmrc`); a step with its own version (a matrix) keeps it.",
  fix({ files }) {
    files.create(".nvmrc", `${developmentNode(enginesRange(files))}\n`);
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
