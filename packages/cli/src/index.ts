export { helpText, run, type CliResult, type Io } from "./cli.js";
