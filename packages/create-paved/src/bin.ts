#!/usr/bin/env node
import { createPaved } from "./index.js";

process.exitCode = createPaved(process.argv.slice(2));
