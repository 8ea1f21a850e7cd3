#!/usr/bin/env node
// The `paved` command's entry. It must parse and run on any Node.js, however old, to say which
// version Paved needs instead of dying with a stack trace: ES5 only (no let, const, arrows,
// template strings, classes or import syntax) and CommonJS. The bundle loads only after the check.
"use strict";
/* eslint-disable prefer-template -- ES5 has no template strings. */

// The same floor as "engines" in package.json (a test checks that they agree).
var NEEDED = [22, 12];

var parts = process.versions.node.split(".");
var major = Number(parts[0]);
var minor = Number(parts[1]);

// One line each: prettier would add trailing commas to a wrapped call, which ES5 lacks.
var message = "paved needs Node.js " + NEEDED.join(".") + " or newer; this is " + process.version;

if (major < NEEDED[0] || (major === NEEDED[0] && minor < NEEDED[1])) {
  process.stderr.write(message + "\n");
  process.exitCode = 2;
} else {
  require("./launch.cjs");
}
