export { helpText, run, type CliResult } from "./cli.js";
