import {
  renderGithub,
  renderGitlab,
  renderUpdates,
  type Provider,
  type UpdateBot,
} from "@paved/ci";
import ciManifest from "@paved/ci/package.json" with { type: "json" };
import { isRecord, pavedConfigFile, readPavedConfig } from "@paved/facts";
import { packageManagers } from "@paved/stations";
import { applyEdits, modify } from "jsonc-parser";
import {
  checkDescription,
  checkDirectory,
  checkName,
  checkNode,
  checkOwner,
  checkRegistry,
  checkScope,
  GeneratorError,
} from "./names.js";
import {
  renderTemplate,
  templatePnpmVersion,
  templateVersions,
  type TemplateData,
} from "./render.js";
import { installStep, leftToWire, runPrefix, testStep } from "./next-steps.js";
import {
  addOwner,
  addReference,
  berryRegistry,
  addToWorkspace,
  defaultProjectDir,
  detectWorkspace,
  inWorkspace,
  memberRange,
  nxWorkspace,
  workspaceMembers,
  yarnBerry,
  type SourceTree,
} from "./workspace.js";

export const projectKinds = ["service", "library"] as const;
export type ProjectKind = (typeof projectKinds)[number];
export type TemplateKind = ProjectKind | "repo";
export const templateKinds: readonly TemplateKind[] = ["service", "library", "repo"];

/** What the user asks for; anything left out comes from the organisation's settings. */
export interface NewOptions {
  kind: TemplateKind;
  name: string;
  /** Where it goes, relative to the root (default: the workspace's packages dir, or NAME). */
  directory?: string;
  /** For `repo`: the first project inside it (default: a service named like the repository). */
  project?: ProjectKind;
  scope?: string;
  owner?: string;
  description?: string;
  /** The Node major version (default: the organisation's, else 24). */
  node?: string;
  /** For `repo`: the dependency-update bot to configure (default renovate). */
  updates?: UpdateBot;
  /** For `repo`: where it is hosted, for its pipeline and review files (default github). */
  provider?: Provider;
  /** The registry @paved/* install from (default: the organisation's, else npm's default). */
  registry?: string;
}

/** The organisation's defaults, set once: `"new"` in paved.config.json at the root. */
export interface Settings {
  scope?: string;
  owner?: string;
  node?: string;
  /** The organisation's registry for @paved/* (an internal mirror), written to `.npmrc`. */
  registry?: string;
}

const settingKeys = ["scope", "owner", "node", "registry"] as const;

/** The files a generator will write, before anything is written. */
export interface Plan {
  /** Final contents by path, relative to the root: new files and edited ones. */
  files: Map<string, string>;
  /** New files, in order. */
  created: string[];
  /** Existing files the generator edits (workspace registration). */
  edited: string[];
  /** New files that already exist: nothing is written unless forced. */
  conflicts: string[];
  /** The new project's (or repository's) directory. */
  directory: string;
  /** What to run next. */
  nextSteps: string[];
}

const ciVersion = ciManifest.version;

/**
 * Reads the organisation's settings from paved.config.json (`"new"`), if it has any, with the
 * reader the audit uses (`readPavedConfig` of @paved/facts).
 */
export function readSettings(tree: SourceTree): Settings {
  const text = tree.read(pavedConfigFile);
  if (text === undefined) return {};
  const read = readPavedConfig(text, pavedConfigFile);
  if (!read.ok)
    throw new GeneratorError(
      `${pavedConfigFile} is not a valid JSON object (${read.problem.slice(pavedConfigFile.length + 2)}); fix it first.`,
    );
  const config = read.value;
  if (!isRecord(config))
    throw new GeneratorError("paved.config.json is not a valid JSON object; fix it first.");
  const section = config["new"];
  if (section === undefined) return {};
  if (!isRecord(section))
    throw new GeneratorError(
      `paved.config.json: "new" must be an object (${settingKeys.join(", ")}).`,
    );
  const settings: Settings = {};
  for (const key of settingKeys) {
    const value = section[key];
    if (value === undefined) continue;
    if (typeof value !== "string")
      throw new GeneratorError(`paved.config.json: "new.${key}" must be a string.`);
    settings[key] = value;
  }
  return settings;
}

/**
 * The workspace root's `.npmrc` with `@paved:registry=` set: the template when there is none,
 * else the existing file with that one line replaced or added.
 */
function registryFile(tree: SourceTree, data: TemplateData): [string, string] {
  const existing = tree.read(".npmrc");
  if (existing === undefined) {
    const [entry] = renderTemplate("registry", data);
    if (entry === undefined) throw new Error("template registry: no .npmrc");
    return entry;
  }
  const line = `@paved:registry=${data.registry}`;
  const lines = existing.split("\n");
  const at = lines.findIndex((text) => /^\s*@paved:registry\s*=/.test(text));
  if (at >= 0) lines[at] = line;
  else lines.splice(existing.endsWith("\n") ? lines.length - 1 : lines.length, 0, line);
  const text = lines.join("\n");
  return [".npmrc", text.endsWith("\n") ? text : `${text}\n`];
}

