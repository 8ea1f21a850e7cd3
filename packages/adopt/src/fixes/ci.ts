import { actionPins } from "@paved/ci";
import { pipelines, soleProvider } from "@paved/facts";
import { isScalar, isSeq, type Node } from "yaml";
import { jsonAdd } from "../edit/json.js";
import {
  appendToSeq,
  lineEnd,
  lineStart,
  pairOf,
  prependToMap,
  span,
  yamlDocument,
  type Splice,
} from "../edit/yaml.js";
import { defineFixer, refuse, scriptsOf, type FixContext } from "../fix.js";
import { formatScript } from "./local.js";
import { rendered, renderAgain, renderedWorkflows, workflows } from "./pipeline.js";
import {
  editWorkflow,
  gitlabMainJob,
  jobNamed,
  jobsOf,
  circleciLineJob,
  lineJob,
  stepsOf,
  type Job,
} from "./workflow.js";

export const pipelinePresent = defineFixer({
  ruleId: "ci/pipeline-present",
  how: "Writes the hardened GitHub Actions pipeline that `paved ci` renders for the repository (its package manager, lockfile, Node pin and scripts as the plan leaves them).",
  fix(context) {
    // The rendered line runs a station where a script runs it: the scripts come first.
    for (const station of ["format", "lint", "typecheck"]) addScript(context, station);
    for (const [path, text] of rendered(context.files).files) context.files.create(path, text);
  },
});

export const pipelineIntact = defineFixer({
  ruleId: "ci/pipeline-intact",
  how: "Renders every pipeline that carries a `# paved-ci:` header again, as `paved ci` does.",
  fix: renderAgain,
});

/** Station scripts the fix can add where the tool is present, and what they run. */
function stationScript(context: FixContext, station: string): string | undefined {
  const { files } = context;
  if (station === "format") return formatScript(files);
  const deps = new Set(
    Object.keys({
      ...(context.projects[0]?.manifest?.devDependencies ?? {}),
      ...(context.projects[0]?.manifest?.dependencies ?? {}),
    }),
  );
  const planned = files.read("package.json") ?? "";
  const has = (name: string) => deps.has(name) || planned.includes(`"${name}"`);
  if (station === "lint" && has("eslint")) return "eslint .";
  if (station === "typecheck" && has("typescript") && files.has("tsconfig.json"))
    return "tsc --noEmit";
  return undefined;
}

const scriptName = (station: string): string => (station === "format" ? "format:check" : station);

/** Adds a station's script where it is missing and its tool is present; whether one is there now. */
function addScript(context: FixContext, station: string): boolean {
  const name = scriptName(station);
  const root = context.projects[0] ?? context.project;
  if (scriptsOf(context.files, root)[name] !== undefined) return true;
  const command = stationScript(context, station);
  if (command === undefined || !context.files.has("package.json")) return false;
  context.files.edit("package.json", (text) =>
    jsonAdd(text, "package.json", ["scripts", name], command),
  );
  return true;
}

/**
 * Refuses a fix that would put `what` into CI, where the repository's only CI is CircleCI and
 * no job of it has steps of its own to add to (or the fix needs a workflow of its own), or is
 * Travis CI or Azure Pipelines: a GitHub workflow beside it would be a second CI the team did not
 * choose.
 */
function notOnForeignCi(files: FixContext["files"], what: string, workflow = false): void {
  const all = pipelines(files.index);
  const config = all[0]?.path;
  if (config === undefined) return;
  // Adopt edits no .travis.yml or Azure pipeline: the team adds to a job there.
  const only = soleProvider(all);
  if (only === "travis" || only === "azure")
    refuse(
      `CI runs on ${only === "travis" ? "Travis CI" : "Azure Pipelines"} (${config}), whose jobs adopt does not edit${workflow ? " and beside which it writes no GitHub workflow" : ""}: add ${what} to ${only === "travis" ? "the `script` of a job there" : "a `script` step of a job there"}.`,
    );
  if (only !== "circleci") return;
  refuse(
    workflow
      ? `CI runs on CircleCI (${config}), beside which adopt writes no GitHub workflow: add ${what} to a job there.`
      : `CI runs on CircleCI (${config}), and no job of it installs the dependencies in block-style steps of its own, where adopt adds \`run\` steps: add ${what} to a job there.`,
  );
}

