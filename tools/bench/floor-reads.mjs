// The "floor plus config reads" of audit.mjs, in a fresh Node process: list the files with
// `git ls-files` (as the floor does), then read every file paved read in a traced run (the
// list file holds their relative paths). Prints how many files were listed and read.
//
//   node tools/bench/floor-reads.mjs DIR LIST-FILE
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const [dir = ".", listFile = ""] = process.argv.slice(2);
const listing = spawnSync("git", ["-C", dir, "ls-files", "-z"], {
  encoding: "buffer",
  maxBuffer: 512 * 1024 * 1024,
});
if (listing.status !== 0) throw new Error(`git ls-files failed in ${dir}`);
const listed = listing.stdout
  .toString("utf8")
  .split("\0")
  .filter((path) => path !== "").length;
const toRead = readFileSync(listFile, "utf8")
  .split("\n")
  .filter((path) => path !== "");
let bytes = 0;
for (const path of toRead) bytes += readFileSync(join(dir, path)).length;
console.log(JSON.stringify({ listed, read: toRead.length, bytes }));
