export {
  planNew,
  projectKinds,
  readSettings,
  templateKinds,
  type NewOptions,
  type Plan,
  type ProjectKind,
  type Settings,
  type TemplateKind,
} from "./plan.js";
export {
  renderTemplate,
  templateNames,
  templatePnpmVersion,
  templateVersions,
  type TemplateData,
} from "./render.js";
export { GeneratorError, checkName } from "./names.js";
export { question, questions, type Question } from "./questions.js";
export { diskTree, writePlan, type WriterFs } from "./write.js";
export type { SourceTree } from "./workspace.js";
