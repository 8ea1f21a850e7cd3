#!/usr/bin/env node
import { statSync } from "node:fs";
import { enableCompileCache } from "node:module";
import { resolve } from "node:path";
import { startGitListing } from "@paved/conformance/listing";

// Cache compiled code of the CLI and its dependencies between runs (Node 22.1+): start-up is
// most of an audit's time on a small repository.
enableCompileCache();

const argv = process.argv.slice(2);

/** The directory `paved audit` will index, if this is an audit: its listing can start now. */
function auditedDirectory(): string | undefined {
  if (argv[0] !== "audit" || argv.includes("--help") || argv.includes("-h")) return undefined;
  const withValue = new Set(["--format", "--output", "--min-score", "--config", "--baseline"]);
  let dir: string | undefined;
  for (let i = 1; i < argv.length; i += 1) {
    const arg = argv[i] ?? "";
    if (withValue.has(arg)) i += 1;
    else if (!arg.startsWith("-")) dir ??= arg;
  }
  const root = resolve(process.cwd(), dir ?? ".");
  try {
    return statSync(root).isDirectory() ? root : undefined;
  } catch {
    return undefined;
  }
}

// git lists the files while Node loads the engine; the audit uses the listing if it is ready.
const root = auditedDirectory();
const listing = root === undefined ? undefined : startGitListing(root);
const { run } = await import("./cli.js");
const files = listing ? await listing : undefined;

try {
  const result = run(argv, {
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTerminal: process.stdout.isTTY,
    ...(root !== undefined && files !== undefined ? { prelisted: { root, files } } : {}),
  });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
} catch (error) {
  // A bug of paved, not of the user's input: one clear line, no stack trace.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `paved: unexpected error: ${message}\nThis is a bug in paved; please report it with the command you ran.\n`,
  );
  process.exitCode = 70;
}
