import { existsSync } from "node:fs";
import { asText, readBounded, withLock, WriteError } from "@paved/fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { providers, updateBots } from "@paved/ci";
import { declaresWorkspace } from "@paved/facts";
import {
  diskTree,
  GeneratorError,
  planNew,
  projectKinds,
  templateKinds,
  writePlan,
  type NewOptions,
  type Plan,
  type TemplateKind,
} from "@paved/generators";
import {
  commandError,
  isOneOf,
  mustBe,
  parseCommand,
  usageError,
  type CliResult,
  type Io,
} from "../io.js";

export const newHelp = `Usage: paved new service|library|repo NAME [options]

Scaffolds a project with every station of the paved road wired, using the published presets.
Inside a workspace it also registers the project: workspace membership, the root tsconfig's
references, a CODEOWNERS line and a changeset.

  service   a Fastify service: config checked at start, /healthz and /readyz, graceful
            shutdown, logs, telemetry, feature flags, tests, Dockerfile, Backstage entry
  library   a publishable TypeScript package: exports map, types, publint
  repo      a whole repository (CI, hooks, changesets, Renovate, CODEOWNERS, SECURITY.md)
            with a first service or library inside

Options:
  --dir DIR             where to put it (default: the workspace's packages/NAME, else NAME)
  --scope @acme         npm scope (default: "new.scope" in paved.config.json)
  --owner @org/team     owning team (default: "new.owner" in paved.config.json)
  --description TEXT    one sentence on what it does
  --project KIND        repo only: the first project, service or library (default: service)
  --updates BOT         repo only: renovate or dependabot (default: renovate)
  --provider HOST       repo only: github or gitlab, for its pipeline and review files
                        (default: github)
  --node 24             Node major version (default: "new.node" in paved.config.json, else 24)
  --registry URL        where @paved/* install from, written to the project's .npmrc
                        (default: "new.registry" in paved.config.json, else npm's default)
  --dry-run             show what would be written, write nothing
  --force               overwrite files that already exist
  --yes                 never ask; take every default (the default when not on a terminal)
  -h, --help            print this help

Exit codes: 0 written (or planned, with --dry-run), 1 existing files in the way (nothing
written), 2 a bad name or option.
`;

const usage = (message: string): CliResult => usageError("new", message);

/** The nearest directory at or above `start` that is a workspace root, else `start`. */
export function workspaceRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    // An Nx workspace may list no packages to its package manager: nx.json marks its root.
    if (existsSync(join(dir, "nx.json"))) return dir;
    // The workspace reader of the audit and the generators; the manifest read bounded.
    const declared = declaresWorkspace((file) => {
      if (file === "pnpm-workspace.yaml") return existsSync(join(dir, file)) ? "" : undefined;
      const read = asText(readBounded(join(dir, file), 4 * 1024 * 1024));
      return read.ok ? read.value : undefined;
    });
    if (declared) return dir;
    if (existsSync(join(dir, ".git")) || dirname(dir) === dir) return start;
  }
}

export const newOptions = {
  dir: { type: "string" },
  scope: { type: "string" },
  owner: { type: "string" },
  description: { type: "string" },
  project: { type: "string" },
  updates: { type: "string" },
  provider: { type: "string" },
  node: { type: "string" },
  registry: { type: "string" },
  "dry-run": { type: "boolean" },
  force: { type: "boolean" },
  yes: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function describePlan(plan: Plan, root: string, cwd: string, dryRun: boolean): string {
  const shown = (path: string) => relative(cwd, join(root, path)).split(sep).join("/") || ".";
  const lines = [
    dryRun
      ? `paved new would write ${String(plan.created.length)} files in ${shown(plan.directory)} (dry run: nothing written):`
      : `Wrote ${String(plan.created.length)} files in ${shown(plan.directory)}:`,
    ...plan.created.map((path) => `  + ${shown(path)}`),
  ];
  if (plan.edited.length > 0) {
    lines.push(dryRun ? "and would register it in:" : "Registered it in:");
    lines.push(...plan.edited.map((path) => `  ~ ${shown(path)}`));
  }
  lines.push("", "Next:", ...plan.nextSteps.map((step) => `  ${step}`), "");
  return lines.join("\n");
}

export function runNew(argv: readonly string[], io: Io): CliResult {
  const outcome = parseCommand("new", argv, newOptions, newHelp);
  if ("result" in outcome) return outcome.result;
  const { values, positionals } = outcome.parsed;
  const [kind, name, ...extra] = positionals;
  if (kind === undefined) return usage("say what to create: service, library or repo.");
  if (!templateKinds.includes(kind as TemplateKind))
    return usage(`'${kind}' is not something paved new makes; use service, library or repo.`);
  if (name === undefined) return usage(`give the ${kind} a name: paved new ${kind} NAME.`);
  if (extra.length > 0) return usage(`one name at a time; got ${[name, ...extra].join(", ")}.`);
  for (const flag of ["project", "updates", "provider"] as const)
    if (values[flag] !== undefined && kind !== "repo")
      return usage(`--${flag} is for paved new repo.`);
  if (!isOneOf(values.project, projectKinds))
    return usage(mustBe("project", projectKinds, values.project));
  if (!isOneOf(values.updates, updateBots))
    return usage(mustBe("updates", updateBots, values.updates));
  if (!isOneOf(values.provider, providers))
    return usage(mustBe("provider", providers, values.provider));

  const root = kind === "repo" ? io.cwd : workspaceRoot(io.cwd);
  let directory: string | undefined;
  if (values.dir !== undefined) {
    const target = resolve(io.cwd, values.dir);
    const inside = relative(root, target);
    if (inside === "" || inside.startsWith("..") || resolve(root, inside) !== target)
      return usage(`--dir ${values.dir} is not inside ${root}.`);
    directory = inside.split(sep).join("/");
  }
  const options: NewOptions = {
    kind: kind as TemplateKind,
    name,
    ...(directory === undefined ? {} : { directory }),
    ...(values.project === undefined ? {} : { project: values.project }),
    ...(values.updates === undefined ? {} : { updates: values.updates }),
    ...(values.provider === undefined ? {} : { provider: values.provider }),
    ...(values.scope === undefined ? {} : { scope: values.scope }),
    ...(values.owner === undefined ? {} : { owner: values.owner }),
    ...(values.description === undefined ? {} : { description: values.description }),
    ...(values.node === undefined ? {} : { node: values.node }),
    ...(values.registry === undefined ? {} : { registry: values.registry }),
  };
  const dryRun = values["dry-run"] === true;
  // Planned and written under the workspace's lock: parallel runs in one workspace each see
  // the others' CODEOWNERS lines and references, instead of the last writer's winning.
  const planAndWrite = (): CliResult => {
    const plan = planNew(options, diskTree(root));
    if (plan.conflicts.length > 0 && values.force !== true) {
      return {
        exitCode: 1,
        stdout: "",
        stderr: `paved new: these files already exist, and nothing was written (use --force to overwrite them):\n${plan.conflicts
          .map((path) => `  ${relative(io.cwd, join(root, path)).split(sep).join("/")}`)
          .join("\n")}\n`,
      };
    }
    if (!dryRun) writePlan(root, plan, { force: values.force === true });
    return { exitCode: 0, stdout: describePlan(plan, root, io.cwd, dryRun), stderr: "" };
  };
  try {
    return dryRun ? planAndWrite() : withLock(root, planAndWrite);
  } catch (error) {
    if (error instanceof GeneratorError || error instanceof WriteError)
      return { exitCode: 2, stdout: "", stderr: commandError("new", error.message) };
    throw error;
  }
}
