import { workspace } from "@paved/facts";
import { defineRule, fail, pass, projectsOf } from "../define.js";

export default defineRule({
  meta: {
    id: "runtime/node-version-pinned",
    station: "runtime",
    description:
      "The Node version used to develop and build is pinned: .nvmrc, .node-version, .tool-versions, Volta or devEngines.",
    rationale:
      "Developers and CI on different Node versions see different behaviour; a pin makes the line reproducible.",
    remediation:
      "Add `.nvmrc` with the Node major you run (for example `24`) and point CI's setup-node at it (`node-version-file: .nvmrc`).",
    severity: "warning",
    scope: "repo",
  },
  reads: [workspace],
  judge(facts) {
    const index = facts.files;
    const projects = projectsOf(facts);
    const file = index.first([
      ".nvmrc",
      ".node-version",
      ".tool-versions",
      "mise.toml",
      ".mise.toml",
    ]);
    if (file) {
      const text = index.text(file);
      if (file === ".tool-versions" || file.includes("mise")) {
        if (text.ok && /^\s*(node|nodejs)\b/m.test(text.value))
          return pass(`${file} pins Node.`, { path: file });
      } else {
        return pass(`${file} pins Node.`, { path: file });
      }
    }
    const manifest = projects[0]?.manifest;
    const volta = manifest?.["volta"];
    if (volta !== null && typeof volta === "object" && "node" in volta)
      return pass("Volta pins Node (package.json).", { path: "package.json" });
    const devEngines = manifest?.["devEngines"];
    if (devEngines !== null && typeof devEngines === "object" && "runtime" in devEngines)
      return pass("devEngines.runtime pins Node (package.json).", { path: "package.json" });
    return fail("No Node version pin (.nvmrc, .node-version, .tool-versions, Volta, devEngines).");
  },
});
