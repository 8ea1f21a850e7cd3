// Loads the bundled CLI; required by paved.cjs only once the Node.js version is known to be
// new enough, so that older versions never parse `import()` or the bundle.
"use strict";

import("./bundle/paved.mjs").catch((error) => {
  // An install that lost a file or a dependency: one line saying so, no stack trace.
  const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
  process.stderr.write(`paved: cannot start (${reason}); reinstall paved.\n`);
  process.exitCode = 70;
});
