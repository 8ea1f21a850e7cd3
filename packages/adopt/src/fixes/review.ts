import { defineFixer, refuse } from "../fix.js";

export const policy = defineFixer({
  ruleId: "security/policy",
  how: "Adds SECURITY.md asking for private reports through GitHub's private vulnerability reporting.",
  fix({ files }) {
    files.create(
      "SECURITY.md",
      [
        "# Security policy",
        "",
        "Please do not report security vulnerabilities in public issues.",
        "",
        "Report them privately through GitHub's private vulnerability reporting",
        "(Security → Report a vulnerability). We answer within three working days and",
        "publish an advisory once a fix is released.",
        "",
        "Supported versions: the latest release line.",
        "",
      ].join("\n"),
    );
  },
});

export const prTemplate = defineFixer({
  ruleId: "review/pr-template",
  how: "Adds `.github/pull_request_template.md` (or `.gitlab/merge_request_templates/Default.md` on GitLab) asking for the why, the test plan and the risk.",
  fix({ files }) {
    const path =
      files.has(".gitlab-ci.yml") && !files.has(".github")
        ? ".gitlab/merge_request_templates/Default.md"
        : ".github/pull_request_template.md";
    files.create(
      path,
      "## Why\n\n## What changed\n\n## How it was tested\n\n## Risk and rollback\n",
    );
  },
});

const codeownersFiles = [
  ".github/CODEOWNERS",
  "CODEOWNERS",
  "docs/CODEOWNERS",
  ".gitlab/CODEOWNERS",
];

/** A GitHub or GitLab owner: `@user`, `@org/team`, or an e-mail address. */
const ownerPattern = /^(@[\w.-]+(\/[\w.-]+)?|[^\s@]+@[^\s@]+\.[^\s@]+)$/;

export const codeowners = defineFixer({
  ruleId: "review/codeowners",
  how: "Writes `.github/CODEOWNERS` with `* OWNER` (from `--owner`, else `new.owner` in paved.config.json); in an existing CODEOWNERS, puts `* OWNER` first, so that its own lines still win.",
  fix({ files, owner }) {
    if (owner === undefined)
      refuse(
        'no owner is known: pass --owner @org/team, or set "new": { "owner": … } in paved.config.json.',
      );
    if (!ownerPattern.test(owner))
      refuse(`--owner must be @user, @org/team or an e-mail address; got '${owner}'.`);
    const existing = files.first(codeownersFiles);
    const line = `* ${owner}`;
    if (existing === undefined) {
      files.create(
        files.has(".gitlab-ci.yml") ? ".gitlab/CODEOWNERS" : ".github/CODEOWNERS",
        `# Every change is reviewed by its owners; the last matching line wins.\n${line}\n`,
      );
      return;
    }
    // The last matching line decides: a catch-all first leaves every other line in force.
    files.edit(existing, (text) => {
      const lines = text.split("\n");
      const firstRule = lines.findIndex(
        (entry) => entry.trim() !== "" && !entry.trim().startsWith("#"),
      );
      const at = firstRule === -1 ? lines.length : firstRule;
      return [...lines.slice(0, at), line, ...lines.slice(at)].join("\n");
    });
  },
});
