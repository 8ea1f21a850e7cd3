import { defineFixer } from "../fix.js";
import { pushBranch } from "./workflow.js";

export const releaseTooling = defineFixer({
  ruleId: "release/tooling",
  how: "Sets up changesets as `changeset init` does (`.changeset/config.json`, its `baseBranch` the branch the workflows' push triggers name, else `main`, and its README) and adds `@changesets/cli` to the devDependencies (an install is needed).",
  fix({ files, needs, projects }) {
    const published = projects.some((project) => project.manifest?.private !== true);
    files.create(
      ".changeset/config.json",
      `${JSON.stringify(
        {
          $schema: "https://unpkg.com/@changesets/config@3.1.1/schema.json",
          changelog: "@changesets/cli/changelog",
          commit: false,
          fixed: [],
          linked: [],
          access: published ? "public" : "restricted",
          baseBranch: pushBranch(files.index) ?? "main",
          updateInternalDependencies: "patch",
          ignore: [],
        },
        null,
        2,
      )}\n`,
    );
    files.create(
      ".changeset/README.md",
      "# Changesets\n\nEvery user-visible change carries a changeset: run `npx changeset`, pick the packages and\nthe kind of bump, and describe the change for the changelog.\n",
    );
    needs(["@changesets/cli"]);
  },
});
