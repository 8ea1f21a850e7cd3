#!/usr/bin/env node
import { enableCompileCache } from "node:module";

// Cache compiled code of the CLI and its dependencies between runs (Node 22.1+): start-up is
// most of an audit's time on a small repository.
enableCompileCache();
const { run } = await import("./cli.js");

try {
  const result = run(process.argv.slice(2));
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
