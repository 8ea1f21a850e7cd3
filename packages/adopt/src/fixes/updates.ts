import { renderUpdates } from "@paved/ci";
import { isSeq } from "yaml";
import { applySplices, appendToSeq, pairOf, yamlDocument } from "../edit/yaml.js";
import { defineFixer, refuse } from "../fix.js";

export const bot = defineFixer({
  ruleId: "dependency-updates/bot",
  how: "Adds `renovate.json` as `paved ci` writes it (recommended presets, action digests pinned); a Dependabot config that lacks npm gets an npm entry instead, so the bot the repository chose stays.",
  fix({ files }) {
    const dependabot = files.first([".github/dependabot.yml", ".github/dependabot.yaml"]);
    if (dependabot === undefined) {
      for (const [path, content] of renderUpdates("renovate")) files.create(path, content);
      return;
    }
    files.edit(dependabot, (text) => {
      const updates = pairOf(yamlDocument(text, dependabot).contents, "updates")?.value;
      if (!isSeq(updates)) refuse(`${dependabot} has no list of updates to add npm to.`);
      return applySplices(text, [
        appendToSeq(text, updates, [
          ["package-ecosystem: npm", "directory: /", "schedule:", "  interval: weekly"],
        ]),
      ]);
    });
  },
});
