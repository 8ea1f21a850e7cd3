// Preloaded (`node --import`) into one paved run by audit.mjs: records which files under
// TRACE_ROOT the audit reads, and writes their paths (relative, one a line) to TRACE_OUT on
// exit. The "floor plus config reads" column then reads exactly these files.
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { relative } from "node:path";

const root = process.env["TRACE_ROOT"] ?? "";
const out = process.env["TRACE_OUT"] ?? "";
const read = new Set();
const record = (path) => {
  if (typeof path === "string" && path.startsWith(`${root}/`)) read.add(relative(root, path));
};
// paved reads a file either whole (readFileSync) or through a descriptor it opened (openSync).
const originalReadFileSync = fs.readFileSync;
fs.readFileSync = function readFileSync(path, ...rest) {
  record(path);
  return originalReadFileSync.call(this, path, ...rest);
};
const originalOpenSync = fs.openSync;
fs.openSync = function openSync(path, ...rest) {
  record(path);
  return originalOpenSync.call(this, path, ...rest);
};
syncBuiltinESMExports();
process.on("exit", () => {
  fs.writeFileSync(out, `${[...read].join("\n")}\n`);
});
