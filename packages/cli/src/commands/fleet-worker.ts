// The fleet audit's worker thread, as an entry of the CLI's bundle (scripts/bundle.mjs): the
// worker runs the bundled audit, the same code `paved audit` runs.
import "@paved/fleet/worker";
