import { securityScanners, type Tool } from "@paved/stations";
import { ciActions, ciCommands, ciPipelines, workspace } from "../catalogue.js";
import { toolsRunIn } from "../commands.js";
import { defineFact } from "../facts.js";
import { usesAction, type Located, type Pipeline } from "../pipelines.js";
import { isRecord } from "../record.js";
import { callsOnCommit } from "./commit-commands.js";

/** A security scan on the line: the scanner, how it runs, and where that is written. */
export interface SecurityScan {
  tool: Tool;
  by: "ci-command" | "ci-action" | "gitlab-template" | "pre-commit";
  at: Located<string>;
}

/** The files a GitLab pipeline includes (`include: - template: Jobs/SAST.gitlab-ci.yml`), at their lines. */
function gitlabTemplates(
  pipeline: Pipeline,
  line: (at: (string | number)[]) => number | undefined,
) {
  const document = pipeline.document.ok ? pipeline.document.value : undefined;
  const include = isRecord(document) ? document["include"] : undefined;
  const entries: unknown[] = Array.isArray(include)
    ? include
    : include === undefined
      ? []
      : [include];
  return entries.flatMap((entry, i): Located<string>[] => {
    // `template:`, a `remote:` copy of one, or the file named as a plain string.
    const key = isRecord(entry)
      ? typeof entry["template"] === "string"
        ? "template"
        : "remote"
      : undefined;
    const value = key && isRecord(entry) ? entry[key] : entry;
    if (typeof value !== "string") return [];
    const base = Array.isArray(include) ? ["include", i] : ["include"];
    return [{ path: pipeline.path, line: line(key ? [...base, key] : base), value }];
  });
}

export const securityScans = defineFact<SecurityScan[]>({
  id: "security-scans",
  how: "The security scanners of @paved/stations' table (package-manager audits, OSV-Scanner, Snyk, Trivy, audit-ci; CodeQL, Semgrep; gitleaks, TruffleHog, detect-secrets, secretlint) that the line runs: a CI command calling one (through package scripts too; `npm audit signatures` is no audit), a workflow step using its action, a GitLab template it is included by (`include: template:`, GitLab's dependency scanning, SAST and secret detection), or the pre-commit hook's commands (see commit-commands); each at its line.",
  read(facts) {
    const index = facts.files;
    const projects = facts.get(workspace).projects;
    const scans: SecurityScan[] = [];
    for (const at of facts.get(ciCommands))
      for (const call of toolsRunIn(index, projects, at.value))
        if (call.station === "security") scans.push({ tool: call.tool, by: "ci-command", at });
    for (const at of facts.get(ciActions)) {
      const tool = securityScanners.find((scanner) => usesAction(at.value, scanner.actions ?? []));
      if (tool) scans.push({ tool, by: "ci-action", at });
    }
    for (const pipeline of facts.get(ciPipelines).filter((found) => found.provider === "gitlab"))
      for (const at of gitlabTemplates(pipeline, (steps) => index.yamlLine(pipeline.path, steps))) {
        const tool = securityScanners.find((scanner) =>
          (scanner.gitlabTemplates ?? []).some((name) => at.value.endsWith(name)),
        );
        if (tool) scans.push({ tool, by: "gitlab-template", at });
      }
    for (const { call, at } of callsOnCommit(facts))
      if (call.station === "security") scans.push({ tool: call.tool, by: "pre-commit", at });
    return scans;
  },
});