/** `@acme/payments` → `group:acme/payments`, for Backstage's catalogue. */
function ownerReference(owner: string): string {
  if (owner.startsWith("@") && owner.includes("/")) return `group:${owner.slice(1)}`;
  if (owner.startsWith("@")) return `user:${owner.slice(1)}`;
  return `user:${owner.split("@")[0] ?? owner}`;
}

/** The repository template's files a standalone project takes: its root wiring, not its workspace. */
const workspaceOnly = new Set([
  "package.json",
  "pnpm-workspace.yaml",
  "eslint.config.js",
  "README.md",
]);

/**
 * The stations that live at a repository's root: the pipeline from the CI preset (from the
 * scripts the root package.json defines) and the update bot's configuration.
 */
function rootWiring(
  files: Map<string, string>,
  directory: string,
  options: NewOptions,
  node: string,
): void {
  const manifest = JSON.parse(files.get(`${directory}/package.json`) ?? "{}") as {
    scripts?: Record<string, string>;
  };
  const pipelineOptions = {
    scripts: manifest.scripts ?? {},
    version: ciVersion,
    release: files.has(`${directory}/.changeset/config.json`),
  };
  const pipeline =
    options.provider === "gitlab"
      ? renderGitlab({ ...pipelineOptions, node })
      : renderGithub(pipelineOptions);
  for (const [path, text] of pipeline.files) files.set(`${directory}/${path}`, text);
  for (const [path, text] of renderUpdates(options.updates ?? "renovate"))
    files.set(`${directory}/${path}`, text);
}

/** The files of a new repository (`repo`), or of a project that is its own repository. */
function repositoryFiles(
  files: Map<string, string>,
  options: NewOptions,
  data: TemplateData,
  project: ProjectKind,
  directory: string,
): void {
  if (options.provider === "gitlab" && options.updates === "dependabot")
    throw new GeneratorError("Dependabot runs on GitHub only; on GitLab use Renovate.");
  // GitLab reads the owners and the merge request template from .gitlab/.
  const gitlabPaths: Record<string, string> = {
    [`${directory}/.github/CODEOWNERS`]: `${directory}/.gitlab/CODEOWNERS`,
    [`${directory}/.github/pull_request_template.md`]: `${directory}/.gitlab/merge_request_templates/Default.md`,
  };
  for (const [path, text] of renderTemplate("repo", data, directory)) {
    if (data.standalone && workspaceOnly.has(path.slice(directory.length + 1))) continue;
    files.set(options.provider === "gitlab" ? (gitlabPaths[path] ?? path) : path, text);
  }
  const inner = data.standalone ? directory : `${directory}/${data.projectDir}`;
  for (const [path, text] of renderTemplate(project, data, inner)) files.set(path, text);
  // `docker build -f DIR/Dockerfile .` reads the .dockerignore at the repository root.
  const dockerignore = files.get(`${inner}/.dockerignore`);
  if (!data.standalone && dockerignore !== undefined)
    files.set(`${directory}/.dockerignore`, dockerignore);
  rootWiring(files, directory, options, data.node);
}

/** The project's manifest with each dependency the workspace itself holds taken from there. */
function linkMembers(
  files: Map<string, string>,
  path: string,
  members: Map<string, string>,
  range: (version: string) => string,
): void {
  let text = files.get(path);
  if (text === undefined) return;
  const manifest = JSON.parse(text) as Record<string, Record<string, string> | undefined>;
  for (const field of ["dependencies", "devDependencies"])
    for (const name of Object.keys(manifest[field] ?? {})) {
      const version = members.get(name);
      if (version === undefined) continue;
      text = applyEdits(text, modify(text, [field, name], range(version), {}));
    }
  files.set(path, text);
}

/** Validated answers, with the organisation's settings for what the user left out. */
function answersOf(options: NewOptions, tree: SourceTree) {
  const settings = readSettings(tree);
  checkName(options.name);
  const scope = options.scope ?? settings.scope;
  if (scope !== undefined && scope !== "") checkScope(scope);
  const owner = options.owner ?? settings.owner;
  if (owner === undefined || owner === "")
    throw new GeneratorError(
      'no owner: pass --owner @org/team, or set "new": { "owner": … } in paved.config.json once for the organisation.',
    );
  checkOwner(owner);
  const node = options.node ?? settings.node ?? "24";
  checkNode(node);
  const description =
    options.description ??
    (options.kind === "library" ? "A library on the paved road." : "A service on the paved road.");
  checkDescription(description);
  const registry = options.registry ?? settings.registry;
  const registryUrl = registry === undefined ? "" : checkRegistry(registry);
  return { scope: scope === "" ? undefined : scope, owner, node, description, registryUrl };
}