/** Adds the scripts (where missing) and makes CI run them: in place in a foreign workflow. */
function runInCi(context: FixContext, stations: readonly string[]): void {
  const { files, manager } = context;
  const names: string[] = [];
  for (const station of stations) {
    const name = scriptName(station);
    if (!addScript(context, station))
      refuse(`no \`${name}\` script, and no tool to write one for.`);
    names.push(name);
  }
  if (renderedWorkflows(files).length > 0) {
    renderAgain(context);
    return;
  }
  const line = lineJob(files.index);
  if (line === undefined) {
    const commands = names.map((name) => manager.manager.run(name));
    if (appendToCircleciJob(files, commands)) return;
    notOnForeignCi(files, commands.map((command) => `\`${command}\``).join(", "));
    if (
      appendToGitlabJob(
        files,
        names.map((name) => manager.manager.run(name)),
      )
    )
      return;
    refuse(
      "no GitHub workflow or GitLab job installs the dependencies (and commits nothing back), so none can run the scripts.",
    );
  }
  editWorkflow(files, line.path, (text, document) => {
    const job = jobNamed(document, line.job);
    const steps = job ? stepsOf(job) : undefined;
    if (!steps)
      refuse(`${line.path}: no job installs the dependencies, so none can run the scripts.`);
    return [
      appendToSeq(
        text,
        steps,
        names.map((name) => [`name: ${name}`, `run: ${manager.manager.run(name)}`]),
      ),
    ];
  });
}

