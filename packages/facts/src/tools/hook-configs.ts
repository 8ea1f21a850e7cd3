/** lefthook's config file names; the YAML ones are those the pre-commit rules can read. */
export const lefthookConfigs = [
  "lefthook.yml",
  "lefthook.yaml",
  ".lefthook.yml",
  ".lefthook.yaml",
  "lefthook.json",
  "lefthook.toml",
];