/**
 * Plans `paved new`: validates the answers, renders the templates and works out the edits that
 * register the project in its workspace. Reads through `tree` only; writes nothing. Every front
 * door writes the plan it returns, so they all produce the same files.
 *
 * A project outside any workspace is its own repository and carries the repository's wiring
 * (pipeline, hooks, owners, Node and pnpm pins); inside one it uses the workspace's package
 * manager, takes the workspace's own packages from the workspace, and the next steps say what
 * the workspace's root still lacks.
 */
export function planNew(options: NewOptions, tree: SourceTree): Plan {
  const { scope, owner, node, description, registryUrl } = answersOf(options, tree);
  const packageName = scope === undefined ? options.name : `${scope}/${options.name}`;
  const project: ProjectKind =
    options.kind === "repo" ? (options.project ?? "service") : options.kind;
  const workspace =
    options.kind === "repo" ? undefined : (detectWorkspace(tree) ?? nxWorkspace(tree));
  const standalone = options.kind !== "repo" && workspace === undefined;
  const directory = checkDirectory(
    options.directory ??
      (options.kind === "repo" ? options.name : defaultProjectDir(workspace, options.name)),
  );
  const projectDir = options.kind === "repo" ? `packages/${options.name}` : directory;
  const manager = workspace?.manager ?? packageManagers.pnpm;
  const data: TemplateData = {
    name: options.name,
    packageName,
    scope: scope ?? "",
    repoName: options.name,
    description,
    owner,
    ownerRef: ownerReference(owner),
    node,
    nodeRange: node === "22" ? "22.12" : node,
    license: project === "library" ? "MIT" : "UNLICENSED",
    projectDir,
    gitlab: options.provider === "gitlab",
    dependabot: options.updates === "dependabot",
    pnpmVersion: templatePnpmVersion,
    registry: registryUrl,
    versions: { ...templateVersions },
    standalone,
    manager: manager.id,
    berry: yarnBerry(manager),
    run: runPrefix(manager),
    year: String(new Date().getFullYear()),
  };

  const files = new Map<string, string>();
  if (options.kind === "repo" || standalone)
    repositoryFiles(files, options, data, project, directory);
  else for (const [path, text] of renderTemplate(project, data, directory)) files.set(path, text);
  // A workspace has one .npmrc, at its root: registration edits it (below).
  if (registryUrl !== "" && workspace === undefined)
    for (const [path, text] of renderTemplate("registry", data, directory)) files.set(path, text);
  if (workspace !== undefined)
    linkMembers(files, `${directory}/package.json`, workspaceMembers(tree, workspace), (version) =>
      memberRange(workspace, version),
    );
  const created = [...files.keys()];
  const conflicts = created.filter((path) => tree.exists(path));

  // Registration in the workspace the project joins: membership, references, owner, changeset.
  const edited: string[] = [];
  const edit = (change: [string, string] | undefined) => {
    if (change === undefined) return;
    files.set(change[0], change[1]);
    (tree.exists(change[0]) ? edited : created).push(change[0]);
  };
  if (workspace !== undefined) {
    if (!inWorkspace(workspace, directory)) edit(addToWorkspace(tree, workspace, directory));
    edit(addReference(tree, `./${directory}/tsconfig.build.json`));
    edit(addOwner(tree, directory, owner));
    const npmrc =
      registryUrl === ""
        ? undefined
        : yarnBerry(manager)
          ? berryRegistry(tree, registryUrl)
          : registryFile(tree, data);
    if (npmrc !== undefined && tree.read(npmrc[0]) !== npmrc[1]) {
      files.set(npmrc[0], npmrc[1]);
      (tree.exists(npmrc[0]) ? edited : created).push(npmrc[0]);
    }
    // `docker build -f DIR/Dockerfile .` reads the .dockerignore at the workspace root.
    const dockerignore = files.get(`${directory}/.dockerignore`);
    if (dockerignore !== undefined && !tree.exists(".dockerignore")) {
      files.set(".dockerignore", dockerignore);
      created.push(".dockerignore");
    }
    if (tree.exists(".changeset/config.json")) {
      const changeset = `.changeset/new-${options.name}.md`;
      if (!tree.exists(changeset)) {
        files.set(
          changeset,
          `---\n"${packageName}": minor\n---\n\nNew ${project}: ${description}\n`,
        );
        created.push(changeset);
      }
    }
  }

  const install = installStep(manager);
  const nextSteps =
    workspace === undefined
      ? [`cd ${directory}`, "git init", install, "pnpm lint && pnpm typecheck && pnpm test"]
      : [install, testStep(manager, packageName), ...leftToWire(tree, workspace, data.nodeRange)];
  return { files, created, edited, conflicts, directory, nextSteps };
}