/** A command as one plain YAML scalar, or undefined where it would need quoting. */
const plainScalar = (command: string): string | undefined =>
  /^[\w./@-][^#:{}[\],&*!|>'"%@`]*$/.test(command) && !/\s$/.test(command) ? command : undefined;

/**
 * Appends commands to the `script` of the GitLab job that installs the dependencies, in place;
 * false where there is no `.gitlab-ci.yml` or no such job.
 */
function appendToGitlabJob(files: FixContext["files"], commands: readonly string[]): boolean {
  const path = ".gitlab-ci.yml";
  const text = files.has(path) ? files.read(path) : undefined;
  if (text === undefined || gitlabMainJob(yamlDocument(text, path)) === undefined) return false;
  editWorkflow(files, path, (current, document) => {
    const job = gitlabMainJob(document);
    if (job === undefined) refuse(`${path}: no job installs the dependencies.`);
    const lines = commands.map((command) => [plainScalar(command) ?? JSON.stringify(command)]);
    return [appendToSeq(current, job.script, lines)];
  });
  return true;
}

/**
 * Appends `run` steps to the CircleCI job that installs the dependencies (`circleciLineJob`),
 * in place; false where there is no such job.
 */
function appendToCircleciJob(files: FixContext["files"], commands: readonly string[]): boolean {
  const line = circleciLineJob(files.index);
  if (line === undefined) return false;
  editWorkflow(files, line.path, (text, document) => {
    const job = jobNamed(document, line.job);
    const steps = job ? stepsOf(job) : undefined;
    if (!steps) refuse(`${line.path}: job \`${line.job}\` has no steps of its own to add to.`);
    const lines = commands.map((command) => [
      `run: ${plainScalar(command) ?? JSON.stringify(command)}`,
    ]);
    return [appendToSeq(text, steps, lines)];
  });
  return true;
}

/** The stations a finding says CI does not run ("CI does not run: lint, test."). */
const missingStations = (context: FixContext): string[] =>
  context.findings.flatMap(
    (finding) =>
      /CI does not run: ([^.]+)/
        .exec(finding.message)?.[1]
        ?.split(",")
        .map((station) => station.trim()) ?? [],
  );

export const runsStations = defineFixer({
  ruleId: "ci/runs-stations",
  how: "Adds the `lint` (`eslint .`), `typecheck` (`tsc --noEmit`) and `test` scripts CI lacks where the tools are present, and runs them: a pipeline `paved ci` rendered is rendered again; in a foreign GitHub workflow, steps are added to the line's job (one that installs the dependencies and commits nothing back, preferring one run on pushes or pull requests, one already running checks, one not for end-to-end runs, releases or docs, and one without a matrix), and in a GitLab pipeline, commands to that job's `script`; in a CircleCI config, `run` steps at the end of the job that installs the dependencies with block-style steps of its own (none, and no GitHub workflow, where there is no such job: the skip names the commands); nothing where the only CI is Travis CI or Azure Pipelines, whose files adopt does not edit (the skip names the commands).",
  fix: (context) => {
    runInCi(context, missingStations(context));
  },
});

export const checkInLine = defineFixer({
  ruleId: "format/check-in-line",
  how: "Adds a `format:check` script running the check of the formatter the repository is configured with (`prettier --check .`, `biome ci .`, `dprint check`, `oxfmt --check`, `deno fmt --check`), else of Prettier or Biome where a dependency, and runs it in CI as ci/runs-stations' fix runs the other stations; nothing where the only CI is Travis CI or Azure Pipelines, whose files adopt does not edit (the skip names the commands).",
  fix: (context) => {
    runInCi(context, ["format"]);
  },
});

export const dependencyAudit = defineFixer({
  ruleId: "security/dependency-audit",
  how: "Adds a step running the package manager's audit of production dependencies (`npm audit --omit=dev`, `pnpm audit --prod`, …) to the line's job, chosen as ci/runs-stations' fix chooses it (in a GitLab pipeline, a command at the end of that job's `script`; in a CircleCI config, a `run` step at the end of the job that installs); not before a lockfile is committed, which the audit needs; nothing where the only CI is Travis CI or Azure Pipelines, whose files adopt does not edit (the skip names the commands).",
  fix(context) {
    const { files, manager } = context;
    lockfileFirst(context, "a dependency audit");
    if (renderedWorkflows(files).length > 0) {
      for (const [path, text] of rendered(files).files) files.create(path, text);
      return;
    }
    const line = lineJob(files.index);
    if (line === undefined) {
      if (appendToCircleciJob(files, [manager.manager.audit])) return;
      notOnForeignCi(files, `\`${manager.manager.audit}\``);
      if (appendToGitlabJob(files, [manager.manager.audit])) return;
      refuse(
        "no GitHub workflow or GitLab job installs the dependencies (and commits nothing back) to audit.",
      );
    }
    editWorkflow(files, line.path, (text, document) => {
      const job = jobNamed(document, line.job);
      const steps = job ? stepsOf(job) : undefined;
      if (!steps) refuse(`${line.path}: no job installs the dependencies to audit.`);
      return [
        appendToSeq(text, steps, [["name: Dependency audit", `run: ${manager.manager.audit}`]]),
      ];
    });
  },
});

/**
 * Refuses a fix whose job installs exactly the lockfile and audits it where none is committed:
 * the frozen install and every package manager's audit fail without one, and the repository's
 * CI would turn red (`security/lockfile` says how to commit it).
 */
function lockfileFirst({ manager }: FixContext, what: string): void {
  if (manager.lockfile !== undefined) return;
  const lockfile = manager.manager.lockfiles[0] ?? "lockfile";
  refuse(
    `no lockfile is committed, and ${what} needs one: \`${manager.manager.frozenInstall}\` and \`${manager.manager.audit}\` fail without it. Commit the ${lockfile} that \`${manager.manager.id} install\` writes (see security/lockfile), then adopt again.`,
  );
}

/** A security workflow as `paved ci` renders it: secret scan and CodeQL, pinned and read-only. */
function securityWorkflow(context: FixContext, what: string): void {
  const { files } = context;
  notOnForeignCi(files, what, true);
  // Its dependency-audit job installs exactly the lockfile and audits it.
  lockfileFirst(context, "the security workflow (security.yml audits the dependencies too)");
  const path = ".github/workflows/security.yml";
  const text = rendered(files).files.get(path);
  if (text === undefined) refuse("paved ci renders no security workflow here.");
  if (files.has(path) && !renderedWorkflows(files).includes(path))
    refuse(`${path} exists and was not rendered by paved ci: add ${what} to it by hand.`);
  files.write(path, text);
}

export const secretScanning = defineFixer({
  ruleId: "security/secret-scanning",
  how: "Adds `.github/workflows/security.yml` as `paved ci` renders it: TruffleHog over the history, CodeQL and the dependency audit, actions pinned by SHA, a read-only token; not before a lockfile is committed, which its dependency audit needs; and none where the only CI is CircleCI, Travis CI or Azure Pipelines (the skip says what to add to a job there).",
  fix: (context) => {
    securityWorkflow(
      context,
      "a secret scan (TruffleHog: `trufflehog git file://. --only-verified --fail`, or gitleaks)",
    );
  },
});

export const sast = defineFixer({
  ruleId: "security/sast",
  how: "Adds `.github/workflows/security.yml` as `paved ci` renders it (CodeQL for JavaScript and TypeScript, among its jobs); not before a lockfile is committed, which its dependency audit needs; and none where the only CI is CircleCI, Travis CI or Azure Pipelines (the skip says what to add to a job there).",
  fix: (context) => {
    securityWorkflow(context, "CodeQL");
  },
});

/** `owner/repo@ref` of a `uses:` value, when it names a repository action. */
const usesPattern = /^([\w.-]+\/[\w.-]+)(\/[\w./-]+)?@([\w.-]+)$/;

export const actionsPinned = defineFixer({
  ruleId: "ci/actions-pinned",
  how: "Pins each action to the full commit SHA in the CI preset's table, with the version as a comment, where the tag names the same major version. Only when every unpinned action is in the table: otherwise the fix is skipped, naming the actions to pin by hand or with Renovate's `helpers:pinGitHubActionDigests`.",
  fix({ files, findings }) {
    // The rule passes only when every action is pinned: a partial pin is no fix to claim.
    const unknown = findings.flatMap((finding) => {
      const uses = /^`([^`]+)` is not pinned/.exec(finding.message)?.[1];
      return uses !== undefined && pinFor(uses) === undefined ? [uses] : [];
    });
    if (unknown.length > 0)
      refuse(
        `the CI preset has no pin for ${[...new Set(unknown)].slice(0, 5).join(", ")}${unknown.length > 5 ? ", …" : ""}: pin them by hand or let Renovate's helpers:pinGitHubActionDigests do it.`,
      );
    let pinned = 0;
    for (const path of workflows(files)) {
      editWorkflow(files, path, (text, document) => {
        const splices: Splice[] = [];
        for (const job of jobsOf(document)) {
          const steps = stepsOf(job);
          for (const step of isSeq(steps) ? steps.items : []) {
            const uses = pairOf(step, "uses")?.value;
            if (!isScalar(uses) || typeof uses.value !== "string") continue;
            const splice = pinSplice(text, uses as Node, uses.value);
            if (splice) splices.push(...splice);
          }
        }
        pinned += splices.length;
        return splices;
      });
    }
    if (pinned === 0) refuse("none of the unpinned actions is in the CI preset's table of pins.");
  },
});

