// The repository's own pre-commit station, from its own preset.
export { default } from "@paved/lint-staged-config";
