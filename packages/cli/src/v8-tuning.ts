/**
 * V8 tuned for a command that lives a tenth of a second. An audit of a 7,500-file checkout runs
 * some 75 ms of JavaScript, and V8's defaults are made for programs that run for minutes: they
 * compile each function only when it is first called (parsing it twice: a pre-parse at load, a
 * full parse then), and they start optimizing a function after 400 calls, on background threads
 * that take the second core from the main thread and from git. Measured whole-process in
 * docs/decisions/0011-v8-for-short-runs.md.
 */
import { setFlagsFromString } from "node:v8";

/**
 * V8 prints an error for a flag it does not know, on every run. These flags were checked on
 * V8 12.4 (Node.js 22), 13.6 (Node.js 24) and 14.1 (Node.js 25); on any other V8 nothing is
 * changed.
 */
export function tunable(v8Version = process.versions.v8): boolean {
  const major = Number.parseInt(v8Version, 10);
  return major >= 12 && major <= 14;
}

/**
 * The thresholds of V8's two optimizing tiers, 25 times those of V8 13.6 (Maglev after 400
 * calls, TurboFan after 3,000, on-stack replacement into either after 100 and 500): in a
 * short run the optimized code would arrive too late to pay for its compilation, while in a
 * long one (a 20,000-file workspace takes seconds) the hot functions are still optimized.
 * And Sparkplug, the baseline compiler, compiles its batches on the main thread (V8 12.4's
 * default; 13.6 sends them to a worker): a batch takes less time to compile than the worker
 * takes to get the second core from git.
 */
export const shortRunFlags = [
  "--invocation-count-for-maglev=10000",
  "--invocation-count-for-turbofan=75000",
  "--invocation-count-for-maglev-osr=2500",
  "--invocation-count-for-osr=12500",
  "--no-concurrent-sparkplug",
];

/**
 * Sets the short-run thresholds, where the V8 is one they were checked on. Call it before the
 * engine is loaded, and the same way in every command: the flags are part of the key of
 * Node.js's compile cache, and a cache written under other flags is thrown away.
 */
export function tuneForShortRun(v8Version = process.versions.v8): boolean {
  if (!tunable(v8Version)) return false;
  setFlagsFromString(shortRunFlags.join(" "));
  return true;
}

/**
 * Loads modules with every function compiled at once (`--no-lazy` while `load` runs), not at
 * its first call. Nearly all of the engine's code runs in an audit, so each function is
 * parsed once instead of pre-parsed and parsed again; and Node.js's compile cache, written
 * when a module is compiled, then holds the whole engine's bytecode, not only its top level.
 * Code loaded afterwards is compiled lazily again.
 */
export async function compiledEagerly<T>(
  load: () => Promise<T>,
  v8Version = process.versions.v8,
): Promise<T> {
  if (!tunable(v8Version)) return load();
  setFlagsFromString("--no-lazy");
  try {
    return await load();
  } finally {
    setFlagsFromString("--lazy");
  }
}
