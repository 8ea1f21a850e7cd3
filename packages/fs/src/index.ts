export { isContained, splitContained } from "./paths.js";
export {
  asText,
  defaultMaxBytes,
  entryAt,
  insideReader,
  readBounded,
  readInside,
  readInsideBytes,
  realRoot,
  type Read,
} from "./read.js";
export {
  checkWritable,
  writeFiles,
  WriteError,
  type FileContent,
  type WriteFilesOptions,
  type WriterFs,
} from "./write.js";
export { writeOutput, type OutputOptions } from "./output.js";
export { withLock } from "./lock.js";
export { holdSignals } from "./signals.js";
