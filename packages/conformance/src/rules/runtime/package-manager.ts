import { detectPackageManager } from "@paved/stations";
import { workspace } from "@paved/facts";
import { withoutManifest, defineRule, fail, notApplicable, pass, projectsOf } from "../define.js";

export default defineRule({
  meta: {
    id: "runtime/package-manager",
    station: "runtime",
    description:
      "The root package.json pins the package manager and its version in `packageManager` (or devEngines).",
    rationale:
      "Different package-manager versions resolve and lay out dependencies differently; the lockfile alone does not pin the tool.",
    remediation:
      'Add `"packageManager": "pnpm@10.34.8"` (your tool and exact version) to the root package.json.',
    severity: "warning",
    scope: "repo",
  },
  reads: [workspace],
  judge(facts) {
    const projects = projectsOf(facts);
    const root = projects[0];
    const manifest = root?.manifest;
    if (!root || !manifest)
      return root ? withoutManifest(root) : notApplicable("No root package.json.");
    const pinned = manifest.packageManager;
    if (typeof pinned === "string" && /^(npm|pnpm|yarn|bun)@\d+\.\d+\.\d+/.test(pinned))
      return pass(`packageManager is "${pinned}".`, { path: "package.json" });
    const devEngines = manifest["devEngines"];
    if (devEngines !== null && typeof devEngines === "object" && "packageManager" in devEngines)
      return pass("devEngines.packageManager pins the tool.", { path: "package.json" });
    // The tool the repository already uses (its lockfile; npm where there is none).
    const detected = detectPackageManager(manifest, (path) => facts.files.has(path));
    const tool = detected.manager.id;
    const seen = detected.lockfile === undefined ? "" : ` (${detected.lockfile})`;
    if (typeof pinned === "string")
      return fail(
        `packageManager "${pinned}" is not an exact version.`,
        { path: "package.json" },
        `Give packageManager the exact version you run: \`"packageManager": "${tool}@<x.y.z>"\` (\`${tool} --version\`).`,
      );
    return fail(
      "The root package.json does not pin the package manager.",
      { path: "package.json" },
      `Add \`"packageManager": "${tool}@<x.y.z>"\` to the root package.json: ${tool}${seen}, at the exact version \`${tool} --version\` prints.`,
    );
  },
});