/** The preset's pin for a `uses:` value, when it has one for the same major version. */
function pinFor(value: string): { action: string; sha: string; version: string } | undefined {
  const match = usesPattern.exec(value);
  if (!match) return undefined;
  const [, repo = "", subpath = "", ref = ""] = match;
  const pin = (actionPins as Readonly<Record<string, { sha: string; version: string }>>)[repo];
  if (pin === undefined || /^[0-9a-f]{40}$/.test(ref)) return undefined;
  const major = (version: string) => /^v?(\d+)/.exec(version)?.[1];
  if (major(ref) === undefined || major(ref) !== major(pin.version)) return undefined;
  return { action: `${repo}${subpath}`, ...pin };
}

function pinSplice(text: string, node: Node, value: string): Splice[] | undefined {
  const pin = pinFor(value);
  if (pin === undefined) return undefined;
  const [start, end] = span(node);
  const quote = /^["']/.exec(text.slice(start, end))?.[0] ?? "";
  const splices: Splice[] = [{ start, end, text: `${quote}${pin.action}@${pin.sha}${quote}` }];
  const eol = lineEnd(text, end);
  if (!text.slice(end, eol).includes("#"))
    splices.push({ start: eol, end: eol, text: ` # ${pin.version}` });
  return splices;
}

/**
 * Steps that write to the repository or publish, so that their job needs a write scope:
 * publishing, pushing, commenting, labelling, and OIDC
 * (`use_oidc: true`, Codecov's tokenless upload needs `id-token: write`); Codecov's action with
 * a token needs none.
 */
const writers =
  /\b(changesets\/action|semantic-release|release-please|softprops\/action-gh-release|peaceiris\/actions-gh-pages|actions\/deploy-pages|github-pages-deploy|git\s+push|gh\s+(release|pr|issue)|npm\s+publish|pnpm\s+publish|yarn\s+publish|actions\/github-script|stefanzweifel\/git-auto-commit-action|peter-evans\/create-pull-request|actions\/stale|actions\/labeler)\b|\buse_oidc:\s*true\b/;

/**
 * Whether a job calls a reusable workflow that may need a write scope: another repository's
 * (which cannot be read here), or one of this repository's that grants a write or has a job
 * that publishes, pushes or comments. A top-level `contents: read` in the caller caps the
 * called workflow's jobs, and GitHub then rejects the whole run.
 */
function callsWriter(files: FixContext["files"], job: Job): boolean {
  const uses = pairOf(job.node, "uses")?.value;
  if (!isScalar(uses) || typeof uses.value !== "string") return false;
  const local = /^\.\/(\.github\/workflows\/[^/\\]+\.ya?ml)$/.exec(uses.value.trim())?.[1];
  if (local === undefined) return true;
  const called = files.has(local) ? files.read(local) : undefined;
  return called === undefined || writers.test(called) || /:\s*write\b|write-all/.test(called);
}

export const permissions = defineFixer({
  ruleId: "ci/permissions",
  how: "Adds `permissions: contents: read` at the top of each workflow that sets none, before `jobs:`; a workflow with a job that publishes, pushes or comments (and so needs a write scope), or that calls a reusable workflow that may (another repository's, or one of this repository's that grants a write), is left for a hand edit.",
  fix({ files, findings }) {
    const paths = findings.flatMap((finding) =>
      finding.location && finding.message.includes("sets no top-level permissions")
        ? [finding.location.path]
        : [],
    );
    if (paths.length === 0)
      refuse(
        "a workflow grants writes at the top level: move them to the jobs that need them by hand.",
      );
    for (const path of paths) {
      editWorkflow(files, path, (text, document) => {
        const jobs = pairOf(document.contents, "jobs");
        const key = jobs?.key;
        if (!jobs || !key) refuse(`${path} has no jobs.`);
        const unscoped = jobsOf(document).filter(
          (job) => pairOf(job.node, "permissions") === undefined,
        );
        const writing = unscoped.filter(
          (job) => writers.test(text.slice(...span(job.node))) || callsWriter(files, job),
        );
        if (writing.length > 0)
          refuse(
            `${path}: job ${writing.map((job) => job.name).join(", ")} may need a write scope; set its permissions by hand.`,
          );
        const at = lineStart(text, span(key)[0]);
        const eol = text.includes("\r\n") ? "\r\n" : "\n";
        const indent = " ".repeat(Math.max(2, jobsIndent(text, document)));
        return [
          {
            start: at,
            end: at,
            text: `# Read-only by default; a job that needs to write says so itself.${eol}permissions:${eol}${indent}contents: read${eol}${eol}`,
          },
        ];
      });
    }
  },
});

/** How far the workflow indents its jobs, so inserted text matches it. */
function jobsIndent(text: string, document: Parameters<typeof jobsOf>[0]): number {
  const first = jobsOf(document)[0];
  const key = first ? pairOf(document.contents, "jobs")?.value : undefined;
  const firstKey = (key as { items?: { key?: Node }[] } | undefined)?.items?.[0]?.key;
  if (!firstKey) return 2;
  const start = span(firstKey)[0];
  return start - lineStart(text, start);
}

/** The timeout given to a job without one: above the usual run, far below GitHub's six hours. */
const jobTimeout = 30;

export const timeouts = defineFixer({
  ruleId: "ci/timeouts",
  how: `Adds \`timeout-minutes: ${String(jobTimeout)}\` to each GitHub job without a timeout, as its first key, and \`default: timeout: ${String(jobTimeout)}m\` to a GitLab pipeline without one; a timeout that is set but invalid is left for a hand edit.`,
  fix({ files, findings }) {
    const byPath = new Map<string, Set<string>>();
    for (const finding of findings) {
      const job = /^Job `([^`]+)` has no timeout\./.exec(finding.message)?.[1];
      if (job === undefined || !finding.location) continue;
      const set = byPath.get(finding.location.path) ?? new Set<string>();
      set.add(job);
      byPath.set(finding.location.path, set);
    }
    if (byPath.size === 0) refuse("the timeouts that are set are invalid: correct them by hand.");
    for (const [path, jobs] of byPath) {
      if (path === ".gitlab-ci.yml") {
        gitlabDefault(files, path);
        continue;
      }
      editWorkflow(files, path, (text, document) =>
        jobsOf(document)
          .filter((job) => jobs.has(job.name))
          .map((job) => prependToMap(text, job.node, [`timeout-minutes: ${String(jobTimeout)}`])),
      );
    }
  },
});

function gitlabDefault(files: FixContext["files"], path: string): void {
  editWorkflow(files, path, (text, document) => {
    const defaults = pairOf(document.contents, "default")?.value;
    if (defaults) return [prependToMap(text, defaults, [`timeout: ${String(jobTimeout)}m`])];
    const eol = text.includes("\r\n") ? "\r\n" : "\n";
    const first = (document.contents as { items?: { key?: Node }[] } | null)?.items?.[0]?.key;
    const at = first ? lineStart(text, span(first)[0]) : 0;
    return [
      { start: at, end: at, text: `default:${eol}  timeout: ${String(jobTimeout)}m${eol}${eol}` },
    ];
  });
}
